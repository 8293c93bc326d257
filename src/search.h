/*
 * search.h - the engine of thread search: what a query means and how well
 * a piece of text answers it.  Nothing here prints but the errors of a
 * query that cannot be read; cmd/search.c chooses the documents (items,
 * bullets, paragraphs, transcript lines) and shows the results.
 *
 * Words are compared by their English Snowball stem (stem.h), after case
 * and accents are folded (search_fold()): "Escalating" finds "escalation",
 * "resume" finds "résumé".  A query is words (all required), "quoted
 * phrases" (the words in that order, next to each other), and -words that
 * must not appear; or, instead, a PCRE2 pattern (pattern.h).
 *
 * Relevance is BM25 (k1 1.2, b 0.75) over the documents search_match()
 * has seen: each call counts the document into the collection's
 * statistics, matched or not, so score only after every document was seen.
 */
#ifndef THREAD_SEARCH_H
#define THREAD_SEARCH_H

#include "strbuf.h"
#include <stddef.h>

struct stemmer;
struct user_pattern;

struct search_term {
	char *stem;
	size_t len;
	size_t prefix;           /* bytes of stem every word having it holds */
	size_t df;               /* documents seen holding it */
};

struct search_query {
	struct search_term *terms;    /* required, distinct */
	size_t nterms, terms_alloc;
	struct search_term *not;      /* excluded */
	size_t nnot, not_alloc;
	size_t **phrases;             /* each: n, then n indexes into terms */
	size_t nphrases, phrases_alloc;
	struct user_pattern *re;
	struct stemmer *stemmer;
	/* the collection seen so far */
	size_t ndocs;
	double total_len;
	/* of the last document search_match() was given */
	unsigned *tf;
	size_t dl;
	/* scratch */
	struct strbuf fold;
	int *seq;
	size_t seq_alloc;
};

/*
 * Read a query: `text` as words, phrases and -words, or, when `regex` is
 * set, `text` as a PCRE2 pattern.  Empty text matches every document.
 * 0, or -1 with an error printed.
 */
int search_query_init(struct search_query *q, const char *text, int regex);
void search_query_release(struct search_query *q);

/*
 * Append s[0..len) to out in lower case, with the letters of Latin-1
 * Supplement and Latin Extended-A folded to their ASCII base letters
 * (é -> e, ß -> ss, Œ -> oe).  Other bytes are copied.
 */
void search_fold(const char *s, size_t len, struct strbuf *out);

/*
 * Could a document of this file match?  `folded` is the whole file
 * through search_fold().  Never wrong when it says no, so a file it
 * rules out need not be parsed at all.
 */
int search_may_match(const struct search_query *q, const char *folded, size_t len);

/*
 * A person file with only the sessions that may match kept (when
 * `notes`), or that name one of the n transcripts `cites` (so that the
 * items citing a matching transcript line are read): the others' lines
 * are emptied (their line endings stay, so every line keeps its number,
 * and a kept line its bytes).  A session is everything from a
 * level-1 or level-2 heading to the next, and what is private ends with
 * it, so the parser reads the kept ones as in the whole file.  0 with
 * `out` filled; 1 when the file must be read whole: a pattern query, or
 * a code fence, an HTML block, a setext heading or an indented heading,
 * any of which could make a line split here differently from the parser.
 */
int search_reduce(const struct search_query *q, int notes, const char *buf,
		  size_t len, const char *const *cites, size_t n, struct strbuf *out);

/* Does s[0..len) answer the query?  1 yes (q->tf and q->dl describe it),
 * 0 no, -1 a pattern hit its limits.  Counts the document either way. */
int search_match(struct search_query *q, const char *s, size_t len);

/* The BM25 score of a matched document, from its tf and dl. */
double search_score(const struct search_query *q, const unsigned *tf, size_t dl);

#endif
