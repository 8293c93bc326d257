/*
 * staged.h - what a commit changes, for thread lint --staged (the
 * pre-commit hook): the paths whose staged content differs from HEAD's,
 * and what that means for the people of the repository.
 *
 * The hook judges the commit, not the repository: the person files it
 * adds or modifies, .thread.yaml when it changes, and the other person
 * files only for what the commit does to them (a person removed that
 * they still name, a transcript changed under their references).
 */
#ifndef THREAD_STAGED_H
#define THREAD_STAGED_H

#include "strbuf.h"
#include <stddef.h>

struct gitstore;
struct gitstore_index;

struct staged_path {
	char *path;              /* relative to the work tree */
	char *old_id;            /* its blob in HEAD, "" when new */
	int removed;             /* the commit deletes it */
};

struct staged {
	struct staged_path *v;   /* sorted by path */
	size_t nr, alloc;
	char **gone;             /* handles of person files removed, sorted */
	size_t ngone, gone_alloc;
	int config_changed;      /* .thread.yaml added, modified or removed */
	int others_changed;      /* a path outside people/ (a transcript?) */
};

/* Read the changes of the commit the index describes; 0, or -1 printed. */
int staged_read(struct staged *s, struct gitstore_index *ix);
void staged_release(struct staged *s);

/* The change to `path`, or NULL when the commit leaves it alone. */
const struct staged_path *staged_find(const struct staged *s, const char *path);
/* Does the commit add or modify `path` (is it in the commit)? */
int staged_has(const struct staged *s, const char *path);
/* Is `handle` a person whose file the commit removes? */
int staged_gone(const struct staged *s, const char *handle);
/* Content of `path` before the commit: 0 read, 1 absent from HEAD, 2 not
 * changed by the commit (read it from the index), -1 error (printed). */
int staged_read_old(const struct staged *s, struct gitstore *g,
		    const char *path, struct strbuf *out);
/*
 * Could the commit change the findings of the unchanged person file with
 * this (staged) text?  Yes when the settings changed, when it mentions a
 * removed handle as @handle, or names a changed file outside people/.
 * A cheap test on the bytes, so that a commit touching one file costs
 * about one file's lint; it may say yes too often, never too rarely.
 */
int staged_may_affect(const struct staged *s, const char *text, size_t len);

#endif
