/*
 * history.h - the life of every ledger item, read from git history.
 *
 * Every closeout is a commit, so the repository knows when each item was
 * opened, re-dated, handed over, edited and checked off.  history_load()
 * walks the first-parent history once, oldest first, looking only at
 * commits that change people/ and only at the files they change.  Each
 * changed file is parsed and its items matched to the previous version's:
 *
 *   1. within the same session (its date), an item with the same
 *      normalised text (inline fields removed, case and spacing folded)
 *      is the same item, so moving lines or editing dates keeps it;
 *   2. the rest are paired by the similarity of their words (similar.h),
 *      most alike first, at least HISTORY_LIKENESS, so an edited text
 *      keeps it too;
 *   3. what is left is new (added) or gone (deleted).
 *
 * With only_path, only that file's history is read (gitstore_walk_file):
 * the cost does not grow with the number of other people.  A full load
 * keeps the state it ends in, keyed by the commit it read up to, in
 * .git/thread/history.cache, and the next full load reads only the
 * commits after that one (history.c, "the cache"); the result is the
 * same as a load from the first commit.
 *
 * The result owns all its strings; history_release() frees them.  Those
 * read from the cache share one block (arena), freed with it.
 */
#ifndef THREAD_HISTORY_H
#define THREAD_HISTORY_H

#include "loop.h"
#include "model.h"

#include <stddef.h>

#define HISTORY_LIKENESS 0.5

struct gitstore;

enum hist_kind {
	EV_ADDED, EV_CLOSED, EV_REOPENED, EV_REDATED, EV_OWNER, EV_EDITED, EV_DELETED
};

struct hist_commit {
	char id[41];
	long long time;          /* committer time */
	int day;                 /* its date (in its own time zone) as a day number */
	char *subject;
	int closeout;            /* subject "closeout: HANDLE DATE" */
	char *person;            /* Thread-Person trailer, else the first person
				  * file it changed (people/HANDLE.md) */
	int npeople;             /* person files it changed */
	int session;             /* Thread-Session trailer as a day, or -1 */
	int transcript;          /* has a Transcript trailer */
	int added, closed, redated;   /* events of this commit */
};

struct hist_event {
	enum hist_kind kind;
	int item;                /* index into items */
	int commit;              /* index into commits */
	int old_due, new_due;    /* EV_REDATED (-1: none) */
	char *old_text;          /* EV_OWNER: the old owner; EV_EDITED: the old text */
	char *new_text;
};

struct hist_item {
	char *path;              /* people/HANDLE.md */
	char *handle;
	int session;             /* the session's date */
	enum item_kind kind;
	char *text;              /* as it reads now (or last) */
	char *owner;
	int done, due, escalate; /* due and escalate: -1 when none */
	int line;                /* its line in the last version seen */
	int added, closed, deleted;   /* commit indexes, -1 when none */
	int nslips;              /* times its checkpoint moved later */
	int first_due;
	int private;              /* under a Private heading in any version */
};

struct history {
	struct hist_commit *commits;  /* oldest first */
	size_t ncommits, commits_alloc;
	struct hist_item *items;
	size_t nitems, items_alloc;
	struct hist_event *events;    /* in commit order */
	size_t nevents, events_alloc;
	/* A full load: the closeouts of every commit HEAD reaches, side
	 * branches too (loop.h), kept in the cache with the rest. */
	struct loop reviews;
	/* The strings read from the cache, one after another: a string in
	 * it is never freed alone (history.c, str_free). */
	char *arena;
	size_t arena_len;
};

struct history_opts {
	const char *only_path;   /* only this file (people/HANDLE.md), or NULL */
	int progress;            /* show progress on stderr */
};

/* The text items are paired by (step 1): inline fields and references
 * removed, spacing and case folded.  Replaces out's content. */
struct strbuf;
void history_normalise(const char *s, size_t len, struct strbuf *out);

/* 0, or -1 with an error printed. */
int history_load(struct gitstore *g, const struct history_opts *o,
		 struct history *h);
void history_release(struct history *h);

const char *hist_kind_name(enum hist_kind k);

#endif
