/*
 * draft.h - candidates for a session's notes, read from a transcript.
 *
 * The engine behind thread draft: it takes the canonical lines of one 1:1
 * ("[HH:MM:SS] Speaker: text", line N = utterance N, thread(5)
 * TRANSCRIPTS) and finds what a manager would write down: the tasks and
 * asks people committed to or were asked for, blockers, decisions, wins
 * and feedback.  Each candidate cites the line(s) that state it and the
 * cue words that made it one.  It is rules over how people speak in 1:1s
 * ("I'll", "can you", "waiting on", "let's go with"), not a model; no I/O,
 * so the scorer (tests/unit/test-draft-score.c) runs it on a labelled set.
 *
 * Who is the report: a speaker whose name is the person's name, first name
 * or handle.  Every other speaker is taken as the manager (it is a 1:1).
 */
#ifndef THREAD_DRAFT_H
#define THREAD_DRAFT_H

#include <stddef.h>

enum draft_kind {
	DRAFT_TASK,       /* the report's to do: a ledger task @handle */
	DRAFT_ASK,        /* routed to the manager (@me) or someone else */
	DRAFT_BLOCKER,
	DRAFT_DECISION,
	DRAFT_WIN,
	DRAFT_FEEDBACK,
	DRAFT__COUNT
};

/* Someone besides the two in the room who may own an ask. */
struct draft_known {
	const char *handle;
	const char *name;         /* or NULL */
};

struct draft_input {
	const char *text;         /* canonical transcript lines */
	size_t len;
	const char *handle;       /* the report */
	const char *name;         /* their name, or NULL */
	int date;                 /* the meeting, a day number (date.h) */
	int cadence_days;         /* the next 1:1 is date + this */
	int escalate_days;        /* working days from an ask's checkpoint */
	const struct draft_known *known;
	size_t nknown;
};

struct draft_candidate {
	enum draft_kind kind;
	char *text;               /* as a line of the notes would say it */
	char *owner;              /* a handle, "me", or NULL */
	int due, escalate;        /* day numbers; 0 when none */
	int due_said;             /* due comes from a time expression */
	long first, last;         /* the cited transcript lines */
	char *cue;                /* the words that made it a candidate */
	int parent;               /* index of the blocker it belongs under, or -1 */
	int skeleton;             /* a next step to fill in, not something said */
};

struct draft {
	struct draft_candidate *v;
	size_t nr, alloc;
	long nlines;              /* transcript lines read */
};

#define DRAFT_INIT { NULL, 0, 0, 0 }

/* Fill `out` with the candidates, in transcript order (a blocker's
 * nested step right after it).  Never fails: text it cannot read is
 * simply not a candidate. */
void draft_extract(const struct draft_input *in, struct draft *out);
void draft_release(struct draft *d);

/* "task", "ask", "blocker", "decision", "win", "feedback". */
const char *draft_kind_name(enum draft_kind k);

/* The marker every candidate line ends with until it is reviewed;
 * rule draft-unreviewed looks for it. */
#define DRAFT_MARKER "(draft)"

#endif
