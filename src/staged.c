#include "staged.h"
#include "config.h"
#include "gitstore.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PEOPLE "people/"

/* The handle of people/HANDLE.md, or NULL for any other path. */
static char *person_handle(const char *path)
{
	const char *name = path + strlen(PEOPLE);
	size_t len;

	if (strncmp(path, PEOPLE, strlen(PEOPLE)))
		return NULL;
	len = strlen(name);
	if (strchr(name, '/') || len < 4 || strcmp(name + len - 3, ".md") ||
	    name[0] == '.')
		return NULL;
	return xstrndup(name, len - 3);
}

static int add_change(void *data, const char *path, const char *old_id,
		      int removed)
{
	struct staged *s = data;
	struct staged_path *p;
	char *handle = person_handle(path);

	ALLOC_GROW(s->v, s->nr + 1, s->alloc);
	p = &s->v[s->nr++];
	p->path = xstrdup(path);
	p->old_id = xstrdup(old_id);
	p->removed = removed;
	if (!strcmp(path, CONFIG_FILE)) {
		s->config_changed = 1;
	} else if (handle && removed) {
		ALLOC_GROW(s->gone, s->ngone + 1, s->gone_alloc);
		s->gone[s->ngone++] = handle;
		handle = NULL;
	} else if (!handle && strncmp(path, PEOPLE, strlen(PEOPLE))) {
		s->others_changed = 1;
	}
	free(handle);
	return 0;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(((const struct staged_path *)a)->path,
		      ((const struct staged_path *)b)->path);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int staged_read(struct staged *s, struct gitstore_index *ix)
{
	memset(s, 0, sizeof(*s));
	if (gitstore_index_changes(ix, add_change, s))
		return -1;
	/* git's order already, but lookups must not depend on it */
	if (s->nr)
		qsort(s->v, s->nr, sizeof(*s->v), cmp_path);
	if (s->ngone)
		qsort(s->gone, s->ngone, sizeof(*s->gone), cmp_str);
	return 0;
}

void staged_release(struct staged *s)
{
	size_t i;
	for (i = 0; i < s->nr; i++) {
		free(s->v[i].path);
		free(s->v[i].old_id);
	}
	for (i = 0; i < s->ngone; i++)
		free(s->gone[i]);
	free(s->v);
	free(s->gone);
	memset(s, 0, sizeof(*s));
}

const struct staged_path *staged_find(const struct staged *s, const char *path)
{
	struct staged_path key = { (char *)path, NULL, 0 };
	if (!s->nr)
		return NULL;
	return bsearch(&key, s->v, s->nr, sizeof(*s->v), cmp_path);
}

int staged_has(const struct staged *s, const char *path)
{
	const struct staged_path *p = staged_find(s, path);
	return p && !p->removed;
}

int staged_gone(const struct staged *s, const char *handle)
{
	if (!s->ngone)
		return 0;
	return bsearch(&handle, s->gone, s->ngone, sizeof(*s->gone), cmp_str) != NULL;
}

int staged_read_old(const struct staged *s, struct gitstore *g,
		    const char *path, struct strbuf *out)
{
	const struct staged_path *p = staged_find(s, path);
	if (!p)
		return 2;
	if (!*p->old_id)
		return 1;
	return gitstore_read_blob(g, p->old_id, out) ? -1 : 0;
}

/* Does text hold "@handle", in any case (owners are matched lowercased)? */
static int mentions_handle(const char *text, size_t len, const char *handle)
{
	size_t n = strlen(handle);
	const char *p = text, *end = text + len;

	while ((p = memchr(p, '@', (size_t)(end - p)))) {
		p++;
		if ((size_t)(end - p) >= n && !strncasecmp(p, handle, n))
			return 1;
	}
	return 0;
}

/* Does text name the file at path (by its last component: a reference
 * may be written in more than one way)? */
static int names_file(const char *text, size_t len, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	return memmem(text, len, base, strlen(base)) != NULL;
}

int staged_may_affect(const struct staged *s, const char *text, size_t len)
{
	size_t i;

	if (s->config_changed)
		return 1;
	for (i = 0; i < s->ngone; i++)
		if (mentions_handle(text, len, s->gone[i]))
			return 1;
	if (!s->others_changed)
		return 0;
	for (i = 0; i < s->nr; i++)
		if (strncmp(s->v[i].path, PEOPLE, strlen(PEOPLE)) &&
		    strcmp(s->v[i].path, CONFIG_FILE) &&
		    names_file(text, len, s->v[i].path))
			return 1;
	return 0;
}
