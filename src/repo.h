/*
 * repo.h - a thread repository on disk: its root folder and its people.
 *
 * The root is the nearest folder, walking up, that holds .thread.yaml or
 * people/.  repo_open() lists every people/NAME.md once, sorted, so cross-file
 * rules can ask whether a handle has a person file without touching the
 * disk again.  A struct repo owns its strings; repo_release() frees them.
 */
#ifndef THREAD_REPO_H
#define THREAD_REPO_H

#include "strbuf.h"
#include <stddef.h>

struct person_file {
	char *name;              /* "alice.md" */
	char *path;              /* its path from the cwd, once someone asked */
	char *handle;            /* "alice" */
	int valid_handle;
	int symlink_outside;     /* resolves, through a link, outside the repository */
	int dangling;            /* a link to nothing */
};

struct repo_overlay;

struct repo {
	char *root;              /* as given or found: a path usable from the cwd */
	char *real_root;         /* canonical */
	struct person_file *files;
	size_t nfiles;
	/* Unsaved buffers that take the place of files (borrowed; NULL: none) */
	const struct repo_overlay *overlay;
};

/*
 * An overlay: files of the repository as an editor holds them, unsaved
 * (thread lsp), consulted before the disk by repo_has_person(),
 * repo_load(), config_load_overlay() and the team's reader, so that
 * cross-file rules see the buffers.  Paths are from the repository root
 * ("people/alice.md", ".thread.yaml").  An entry borrows its bytes: the
 * owner keeps them alive and unchanged while the overlay is in use.  A
 * person file only in the overlay counts for repo_has_person() but is not
 * in repo->files (it is not listed).
 */
struct repo_overlay_file {
	char *rel;               /* owned */
	const char *buf;         /* borrowed */
	size_t len;
};
struct repo_overlay {
	struct repo_overlay_file *v;
	size_t nr, alloc;
};
/* Add or replace the entry for rel. */
void repo_overlay_set(struct repo_overlay *o, const char *rel,
		      const char *buf, size_t len);
/* The entry for rel, or NULL; o may be NULL. */
const struct repo_overlay_file *repo_overlay_find(const struct repo_overlay *o,
						  const char *rel);
void repo_overlay_release(struct repo_overlay *o);
/*
 * Read the file at `rel` from the root of r: the overlay's bytes, else
 * the disk's, never through a symlink that leaves the repository.  As
 * lint_env.load (rules.h): 0 read, 1 absent, 3 not read (it leads outside,
 * or a dangling link: 1 for that), -1 error.
 */
int repo_load(const struct repo *r, const char *rel, struct strbuf *out);

/* Is `dir` a repository root? */
int repo_is_root(const char *dir);
/* Walk up from `start` to the root; returns 0 and sets *root (malloc'd,
 * a path usable from the cwd), or -1 when there is none. */
int repo_find_root(const char *start, char **root);
/* Open the repository at `root`; -1 with an error printed on failure. */
int repo_open(struct repo *r, const char *root);
void repo_release(struct repo *r);
/* Fill in f's link flags for the file at path: does it resolve to a file
 * inside the repository?  (For files named on the command line; those
 * listed from people/ are checked when listed.) */
void repo_check_link(const struct repo *r, const char *path,
		     struct person_file *f);
/* List the NAME.md files directly in `dir` into out->files (out->root and
 * out->real_root stay NULL); release with repo_release(). */
int repo_list_md(const char *dir, struct repo *out);
/*
 * Read people/HANDLE.md of the repository at root into out, and set *path
 * to its path (malloc'd).  An invalid handle or a missing file is refused
 * with an error that says what to do; returns 0 or -1.
 */
int repo_read_person(const char *root, const char *handle, int use,
		     struct strbuf *out, char **path);

/*
 * Nothing from outside.  A path from the repository root reaches its file
 * either directly, or through symlinks.  This is the one place that
 * decides: lint's symlink rule, every reader and writer of person files
 * and transcripts, and the committer ask here.
 */
enum repo_reach {
	REPO_DIRECT,         /* no symlink on the way (the file may not exist yet) */
	REPO_LINK_INSIDE,    /* through a symlink, to a file in the repository */
	REPO_OUTSIDE,        /* outside: through a symlink, "..", "/" or into .git */
	REPO_DANGLING,       /* a symlink on the way points at nothing */
};
/* Check each component of `rel` with lstat(), from `real_root` (canonical). */
enum repo_reach repo_reach(const char *real_root, const char *rel);

#define REPO_READ  0     /* a symlink that stays inside is read like its file */
#define REPO_WRITE 1     /* written or committed: no symlink at all */
/* May thread use the file at `rel` of the repository at `root`?  0 yes;
 * -1 with an error that names the path and says what to do. */
int repo_check_path(const char *root, const char *rel, int use);

/* An item named as FILE:LINE on the command line. */
struct repo_item {
	char *root;              /* the repository, as a path from the cwd */
	char *path;              /* FILE as typed */
	char *rel;               /* people/HANDLE.md */
	char *handle;
	int line;
};
/*
 * The one parser of FILE:LINE: LINE is 1 to INT_MAX in digits only, and
 * FILE is a person file (people/HANDLE.md) of the repository that holds
 * the current folder, reachable for `use`.  0, or -1 with an error.
 */
int repo_parse_item(const char *arg, int use, struct repo_item *out);
void repo_item_release(struct repo_item *it);

/* Is there a person file for this valid handle (or an overlay entry)? */
int repo_has_person(const struct repo *r, const char *handle);

#endif
