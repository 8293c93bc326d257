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

/* Free the compiled patterns and this thread's match data (for leak
 * checkers), once no other thread matches any more.  Other threads'
 * match data goes when they end. */
void pattern_release(void);

#endif
