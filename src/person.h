/*
 * person.h - read one person file into the model (model.h).
 *
 * person_parse() never fails: whatever the bytes, it returns a person
 * (possibly with no sessions) and reports every problem it met as a
 * finding in `d` (front-matter, encoding, date); `d` may be NULL when the
 * caller only reads the thread.  The caller owns the
 * returned person and frees it with person_free(); `buf` may be freed as
 * soon as person_parse() returns.
 */
#ifndef THREAD_PERSON_H
#define THREAD_PERSON_H

#include "diag.h"
#include "model.h"

#define FRONT_MATTER_MAX (64 * 1024)

struct person *person_parse(const char *handle, const char *buf, size_t len,
			    struct diag_list *d);
/* Is file line `line` under a Private heading (thread(5) PRIVACY)? */
int person_private_at(const struct person *p, int line);
/*
 * Was this session held?  A session that holds nothing but its Review
 * list is one `thread new` started ahead of the meeting: it has not
 * happened yet, so it neither counts as the last 1:1 nor as a later
 * session when asking whether a rep happened.
 */
int session_held(const struct session *s);
void person_free(struct person *p);

/* The values front matter allows, NULL-terminated (also used as option
 * choices by thread add). */
extern const char *const person_types[];
extern const char *const person_lifecycles[];
extern const char *const person_consents[];
/* Days of a cadence ("weekly", "biweekly", "monthly", "10d"), or -1. */
int cadence_days(const char *v);

/* Line and column (1-based, bytes) of offset `off` in buf. */
struct pos pos_of_offset(const char *buf, size_t off);
/* Offset of the first byte that is not valid UTF-8, or len if none. */
size_t utf8_invalid_at(const char *buf, size_t len);

#endif
