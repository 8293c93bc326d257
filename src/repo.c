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
#include <strings.h>
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

enum repo_reach repo_reach(const char *real_root, const char *rel)
{
	struct strbuf path = STRBUF_INIT;
	enum repo_reach reach = REPO_DIRECT;
	size_t n = strlen(real_root);
	const char *p, *end;
	char real[PATH_MAX];
	struct stat st;

	if (*rel == '/')
		return REPO_OUTSIDE;
	strbuf_addstr(&path, real_root);
	for (p = rel; *p; p = *end ? end + 1 : end) {
		size_t len;

		end = strchrnul(p, '/');
		len = (size_t)(end - p);
		if (!len || (len == 1 && *p == '.'))
			continue;
		/* ".." climbs out; .git holds git's files, never ours */
		if ((len == 2 && !memcmp(p, "..", 2)) ||
		    (path.len == n && len == 4 && !strncasecmp(p, ".git", 4))) {
			reach = REPO_OUTSIDE;
			break;
		}
		strbuf_addch(&path, '/');
		strbuf_add(&path, p, len);
		if (lstat(path.buf, &st))
			break;           /* the rest does not exist (yet) */
		if (!S_ISLNK(st.st_mode))
			continue;
		if (!realpath(path.buf, real)) {
			reach = REPO_DANGLING;
			break;
		}
		if (strncmp(real, real_root, n) || (real[n] && real[n] != '/') ||
		    (real[n] == '/' && !strncasecmp(real + n + 1, ".git", 4) &&
		     (!real[n + 5] || real[n + 5] == '/'))) {
			reach = REPO_OUTSIDE;
			break;
		}
		reach = REPO_LINK_INSIDE;
	}
	strbuf_release(&path);
	return reach;
}

int repo_check_path(const char *root, const char *rel, int use)
{
	char real[PATH_MAX], *shown = path_join(root, rel);
	int rc = -1;

	if (!realpath(root, real)) {
		error("cannot open %s: %s", root, strerror(errno));
		goto done;
	}
	switch (repo_reach(real, rel)) {
	case REPO_DIRECT:
		rc = 0;
		break;
	case REPO_LINK_INSIDE:
		if (use == REPO_READ) {
			rc = 0;
			break;
		}
		error("%s is reached through a symlink; thread writes and commits only files that are in the repository themselves (replace the link with what it points to)",
		      shown);
		break;
	case REPO_OUTSIDE:
		error("%s leads outside the repository (through a symlink, '..' or .git); thread does not read, write or commit it (copy the file into the repository instead)",
		      shown);
		break;
	case REPO_DANGLING:
		error("%s is a symlink to a file that does not exist (remove it, or point it at a file in this repository)",
		      shown);
		break;
	}
done:
	free(shown);
	return rc;
}

/* The path from real_root of `path` (from the cwd), whose folder must
 * resolve inside the repository; -1 if it does not. */
static int real_dir_of(const char *path, char *real)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path))
			  : xstrdup(".");
	int rc = realpath(dir, real) ? 0 : -1;
	free(dir);
	return rc;
}

static int rel_from_cwd(const char *real_root, const char *path,
			struct strbuf *rel)
{
	const char *slash = strrchr(path, '/');
	char real[PATH_MAX];
	size_t n = strlen(real_root);

	if (real_dir_of(path, real) || strncmp(real, real_root, n) ||
	    (real[n] && real[n] != '/'))
		return -1;
	if (real[n])
		strbuf_addf(rel, "%s/", real + n + 1);
	strbuf_addstr(rel, slash ? slash + 1 : path);
	return 0;
}

/* Lint's symlink rule: the same verdict the writers give, for reading. */
static void set_reach(struct person_file *f, enum repo_reach reach)
{
	f->symlink_outside = reach == REPO_OUTSIDE;
	f->dangling = reach == REPO_DANGLING;
}

void repo_check_link(const struct repo *r, const char *path,
		     struct person_file *f)
{
	struct strbuf rel = STRBUF_INIT;

	if (!r->real_root)
		return;
	if (rel_from_cwd(r->real_root, path, &rel))
		f->symlink_outside = 1;
	else
		set_reach(f, repo_reach(r->real_root, rel.buf));
	strbuf_release(&rel);
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
		if (r->real_root) {
			strbuf_reset(&path);
			strbuf_addf(&path, "people/%s", e->d_name);
			set_reach(f, repo_reach(r->real_root, path.buf));
		}
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

void repo_overlay_set(struct repo_overlay *o, const char *rel,
		      const char *buf, size_t len)
{
	struct repo_overlay_file *f = (struct repo_overlay_file *)repo_overlay_find(o, rel);

	if (!f) {
		ALLOC_GROW(o->v, o->nr + 1, o->alloc);
		f = &o->v[o->nr++];
		f->rel = xstrdup(rel);
	}
	f->buf = buf;
	f->len = len;
}

const struct repo_overlay_file *repo_overlay_find(const struct repo_overlay *o,
						  const char *rel)
{
	size_t i;

	for (i = 0; o && i < o->nr; i++)
		if (!strcmp(o->v[i].rel, rel))
			return &o->v[i];
	return NULL;
}

void repo_overlay_release(struct repo_overlay *o)
{
	size_t i;

	for (i = 0; i < o->nr; i++)
		free(o->v[i].rel);
	free(o->v);
	memset(o, 0, sizeof(*o));
}

int repo_load(const struct repo *r, const char *rel, struct strbuf *out)
{
	const struct repo_overlay_file *f = repo_overlay_find(r->overlay, rel);
	enum repo_reach reach;
	char *full;
	int rc;

	if (f) {
		strbuf_add(out, f->buf, f->len);
		return 0;
	}
	reach = repo_reach(r->real_root, rel);
	if (reach == REPO_OUTSIDE)
		return 3;
	if (reach == REPO_DANGLING)
		return 1;
	full = path_join(r->root, rel);
	rc = strbuf_read_file(out, full, 0) ? 1 : 0;
	free(full);
	return rc;
}

int repo_has_person(const struct repo *r, const char *handle)
{
	size_t lo = 0, hi = r->nfiles;
	size_t n = strlen(handle);

	if (r->overlay) {
		struct strbuf rel = STRBUF_INIT;
		int yes;

		strbuf_addf(&rel, "people/%s.md", handle);
		yes = repo_overlay_find(r->overlay, rel.buf) != NULL;
		strbuf_release(&rel);
		if (yes)
			return 1;
	}

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

int repo_read_person(const char *root, const char *handle, int use,
		     struct strbuf *out, char **path)
{
	struct strbuf rel = STRBUF_INIT;

	if (!pattern_is_handle(handle, strlen(handle)))
		return error("'%s' is not a valid handle (lowercase letters, digits, '.', '_' or '-')",
			     handle);
	strbuf_addf(&rel, "people/%s.md", handle);
	*path = path_join(root, rel.buf);
	if (repo_check_path(root, rel.buf, use)) {
		strbuf_release(&rel);
		free(*path);
		*path = NULL;
		return -1;
	}
	strbuf_release(&rel);
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

static int parse_line(const char *s, int *line)
{
	long long n = 0;
	const char *p;

	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return error("'%s' is not a line number; name the item as FILE:LINE, such as people/alice.md:24",
				     s);
		n = n * 10 + (*p - '0');
		if (n > INT_MAX)
			return error("line %s is past the end of any person file; name the item as FILE:LINE, such as people/alice.md:24",
				     s);
	}
	if (p == s || !n)
		return error("'%s' is not a line number (lines start at 1); name the item as FILE:LINE, such as people/alice.md:24",
			     s);
	*line = (int)n;
	return 0;
}

int repo_parse_item(const char *arg, int use, struct repo_item *out)
{
	const char *colon = strrchr(arg, ':'), *base;
	char people[PATH_MAX], typed[PATH_MAX];
	struct strbuf rel = STRBUF_INIT;
	char *dir = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!colon || colon == arg)
		return error("name the item as FILE:LINE, such as people/alice.md:24");
	if (parse_line(colon + 1, &out->line))
		return -1;
	out->path = xstrndup(arg, (size_t)(colon - arg));
	if (repo_find_root(".", &out->root)) {
		error("not inside a thread repository; run thread init first");
		goto done;
	}
	base = strrchr(out->path, '/') ? strrchr(out->path, '/') + 1 : out->path;
	dir = path_join(out->root, "people");
	/* The folder as typed must be this repository's people/ (which
	 * repo_check_path then checks for links). */
	if (!realpath(dir, people) || real_dir_of(out->path, typed) ||
	    strcmp(people, typed) || strlen(base) < 4 || strcmp(base + strlen(base) - 3, ".md") ||
	    !pattern_is_handle(base, strlen(base) - 3)) {
		error("%s is not a person file of this repository (%s/HANDLE.md)",
		      out->path, dir);
		goto done;
	}
	strbuf_addf(&rel, "people/%s", base);
	out->rel = strbuf_detach(&rel, NULL);
	out->handle = xstrndup(base, strlen(base) - 3);
	rc = repo_check_path(out->root, out->rel, use);
done:
	free(dir);
	strbuf_release(&rel);
	if (rc)
		repo_item_release(out);
	return rc;
}

void repo_item_release(struct repo_item *it)
{
	free(it->root);
	free(it->path);
	free(it->rel);
	free(it->handle);
	memset(it, 0, sizeof(*it));
}
