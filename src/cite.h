/*
 * cite.h - which lines of a transcript support a note: the alignment
 * engine behind thread cite (and closeout --cite).  No I/O.
 *
 * A transcript (canonical lines, "[HH:MM:SS] Speaker: text", line N is
 * utterance N) is indexed once; then each note - an item's or bullet's
 * text as the manager wrote it - is matched against it by its words:
 *
 *  - words are lowercased, stop words and fillers dropped, and reduced
 *    to their Snowball stems (stem.h), so "migrating" meets "migration";
 *  - each stem weighs its inverse document frequency over the
 *    transcript's utterances: a word said once counts far more than one
 *    said in every other line; numbers weigh more still;
 *  - @handle stands for the person's name (cite_name()), which matches
 *    the name said in a line and, weakly, the line's speaker; due: and
 *    escalate: dates match their weekday, day and month only weakly
 *    ("Friday", "the 24th");
 *  - a line may take its neighbours into a span of at most three lines
 *    when they add matching words (a question and its answer);
 *  - nothing is cited below a threshold, nor when two spans far apart
 *    score nearly the same (the note could be either).
 *
 * Scores are in 0..1: the weighted share of the note's words that the
 * span holds (words the transcript never uses count a quarter).
 */
#ifndef THREAD_CITE_H
#define THREAD_CITE_H

#include "model.h"
#include "stem.h"
#include "strbuf.h"
#include <stddef.h>

struct cite_index;

/* Index the canonical transcript text[0..len).  A line not in canonical
 * form is taken whole as text by an unknown speaker. */
struct cite_index *cite_index_new(struct stemmer *st, const char *text, size_t len);
void cite_index_free(struct cite_index *ix);
/* Number of lines (utterances) indexed. */
int cite_lines(const struct cite_index *ix);
/* Line n's text (after "Speaker: ") and speaker, n from 1; not
 * NUL-terminated. */
const char *cite_line_text(const struct cite_index *ix, int n, size_t *len);
const char *cite_line_speaker(const struct cite_index *ix, int n, size_t *len);

/* An @handle in a note means the person called `name` ("Dave Kowalski"). */
void cite_name(struct cite_index *ix, const char *handle, const char *name);

enum cite_verdict {
	CITE_OK,         /* cite first..last */
	CITE_WEAK,       /* the best span is below the threshold */
	CITE_AMBIGUOUS,  /* another span far away scores nearly the same */
	CITE_NONE,       /* the note shares no word with the transcript */
};

struct cite_match {
	enum cite_verdict verdict;
	int first, last;         /* the best span (0 when CITE_NONE) */
	int peak;                /* its best single line */
	double score;
	int other;               /* CITE_AMBIGUOUS: the rival span's peak */
	int also_first, also_last;   /* CITE_OK: a second span, the same said
				      * again in the recap (or before it); 0 */
};

/* The threshold and margin: a span is cited when its score is at least
 * CITE_THRESHOLD and the best far-away rival scores less than
 * CITE_MARGIN times it - or when the rival is the same said again in the
 * closing recap (or the recap's the best, the rival what it restates):
 * then both are cited. */
#define CITE_THRESHOLD 0.25
#define CITE_MARGIN    0.92

/* What a note is, as far as its place in the file says. */
enum cite_kind {
	CITE_ANY,                /* unknown */
	CITE_COMMITMENT,         /* a ledger item, a decision: said where taken on */
	CITE_STATEMENT,          /* a win, a blocker, feedback: said where told */
};

/* Match the note text[0..len) (Markdown source of an item: @handles,
 * due: dates, #tags and [t:] references are understood).  A commitment
 * (or a note of unknown kind) prefers the lines that bind someone ("I'll
 * ...", "let's ..."). */
void cite_find(struct cite_index *ix, const char *text, size_t len,
	       enum cite_kind kind, struct cite_match *m);

/* "ok", "weak", "ambiguous" or "none". */
const char *cite_verdict_name(enum cite_verdict v);


/* ---- a session of a person file ---- */


/* One item or bullet of a session that has no [t:] reference. */
struct cite_note {
	int line;                /* of its list marker */
	enum section_kind section;
	struct text text;        /* in the person's arena */
	int private;
	struct cite_match m;
};

/*
 * Give ix the names of the people a session's notes name: each
 * @handle's name as name_of(data, handle) says (NULL: none), and the
 * person's own, `handle` as `name`.
 */
void cite_names(struct cite_index *ix, const struct session *s,
		const char *handle, const char *name,
		const char *(*name_of)(void *data, const char *handle), void *data);

/*
 * Match every top-level item and bullet of session s (and every ledger
 * item nested under a blocker) that has no [t:] reference, in file order;
 * under a Private heading only when include_private.  Returns how many,
 * in *out (free it).
 */
size_t cite_session(struct cite_index *ix, const struct session *s,
		    int include_private, struct cite_note **out);

/* Append m's reference to sb: "[t:7]", "[t:7-8]", "[t:7-8, 40]", the
 * spans in line order. */
/* m's spans in transcript order: span[0..1] first..last, span[2..3] the
 * second span's (0 when there is none). */
void cite_spans(const struct cite_match *m, int span[4]);
void cite_ref(struct strbuf *sb, const struct cite_match *m);

/*
 * Add " " and m's reference (cite_ref()) at the end of line `line` of
 * the file in buf, before a trailing "(draft)" marker and trailing
 * blanks; nothing else changes.  0, or -1 when there is no such line.
 */
int cite_insert(struct strbuf *buf, int line, const struct cite_match *m);

/* Insert the references of the notes cited CITE_OK into the file in buf
 * (cite_insert()); returns how many. */
int cite_apply(struct strbuf *buf, const struct cite_note *v, size_t n);

#endif
