/*
 * repeat.h - blockers that keep coming back for one person.
 *
 * A blocker that shows up session after session is a pattern, not bad
 * luck, and the manager should hear about it before the next 1:1.
 * repeat_simple() is the first, plain engine: blockers that share a #tag.
 * Callers (thread prep) only read struct repeat, so a better engine
 * (issue 5, `thread repeat-blockers`) can replace this one without
 * touching them.
 */
#ifndef THREAD_REPEAT_H
#define THREAD_REPEAT_H

#include "model.h"
#include "strbuf.h"

#include <stddef.h>

/* One blocker that is part of a pattern, and the session it was raised in. */
struct repeat_hit {
	const struct session *session;
	const struct blocker *blocker;
};

/* A pattern: what the blockers share, and every blocker in it. */
struct repeat {
	char *label;                 /* as shown to the user, e.g. "#access" */
	int nsessions;               /* distinct sessions among the hits */
	struct repeat_hit *hits;     /* oldest first */
	size_t nhits, alloc;
};

struct repeat_list {
	struct repeat *v;            /* most sessions first */
	size_t n, alloc;
};

#define REPEAT_LIST_INIT { NULL, 0, 0 }

/*
 * The blockers of p's last `window` held sessions that share a #tag
 * (compared without regard to case) with a blocker of another of those
 * sessions, for tags seen in at least `min` sessions (never fewer than
 * two: one session alone repeats nothing).  Results point into p.
 */
void repeat_simple(const struct person *p, int window, int min,
		   struct repeat_list *out);
void repeat_list_release(struct repeat_list *l);

#endif
