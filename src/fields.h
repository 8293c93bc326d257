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

/*
 * Append the text of an item or bullet as a brief shows it: on one line,
 * without transcript references (they point into a transcript, not at
 * the reader) and, for a ledger item (`ledger`), without the fields shown
 * beside it: due:, escalate: and the owner (the last @handle).  #tags and
 * other @handles stay, as words of the sentence: "post in #search-eng with
 * what you tried" would not read without its channel; only the #tags
 * after the last word go, as labels, not words.
 */
void fields_brief(struct strbuf *out, const char *s, size_t len, int ledger);
/* fields_brief() of a ledger item's text: "Grant access for alice @dave
 * due:2026-11-24 [t:4]" gives "Grant access for alice". */
void fields_strip(const char *s, size_t len, struct strbuf *out);

#endif
