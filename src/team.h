/*
 * team.h - the whole repository, for the commands that read across it
 * (prep, followup, open, digest, growth, done): its settings, its people,
 * and each person's parsed thread on demand.
 *
 * People are parsed one at a time (team_person), or a few at a time on
 * every core (team_reader), and freed by the caller with person_free(),
 * so a command that streams over the team keeps memory flat.  Parse findings are dropped: these commands read what is
 * there; thread lint is where problems are reported.  A file they cannot
 * read at all is the exception (person_read): it is reported, so that no
 * one silently vanishes from a listing.
 */
#ifndef THREAD_TEAM_H
#define THREAD_TEAM_H

#include "atomic.h"
#include "config.h"
#include "model.h"
#include "person.h"
#include "repo.h"

struct team {
	char *root;
	struct config config;
	struct repo repo;
	int today;
};

/* Find the repository from the current folder, read its settings and
 * list its people.  today_arg is --today (or NULL).  0, or -1 printed. */
int team_open(struct team *t, const char *today_arg);
/* The same for the repository at `root`, its files read through the
 * overlay `o` (repo.h; borrowed, may be NULL) and `today` a day number
 * (thread lsp).  0, or -1 printed. */
int team_open_at(struct team *t, const char *root, const struct repo_overlay *o,
		 int today);
void team_close(struct team *t);

/* The i-th person (people/ order), parsed; *path is set to its file's
 * path as shown to the user (owned by the team until team_close).  NULL
 * (printed) when it cannot be read. */
struct person *team_person(struct team *t, size_t i, const char **path);
/* After team_person(t, i) gave NULL: did the file fail to read (printed,
 * so the command must not exit 0), rather than have a name or link that
 * only lint reports? */
static inline int team_failed(const struct team *t, size_t i)
{
	const struct person_file *f = &t->repo.files[i];
	return f->valid_handle && !f->symlink_outside && !f->dangling;
}
/*
 * Every person of the team in people/ order, read and parsed on all the
 * cores (parallel.h; THREAD_JOBS sets how many) a few files ahead of
 * the caller, so that memory stays flat:
 *
 *	if (team_read_start(&r, t))
 *		return -1;
 *	while (team_read_next(&r, &p, &path, &i)) {
 *		if (!p) { if (team_failed(t, i)) rc = -1; continue; }
 *		...
 *		person_free(p);
 *	}
 *	team_read_finish(&r);
 *
 * What is printed (a file that cannot be read) and what is handed over
 * is the same as team_person() for i = 0, 1, ..., whatever the threads.
 */
struct parallel;
struct team_reader {
	struct team *team;
	struct parallel *par;
	size_t next;
};
/* 0, or -1 printed (THREAD_JOBS is not a number). */
int team_read_start(struct team_reader *r, struct team *t);
/* 1 and the next person (NULL as from team_person), or 0 at the end. */
int team_read_next(struct team_reader *r, struct person **p, const char **path,
		   size_t *i);
void team_read_finish(struct team_reader *r);

/* The person with this handle; NULL (printed, with advice) if none. */
struct person *team_find(struct team *t, const char *handle, const char **path);

/*
 * Parse a person file for a command that reads it.  A file whose notes
 * cannot be read at all (a NUL byte, a too-complex paragraph) gives NULL,
 * its finding printed on stderr as PATH:LINE:COL: error: ... [rule]: the
 * caller must fail, never carry on as if the person had no notes.
 */
struct person *person_read(const char *path, const char *handle,
			   const char *buf, size_t len);

/*
 * For a command that rewrites people/HANDLE.md (done, new, closeout):
 * lock it against the others and read it (lock_read), with the advice of
 * repo_read_person() when there is no such file.  *path is set as there;
 * release l with lock_release() in any case.  0, or -1 printed.
 */
int team_lock_person(const char *root, const char *handle, struct file_lock *l,
		     struct strbuf *out, char **path);

/* Should an item, bullet or blocker be shown?  What is under a Private
 * heading (its `private` flag, thread(5) PRIVACY) never leaves the file
 * unless the user asked for it. */
static inline int team_shows(int private, int include_private)
{
	return !private || include_private;
}


/*
 * Did the rep `it` of session `s` happen?  Yes when checked off.  No only
 * once a later 1:1 was held (`last_held`, the newest held session) and
 * its checkpoint, if it has one, is past: a rep due today, or due after
 * a meeting that came sooner, has not yet been missed.
 */
enum rep_state { REP_YES, REP_NO, REP_NOT_YET, REP__COUNT };
enum rep_state rep_state(const struct item *it, const struct session *s,
			 const struct session *last_held, int today);
/* "yes", "no", "not yet recorded". */
const char *rep_state_name(enum rep_state r);

/* The manager's own handle, for @me: the config's `me`, else "me". */
const char *team_me(const struct team *t);

/*
 * Naming an item by HANDLE TEXT (thread done, history, provenance): the
 * ledger items of p whose text, inline fields removed (fields_strip()),
 * holds `needle`, ignoring case.  TEAM_MATCH_OPEN: open items only;
 * TEAM_MATCH_PRIVATE: also items under a Private heading, which are
 * otherwise neither counted nor listed.  Returns how many match; *it and
 * *s are set to the last of them (the one, when one matches).
 */
#define TEAM_MATCH_OPEN    1
#define TEAM_MATCH_PRIVATE 2
int team_match_items(const struct person *p, const char *needle, unsigned flags,
		     const struct item **it, const struct session **s);
/* When more than one matched: list them on stderr, one a line, as the
 * command that names each, "    thread CMD PATH:LINE    # KIND TEXT". */
void team_list_matches(const struct person *p, const char *needle, unsigned flags,
		       const char *cmd, const char *path);

#endif
