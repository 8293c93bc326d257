/*
 * pattern.h - the only user of PCRE2.  The handful of regular expressions
 * thread needs are compiled once (JIT when available) and matched with
 * explicit match and depth limits, so no input can make a match run long.
 * Safe to call from several threads at once.
 */
#ifndef THREAD_PATTERN_H
#define THREAD_PATTERN_H

#include <stddef.h>

/* Is s[0..len) a valid handle: ^[a-z0-9][a-z0-9._-]{0,63}$ */
int pattern_is_handle(const char *s, size_t len);

enum field_kind { FIELD_HANDLE, FIELD_DUE, FIELD_ESCALATE, FIELD_TAG };

struct field_match {
	enum field_kind kind;
	size_t start;            /* of the whole field ("@x", "due:...", "#x") */
	size_t vstart, vend;     /* of its value */
};

/*
 * Find the first inline field in s[from..len).  Returns 1 and fills *m,
 * 0 when there is none, -1 when the match failed (limits hit).
 */
int pattern_next_field(const char *s, size_t len, size_t from,
		       struct field_match *m);

/*
 * A pattern the user typed (thread search --regex): PCRE2 syntax, matched
 * caselessly in UTF mode (invalid UTF-8 in the text never matches
 * across), under the same match and depth limits.  Compile returns NULL
 * with an error printed that names where the pattern is wrong.
 */
struct user_pattern;
struct user_pattern *pattern_user_compile(const char *src);
/* 1 match, 0 none, -1 the limits were hit. */
int pattern_user_match(struct user_pattern *up, const char *s, size_t len);
void pattern_user_free(struct user_pattern *up);

/* Free the compiled patterns and this thread's match data (for leak
 * checkers), once no other thread matches any more.  Other threads'
 * match data goes when they end. */
void pattern_release(void);

#endif
