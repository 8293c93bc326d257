/*
 * gitstore.h - the only user of libgit2: the thread repository seen as a
 * git repository.  Opens and creates repositories, commits exactly the
 * files it is given, reads the index and history.
 *
 * Every function returns 0 on success (or a documented positive value)
 * and -1 after printing one error() that names what failed and carries
 * libgit2's own message.  A struct gitstore owns its libgit2 objects;
 * gitstore_free() releases them.  Paths are relative to the work tree,
 * with '/' separators.
 */
#ifndef THREAD_GITSTORE_H
#define THREAD_GITSTORE_H

#include "strbuf.h"
#include <stddef.h>

struct gitstore;

/* Open the repository that holds `path` (searching upwards). */
int gitstore_open(struct gitstore **out, const char *path);
/* Like gitstore_open, but finding none is no error: 0 found, 1 none. */
int gitstore_find(struct gitstore **out, const char *path);
/* The identity a first commit would use before any repository exists:
 * GIT_AUTHOR_* or the user's global git configuration. */
int gitstore_identity_default(struct strbuf *out);
/* Open the repository holding `dir`, or create one in `dir`; *created
 * tells which. */
int gitstore_init(struct gitstore **out, const char *dir, int *created);
void gitstore_free(struct gitstore *g);

/* The work tree and the .git folder, absolute, each ending in '/'. */
const char *gitstore_workdir(const struct gitstore *g);
const char *gitstore_gitdir(const struct gitstore *g);
/* Where hooks live: core.hooksPath if set, else .git/hooks (no '/' at end). */
int gitstore_hooks_dir(struct gitstore *g, struct strbuf *out);

/* Refuse (-1, with the reason and what to do) during a merge, rebase,
 * cherry-pick, revert or bisect, or while .git/index.lock is held. */
int gitstore_ready_to_commit(struct gitstore *g);

/* The git identity that will author a commit, as "Name <email>". */
int gitstore_identity(struct gitstore *g, struct strbuf *out);

/* When the author acts: GIT_AUTHOR_DATE in the forms commits take
 * ("@1700000000 +0100", "2026-11-20T17:00:00Z", "2026-11-20 17:00:00
 * +0100"), else now; `offset` is minutes east of UTC. */
void gitstore_author_time(long long *when, int *offset);

/* The blob id git gives to `len` bytes of `data` (40 hex digits + NUL). */
int gitstore_blob_id(const void *data, size_t len, char hex[41]);

struct gitstore_file {
	const char *path;        /* relative to the work tree */
	const void *data;        /* the content to commit */
	size_t len;
};

/*
 * Commit exactly these files, with the given content, on top of HEAD (or
 * as the first commit): the new tree is HEAD's tree with these entries
 * replaced, so nothing else staged or changed is swept in.  Then the index
 * entries of these paths (only) are updated to match the work tree.  The
 * author and committer follow GIT_AUTHOR_* / GIT_COMMITTER_* like git,
 * else user.name and user.email.  `id` receives the commit id.
 * Returns 0; -1 when no commit was made; 1 when the commit was made (and
 * HEAD moved) but the index could not be updated, which was printed.
 */
int gitstore_commit_files(struct gitstore *g, const struct gitstore_file *files,
			  size_t n, const char *message, char id[41]);

/* Is `path` unchanged between HEAD and the work tree content `data`?
 * 1 yes, 0 no (or not in HEAD), -1 error. */
int gitstore_same_as_head(struct gitstore *g, const char *path,
			  const void *data, size_t len);

/* ---- the index, for thread lint --staged ---- */

struct gitstore_index;
/* The index named by $GIT_INDEX_FILE (relative to the current folder)
 * when set, as git sets it for hooks, else the repository's. */
int gitstore_index_open(struct gitstore *g, struct gitstore_index **out);
void gitstore_index_free(struct gitstore_index *ix);
/* Staged content of `path`: 0 read, 1 not in the index, -1 error. */
int gitstore_index_read(struct gitstore_index *ix, const char *path,
			struct strbuf *out);
/* Call fn for each stage-0 path starting with `prefix`, in index order
 * (sorted); `mode` is the git file mode.  Stops early if fn returns
 * non-zero and returns that value. */
int gitstore_index_each(struct gitstore_index *ix, const char *prefix,
			int (*fn)(void *data, const char *path, unsigned mode),
			void *data);

/* Call fn for each path whose staged entry differs from HEAD's (added,
 * modified, type changed or deleted; a rename is a deletion and an
 * addition), with the blob id it had in HEAD ("" when new) and whether
 * the commit removes it.  Before the first commit every entry is new.
 * Stops early if fn returns non-zero and returns that value. */
int gitstore_index_changes(struct gitstore_index *ix,
			   int (*fn)(void *data, const char *path,
				     const char *old_id, int removed),
			   void *data);

/* ---- history ---- */

struct gitstore_commit {
	const char *id;          /* 40 hex digits */
	const char *message;
	long long time;          /* committer time, seconds since the epoch */
	int offset;              /* its time zone, minutes east of UTC */
	int merge;               /* it has more than one parent */
};

/* Is this a shallow clone?  The walks below then read the history it
 * holds, and say so once on stderr. */
int gitstore_is_shallow(struct gitstore *g);

/* Walk the commits reachable from HEAD, newest first; fn may stop the
 * walk by returning non-zero, which is returned.  An unborn HEAD walks
 * nothing. */
int gitstore_walk(struct gitstore *g,
		  int (*fn)(void *data, const struct gitstore_commit *c),
		  void *data);
/* The same, from commit `tip`, leaving out what `hide` (a commit, or
 * NULL) reaches.  Not for a shallow clone. */
int gitstore_walk_range(struct gitstore *g, const char *tip, const char *hide,
			int (*fn)(void *data, const struct gitstore_commit *c),
			void *data);
/*
 * Walk the first-parent history from its first commit to HEAD, calling fn
 * for each commit with the paths under the `prefix` folder (say "people/")
 * that changed against its parent (added, modified or deleted) and, for
 * each, its new blob id ("" when deleted); n is 0 for a commit that left
 * the folder alone, which costs one tree lookup.  fn may stop the walk by
 * returning non-zero, which is returned.
 */
int gitstore_walk_changes(struct gitstore *g, const char *prefix,
			  int (*fn)(void *data, const struct gitstore_commit *c,
				    const char *const *paths,
				    const char *const *blobs, size_t n),
			  void *data);

/*
 * The same, for the commits after `after` (40 hex digits) only, with their
 * changes against it: 0, or 1 without calling fn when `after` is not on
 * HEAD's first-parent line (history was rewritten), or -1.
 */
int gitstore_walk_changes_after(struct gitstore *g, const char *prefix,
				const char *after,
				int (*fn)(void *data, const struct gitstore_commit *c,
					  const char *const *paths,
					  const char *const *blobs, size_t n),
				void *data);
/*
 * The history of one file, as gitstore_walk_changes would report it with
 * only that path: the first-parent line oldest first, fn called for every
 * commit, with n 1 (paths[0] is `path`, blobs[0] its new id or "" when
 * deleted) when the commit changed the file, else 0.  Only the trees on
 * the way to the file are read, and only where they changed, each scanned
 * for the one name: the other files cost what reading their folder's tree
 * costs, as for git log -- FILE.  Like git, these walks (and
 * gitstore_walk_changes) do not hash again the objects they read.
 */
int gitstore_walk_file(struct gitstore *g, const char *path,
		       int (*fn)(void *data, const struct gitstore_commit *c,
				 const char *const *paths,
				 const char *const *blobs, size_t n),
		       void *data);

/* The content of `path` in commit `id`: 0, 1 when absent, -1 error. */
int gitstore_read_at(struct gitstore *g, const char *id, const char *path,
		     struct strbuf *out);
/* The content of blob `id` (hex, possibly abbreviated): 0, 1 absent, -1. */
int gitstore_read_blob(struct gitstore *g, const char *id, struct strbuf *out);
/* Call fn(key, value) for each trailer of a commit message. */
int gitstore_trailers(const char *message,
		      int (*fn)(void *data, const char *key, const char *value),
		      void *data);

#endif
