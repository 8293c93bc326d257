/*
 * fields.h - inline fields of a ledger item (@handle, due:, escalate:,
 * #tag) and transcript references ([t:N-M,K]), read from raw source text
 * so that every field keeps its exact line and column.
 *
 * Results are allocated in the caller's arena.  Malformed and impossible
 * dates are reported here (rule `date`); references are only recorded,
 * and judged later against the transcript (rule `transcript-range`).
 */
#ifndef THREAD_FIELDS_H
#define THREAD_FIELDS_H

#include "diag.h"
#include "model.h"
#include "strbuf.h"

struct fields {
	const char *owner;
	struct pos owner_pos;
	struct handle_ref *mentions, **mentions_tail;
	struct datefield due, escalate;
	struct tag *tags, **tags_tail;
	struct tref *refs, **refs_tail;
};

void fields_init(struct fields *f);

/* Scan one line's worth of item text, s[0..len), which starts at the
 * file's line `line`, column `col`. */
void fields_scan(struct fields *f, struct arena *a, struct diag_list *d,
		 const char *s, size_t len, int line, int col);

/* Append the [t:...] references found in s[0..len) to the list ending at
 * *tail, advancing *tail. */
void tref_scan(struct arena *a, const char *s, size_t len, int line, int col,
	       struct tref ***tail);

/* Append s[0..len) to out without its inline fields and references, with
 * spaces tidied: "Grant access @dave due:2026-11-24 [t:4]" gives
 * "Grant access". */
void fields_strip(const char *s, size_t len, struct strbuf *out);

#endif
