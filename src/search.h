/*
 * search.h - the engine of thread search: what a query means, how well a
 * piece of text answers it, and which documents of the team answer it.
 * cmd/search.c reads the options and prints what search_run() found.
 *
 * The documents are the ledger items, blockers, bullets and paragraphs of
 * every session in people/, and the lines of every transcript under
 * transcripts/HANDLE/.  There is no index: each file's bytes are scanned
 * for the query's words (search_may_match_raw) and a file that cannot hold
 * them is ruled out before it is folded or parsed; of the rest only the
 * sessions that may match are parsed (search_reduce).  The files are read
 * on every core (parallel.h) and their results taken in people/ order, so
 * the output does not depend on the threads.  With --history the git
 * history is read too (history.h): items as they read before an edit, and
 * deleted ones.
 *
 * What is under a Private heading is searched only with --include-private:
 * it neither matches nor shows up as an item citing a transcript line.
 *
 * Words are compared by their English Snowball stem (stem.h), after case
 * and accents are folded (search_fold()): "Escalating" finds "escalation",
 * "resume" finds "résumé".  A query is words (all required), "quoted
 * phrases" (the words in that order, next to each other), and -words that
 * must not appear; or, instead, a PCRE2 pattern (pattern.h).
 *
 * Relevance is BM25 (k1 1.2, b 0.75).  The collection's size (ndocs,
 * total_len) is counted from the raw bytes of every file searched, in the
 * same pass as the prefilter, whether or not the file is parsed: a line
 * neither blank nor a heading is a document, a run of letters and digits a
 * word (and with --history each old text is one more document).  A
 * term's df is the documents search_match() was given that hold it,
 * which are all the searched documents that do: the prefilter keeps
 * exactly the files and sessions with a word of each stem.  So a score
 * does not depend on what the prefilter let through.  Score only after
 * every file was read.
 */
#ifndef THREAD_SEARCH_H
#define THREAD_SEARCH_H

#include "strbuf.h"
#include <stddef.h>

struct stemmer;
struct user_pattern;
struct team;

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
	struct strbuf fold, word;
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
 * Could a document of the file s[0..len) match: does it hold, for each
 * stem of the query, a word with that stem (folded and stemmed as
 * search_match() does)?  Exact, so a file or session it rules out need not
 * be parsed, and one it keeps holds the words.  It reads the file's own
 * bytes, and folds and stems only a word that starts where the stem's
 * first letters are.
 */
int search_may_match_raw(struct search_query *q, const char *s, size_t len);

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
int search_reduce(struct search_query *q, int notes, const char *buf,
		  size_t len, const char *const *cites, size_t n, struct strbuf *out);

/* Does s[0..len) answer the query?  1 yes (q->tf and q->dl describe it),
 * 0 no, -1 a pattern hit its limits.  Counts the document either way. */
int search_match(struct search_query *q, const char *s, size_t len);

/* The BM25 score of a matched document, from its tf and dl. */
double search_score(const struct search_query *q, const unsigned *tf, size_t dl);

/* ---- the whole search ---- */

/* What to look in; all zero (and since, until -1) is everything shared. */
struct search_opts {
	const char *person, *section, *kind, *owner, *tag, *lifecycle, *speaker;
	int since, until;        /* days, or -1 */
	int open, done, notes, transcripts, history, private, verbose;
};

/* A place shown under a result: an item citing a transcript line, or a
 * transcript line an item cites. */
struct search_ref {
	char *file;
	int line;
	char *text;
};

struct search_hit {
	size_t person;           /* index into people */
	char *file;
	int line;
	int date;                /* the session's, or -1 */
	const char *section;     /* static */
	const char *kind;        /* static, or NULL */
	char *text;              /* one line */
	double score;
	unsigned *tf;
	size_t dl;
	int private;
	char commit[41];         /* --history: the commit that changed it */
	const char *change;      /* "edited", "deleted", or NULL */
	struct search_ref *refs;
	size_t nrefs, refs_alloc;
	int refs_cite;           /* refs are lines it cites (not items citing it) */
};

struct search_who {
	char *handle, *name;
	char *lifecycle;         /* now */
	double best;             /* the best score of their hits */
};

struct search {
	struct team *t;
	const struct search_opts *o;
	const char *text;        /* the query */
	int regex;
	struct search_query q;
	struct search_hit *hits;      /* ranked */
	size_t nhits, hits_alloc;
	struct search_who *people;
	size_t npeople, people_alloc;
	int failed;              /* a file could not be read (printed) */
	struct search_pool *pool;     /* queries for the threads */
};

/*
 * Answer the query `text` (words, or a PCRE2 pattern when `regex`) over
 * the team `t` as `o` narrows it: s->hits ranked best person first, then
 * each person's best hit first.  0, or -1 with an error printed; a file
 * that could not be read is printed and sets s->failed.  Release s with
 * search_release() in any case.
 */
int search_run(struct search *s, struct team *t, const struct search_opts *o,
	       const char *text, int regex);
void search_release(struct search *s);

#endif
