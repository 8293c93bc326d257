/*
 * loop.h - where each 1:1 stands in the loop: held, reviewed (closed
 * out), followed up, and when the next one is due.
 *
 * A session is reviewed once its closeout commit exists: thread closeout
 * writes "closeout: HANDLE DATE" with Thread-Person and Thread-Session
 * trailers, so one walk over the commit messages (no trees, no diffs)
 * finds every review.  A session records only its date, not the hour of
 * the meeting, so "closed out within 24 hours" means by the end of the
 * day after the meeting (LOOP_REVIEW_DAYS).  status and stats both read
 * this; followup --send and --mark-sent write the "Follow-up: sent" line
 * that says the follow-up went out.
 */
#ifndef THREAD_LOOP_H
#define THREAD_LOOP_H

#include "model.h"
#include "strbuf.h"

#include <stddef.h>

/* Closed out by the end of the day after the meeting. */
#define LOOP_REVIEW_DAYS 1

struct loop_review {
	char *person;            /* Thread-Person */
	int session;             /* Thread-Session, a day number */
	long long time;          /* the first closeout's committer time */
	int day;                 /* its date, in its own time zone */
};

struct loop {
	struct loop_review *v;   /* sorted by person, then session */
	size_t n, alloc;
	int git;                 /* the repository is under git */
};

/* Read every closeout of the repository at root, in one walk.  No git
 * repository is no error: nothing is reviewed.  0, or -1 printed. */
int loop_load(struct loop *l, const char *root);
void loop_release(struct loop *l);
/* For a reader with its own walk (history.c keeps them in its cache):
 * add the review the commit is, if it is a closeout; then sort them. */
struct gitstore_commit;
void loop_note(struct loop *l, const struct gitstore_commit *c);
void loop_sort(struct loop *l);
/* The review of HANDLE's session of day `session`, or NULL. */
const struct loop_review *loop_review(const struct loop *l, const char *handle,
				      int session);
/* Was it reviewed within 24 hours (see above)? */
static inline int loop_review_on_time(const struct loop_review *r)
{
	return r->day - r->session <= LOOP_REVIEW_DAYS;
}

/* The newest held session (session_held()) dated no later than today,
 * or NULL. */
const struct session *loop_last_held(const struct person *p, int today);
/* The day the next 1:1 is due: the last held one plus the cadence, or
 * -1 when none was held. */
int loop_next_due(const struct person *p, int today);

/*
 * Write into `out` the person file `buf` with the session at heading
 * line `heading` saying "Follow-up: sent DATE HH:MM to ADDRESS": an
 * existing Follow-up: line of its metadata block is replaced, else the
 * line goes after the block's last Transcript: or Type: line (right
 * under the heading when there is none).  Nothing else changes; the new
 * line ends as the heading's does.
 */
void loop_mark_sent(struct strbuf *out, const char *buf, size_t len, int heading,
		    int day, int minute, const char *address);

#endif
