#include "cite.h"
#include "date.h"
#include "lines.h"
#include "util.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Words that say nothing about what a note is about: function words,
 * pronouns, and the fillers and hedges of speech ("yeah", "gonna",
 * "basically").  Matched on the lowercased word, apostrophes removed,
 * before stemming.
 */
static const char *const stop_words[] = {
	"a", "about", "above", "after", "again", "against", "ah", "all", "also",
	"am", "an", "and", "any", "anyway", "are", "around", "as", "at", "basically",
	"be", "because", "been", "before", "being", "below", "between", "both",
	"but", "by", "can", "cant", "could", "couldnt", "did", "didnt", "do",
	"does", "doesnt", "doing", "dont", "down", "during", "each", "eh", "either",
	"else", "etc", "even", "ever", "every", "few", "for", "from", "further",
	"get", "gets", "getting", "go", "goes", "going", "gonna", "got", "gotta",
	"had", "has", "hasnt", "have", "havent", "having", "he", "hed", "her",
	"here", "hers", "herself", "hes", "hey", "hi", "him", "himself", "his",
	"hm", "hmm", "how", "i", "id", "if", "ill", "im", "in", "into", "is",
	"isnt", "it", "itll", "its", "itself", "ive", "just", "kind", "kinda",
	"know", "let", "lets", "like", "maybe", "me", "mean", "might", "mine",
	"more", "most", "much", "must", "my", "myself", "no", "nor", "not", "now",
	"of", "oh", "ok", "okay", "on", "once", "one", "only", "or",
	"other", "our", "ours", "ourselves", "out", "over", "probably",
	"quite", "rather", "really", "right", "same", "say", "said", "see", "shall",
	"she", "shed", "shes", "should", "shouldnt", "so", "some", "something",
	"sort", "still", "such", "sure", "than", "thank", "thanks", "that",
	"thatd", "thats", "the", "their", "theirs", "them", "themselves", "then",
	"there", "theres", "these", "they", "theyd", "theyll", "theyre", "theyve",
	"thing", "things", "think", "this", "those", "though", "through", "to",
	"too", "totally", "uh", "um", "umm", "under", "until", "up", "us", "very",
	"want", "was", "wasnt", "way", "we", "wed", "well", "were", "werent",
	"weve", "what", "whats", "when", "where", "whether", "which", "while",
	"who", "whom", "whos", "why", "will", "with", "wont", "would", "wouldnt",
	"yeah", "yep", "yes", "yet", "you", "youd", "youll", "your", "youre",
	"yours", "yourself", "youve", "yup",
};

/* How much a kind of token weighs, times its idf. */
#define W_WORD   1.0
#define W_NUMBER 1.5
#define W_DATE   0.3     /* due:/escalate: as "friday", "24th", "november" */
#define W_SPEAKER 0.5    /* an @handle whose person speaks the line (no idf) */
#define W_ABSENT 0.5     /* a note word the transcript never uses */
#define W_COMMIT 0.15    /* a span that commits to something ranks higher */

/* BM25's length normalisation, mild: long monologues match more words by
 * chance, but the line that says it is often a long one. */
#define K1 1.2
#define B  0.25

#define SPAN_MAX 3
#define FAR      2       /* a rival this many lines or more from the span */

struct line {
	int *terms;              /* distinct term ids of the text */
	int nterms, ntokens;
	int *speaker;            /* distinct term ids of the speaker's name */
	int nspeaker;
	const char *text, *who;
	size_t text_len, who_len;
	unsigned request:1;      /* asks for something: "can you ...?" */
	unsigned accept:1;       /* takes it on: "sure", "okay, I'll ..." */
	unsigned commit:1;       /* binds someone: "I'll ...", "let's ...", "we decided" */
};

struct alias {
	char *handle;
	int *terms;              /* the name's words */
	int nterms;
	int given;               /* the first of them, as a note says it */
};

struct cite_index {
	struct stemmer *st;
	/* the vocabulary: open addressing, strings owned */
	char **word;
	int *df;
	int nwords;
	size_t word_alloc, df_alloc;
	int *slot;               /* -1 empty, else a word id */
	size_t nslots;
	/* stop words, likewise */
	const char **stop;
	size_t nstop_slots;
	struct line *lines;
	int nlines;
	int wrapup;              /* the first line of the closing recap, or nlines */
	double avg_tokens;
	struct alias *aliases;
	size_t naliases, aliases_alloc;
	/* per query scratch, one entry per word */
	double *qw;
	int *mark;
};

/* ---- hashing ---- */

static uint32_t hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	while (len--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void stop_init(struct cite_index *ix)
{
	size_t i, n = ARRAY_SIZE(stop_words);

	ix->nstop_slots = 1024;
	ix->stop = xcalloc(ix->nstop_slots, sizeof(*ix->stop));
	for (i = 0; i < n; i++) {
		size_t h = hash(stop_words[i], strlen(stop_words[i])) & (ix->nstop_slots - 1);
		while (ix->stop[h])
			h = (h + 1) & (ix->nstop_slots - 1);
		ix->stop[h] = stop_words[i];
	}
}

static int is_stop(const struct cite_index *ix, const char *w, size_t len)
{
	size_t h = hash(w, len) & (ix->nstop_slots - 1);
	for (; ix->stop[h]; h = (h + 1) & (ix->nstop_slots - 1))
		if (strlen(ix->stop[h]) == len && !memcmp(ix->stop[h], w, len))
			return 1;
	return 0;
}

static void rehash(struct cite_index *ix)
{
	size_t i, n = ix->nslots ? ix->nslots * 2 : 1024;
	free(ix->slot);
	ix->slot = xmalloc(n * sizeof(*ix->slot));
	for (i = 0; i < n; i++)
		ix->slot[i] = -1;
	ix->nslots = n;
	for (i = 0; i < (size_t)ix->nwords; i++) {
		size_t h = hash(ix->word[i], strlen(ix->word[i])) & (n - 1);
		while (ix->slot[h] >= 0)
			h = (h + 1) & (n - 1);
		ix->slot[h] = (int)i;
	}
}

/* The id of the term w[0..len); a new one when `add`, else -1 if none. */
static int term_id(struct cite_index *ix, const char *w, size_t len, int add)
{
	size_t h;

	if (!ix->nslots)
		rehash(ix);
	for (h = hash(w, len) & (ix->nslots - 1); ix->slot[h] >= 0;
	     h = (h + 1) & (ix->nslots - 1)) {
		const char *s = ix->word[ix->slot[h]];
		if (!strncmp(s, w, len) && !s[len])
			return ix->slot[h];
	}
	if (!add)
		return -1;
	ALLOC_GROW(ix->word, (size_t)ix->nwords + 1, ix->word_alloc);
	ALLOC_GROW(ix->df, (size_t)ix->nwords + 1, ix->df_alloc);
	ix->word[ix->nwords] = xstrndup(w, len);
	ix->df[ix->nwords] = 0;
	ix->slot[h] = ix->nwords++;
	if ((size_t)ix->nwords * 2 >= ix->nslots)
		rehash(ix);
	return ix->nwords - 1;
}

/* ---- words ---- */

enum tok { TOK_WORD, TOK_NUMBER };

typedef void (*term_fn)(struct cite_index *ix, int id, enum tok kind, void *data);

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Bytes of the word character at s, 0 for a separator, -N for N bytes of
 * an apostrophe (skipped inside a word: "don't" is "dont"). */
static int word_char(const char *s, const char *end)
{
	unsigned char c = (unsigned char)*s;

	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c))
		return 1;
	if (c == '\'')
		return -1;
	if (c == 0xe2 && end - s >= 3 && (unsigned char)s[1] == 0x80)
		return (unsigned char)s[2] == 0x99 ? -3 : 0;   /* ’, or other punctuation */
	if (c == 0xc2 && end - s >= 2 && (unsigned char)s[1] < 0xc0)
		return 0;                                       /* nbsp, «, », ... */
	if (c >= 0x80)
		return 1;
	return 0;
}

/* Notes are written short: "Thu", "Dec 6".  The day or month in full, as
 * it is said, or NULL. */
static const char *abbreviation(const char *w, size_t len)
{
	static const char *const abbr[][2] = {
		{ "mon", "monday" }, { "tue", "tuesday" }, { "tues", "tuesday" },
		{ "wed", "wednesday" }, { "thu", "thursday" }, { "thur", "thursday" },
		{ "thurs", "thursday" }, { "fri", "friday" }, { "jan", "january" },
		{ "feb", "february" }, { "apr", "april" }, { "jun", "june" },
		{ "jul", "july" }, { "aug", "august" }, { "sep", "september" },
		{ "sept", "september" }, { "oct", "october" }, { "nov", "november" },
		{ "dec", "december" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(abbr); i++)
		if (strlen(abbr[i][0]) == len && !memcmp(abbr[i][0], w, len))
			return abbr[i][1];
	return NULL;
}

/* Turn the raw word w[0..len) (lowercased) into a term and pass it on. */
static void emit(struct cite_index *ix, const char *w, size_t len, term_fn fn,
		 void *data)
{
	size_t i = 0, n;
	const char *stem, *full;
	int id;

	while (i < len && is_digit(w[i]))
		i++;
	/* "24th", "40m", "120ms": the number, without its ordinal or unit */
	if (i && len - i <= 2) {
		size_t z = 0;
		while (z + 1 < i && w[z] == '0')
			z++;
		if ((id = term_id(ix, w + z, i - z, 1)) >= 0)
			fn(ix, id, TOK_NUMBER, data);
		return;
	}
	if (len < 2 || is_stop(ix, w, len))
		return;
	if ((full = abbreviation(w, len))) {
		w = full;
		len = strlen(full);
	}
	stem = stem_word(ix->st, w, len, &n);
	if ((id = term_id(ix, stem, n, 1)) >= 0)
		fn(ix, id, TOK_WORD, data);
}

/* Every term of s[0..len), in order; new ones join the vocabulary (a
 * note's word the transcript never says has a df of 0). */
static void words(struct cite_index *ix, const char *s, size_t len,
		  term_fn fn, void *data)
{
	const char *p = s, *end = s + len;
	char w[64];
	size_t n = 0;

	while (p <= end) {
		int k = p < end ? word_char(p, end) : 0;
		if (k > 0) {
			for (; k; k--, p++)
				if (n < sizeof(w))
					w[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
			continue;
		}
		if (k < 0 && n) {
			p += -k;
			continue;
		}
		if (n) {
			emit(ix, w, n, fn, data);
			n = 0;
		}
		p += k < 0 ? -k : 1;
	}
}

/* ---- the transcript ---- */

struct ids {
	int *v;
	int n;
	size_t alloc;
	int ntokens;
};

static void add_id(struct cite_index *ix, int id, enum tok kind, void *data)
{
	struct ids *c = data;
	(void)ix;
	(void)kind;
	ALLOC_GROW(c->v, (size_t)c->n + 1, c->alloc);
	c->v[c->n++] = id;
	c->ntokens++;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return x < y ? -1 : x > y;
}

/* The distinct terms of s[0..len), sorted; *ntokens counts them all. */
static int *distinct_terms(struct cite_index *ix, const char *s, size_t len,
			   int *n, int *ntokens)
{
	struct ids c = { NULL, 0, 0, 0 };
	int i, k = 0;

	words(ix, s, len, add_id, &c);
	if (c.n)
		qsort(c.v, (size_t)c.n, sizeof(*c.v), cmp_int);
	for (i = 0; i < c.n; i++)
		if (!k || c.v[k - 1] != c.v[i])
			c.v[k++] = c.v[i];
	*n = k;
	if (ntokens)
		*ntokens = c.ntokens;
	return c.v;
}

/* "[HH:MM:SS] Speaker: text": the speaker and the text. */
static void split_line(const char *s, const char *eol, struct line *l)
{
	const char *p = s, *colon;

	l->text = s;
	l->text_len = (size_t)(eol - s);
	l->who = s;
	l->who_len = 0;
	if (p < eol && *p == '[') {
		p = memchr(p, ']', (size_t)(eol - p));
		if (!p || p + 1 >= eol || p[1] != ' ')
			return;
		p += 2;
		colon = memchr(p, ':', (size_t)(eol - p));
		if (!colon || colon + 1 >= eol || colon[1] != ' ')
			return;
		l->who = p;
		l->who_len = (size_t)(colon - p);
		l->text = colon + 2;
		l->text_len = (size_t)(eol - colon - 2);
	}
}

/* The bytes of s (up to end) that spell phrase (lowercase ASCII) without
 * regard to case, a typographic apostrophe for its ' ("I\u2019ll"); 0 if
 * it does not. */
static size_t spells(const char *s, const char *end, const char *phrase)
{
	const char *p = s;

	for (; *phrase; phrase++) {
		if (*phrase == '\'' && end - p >= 3 && !memcmp(p, "\xe2\x80\x99", 3))
			p += 3;
		else if (p < end && tolower((unsigned char)*p) == *phrase)
			p++;
		else
			return 0;
	}
	return (size_t)(p - s);
}

/* Does s[0..len) hold the phrase (lowercase) at the start of a word? */
static int says(const char *s, size_t len, const char *phrase)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((!i || !isalpha((unsigned char)s[i - 1])) && spells(s + i, s + len, phrase))
			return 1;
	return 0;
}

/* Does s[0..len) open with one of the phrases, after blanks and fillers? */
static int opens(const char *s, size_t len, const char *const *phrase)
{
	static const char *const filler[] = { "oh", "um", "uh", "hmm", "well", "so", "and", "ah" };
	const char *end = s + len;
	size_t i;

	for (;;) {
		while (s < end && !isalnum((unsigned char)*s))
			s++;
		for (i = 0; i < ARRAY_SIZE(filler); i++) {
			size_t n = strlen(filler[i]);
			if ((size_t)(end - s) > n && !strncasecmp(s, filler[i], n) &&
			    !isalnum((unsigned char)s[n]))
				break;
		}
		if (i == ARRAY_SIZE(filler))
			break;
		s += strlen(filler[i]);
	}
	for (; *phrase; phrase++) {
		size_t n = spells(s, end, *phrase);
		if (n && (s + n == end || !isalnum((unsigned char)s[n])))
			return 1;
	}
	return 0;
}

/*
 * What a line does in the conversation, from how it is said: a request
 * ("Can you write it up?", "Could you pair with Dana"), an acceptance
 * ("Sure.", "Okay, I'll have it by Monday", "Deal").  Plain English
 * turn-taking, nothing about any one meeting.
 */
static void classify(struct line *l)
{
	static const char *const asks[] = { "can you", "could you", "would you",
		"will you", "please", "i'd like you", "i want you", "how about you",
		"do you mind", "are you able", NULL };
	static const char *const yes[] = { "yes", "yeah", "yep", "yup", "sure",
		"ok", "okay", "alright", "all right", "fine", "deal", "will do",
		"sounds good", "i can", "i'll", "i will", "happy to", "of course",
		"absolutely", "definitely", "that works", "works for me", "got it",
		"agreed", "no problem", "perfect", "good idea", "let's do", NULL };
	static const char *const binds[] = { "i'll", "i will", "let me",
		"let's", "we'll", "we will", "i'm going to", "i am going to", "agreed",
		"decided", "decide", "the call", "approved", "go with", NULL };
	size_t i;

	for (i = 0; asks[i] && !l->request; i++)
		l->request = says(l->text, l->text_len, asks[i]);
	if (memchr(l->text, '?', l->text_len))
		l->request = 1;
	l->accept = opens(l->text, l->text_len, yes);
	for (i = 0; binds[i] && !l->commit; i++)
		l->commit = says(l->text, l->text_len, binds[i]);
}

/*
 * Where the meeting's closing recap starts: the first line of its last
 * half that announces one ("so to recap", "to sum up", "action items").
 * What is said there restates what was said before.
 */
static int find_wrapup(const struct cite_index *ix)
{
	static const char *const cue[] = { "recap", "sum up", "summar", "wrap up",
		"wrap-up", "wrapping up", "action items", "to confirm", "let me repeat",
		"go over", "run through", NULL };
	int n, i;

	for (n = ix->nlines / 2; n < ix->nlines; n++)
		for (i = 0; cue[i]; i++)
			if (says(ix->lines[n].text, ix->lines[n].text_len, cue[i]))
				return n;
	return ix->nlines;
}

struct cite_index *cite_index_new(struct stemmer *st, const char *text, size_t len)
{
	struct cite_index *ix = xcalloc(1, sizeof(*ix));
	const char *p = text, *end = text + len;
	size_t alloc = 0;
	long total = 0;
	int i, j;

	ix->st = st;
	stop_init(ix);
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		struct line *l;
		if (!eol)
			eol = end;
		ALLOC_GROW(ix->lines, (size_t)ix->nlines + 1, alloc);
		l = &ix->lines[ix->nlines++];
		memset(l, 0, sizeof(*l));
		split_line(p, eol > p && eol[-1] == '\r' ? eol - 1 : eol, l);
		l->terms = distinct_terms(ix, l->text, l->text_len, &l->nterms, &l->ntokens);
		l->speaker = distinct_terms(ix, l->who, l->who_len, &l->nspeaker, NULL);
		classify(l);
		total += l->ntokens;
		p = eol + 1;
	}
	for (i = 0; i < ix->nlines; i++)
		for (j = 0; j < ix->lines[i].nterms; j++)
			ix->df[ix->lines[i].terms[j]]++;
	ix->wrapup = find_wrapup(ix);
	ix->avg_tokens = ix->nlines ? (double)total / ix->nlines : 1;
	if (ix->avg_tokens < 1)
		ix->avg_tokens = 1;
	return ix;
}

void cite_index_free(struct cite_index *ix)
{
	size_t i;
	int n;

	if (!ix)
		return;
	for (n = 0; n < ix->nlines; n++) {
		free(ix->lines[n].terms);
		free(ix->lines[n].speaker);
	}
	for (n = 0; n < ix->nwords; n++)
		free(ix->word[n]);
	for (i = 0; i < ix->naliases; i++) {
		free(ix->aliases[i].handle);
		free(ix->aliases[i].terms);
	}
	free(ix->aliases);
	free(ix->lines);
	free(ix->word);
	free(ix->df);
	free(ix->slot);
	free(ix->stop);
	free(ix->qw);
	free(ix->mark);
	free(ix);
}

int cite_lines(const struct cite_index *ix)
{
	return ix->nlines;
}

const char *cite_line_text(const struct cite_index *ix, int n, size_t *len)
{
	*len = ix->lines[n - 1].text_len;
	return ix->lines[n - 1].text;
}

const char *cite_line_speaker(const struct cite_index *ix, int n, size_t *len)
{
	*len = ix->lines[n - 1].who_len;
	return ix->lines[n - 1].who;
}

static void keep_first(struct cite_index *ix, int id, enum tok kind, void *data)
{
	int *first = data;
	(void)ix;
	(void)kind;
	if (*first < 0)
		*first = id;
}

/* The term of the first word of s[0..len) that is one, or -1. */
static int first_term(struct cite_index *ix, const char *s, size_t len)
{
	int id = -1;
	words(ix, s, len, keep_first, &id);
	return id;
}

void cite_name(struct cite_index *ix, const char *handle, const char *name)
{
	struct alias *a;

	ALLOC_GROW(ix->aliases, ix->naliases + 1, ix->aliases_alloc);
	a = &ix->aliases[ix->naliases++];
	a->handle = xstrdup(handle);
	a->terms = distinct_terms(ix, name, strlen(name), &a->nterms, NULL);
	a->given = first_term(ix, name, strlen(name));
}

static const struct alias *alias_of(const struct cite_index *ix, const char *h,
				    size_t len)
{
	size_t i = ix->naliases;
	while (i--)              /* the last one named wins */
		if (!strncmp(ix->aliases[i].handle, h, len) && !ix->aliases[i].handle[len])
			return &ix->aliases[i];
	return NULL;
}

/* ---- a note ---- */

struct qterm {
	int id;
	double mult;             /* the weight of its kind */
	int name;                /* only a word of an @handle's name */
};

struct query {
	struct qterm *t;
	int n;
	size_t alloc;
	const struct alias **who;   /* @handles named: their lines weigh more */
	int nwho;
	size_t who_alloc;
	int binds;               /* prefer the lines that bind someone */
	double cur;              /* the weight of the terms being added */
	int cur_name;            /* ... and whether they are a name's */
};

static void add_query_term(struct cite_index *ix, int id, enum tok kind, void *data)
{
	struct query *q = data;
	double m = q->cur * (kind == TOK_NUMBER ? W_NUMBER : W_WORD);
	int i;

	(void)ix;
	for (i = 0; i < q->n; i++)
		if (q->t[i].id == id) {
			if (q->t[i].mult < m)
				q->t[i].mult = m;
			q->t[i].name &= q->cur_name;
			return;
		}
	ALLOC_GROW(q->t, (size_t)q->n + 1, q->alloc);
	q->t[q->n].id = id;
	q->t[q->n].mult = m;
	q->t[q->n++].name = q->cur_name;
}

static void add_terms(struct cite_index *ix, struct query *q, const char *s,
		      size_t len, double weight)
{
	q->cur = weight;
	q->cur_name = 0;
	words(ix, s, len, add_query_term, q);
}

static int handle_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
	       c == '-' || c == '_' || c == '.';
}

/* "@dave": Dave's name, and his lines. */
static size_t take_handle(struct cite_index *ix, struct query *q, const char *s,
			  const char *end)
{
	const struct alias *a;
	size_t n = 1;

	while (s + n < end && handle_char(s[n]))
		n++;
	while (n > 1 && s[n - 1] == '.')     /* "ask @dave." */
		n--;
	if (n == 1)
		return 1;
	a = alias_of(ix, s + 1, n - 1);
	if (!a) {
		add_terms(ix, q, s + 1, n - 1, W_WORD);
		return n;
	}
	q->cur = W_WORD;
	q->cur_name = 1;
	for (int i = 0; i < a->nterms; i++)
		add_query_term(ix, a->terms[i], TOK_WORD, q);
	ALLOC_GROW(q->who, (size_t)q->nwho + 1, q->who_alloc);
	q->who[q->nwho++] = a;
	return n;
}

/* "due:2026-11-27": Friday, the 27th, November, weakly. */
static size_t take_date(struct cite_index *ix, struct query *q, const char *s,
			const char *end)
{
	static const char *const wday[] = { "sunday", "monday", "tuesday",
		"wednesday", "thursday", "friday", "saturday" };
	static const char *const month[] = { "january", "february", "march",
		"april", "may", "june", "july", "august", "september", "october",
		"november", "december" };
	const char *colon = memchr(s, ':', (size_t)(end - s));
	char buf[64];
	int days, y, m, d;

	if (!colon || end - colon < 11 || date_parse(colon + 1, 10, &days) != DATE_OK)
		return 1;
	date_to_ymd(days, &y, &m, &d);
	snprintf(buf, sizeof(buf), "%s %s %d", wday[((days % 7) + 11) % 7],
		 month[m - 1], d);
	add_terms(ix, q, buf, strlen(buf), W_DATE);
	return (size_t)(colon + 11 - s);
}

static int starts(const char *s, const char *end, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(end - s) >= n && !strncasecmp(s, word, n);
}

/* The terms of a note's Markdown: its words, with [t:] references and a
 * (draft) marker left out and @handles and dates read as said above. */
static void read_note(struct cite_index *ix, struct query *q, const char *s,
		      size_t len)
{
	const char *p = s, *end = s + len, *plain = s;

	while (p < end) {
		int boundary = p == s || !handle_char(p[-1]);
		size_t skip = 0;

		if (starts(p, end, "[t:")) {
			const char *close = memchr(p, ']', (size_t)(end - p));
			skip = close ? (size_t)(close + 1 - p) : (size_t)(end - p);
		} else if (starts(p, end, "(draft)")) {
			skip = 7;
		} else if (*p == '@' && boundary) {
			add_terms(ix, q, plain, (size_t)(p - plain), W_WORD);
			plain = p;
			skip = take_handle(ix, q, p, end);
		} else if (boundary && (starts(p, end, "due:") || starts(p, end, "escalate:"))) {
			add_terms(ix, q, plain, (size_t)(p - plain), W_WORD);
			plain = p;
			skip = take_date(ix, q, p, end);
			if (skip == 1)
				skip = 0;
		}
		if (!skip) {
			p++;
			continue;
		}
		if (plain < p)
			add_terms(ix, q, plain, (size_t)(p - plain), W_WORD);
		p += skip;
		plain = p;
	}
	add_terms(ix, q, plain, (size_t)(p - plain), W_WORD);
}

/* ---- scoring ---- */

static double idf(const struct cite_index *ix, int df)
{
	return log(1 + (ix->nlines - df + 0.5) / (df + 0.5));
}

/* Does line l's speaker have the name of an @handle of the note? */
static int spoken_by(const struct line *l, const struct query *q)
{
	int i, j, k;
	for (i = 0; i < q->nwho; i++)
		for (j = 0; j < q->who[i]->nterms; j++)
			for (k = 0; k < l->nspeaker; k++)
				if (l->speaker[k] == q->who[i]->terms[j])
					return 1;
	return 0;
}

struct span {
	int first, last, peak;
	int nmatched;            /* distinct note terms in it */
	double matched, rank;
};

/* The weight of line n's note terms not yet marked with `stamp`; marks
 * them when `take`. */
static double gain(struct cite_index *ix, int n, int stamp, int *take)
{
	const struct line *l = &ix->lines[n];
	double g = 0;
	int i;

	for (i = 0; i < l->nterms; i++) {
		int t = l->terms[i];
		if (ix->qw[t] > 0 && ix->mark[t] != stamp) {
			g += ix->qw[t];
			if (take) {
				ix->mark[t] = stamp;
				++*take;
			}
		}
	}
	return g;
}

static double length_factor(const struct cite_index *ix, double tokens)
{
	return (K1 + 1) / (1 + K1 * (1 - B + B * tokens / ix->avg_tokens));
}

/* The best span around line n: it, and the neighbours that add enough. */
static void grow_span(struct cite_index *ix, const struct query *q, int n,
		      int *stamp, struct span *sp)
{
	int tokens, spoke, binds = 0, i;

	++*stamp;
	sp->first = sp->last = sp->peak = n;
	sp->nmatched = 0;
	sp->matched = gain(ix, n, *stamp, &sp->nmatched);
	spoke = q->nwho && spoken_by(&ix->lines[n], q);
	tokens = ix->lines[n].ntokens;
	while (sp->last - sp->first + 1 < SPAN_MAX) {
		double gl = sp->first > 0 ? gain(ix, sp->first - 1, *stamp, NULL) : 0;
		double gr = sp->last + 1 < ix->nlines ? gain(ix, sp->last + 1, *stamp, NULL) : 0;
		int next = gr >= gl ? sp->last + 1 : sp->first - 1;
		double g = gr >= gl ? gr : gl;

		/* a neighbour joins for what it adds, not for being there */
		if (g <= 0 || g < 0.3 * sp->matched)
			break;
		gain(ix, next, *stamp, &sp->nmatched);
		sp->matched += g;
		tokens += ix->lines[next].ntokens;
		if (next < sp->first)
			sp->first = next;
		else
			sp->last = next;
		spoke |= q->nwho && spoken_by(&ix->lines[next], q);
	}
	if (spoke)
		sp->matched += W_SPEAKER;
	/* a commitment is cited where it is taken on, not where its problem
	 * is told: a line that binds someone and says some of it */
	for (i = sp->first; i <= sp->last && q->binds && !binds; i++)
		binds = ix->lines[i].commit && gain(ix, i, -1, NULL) > 0;
	sp->rank = sp->matched * (binds ? 1 + W_COMMIT : 1) *
		   length_factor(ix, (double)tokens / (sp->last - sp->first + 1)) *
		   (1 - 0.05 * (sp->last - sp->first));
}

/* The note's total weight: what a span holding all of it would match. */
static double note_weight(struct cite_index *ix, const struct query *q)
{
	double w = q->nwho ? W_SPEAKER : 0;
	int i;

	for (i = 0; i < q->n; i++) {
		int df = ix->df[q->t[i].id];
		/* a name the transcript never says is no word of the note */
		if (df || !q->t[i].name)
			w += q->t[i].mult * idf(ix, df) * (df ? 1 : W_ABSENT);
	}
	return w;
}

static void prepare_scratch(struct cite_index *ix, const struct query *q)
{
	size_t n = (size_t)ix->nwords;
	int i;

	free(ix->qw);
	free(ix->mark);
	ix->qw = xcalloc(n ? n : 1, sizeof(*ix->qw));
	ix->mark = xcalloc(n ? n : 1, sizeof(*ix->mark));
	for (i = 0; i < q->n; i++)
		if (ix->df[q->t[i].id])
			ix->qw[q->t[i].id] = q->t[i].mult * idf(ix, ix->df[q->t[i].id]);
}

static void best_spans(struct cite_index *ix, const struct query *q,
		       struct span *best, struct span *rival, int *stamp)
{
	struct span *all = xcalloc((size_t)ix->nlines + 1, sizeof(*all));
	int n;

	memset(best, 0, sizeof(*best));
	memset(rival, 0, sizeof(*rival));
	for (n = 0; n < ix->nlines; n++) {
		/* a span grows around a line that says some of the note */
		if (gain(ix, n, -1, NULL) <= 0)
			continue;
		grow_span(ix, q, n, stamp, &all[n]);
		if (all[n].rank > best->rank)
			*best = all[n];
	}
	for (n = 0; n < ix->nlines; n++)
		if ((all[n].peak < best->first - FAR || all[n].peak > best->last + FAR) &&
		    all[n].rank > rival->rank)
			*rival = all[n];
	free(all);
}

static int same_speaker(const struct line *a, const struct line *b)
{
	return a->who_len == b->who_len && !memcmp(a->who, b->who, a->who_len);
}

/*
 * A request states nothing until it is taken on, and an acceptance says
 * little without what it accepts ("Can you write it up?" - "Let me see.
 * Fine, by Monday.").  A span that ends in a request takes the other
 * speaker's next turn up to its acceptance (a question takes the reply
 * whatever it is); one that starts with an acceptance takes the request
 * it answers.  Room permitting: SPAN_MAX lines in all.
 */
static void join_turns(const struct cite_index *ix, struct span *sp)
{
	const struct line *l = ix->lines;
	int k, req = sp->last;

	if (l[req].request) {
		int end = memchr(l[req].text, '?', l[req].text_len) ? req + 1 : req;
		for (k = req + 1; k < ix->nlines && k - sp->first < SPAN_MAX &&
		     !same_speaker(&l[k], &l[req]); k++)
			if (l[k].accept) {
				end = k;
				break;
			}
		if (end < ix->nlines && end - sp->first < SPAN_MAX &&
		    (end == req || !same_speaker(&l[end], &l[req])))
			sp->last = end;
	}
	k = sp->first;
	if (!l[k].accept)
		return;
	/* back over the rest of the acceptance's turn ("Hmm. Okay, I'll ...") */
	while (k > 0 && k > sp->first - 2 && same_speaker(&l[k - 1], &l[sp->first]))
		k--;
	if (k > 0 && l[k - 1].request && !same_speaker(&l[k - 1], &l[sp->first]) &&
	    sp->last - (k - 1) < SPAN_MAX)
		sp->first = k - 1;
}

/* The weight of the note's words in span a, and of those also in b. */
static void shared(struct cite_index *ix, const struct span *a,
		   const struct span *b, int *stamp, double *wa, double *both)
{
	int n, i, in_a = ++*stamp;

	*wa = *both = 0;
	for (n = a->first; n <= a->last; n++)
		*wa += gain(ix, n, in_a, &i);
	++*stamp;
	for (n = b->first; n <= b->last; n++)
		for (i = 0; i < ix->lines[n].nterms; i++) {
			int t = ix->lines[n].terms[i];
			if (ix->qw[t] > 0 && ix->mark[t] == in_a) {
				*both += ix->qw[t];
				ix->mark[t] = *stamp;
			}
		}
}

/*
 * Does one span restate the other: one is in the closing recap, the
 * other before it, and they say the note with mostly the same words
 * (not one its problem and the other someone's answer to it)?
 */
static int restates(struct cite_index *ix, const struct span *a,
		    const struct span *b, int *stamp)
{
	double wa, wb, both;

	if ((a->first >= ix->wrapup) == (b->first >= ix->wrapup))
		return 0;
	shared(ix, a, b, stamp, &wa, &both);
	shared(ix, b, a, stamp, &wb, &both);
	return both >= 0.5 * (wa > wb ? wa : wb);
}

/* Whose the note is, by its first word: "I ..." the manager's (@me),
 * "Zoe to send ..." Zoe's; the lines they speak weigh a little more. */
static void read_owner(struct cite_index *ix, struct query *q, const char *s,
		       size_t len)
{
	const struct alias *a = NULL;
	const char *end = s + len;
	size_t n = 0, i;
	int id, k;

	while (s < end && !isalnum((unsigned char)*s))
		s++;
	while (s + n < end && isalnum((unsigned char)s[n]))
		n++;
	if (n == 1 && (*s == 'I' || *s == 'i')) {
		a = alias_of(ix, "me", 2);
	} else if (n && (id = first_term(ix, s, n)) >= 0) {
		for (i = 0; i < ix->naliases && !a; i++)
			if (ix->aliases[i].given == id)
				a = &ix->aliases[i];
	}
	if (!a)
		return;
	for (k = 0; k < q->nwho; k++)
		if (q->who[k] == a)
			return;
	ALLOC_GROW(q->who, (size_t)q->nwho + 1, q->who_alloc);
	q->who[q->nwho++] = a;
}

void cite_find(struct cite_index *ix, const char *text, size_t len,
	       enum cite_kind kind, struct cite_match *m)
{
	struct query q = { 0 };
	struct span best, rival;
	double w;
	int stamp = 0;

	memset(m, 0, sizeof(*m));
	m->verdict = CITE_NONE;
	read_note(ix, &q, text, len);
	read_owner(ix, &q, text, len);
	q.binds = kind != CITE_STATEMENT;
	prepare_scratch(ix, &q);
	w = note_weight(ix, &q);
	best_spans(ix, &q, &best, &rival, &stamp);
	if (w > 0 && best.matched > 0 && best.rank > 0) {
		join_turns(ix, &best);
		m->first = best.first + 1;
		m->last = best.last + 1;
		m->peak = best.peak + 1;
		m->score = best.matched / w > 1 ? 1 : best.matched / w;
		/* one shared word is chance unless it is most of the note */
		if (m->score < CITE_THRESHOLD || (best.nmatched < 2 && m->score < 0.5)) {
			m->verdict = CITE_WEAK;
		} else if (rival.rank >= CITE_MARGIN * best.rank &&
			   restates(ix, &best, &rival, &stamp)) {
			/* said, and said again in the recap: both */
			join_turns(ix, &rival);
			m->verdict = CITE_OK;
			m->also_first = rival.first + 1;
			m->also_last = rival.last + 1;
		} else if (rival.rank >= CITE_MARGIN * best.rank) {
			m->verdict = CITE_AMBIGUOUS;
			m->other = rival.peak + 1;
		} else {
			m->verdict = CITE_OK;
		}
	}
	free(q.t);
	free(q.who);
}

const char *cite_verdict_name(enum cite_verdict v)
{
	static const char *const names[] = { "ok", "weak", "ambiguous", "none" };
	return names[v];
}

/* ---- a session ---- */

void cite_names(struct cite_index *ix, const struct session *s,
		const char *handle, const char *name,
		const char *(*name_of)(void *data, const char *handle), void *data)
{
	const struct item *it;
	const struct handle_ref *h;
	const struct blocker *b;

	for (it = s->items; it; it = it->next)
		for (h = it->mentions; h; h = h->next) {
			const char *n = name_of ? name_of(data, h->name) : NULL;
			if (n && !alias_of(ix, h->name, strlen(h->name)))
				cite_name(ix, h->name, n);
		}
	for (b = s->blockers; b; b = b->next)
		for (h = b->mentions; h; h = h->next) {
			const char *n = name_of ? name_of(data, h->name) : NULL;
			if (n && !alias_of(ix, h->name, strlen(h->name)))
				cite_name(ix, h->name, n);
		}
	if (handle && name)
		cite_name(ix, handle, name);
}

static int has_ref(const struct session *s, int line)
{
	const struct tref *r;
	for (r = s->refs; r; r = r->next)
		if (r->anchor == line)
			return 1;
	return 0;
}

static int noted(const struct cite_note *v, size_t n, int line)
{
	while (n--)
		if (v[n].line == line)
			return 1;
	return 0;
}

static void add_note(struct cite_index *ix, const struct session *s, int line,
		     enum section_kind sec, struct text text, int private, int item,
		     struct cite_note **v, size_t *n, size_t *alloc)
{
	enum cite_kind kind = item || sec == SEC_TASKS || sec == SEC_ASKS ||
			      sec == SEC_DECISIONS ? CITE_COMMITMENT : CITE_STATEMENT;

	struct cite_note *c;

	if (has_ref(s, line) || noted(*v, *n, line) || !text.len)
		return;
	ALLOC_GROW(*v, *n + 1, *alloc);
	c = &(*v)[(*n)++];
	c->line = line;
	c->section = sec;
	c->text = text;
	c->private = private;
	cite_find(ix, text.s, text.len, kind, &c->m);
}

static int cmp_note(const void *a, const void *b)
{
	const struct cite_note *x = a, *y = b;
	return x->line < y->line ? -1 : x->line > y->line;
}

size_t cite_session(struct cite_index *ix, const struct session *s,
		    int include_private, struct cite_note **out)
{
	const struct section *sec;
	const struct bullet *b;
	const struct item *it;
	size_t n = 0, alloc = 0;

	*out = NULL;
	for (sec = s->sections; sec; sec = sec->next)
		for (b = sec->bullets; b; b = b->next)
			if (!b->private || include_private)
				add_note(ix, s, b->pos.line, sec->kind, b->text,
					 b->private, 0, out, &n, &alloc);
	for (it = s->items; it; it = it->next)
		if (!it->private || include_private)
			add_note(ix, s, it->pos.line, it->section, it->text,
				 it->private, 1, out, &n, &alloc);
	if (n)
		qsort(*out, n, sizeof(**out), cmp_note);
	return n;
}

void cite_spans(const struct cite_match *m, int span[4])
{
	int swap = m->also_first && m->also_first < m->first;

	span[0] = swap ? m->also_first : m->first;
	span[1] = swap ? m->also_last : m->last;
	span[2] = swap ? m->first : m->also_first;
	span[3] = swap ? m->last : m->also_last;
}

void cite_ref(struct strbuf *sb, const struct cite_match *m)
{
	int v[4], a, b, c, d;

	cite_spans(m, v);
	a = v[0], b = v[1], c = v[2], d = v[3];
	strbuf_addf(sb, "[t:%d", a);
	if (b != a)
		strbuf_addf(sb, "-%d", b);
	if (c)
		strbuf_addf(sb, ", %d", c);
	if (c && d != c)
		strbuf_addf(sb, "-%d", d);
	strbuf_addch(sb, ']');
}

int cite_insert(struct strbuf *buf, int line, const struct cite_match *m)
{
	long at = line_start(buf->buf, buf->len, line);
	const char *next, *eol, *p;
	struct strbuf ref = STRBUF_INIT;
	size_t where;

	if (at < 0)
		return -1;
	eol = line_end(buf->buf + at, buf->buf + buf->len, &next);
	p = eol;
	while (p > buf->buf + at && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	if (p - (buf->buf + at) >= 7 && !strncmp(p - 7, "(draft)", 7)) {
		p -= 7;
		while (p > buf->buf + at && (p[-1] == ' ' || p[-1] == '\t'))
			p--;
	}
	where = (size_t)(p - buf->buf);
	strbuf_addch(&ref, ' ');
	cite_ref(&ref, m);
	strbuf_add(&ref, buf->buf + where, buf->len - where);
	strbuf_setlen(buf, where);
	strbuf_addbuf(buf, &ref);
	strbuf_release(&ref);
	return 0;
}

int cite_apply(struct strbuf *buf, const struct cite_note *v, size_t n)
{
	int written = 0;

	while (n--)              /* from the bottom: no line moves anyway */
		if (v[n].m.verdict == CITE_OK &&
		    !cite_insert(buf, v[n].line, &v[n].m))
			written++;
	return written;
}
