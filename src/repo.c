#include "repo.h"
#include "pattern.h"
#include "strbuf.h"
#include "util.h"

#include <dirent.h>
#include <stdio.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int is_dir(const char *path)
{
	struct stat st;
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

int repo_is_root(const char *dir)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	int yes;

	strbuf_addf(&sb, "%s/.thread.yaml", dir);
	yes = !stat(sb.buf, &st);
	if (!yes) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/people", dir);
		yes = is_dir(sb.buf);
	}
	strbuf_release(&sb);
	return yes;
}

/*
 * The parent of a path, kept readable for messages: "people" becomes ".",
 * "a/b" becomes "a", "." becomes "..", and ".." becomes "../..".
 */
static void go_up(struct strbuf *up)
{
	char *slash = strrchr(up->buf, '/');
	const char *last = slash ? slash + 1 : up->buf;

	if (!strcmp(up->buf, ".")) {
		strbuf_reset(up);
		strbuf_addstr(up, "..");
	} else if (!strcmp(last, "..") || !*last || slash == up->buf) {
		strbuf_addstr(up, "/..");   /* "..", "/" or "/x": climb */
	} else if (!slash) {
		strbuf_reset(up);
		strbuf_addch(up, '.');
	} else {
		strbuf_setlen(up, (size_t)(slash - up->buf));
	}
}

int repo_find_root(const char *start, char **root)
{
	struct strbuf up = STRBUF_INIT;
	char real[PATH_MAX], prev[PATH_MAX] = "";
	int rc = -1;

	strbuf_addstr(&up, start);
	while (realpath(up.buf, real) && strcmp(real, prev)) {
		if (repo_is_root(up.buf)) {
			*root = strbuf_detach(&up, NULL);
			return 0;
		}
		strcpy(prev, real);
		go_up(&up);
	}
	strbuf_release(&up);
	return rc;
}

static int cmp_file(const void *a, const void *b)
{
	const struct person_file *x = a, *y = b;
	return strcmp(x->name, y->name);
}

static void inspect_link(const struct repo *r, const char *path,
			 struct person_file *f)
{
	char real[PATH_MAX];
	size_t n;

	if (!r->real_root)
		return;
	n = strlen(r->real_root);

	if (!realpath(path, real)) {
		f->dangling = 1;
		return;
	}
	if (strncmp(real, r->real_root, n) || real[n] != '/')
		f->symlink_outside = 1;
}

void repo_check_link(const struct repo *r, const char *path,
		     struct person_file *f)
{
	inspect_link(r, path, f);
}

/* Every NAME.md file (or link) directly in `dirname`, sorted by name. */
static int list_md(struct repo *r, const char *dirname, int missing_ok)
{
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT;
	size_t alloc = 0;
	struct dirent *e;
	DIR *d;

	strbuf_addstr(&dir, dirname);
	d = opendir(dir.buf);
	if (!d) {
		int missing = errno == ENOENT && missing_ok;
		strbuf_release(&dir);
		return missing ? 0 : error("cannot open %s: %s", dirname,
					   strerror(errno));
	}
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		struct person_file *f;
		struct stat st;

		if (e->d_name[0] == '.' || len < 4 || strcmp(e->d_name + len - 3, ".md"))
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir.buf, e->d_name);
		if (lstat(path.buf, &st) || (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)))
			continue;
		ALLOC_GROW(r->files, r->nfiles + 1, alloc);
		f = &r->files[r->nfiles++];
		memset(f, 0, sizeof(*f));
		f->name = xstrdup(e->d_name);
		f->handle = xstrndup(e->d_name, len - 3);
		f->valid_handle = pattern_is_handle(f->handle, len - 3);
		/* Every file, not only links: people/ itself may be a link. */
		inspect_link(r, path.buf, f);
	}
	closedir(d);
	strbuf_release(&dir);
	strbuf_release(&path);
	if (r->nfiles > 1)
		qsort(r->files, r->nfiles, sizeof(*r->files), cmp_file);
	return 0;
}

int repo_open(struct repo *r, const char *root)
{
	struct strbuf people = STRBUF_INIT;
	char real[PATH_MAX];
	int rc;

	memset(r, 0, sizeof(*r));
	if (!realpath(root, real))
		return error("cannot open %s: %s", root, strerror(errno));
	r->root = xstrdup(root);
	r->real_root = xstrdup(real);
	strbuf_addf(&people, "%s/people", root);
	rc = list_md(r, people.buf, 1);
	strbuf_release(&people);
	if (rc)
		repo_release(r);
	return rc;
}

int repo_list_md(const char *dir, struct repo *out)
{
	memset(out, 0, sizeof(*out));
	if (list_md(out, dir, 0)) {
		repo_release(out);
		return -1;
	}
	return 0;
}

void repo_release(struct repo *r)
{
	size_t i;
	for (i = 0; i < r->nfiles; i++) {
		free(r->files[i].name);
		free(r->files[i].handle);
		free(r->files[i].path);
	}
	free(r->files);
	free(r->root);
	free(r->real_root);
	memset(r, 0, sizeof(*r));
}

int repo_has_person(const struct repo *r, const char *handle)
{
	size_t lo = 0, hi = r->nfiles;
	size_t n = strlen(handle);

	/* files are sorted by name, and name = handle ".md" */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct person_file *f = &r->files[mid];
		int c = strncmp(f->name, handle, n);
		if (!c)
			c = strcmp(f->name + n, ".md");
		if (!c)
			return f->valid_handle && !f->symlink_outside && !f->dangling;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int repo_read_person(const char *root, const char *handle, struct strbuf *out,
		     char **path)
{
	char *people;

	if (!pattern_is_handle(handle, strlen(handle)))
		return error("'%s' is not a valid handle (lowercase letters, digits, '.', '_' or '-')",
			     handle);
	people = path_join(root, "people");
	*path = xmalloc(strlen(people) + strlen(handle) + 5);
	sprintf(*path, "%s/%s.md", people, handle);
	free(people);
	if (strbuf_read_file(out, *path, 16 * 1024 * 1024) == 0)
		return 0;
	if (errno == ENOENT)
		error("there is no %s; add the person first: thread add %s --name 'Full Name'",
		      *path, handle);
	else
		error("cannot read %s: %s", *path, strerror(errno));
	free(*path);
	*path = NULL;
	return -1;
}
