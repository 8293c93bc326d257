/*
 * names.h - people as a message meant for someone else names them.
 *
 * The notes say @dave; a follow-up sent to a report says "Dave Kowalski",
 * "I" or "you".  A handle's name is the name: of people/HANDLE.md, else
 * the name .thread.yaml gives it under people:, else the handle without
 * its '@'.  Names are looked up once per handle and kept until
 * names_release().
 */
#ifndef THREAD_NAMES_H
#define THREAD_NAMES_H

#include "strbuf.h"
#include "team.h"

struct names {
	struct team *team;
	const char *report;      /* the handle the message is written to */
	char **said;             /* the name: of each person file, once read */
	char *looked;            /* ... or found to have none */
};

void names_init(struct names *n, struct team *t, const char *report);
void names_release(struct names *n);

/* Is `handle` the manager: "me", or the me: of .thread.yaml? */
int names_is_me(const struct names *n, const char *handle);

/* The name of `handle`: owned by n or the config, or `handle` itself.
 * A lookup costs a pass over the people, not over all handles seen, so
 * an item with thousands of @handles stays fast. */
const char *names_of(struct names *n, const char *handle);

/*
 * Append s[0..len) with every @handle in it said as a name: the
 * manager's as "I" at the start of a sentence and "me" elsewhere, the
 * report's as "You" or "you", "@me's" and "@report's" as "my" and
 * "your", anyone else's as names_of() says.
 */
void names_say(struct names *n, const char *s, size_t len, struct strbuf *out);

#endif
