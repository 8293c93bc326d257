/*
 * repeat.h - blockers that keep coming back.
 *
 * A blocker raised session after session is a system problem: it needs
 * routing and an escalation checkpoint, not another pep talk.  The engine
 * takes people one at a time (repeat_add_person copies what it needs, so
 * the caller may free each person at once), groups their recent blockers
 * that say the same thing (similar.h: the same #tag, or alike in words),
 * within each person's thread or across the team, and returns each
 * pattern with its sessions, streak and what the ledger did about it.
 *
 * The ledger is evidence too (thread-repeat-blockers(1), LEDGER
 * EVIDENCE): two blockers of one person whose nested asks are the same
 * ask (carried forward, re-dated), or go to the same @owner in alike
 * words within two sessions of each other, are one blocker recurring,
 * however differently the blockers are worded.  And the ledger tells the
 * story of each pattern: when it was first routed as an ask with an
 * escalation checkpoint, and whether it came back after that.  That
 * story reads the person's whole thread, before the window too: the
 * window says which patterns are shown, not how far back routing is.
 *
 * A struct repeat_list owns everything in it; repeat_list_release() frees
 * it.
 */
#ifndef THREAD_REPEAT_H
#define THREAD_REPEAT_H

#include "model.h"

#include <stddef.h>

struct repeat_opts {
	int window;              /* the last N held sessions of each person; 0: all */
	int min;                 /* sessions a pattern needs (never below 2) */
	int has_since;           /* leave out sessions before `since` */
	int since;               /* day number */
	double threshold;        /* similarity, 0..1 (repeat.threshold) */
	int across_people;       /* one pattern may span people */
	int include_private;     /* also blockers under a Private heading */
};

struct repeat_hit {
	char *handle, *path;     /* the person, and the file as shown */
	int line;                /* of the blocker */
	int date;                /* of its session */
	int seq;                 /* the session's place among the person's held ones */
	char *text;              /* the blocker's text */
	char *tags;              /* its #tags, space-separated, or "" */
	char *who;               /* the last @handle it names, or NULL */
	/* the ask nested under it, if any */
	int ask_line, ask_escalate;   /* line 0: none; escalate -1: none */
	char *ask_owner;
	char *ask_text;          /* identity_normalise()d, or NULL */
	int ask_done;
	int person;              /* which person, in the order they were added */
	int in_window;           /* else read only for the routing story */
};

/* What routing did to a pattern (the seed's rule: route it with an
 * escalation checkpoint, then watch the next 2-3 meetings). */
enum repeat_verdict {
	REPEAT_NEVER_ROUTED,     /* no ask with an owner and escalate: */
	REPEAT_TOO_EARLY,        /* fewer than 2 sessions since routing */
	REPEAT_STOPPED,          /* no recurrence since routing, or none in
				  * the last 2 sessions or more */
	REPEAT_RECURRED          /* back since routing, and lately: routing
				  * did not fix it */
};

struct repeat {
	const char *label;       /* the representative wording (one hit's text) */
	int nsessions;           /* distinct (person, session) pairs */
	int npeople;
	int streak;              /* the longest run of one person's consecutive sessions */
	int consecutive;         /* every hit of the streak's person is in that run */
	int first, last;         /* dates */
	int routed;              /* the latest hit has an ask with an escalation checkpoint */
	struct repeat_hit *hits; /* oldest first */
	size_t nhits;
	int open_now;            /* a hit is in its person's latest held session */
	/* the routing story: the first hit, window or not, whose ask has an
	 * owner and an escalation checkpoint (NULL: never routed) */
	const struct repeat_hit *route;
	int since_routing;       /* the router's held sessions after it */
	int recurred;            /* sessions after it with the pattern again */
	int quiet;               /* sessions since the pattern's latest */
	enum repeat_verdict verdict;
	/* across people, what they wait on: a shared @handle (or NULL) and
	 * the words they share (or NULL); owned by the list */
	char *dep_handle, *dep_words;
};

struct repeat_list {
	struct repeat *v;        /* the longest streaks first, then the most sessions */
	size_t n;
	struct repeat_hit *store;    /* every hit, owned (the window's first) */
	size_t nstore;
};

#define REPEAT_LIST_INIT { NULL, 0, NULL, 0 }

struct repeat_engine;

struct repeat_engine *repeat_new(const struct repeat_opts *o);
/* Copy the blockers of p's window; `path` is its file as shown. */
void repeat_add_person(struct repeat_engine *e, const struct person *p,
		       const char *path);
/* Group and report; the engine can be freed afterwards. */
void repeat_find(struct repeat_engine *e, struct repeat_list *out);
void repeat_free(struct repeat_engine *e);
void repeat_list_release(struct repeat_list *l);

/* How many blockers the engine holds (for progress and benchmarks). */
size_t repeat_count(const struct repeat_engine *e);

/* "never routed", "too early", "stopped", "recurred" (the JSON words). */
const char *repeat_verdict_name(enum repeat_verdict v);

#endif
