/*
 * search.c - query, match and rank for thread search, and the search of
 * the whole team on every core (search.h).
 */
#include "search.h"
#include "date.h"
#include "diag.h"
#include "gitstore.h"
#include "history.h"
#include "lines.h"
#include "parallel.h"
#include "pattern.h"
#include "person.h"
#include "repo.h"
#include "stem.h"
#include "team.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ASCII for U+00C0..U+017F, one letter each; '\0' keeps the character
 * (× and ÷), and the few that fold to two letters are below. */
static const char latin[] =
	/* U+00C0 */ "aaaaaa" "\1" "ceeeeiiiidnooooo" "\0" "ouuuuy" "\2" "\3"
	/* U+00E0 */ "aaaaaa" "\1" "ceeeeiiiidnooooo" "\0" "ouuuuy" "\2" "y"
	/* U+0100 */ "aaaaaaccccccccdddd" "eeeeeeeeee" "gggggggg" "hhhh"
	/* U+0128 */ "iiiiiiiiii" "\4\4" "jj" "kkk" "llllllllll" "nnnnnnnnn"
	/* U+014C */ "oooooo" "\5\5" "rrrrrr" "ssssssss" "tttttt" "uuuuuuuuuuuu"
	/* U+0174 */ "ww" "yyy" "zzzzzz" "s";
static const char *const latin_multi[] = { NULL, "ae", "th", "ss", "ij", "oe" };

/*
 * What search_fold() writes for the character at in[0..left): 1 or 2
 * bytes into out, *adv the bytes it reads.  A fold starts only at an
 * ASCII byte or a lead byte, never at a continuation byte it consumed.
 */
static inline size_t fold_one(const unsigned char *in, size_t left, char *out, size_t *adv)
{
	unsigned char c = in[0];

	*adv = 1;
	if (c < 0x80) {
		out[0] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		return 1;
	}
	if (c >= 0xC3 && c <= 0xC5 && left > 1 && (in[1] & 0xC0) == 0x80) {
		unsigned cp = ((c & 0x1Fu) << 6) | (in[1] & 0x3Fu);
		char f = cp >= 0xC0 && cp - 0xC0 < sizeof(latin) - 1 ? latin[cp - 0xC0] : 0;
		if (f >= 'a') {
			out[0] = f;
			*adv = 2;
			return 1;
		}
		if (f) {
			memcpy(out, latin_multi[(int)f], 2);
			*adv = 2;
			return 2;
		}
	}
	out[0] = (char)c;
	return 1;
}

#define HIGH_BITS 0x8080808080808080ull
#define ONES      0x0101010101010101ull

void search_fold(const char *s, size_t len, struct strbuf *out)
{
	const unsigned char *in = (const unsigned char *)s;
	char *o;
	size_t i = 0, adv;

	/* No fold is longer than what it folds ("ß", two bytes, is "ss"),
	 * so the output fits in len bytes: write them directly. */
	strbuf_grow(out, len);
	o = out->buf + out->len;
	while (i < len) {
		uint64_t w;
		/* Eight ASCII bytes at a time: a byte from 'A' to 'Z' has its
		 * high bit set in w + (0x80 - 'A') and not in w + (0x80 - 'Z' - 1),
		 * and no sum carries into the next byte. */
		if (len - i >= 8) {
			memcpy(&w, in + i, 8);
			if (!(w & HIGH_BITS)) {
				uint64_t up = (w + (0x80 - 'A') * ONES) & ~(w + (0x80 - 'Z' - 1) * ONES);
				w |= (up & HIGH_BITS) >> 2;
				memcpy(o, &w, 8);
				o += 8;
				i += 8;
				continue;
			}
		}
		o += fold_one(in + i, len - i, o, &adv);
		i += adv;
	}
	strbuf_setlen(out, (size_t)(o - out->buf));
}

/* A letter, a digit or a byte of a character beyond ASCII.  Capitals
 * count too, so that words can be told in text not yet folded: a fold
 * keeps every byte on its side of this line. */
static inline int word_byte(unsigned char c)
{
	return c >= 0x80 || (unsigned)((c | 0x20) - 'a') < 26 || (unsigned)(c - '0') < 10;
}

/* Could the word w[0..n) have one of the stems in v?  Only then is it
 * stemmed: it must start with what every word having the stem holds. */
static int may_have(const struct search_term *v, size_t nv, const char *w, size_t n)
{
	size_t i;
	for (i = 0; i < nv; i++)
		if (n >= v[i].prefix && w[0] == v[i].stem[0] &&
		    !memcmp(w, v[i].stem, v[i].prefix))
			return 1;
	return 0;
}

/*
 * The next word of folded text s[*at..len): letters, digits, other
 * characters than ASCII, and an apostrophe between letters ("don't").
 * 1 with *start and *wlen set, 0 at the end.
 */
static int next_word(const char *s, size_t len, size_t *at, size_t *start, size_t *wlen)
{
	size_t i = *at, b;

	while (i < len && !word_byte((unsigned char)s[i]))
		i++;
	if (i >= len)
		return 0;
	b = i;
	while (i < len && (word_byte((unsigned char)s[i]) ||
			   (s[i] == '\'' && i + 1 < len && word_byte((unsigned char)s[i + 1]))))
		i++;
	*start = b;
	*wlen = i - b;
	*at = i;
	return 1;
}

static long find_term(const struct search_term *v, size_t n, const char *stem, size_t len)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (v[i].len == len && !memcmp(v[i].stem, stem, len))
			return (long)i;
	return -1;
}

/* Add a stem to v unless there; its index. */
static size_t add_term(struct search_term **v, size_t *n, size_t *alloc,
		       const char *stem, size_t len)
{
	long at = find_term(*v, *n, stem, len);
	struct search_term *t;

	if (at >= 0)
		return (size_t)at;
	ALLOC_GROW(*v, *n + 1, *alloc);
	t = &(*v)[*n];
	memset(t, 0, sizeof(*t));
	t->stem = xstrndup(stem, len);
	t->len = len;
	/*
	 * Snowball rewrites at most the last letters of a word ("hoping" ->
	 * "hope", "flies" -> "fli"): all but those are in every word that
	 * has the stem, which is what the file prefilter looks for.
	 */
	t->prefix = len >= 5 ? len - 2 : len > 1 ? len - 1 : len;
	/* ... but for "dying", "lying" and "tying", which Snowball makes
	 * "die", "lie" and "tie" by name: those share only their first. */
	if (len == 3 && stem[1] == 'i' && stem[2] == 'e')
		t->prefix = 1;
	return (*n)++;
}

/* One word or phrase of the query (folded): its words as terms, and as a
 * phrase when there are several. */
static void add_words(struct search_query *q, const char *s, size_t len, int exclude)
{
	size_t at = 0, b, wl, n = 0, *idx = NULL, alloc = 0;

	while (next_word(s, len, &at, &b, &wl)) {
		size_t sl;
		const char *st = stem_word(q->stemmer, s + b, wl, &sl);
		if (exclude) {
			add_term(&q->not, &q->nnot, &q->not_alloc, st, sl);
			continue;
		}
		ALLOC_GROW(idx, n + 2, alloc);
		idx[++n] = add_term(&q->terms, &q->nterms, &q->terms_alloc, st, sl);
	}
	if (n > 1) {
		idx[0] = n;
		ALLOC_GROW(q->phrases, q->nphrases + 1, q->phrases_alloc);
		q->phrases[q->nphrases++] = idx;
	} else {
		free(idx);
	}
}

int search_query_init(struct search_query *q, const char *text, int regex)
{
	struct strbuf f = STRBUF_INIT;
	size_t i = 0, len;

	memset(q, 0, sizeof(*q));
	strbuf_init(&q->fold, 0);
	strbuf_init(&q->word, 0);
	if (regex) {
		q->re = pattern_user_compile(text);
		return q->re ? 0 : -1;
	}
	if (!(q->stemmer = stem_new())) {
		strbuf_release(&f);
		return -1;
	}
	search_fold(text, strlen(text), &f);
	len = f.len;
	while (i < len) {
		size_t b;
		int exclude = 0;
		if (f.buf[i] == ' ' || f.buf[i] == '\t' || f.buf[i] == '\n') {
			i++;
			continue;
		}
		if (f.buf[i] == '"') {
			b = ++i;
			while (i < len && f.buf[i] != '"')
				i++;
			add_words(q, f.buf + b, i - b, 0);
			i++;
			continue;
		}
		if (f.buf[i] == '-' && i + 1 < len && f.buf[i + 1] != ' ') {
			exclude = 1;
			i++;
		}
		b = i;
		while (i < len && f.buf[i] != ' ' && f.buf[i] != '\t' && f.buf[i] != '\n')
			i++;
		add_words(q, f.buf + b, i - b, exclude);
	}
	strbuf_release(&f);
	q->tf = xcalloc(q->nterms + 1, sizeof(*q->tf));
	return 0;
}

void search_query_release(struct search_query *q)
{
	size_t i;

	for (i = 0; i < q->nterms; i++)
		free(q->terms[i].stem);
	for (i = 0; i < q->nnot; i++)
		free(q->not[i].stem);
	for (i = 0; i < q->nphrases; i++)
		free(q->phrases[i]);
	free(q->terms);
	free(q->not);
	free(q->phrases);
	free(q->tf);
	free(q->seq);
	pattern_user_free(q->re);
	stem_free(q->stemmer);
	strbuf_release(&q->fold);
	strbuf_release(&q->word);
	memset(q, 0, sizeof(*q));
}

/* memmem() for a short haystack, where glibc's setup costs more than
 * the search: memchr() for the first byte, then memcmp(). */
static int holds(const char *h, size_t hl, const char *n, size_t nl)
{
	const char *p = h, *end = h + hl;

	if (!nl)
		return 1;
	while (nl <= (size_t)(end - p) && (p = memchr(p, n[0], (size_t)(end - p) - nl + 1))) {
		if (!memcmp(p, n, nl))
			return 1;
		p++;
	}
	return 0;
}

/* Does the fold of s, from its i-th byte on (of which the first `skip`
 * folded bytes are dropped), start with p[0..m)? */
static int folds_to(const unsigned char *s, size_t len, size_t i, size_t skip,
		    const char *p, size_t m)
{
	size_t k = 0, n, j, adv;
	char out[2];

	while (k < m) {
		if (i >= len)
			return 0;
		n = fold_one(s + i, len - i, out, &adv);
		if (skip >= n)
			return 0;
		for (j = skip; j < n && k < m; j++, k++)
			if (out[j] != p[k])
				return 0;
		skip = 0;
		i += adv;
	}
	return 1;
}

/*
 * Is the word that starts at byte i of s (not folded) one with the stem of
 * t?  Only a word's first byte starts it (next_word(): a letter after no
 * letter, nor after an apostrophe that joins two letters); its fold is
 * stemmed as search_match() would.
 */
static int word_has_stem(struct search_query *q, const struct search_term *t,
			 const unsigned char *u, size_t len, size_t i)
{
	size_t e = i, sl;
	const char *st;

	if (i > 0 && (word_byte(u[i - 1]) || (u[i - 1] == '\'' && i > 1 && word_byte(u[i - 2]))))
		return 0;
	while (e < len && (word_byte(u[e]) || (u[e] == '\'' && e + 1 < len && word_byte(u[e + 1]))))
		e++;
	strbuf_reset(&q->word);
	search_fold((const char *)u + i, e - i, &q->word);
	/* a stem is never longer than its word ("hoping" -> "hope") */
	if (q->word.len < t->len)
		return 0;
	st = stem_word(q->stemmer, q->word.buf, q->word.len, &sl);
	return sl == t->len && !memcmp(st, t->stem, sl);
}

/* Is the first folded letter of t at byte i, and a word with t's stem
 * there? */
static inline int stem_at(struct search_query *q, const struct search_term *t,
			  const unsigned char *u, size_t len, size_t i)
{
	return folds_to(u, len, i, 0, t->stem, t->prefix) && word_has_stem(q, t, u, len, i);
}

#ifdef __SSE2__
static int lower_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/*
 * raw_has() for a stem whose first two letters are ASCII letters or
 * digits, the first one common in English text: sixteen places at a time,
 * a place is tried when its byte is the first letter (or its capital) and
 * the next the second, or either is the lead byte of a letter that folds
 * (C3 to C5).  -1 for another stem: memchr() finds a rare first letter
 * faster than this reads every byte.
 */
static int pair_has(struct search_query *q, const struct search_term *t,
		    const unsigned char *u, size_t len)
{
	unsigned char a = (unsigned char)t->stem[0], b = (unsigned char)t->stem[1];
	const __m128i low = _mm_set1_epi8(0x20);
	const __m128i va = _mm_set1_epi8((char)a), vb = _mm_set1_epi8((char)b);
	const __m128i c2 = _mm_set1_epi8((char)0xC2), c6 = _mm_set1_epi8((char)0xC6);
	size_t i = 0;

	if (t->prefix < 2 || !strchr("etaoinsrhldcumfpg", a) || !lower_alnum(b))
		return -1;
	for (; i + 17 <= len; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(u + i));
		__m128i v1 = _mm_loadu_si128((const __m128i *)(u + i + 1));
		/* signed: C3..C5 are the bytes between C2 and C6 */
		__m128i lead = _mm_and_si128(_mm_cmpgt_epi8(v, c2), _mm_cmplt_epi8(v, c6));
		__m128i lead1 = _mm_and_si128(_mm_cmpgt_epi8(v1, c2), _mm_cmplt_epi8(v1, c6));
		__m128i first = _mm_cmpeq_epi8(_mm_or_si128(v, low), va);
		__m128i second = _mm_or_si128(_mm_cmpeq_epi8(_mm_or_si128(v1, low), vb), lead1);
		unsigned mask = (unsigned)_mm_movemask_epi8(
			_mm_or_si128(_mm_and_si128(first, second), lead));
		while (mask) {
			if (stem_at(q, t, u, len, i + (size_t)__builtin_ctz(mask)))
				return 1;
			mask &= mask - 1;
		}
	}
	for (; i < len; i++) {
		unsigned char c = u[i];
		if (((c | 0x20) == a || (c >= 0xC3 && c <= 0xC5)) && stem_at(q, t, u, len, i))
			return 1;
	}
	return 0;
}
#endif

/*
 * Does s[0..len) hold a word with the stem of t?  Without folding it all:
 * the fold of a word starts with t's prefix (add_term()) and starts at the
 * word's first byte, which is that letter, its capital, or the lead byte
 * of a letter that folds (C3 to C5, "É"), so memchr() finds each such
 * place and only there is a word folded and stemmed.  -1 when t starts
 * with a byte no fold starts with (the query is not UTF-8).
 */
static int raw_has(struct search_query *q, const struct search_term *t,
		   const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	const char *p = t->stem;
	size_t m = t->prefix;
	unsigned char want[5], c = (unsigned char)p[0];
	const unsigned char *at[5];
	size_t nw = 0, k, best, i;

	if (!m)
		return 1;
	if (c >= 0x80 && c < 0xC0)      /* a continuation byte: fold it all */
		return -1;
#ifdef __SSE2__
	{
		int rc = pair_has(q, t, u, len);
		if (rc >= 0)
			return rc;
	}
#endif
	want[nw++] = c;
	if (c >= 'a' && c <= 'z')
		want[nw++] = (unsigned char)(c - 32);
	for (k = 0xC3; k <= 0xC5; k++)
		if (k != c)
			want[nw++] = (unsigned char)k;
	if (len < 256) {
		/* a document: one pass costs less than starting five */
		for (i = 0; i + m <= len; i++) {
			unsigned char b = u[i];
			if ((b == c || (b ^ 0x20) == c || (b >= 0xC3 && b <= 0xC5)) &&
			    folds_to(u, len, i, 0, p, m) && word_has_stem(q, t, u, len, i))
				return 1;
		}
		return 0;
	}
	for (k = 0; k < nw; k++)
		at[k] = memchr(u, want[k], len);
	for (;;) {
		const unsigned char *w;
		best = nw;
		for (k = 0; k < nw; k++)
			if (at[k] && (best == nw || at[k] < at[best]))
				best = k;
		if (best == nw)
			return 0;
		w = at[best];
		i = (size_t)(w - u);
		if (folds_to(u, len, i, 0, p, m) && word_has_stem(q, t, u, len, i))
			return 1;
		at[best] = i + 1 < len ? memchr(w + 1, want[best], len - i - 1) : NULL;
	}
}

int search_may_match_raw(struct search_query *q, const char *s, size_t len)
{
	struct strbuf fold = STRBUF_INIT;
	size_t i;
	int rc = 1;

	for (i = 0; i < q->nterms && rc; i++) {
		int has = raw_has(q, &q->terms[i], s, len);
		if (has < 0) {
			if (!fold.len)
				search_fold(s, len, &fold);
			has = !!memmem(fold.buf, fold.len, q->terms[i].stem, q->terms[i].prefix);
		}
		rc = has;
	}
	strbuf_release(&fold);
	return rc;
}

/* Might the folded document hold one of the words?  If not, it need not
 * be stemmed: it matches nothing and counts towards no word's df.  (A
 * document is short: a fold and memmem() cost less than raw_has().) */
static int any_prefix(const struct search_query *q)
{
	size_t i;
	for (i = 0; i < q->nterms; i++)
		if (holds(q->fold.buf, q->fold.len, q->terms[i].stem, q->terms[i].prefix))
			return 1;
	return 0;
}

/* How many words next_word() would find in s[0..len). */
static size_t count_words(const char *s, size_t len)
{
	size_t i, n = 0;
	int in = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (word_byte(c)) {
			n += !in;
			in = 1;
		} else if (!(in && c == '\'' && i + 1 < len && word_byte((unsigned char)s[i + 1]))) {
			in = 0;
		}
	}
	return n;
}

#ifdef __SSE2__
/* The sum of the 16 byte counters in acc. */
static size_t sum_bytes(__m128i acc)
{
	__m128i sad = _mm_sad_epu8(acc, _mm_setzero_si128());
	return (size_t)_mm_cvtsi128_si32(sad) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sad, 8));
}
#endif

/*
 * Count into the collection (search.h) the documents and words of a file
 * searched: its lines that start with neither an end of line nor '#', and
 * its runs of letters and digits (bytes beyond ASCII count as letters, as
 * in next_word(), but an apostrophe splits "don't" in two).  One pass over
 * the bytes, sixteen at a time where SSE2 is there, with a counter for
 * each of the sixteen: a file the prefilter rules out costs about what
 * reading it does.
 */
static void search_count(struct search_query *q, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, lines = 0, words = 0;
	unsigned in = 0, nl = 1;        /* of the byte before i */

	if (q->re || !len)
		return;
#ifdef __SSE2__
	{
		/* what the byte before each byte was: a word byte, a '\n' */
		__m128i was_w = _mm_setzero_si128(), was_nl = _mm_cvtsi32_si128(0xFF);
		__m128i acc_w = _mm_setzero_si128(), acc_l = _mm_setzero_si128();
		unsigned rounds = 0;

		for (; i + 16 <= len; i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(u + i));
			__m128i lo = _mm_or_si128(v, _mm_set1_epi8(0x20));
			__m128i w = _mm_or_si128(
				_mm_or_si128(_mm_cmplt_epi8(v, _mm_setzero_si128()),
					     _mm_and_si128(_mm_cmpgt_epi8(lo, _mm_set1_epi8('a' - 1)),
							   _mm_cmplt_epi8(lo, _mm_set1_epi8('z' + 1)))),
				_mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
					      _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1))));
			__m128i n = _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'));
			__m128i end = _mm_or_si128(_mm_or_si128(n, _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))),
						   _mm_cmpeq_epi8(v, _mm_set1_epi8('#')));
			__m128i prev_w = _mm_or_si128(_mm_slli_si128(w, 1), was_w);
			__m128i prev_nl = _mm_or_si128(_mm_slli_si128(n, 1), was_nl);

			/* each start adds 1: a counter is -1 where it starts */
			acc_w = _mm_sub_epi8(acc_w, _mm_andnot_si128(prev_w, w));
			acc_l = _mm_sub_epi8(acc_l, _mm_andnot_si128(end, prev_nl));
			was_w = _mm_srli_si128(w, 15);
			was_nl = _mm_srli_si128(n, 15);
			if (++rounds == 255) {          /* before a counter wraps */
				words += sum_bytes(acc_w);
				lines += sum_bytes(acc_l);
				acc_w = acc_l = _mm_setzero_si128();
				rounds = 0;
			}
		}
		words += sum_bytes(acc_w);
		lines += sum_bytes(acc_l);
		in = (unsigned)_mm_cvtsi128_si32(was_w) & 1;
		nl = (unsigned)_mm_cvtsi128_si32(was_nl) & 1;
	}
#endif
	for (; i < len; i++) {
		unsigned c = u[i], w = word_byte((unsigned char)c);
		words += w && !in;
		lines += nl && c != '\n' && c != '\r' && c != '#';
		in = w;
		nl = c == '\n';
	}
	q->ndocs += lines;
	q->total_len += (double)words;
}

/* Do the phrase's terms stand next to each other somewhere in seq? */
static int phrase_in(const size_t *ph, const int *seq, size_t n)
{
	size_t i, k, np = ph[0];

	for (i = 0; i + np <= n; i++) {
		for (k = 0; k < np; k++)
			if (seq[i + k] != (int)ph[k + 1])
				break;
		if (k == np)
			return 1;
	}
	return 0;
}

int search_match(struct search_query *q, const char *s, size_t len)
{
	size_t at = 0, b, wl, n = 0, i;
	int excluded = 0;

	if (q->re) {
		q->dl = 1;
		return pattern_user_match(q->re, s, len);
	}
	strbuf_reset(&q->fold);
	search_fold(s, len, &q->fold);
	memset(q->tf, 0, (q->nterms + 1) * sizeof(*q->tf));
	if (q->nterms && !any_prefix(q))
		return 0;       /* none of the words can be here */
	while (next_word(q->fold.buf, q->fold.len, &at, &b, &wl)) {
		const char *w = q->fold.buf + b, *st;
		size_t sl;
		long t = -1;
		if (may_have(q->terms, q->nterms, w, wl) || may_have(q->not, q->nnot, w, wl)) {
			st = stem_word(q->stemmer, w, wl, &sl);
			t = find_term(q->terms, q->nterms, st, sl);
			if (find_term(q->not, q->nnot, st, sl) >= 0)
				excluded = 1;
		}
		if (n + 1 > q->seq_alloc)
			ALLOC_GROW(q->seq, n + 1, q->seq_alloc);
		q->seq[n++] = (int)t;
		if (t >= 0)
			q->tf[t]++;
	}
	q->dl = n;
	for (i = 0; i < q->nterms; i++)
		if (q->tf[i])
			q->terms[i].df++;
	if (excluded)
		return 0;
	for (i = 0; i < q->nterms; i++)
		if (!q->tf[i])
			return 0;
	for (i = 0; i < q->nphrases; i++)
		if (!phrase_in(q->phrases[i], q->seq, n))
			return 0;
	return 1;
}

double search_score(const struct search_query *q, const unsigned *tf, size_t dl)
{
	const double k1 = 1.2, b = 0.75;
	double avg = q->ndocs ? q->total_len / (double)q->ndocs : 1, score = 0;
	size_t i;

	if (avg <= 0)
		avg = 1;
	for (i = 0; i < q->nterms; i++) {
		double df = (double)q->terms[i].df, N = (double)q->ndocs;
		double idf = log(1 + (N - df + 0.5) / (df + 0.5));
		double f = tf[i];
		score += idf * f * (k1 + 1) / (f + k1 * (1 - b + b * (double)dl / avg));
	}
	return score;
}

/* ---- reading only the sessions that may match ---- */

static int is_top_heading(const char *p, const char *eol)
{
	size_t n = (size_t)(eol - p);
	return (n >= 2 && p[0] == '#' && (p[1] == ' ' || p[1] == '\t')) ||
	       (n >= 3 && p[0] == '#' && p[1] == '#' && (p[2] == ' ' || p[2] == '\t')) ||
	       (n == 1 && p[0] == '#') || (n == 2 && p[0] == '#' && p[1] == '#');
}

static int is_blank_line(const char *p, const char *eol)
{
	for (; p < eol; p++)
		if (*p != ' ' && *p != '\t')
			return 0;
	return 1;
}

/* A line whose meaning depends on more than itself (see search.h). */
static int unsafe_line(const char *p, const char *eol, int after_text)
{
	const char *q = p;
	char c;

	while (q < eol && q - p < 3 && *q == ' ')
		q++;
	if (q == eol)
		return 0;
	if (*q == '<' || (q > p && *q == '#') ||
	    (eol - q >= 3 && (!memcmp(q, "```", 3) || !memcmp(q, "~~~", 3))))
		return 1;
	if (!after_text || (*q != '=' && *q != '-'))
		return 0;
	for (c = *q; q < eol && *q == c; q++)
		;
	return is_blank_line(q, eol);          /* a setext underline */
}

/* Where the body starts: after the front matter, when there is one. */
static const char *body_of(const char *buf, const char *end)
{
	const char *p = buf, *next, *eol;

	if (end - p >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	eol = line_end(p, end, &next);
	if (eol - p != 3 || memcmp(p, "---", 3))
		return buf;
	for (p = next; p < end; p = next) {
		eol = line_end(p, end, &next);
		if (eol - p >= 3 && !memcmp(p, "---", 3) && is_blank_line(p + 3, eol))
			return next;
	}
	return buf;
}

/* Copy buf[from, to) to out, whole when keep, else its line endings
 * only: every CR and LF is part of one (lines.h), so those bytes. */
static void add_chunk(struct strbuf *out, const char *from, const char *to, int keep)
{
	size_t len = (size_t)(to - from), i;
	const char *nl;

	if (keep) {
		strbuf_add(out, from, len);
		return;
	}
	if (memchr(from, '\r', len)) {
		for (i = 0; i < len; i++)
			if (from[i] == '\n' || from[i] == '\r')
				strbuf_addch(out, from[i]);
		return;
	}
	/* only '\n': count them, then write them at once */
	for (i = 0; (nl = memchr(from, '\n', (size_t)(to - from))); from = nl + 1)
		i++;
	strbuf_grow(out, i);
	memset(out->buf + out->len, '\n', i);
	strbuf_setlen(out, out->len + i);
}

struct reduce {
	struct search_query *q;
	int notes;
	const char *const *cites;
	size_t n;
};

/* Does the chunk name one of the cited transcripts?  Each place it says
 * "transcripts/" is compared with each of them, so a file with many
 * transcripts costs a scan of the chunk, not one for each. */
static int names_cited(const struct reduce *r, const char *from, const char *to)
{
	static const char dir[] = "transcripts/";
	const char *p = from;
	size_t i, left;

	while ((left = (size_t)(to - p)) >= sizeof(dir) - 1 &&
	       (p = memmem(p, left, dir, sizeof(dir) - 1))) {
		left = (size_t)(to - p);
		for (i = 0; i < r->n; i++) {
			size_t n = strlen(r->cites[i]);
			if (n <= left && !memcmp(p, r->cites[i], n))
				return 1;
		}
		p += sizeof(dir) - 1;
	}
	return 0;
}

static int keep_chunk(struct reduce *r, const char *from, const char *to)
{
	if (r->n && names_cited(r, from, to))
		return 1;
	if (!r->notes)
		return 0;
	return search_may_match_raw(r->q, from, (size_t)(to - from));
}

int search_reduce(struct search_query *q, int notes, const char *buf,
		  size_t len, const char *const *cites, size_t n, struct strbuf *out)
{
	struct reduce r = { q, notes, cites, n };
	const char *end = buf + len, *body = body_of(buf, end), *p, *next, *eol;
	const char *chunk = NULL;
	int after_text = 0, crs = !!memchr(buf, '\r', len), keep;
	size_t kept = 0;         /* out's length after the last kept chunk */

	if (q->re)
		return 1;
	/* One pass: a line that makes the file unsafe to split throws away
	 * what was written so far. */
	strbuf_reset(out);
	for (p = body; p < end; p = next) {
		if (crs) {
			eol = line_end(p, end, &next);
		} else {
			eol = memchr(p, '\n', (size_t)(end - p));
			next = eol ? eol + 1 : (eol = end);
		}
		if (unsafe_line(p, eol, after_text))
			return 1;
		after_text = !is_blank_line(p, eol) && *p != '#';
		if (!is_top_heading(p, eol))
			continue;
		keep = !chunk || keep_chunk(&r, chunk, p);   /* front matter and title */
		add_chunk(out, chunk ? chunk : buf, p, keep);
		if (keep)
			kept = out->len;
		chunk = p;
	}
	keep = !chunk || keep_chunk(&r, chunk, end);
	add_chunk(out, chunk ? chunk : buf, end, keep);
	if (keep)
		kept = out->len;
	/* What follows the last kept session is empty lines that no line
	 * kept needs for its number: the parser need not read them. */
	strbuf_setlen(out, kept);
	return 0;
}

/* ---- the whole search: one person's files on one thread ---- */

/*
 * The queries the threads match with: search_match() keeps its scratch
 * and the collection's counts in the query, and a stemmer or a compiled
 * pattern is not shared between threads.  A thread takes one for a
 * person and gives it back; the counts it gathered go to the result.
 */
struct search_pool {
	pthread_mutex_t lock;
	struct search_query **free;
	size_t n, alloc;
	const char *text;
	int regex;
};

static struct search_query *pool_take(struct search_pool *pl)
{
	struct search_query *q = NULL;
	size_t i;

	pthread_mutex_lock(&pl->lock);
	if (pl->n)
		q = pl->free[--pl->n];
	pthread_mutex_unlock(&pl->lock);
	if (!q) {
		q = xcalloc(1, sizeof(*q));
		if (search_query_init(q, pl->text, pl->regex))
			die("the query was read once already; it cannot fail now");
	}
	q->ndocs = 0;
	q->total_len = 0;
	for (i = 0; i < q->nterms; i++)
		q->terms[i].df = 0;
	return q;
}

static void pool_give(struct search_pool *pl, struct search_query *q)
{
	pthread_mutex_lock(&pl->lock);
	ALLOC_GROW(pl->free, pl->n + 1, pl->alloc);
	pl->free[pl->n++] = q;
	pthread_mutex_unlock(&pl->lock);
}

static void pool_free(struct search_pool *pl)
{
	if (!pl)
		return;
	while (pl->n--) {
		search_query_release(pl->free[pl->n]);
		free(pl->free[pl->n]);
	}
	free(pl->free);
	pthread_mutex_destroy(&pl->lock);
	free(pl);
}

/* What one person's files gave: taken by the caller in people/ order. */
struct reading {
	const struct search *s;       /* read only on the threads */
	const struct search_opts *o;
	struct search_query *q;       /* this thread's */
	struct person *p;
	const char *path;        /* its people/HANDLE.md */
	const char *buf;         /* and the bytes parsed */
	size_t len;
	struct search_hit *hits;
	size_t nhits, hits_alloc;
	struct search_who who;
	int has_who, failed;
	struct strbuf msgs;      /* what to print, escaped */
	/* the collection's counts (search_match) */
	size_t ndocs;
	double total_len;
	size_t *df;
};

/* One line for the reader: the text with line breaks as spaces and the
 * indentation of continuation lines dropped. */
static char *one_line(const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\n' || s[i] == '\r') {
			while (i + 1 < len && (s[i + 1] == ' ' || s[i + 1] == '\t' ||
					       s[i + 1] == '\n' || s[i + 1] == '\r'))
				i++;
			strbuf_addch(&sb, ' ');
			continue;
		}
		strbuf_addch(&sb, s[i]);
	}
	while (sb.len && (sb.buf[sb.len - 1] == ' ' || sb.buf[sb.len - 1] == '\t'))
		strbuf_setlen(&sb, sb.len - 1);
	return strbuf_detach(&sb, NULL);
}

/* A new hit at the end of v, from the document q matched last. */
static struct search_hit *push_hit(struct search_hit **v, size_t *n, size_t *alloc,
				   const struct search_query *q, const char *file, int line,
				   int date, const char *section, const char *kind,
				   const char *text, size_t len, int private)
{
	struct search_hit *h;

	ALLOC_GROW(*v, *n + 1, *alloc);
	h = &(*v)[(*n)++];
	memset(h, 0, sizeof(*h));
	h->file = xstrdup(file);
	h->line = line;
	h->date = date;
	h->section = section;
	h->kind = kind;
	h->text = one_line(text, len);
	h->private = private;
	h->tf = xcalloc(q->nterms + 1, sizeof(*h->tf));
	memcpy(h->tf, q->tf ? q->tf : h->tf, q->nterms * sizeof(*h->tf));
	h->dl = q->dl;
	return h;
}

static struct search_hit *add_hit(struct reading *r, const char *file, int line, int date,
				  const char *section, const char *kind, const char *text,
				  size_t len, int private)
{
	return push_hit(&r->hits, &r->nhits, &r->hits_alloc, r->q, file, line, date,
			section, kind, text, len, private);
}

static void add_ref(struct search_hit *h, const char *file, int line, const char *text,
		    size_t len)
{
	struct search_ref *r;
	ALLOC_GROW(h->refs, h->nrefs + 1, h->refs_alloc);
	r = &h->refs[h->nrefs++];
	r->file = xstrdup(file);
	r->line = line;
	r->text = one_line(text, len);
}

static void free_hit(struct search_hit *h)
{
	size_t k;
	free(h->file);
	free(h->text);
	free(h->tf);
	for (k = 0; k < h->nrefs; k++) {
		free(h->refs[k].file);
		free(h->refs[k].text);
	}
	free(h->refs);
}

/* ---- filters ---- */

static int date_passes(const struct search_opts *o, int date)
{
	if (o->since >= 0 && (date < 0 || date < o->since))
		return 0;
	if (o->until >= 0 && (date < 0 || date > o->until))
		return 0;
	return 1;
}

static int has_tag(const struct tag *t, const char *want)
{
	for (; t; t = t->next)
		if (!strcasecmp(t->name, want))
			return 1;
	return 0;
}

static const char *tag_wanted(const struct search_opts *o)
{
	return o->tag && *o->tag == '#' ? o->tag + 1 : o->tag;
}

static int owner_passes(const struct search *s, const char *owner)
{
	const char *want = s->o->owner;

	if (!want)
		return 1;
	if (*want == '@')
		want++;
	if (!owner)
		return 0;
	if (!strcmp(want, "me") || !strcmp(want, team_me(s->t)))
		return !strcmp(owner, "me") || !strcmp(owner, team_me(s->t));
	return !strcmp(owner, want);
}

/* What a note document is, for the filters. */
struct doc {
	int line;
	const struct session *session;
	enum section_kind section;
	const char *kind;        /* NULL for a bullet or paragraph */
	int state;               /* 1 open, 2 done, 0 neither */
	const char *owner;
	const struct tag *tags;
	int private;
};

static int doc_passes(const struct reading *r, const struct doc *d)
{
	const struct search_opts *o = r->o;

	if (!team_shows(d->private, o->private))
		return 0;
	if (!date_passes(o, d->session ? d->session->date : -1))
		return 0;
	if (o->section && strcasecmp(o->section, section_name(d->section)))
		return 0;
	if (o->kind && (!d->kind || strcmp(o->kind, d->kind)))
		return 0;
	if ((o->open && d->state != 1) || (o->done && d->state != 2))
		return 0;
	if (o->owner && !owner_passes(r->s, d->owner))
		return 0;
	if (o->tag && !has_tag(d->tags, tag_wanted(o)) && !has_tag(r->p->tags, tag_wanted(o)))
		return 0;
	return 1;
}

/* ---- the person file ---- */

static const struct session *session_at(const struct person *p, int line)
{
	const struct session *s, *found = NULL;
	for (s = p->sessions; s && s->pos.line <= line; s = s->next)
		found = s;
	return found;
}

static enum section_kind section_at(const struct session *s, int line)
{
	const struct section *sec;
	enum section_kind k = SEC_OTHER;
	for (sec = s ? s->sections : NULL; sec && sec->pos.line <= line; sec = sec->next)
		k = sec->kind;
	return k;
}

static void match_doc(struct reading *r, const struct doc *d, const char *text, size_t len,
		      const char *shown, size_t shown_len)
{
	int rc;

	if (!doc_passes(r, d))
		return;
	rc = search_match(r->q, text, len);
	if (rc < 0) {
		error("%s:%d: the pattern hit its match limit; simplify it", r->path, d->line);
		r->failed = 1;
	}
	if (rc <= 0)
		return;
	add_hit(r, r->path, d->line, d->session ? d->session->date : -1,
		section_name(d->section), d->kind, shown, shown_len, d->private);
}

/* "due:" and "escalate:" are the format's keys, not what the item says:
 * a search for "escalating" must not find every ask by its escalate:
 * date.  The keys, found as fields.c finds them, become blanks; the
 * dates stay (they are numbers). */
static void blank_field_keys(char *s, size_t len)
{
	struct field_match m;
	size_t from = 0;

	while (from < len && pattern_next_field(s, len, from, &m) == 1) {
		if (m.kind == FIELD_DUE || m.kind == FIELD_ESCALATE)
			memset(s + m.start, ' ', m.vstart - m.start);
		from = m.vend > m.start ? m.vend : m.start + 1;
	}
}

static void search_items(struct reading *r, const struct session *ss)
{
	struct strbuf sb = STRBUF_INIT;
	const struct item *it;
	int k;

	for (it = ss->items; it; it = it->next) {
		struct doc d = { it->pos.line, ss, it->section, item_kind_name(it->kind),
				 it->done ? 2 : 1, it->owner, it->tags, it->private };
		/* "Done when:" and the other continuation fields are its text too */
		strbuf_reset(&sb);
		strbuf_add(&sb, it->text.s, it->text.len);
		blank_field_keys(sb.buf, sb.len);
		for (k = 0; k < CONT__COUNT; k++)
			if (it->cont[k].s) {
				strbuf_addch(&sb, '\n');
				strbuf_add(&sb, it->cont[k].s, it->cont[k].len);
			}
		match_doc(r, &d, sb.buf, sb.len, it->text.s, it->text.len);
	}
	strbuf_release(&sb);
}

static int is_item_line(const struct session *ss, int line)
{
	const struct item *it;
	const struct blocker *b;
	for (it = ss->items; it; it = it->next)
		if (it->pos.line == line)
			return 1;
	for (b = ss->blockers; b; b = b->next)
		if (b->pos.line == line)
			return 1;
	return 0;
}

static void search_bullets(struct reading *r, const struct session *ss)
{
	const struct blocker *b;
	const struct section *sec;
	const struct bullet *bu;

	for (b = ss->blockers; b; b = b->next) {
		struct doc d = { b->pos.line, ss, SEC_BLOCKERS, "blocker",
				 b->resolved ? 2 : 1, NULL, b->tags, b->private };
		match_doc(r, &d, b->text.s, b->text.len, b->text.s, b->text.len);
	}
	for (sec = ss->sections; sec; sec = sec->next)
		for (bu = sec->bullets; bu; bu = bu->next) {
			struct doc d = { bu->pos.line, ss, sec->kind,
					 sec->kind == SEC_DECISIONS ? "decision" : NULL,
					 0, NULL, NULL, bu->private };
			if (is_item_line(ss, bu->pos.line))
				continue;
			match_doc(r, &d, bu->text.s, bu->text.len, bu->text.s, bu->text.len);
		}
}

/* A paragraph of Notes is a bullet already (markdown.c). */
static int is_bullet_line(const struct session *ss, int line)
{
	const struct section *sec;
	const struct bullet *bu;
	for (sec = ss->sections; sec; sec = sec->next)
		for (bu = sec->bullets; bu; bu = bu->next)
			if (bu->pos.line == line)
				return 1;
	return 0;
}

/* Does this line start a block other than a paragraph? */
static int starts_block(const char *p, const char *eol)
{
	while (p < eol && *p == ' ')
		p++;
	if (p == eol)
		return 1;
	if ((*p == '-' || *p == '*' || *p == '+') && (p + 1 == eol || p[1] == ' ' || p[1] == '\t'))
		return 1;
	if (*p == '#' || *p == '`' || *p == '~' || *p == '|')
		return 1;
	while (p < eol && *p >= '0' && *p <= '9')
		p++;
	return p < eol && (*p == '.' || *p == ')') && p + 1 < eol && p[1] == ' ';
}

/* A session's metadata (Type:, Transcript:) is not a note. */
static int is_meta(const char *p, const char *eol)
{
	size_t n = (size_t)(eol - p);
	return (n >= 5 && !strncmp(p, "Type:", 5)) || (n >= 11 && !strncmp(p, "Transcript:", 11));
}

/*
 * The paragraphs of the sessions (Notes, Feedback, a Growth narrative):
 * text that starts at the margin after a blank line or a heading and
 * runs to the next blank line or block.  List items and what continues
 * them are the items' and bullets'.
 */
static void search_paragraphs(struct reading *r, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *next, *eol;
	const char *start = NULL;
	int line = 1, first = 0, after_break = 1;

	if (!r->p->sessions)
		return;
	for (; p <= end; p = next, line++) {
		int blank, block;
		eol = p < end ? line_end(p, end, &next) : end;
		if (p == end)
			next = end + 1;
		blank = p == eol || strspn(p, " \t") >= (size_t)(eol - p);
		block = !blank && starts_block(p, eol);
		if (start && (blank || block || p == end)) {
			const struct session *ss = session_at(r->p, first);
			struct doc d = { first, ss, section_at(ss, first), NULL, 0, NULL, NULL,
					 person_private_at(r->p, first) };
			if (ss && ss->pos.line < first && !is_bullet_line(ss, first))
				match_doc(r, &d, start, (size_t)(p - start),
					  start, (size_t)(p - start));
			start = NULL;
		}
		if (p == end)
			break;
		if (!start && !blank && !block && after_break && *p != ' ' && *p != '\t' &&
		    !is_meta(p, eol) && line > r->p->sessions->pos.line) {
			start = p;
			first = line;
		}
		after_break = blank || (block && *p == '#');
	}
}

static void search_notes(struct reading *r, const char *buf, size_t len)
{
	const struct session *ss;

	for (ss = r->p->sessions; ss; ss = ss->next) {
		search_items(r, ss);
		search_bullets(r, ss);
	}
	search_paragraphs(r, buf, len);
}

/* ---- transcripts ---- */

struct transcript {
	char *rel;               /* transcripts/HANDLE/NAME.txt */
	struct strbuf buf;
};

/* "[HH:MM:SS] Speaker: text": the speaker and the text. */
static int split_line(const char *p, const char *eol, const char **sp, size_t *splen,
		      const char **text)
{
	const char *q = p, *colon;
	if (q == eol || *q != '[')
		return 0;
	while (q < eol && *q != ']')
		q++;
	if (q + 2 > eol || q[1] != ' ')
		return 0;
	q += 2;
	colon = memchr(q, ':', (size_t)(eol - q));
	if (!colon || colon + 1 >= eol || colon[1] != ' ')
		return 0;
	*sp = q;
	*splen = (size_t)(colon - q);
	*text = colon + 2;
	return 1;
}

static int speaker_passes(const struct search_opts *o, const char *sp, size_t len)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	int ok;

	if (!o->speaker)
		return 1;
	search_fold(sp, len, &a);
	search_fold(o->speaker, strlen(o->speaker), &b);
	ok = a.len == b.len && !memcmp(a.buf, b.buf, a.len);
	strbuf_release(&a);
	strbuf_release(&b);
	return ok;
}

static int in_tref(const struct tref *r, long n)
{
	int i;
	for (i = 0; i < r->nranges; i++)
		if (n >= r->ranges[i].first && n <= r->ranges[i].last)
			return 1;
	return 0;
}

/* The note at `line` (an item, blocker, bullet or paragraph), for a
 * reference shown under a result. */
static void note_text(const struct reading *r, const struct session *ss, int line,
		      const char **t, size_t *len)
{
	const struct item *it;
	const struct blocker *b;
	const struct section *sec;
	const struct bullet *bu;
	long at;

	*t = "";
	*len = 0;
	for (it = ss->items; it; it = it->next)
		if (it->pos.line == line) {
			*t = it->text.s;
			*len = it->text.len;
			return;
		}
	for (b = ss->blockers; b; b = b->next)
		if (b->pos.line == line) {
			*t = b->text.s;
			*len = b->text.len;
			return;
		}
	for (sec = ss->sections; sec; sec = sec->next)
		for (bu = sec->bullets; bu; bu = bu->next)
			if (bu->pos.line == line) {
				*t = bu->text.s;
				*len = bu->text.len;
				return;
			}
	/* a paragraph: its first line */
	at = line_start(r->buf, r->len, line);
	if (at >= 0) {
		const char *next;
		*t = r->buf + at;
		*len = (size_t)(line_end(*t, r->buf + r->len, &next) - *t);
	}
}

/* Reverse provenance: the notes of the session citing transcript line n. */
static void cited_by(struct reading *r, struct search_hit *h, const struct session *ss, long n)
{
	const struct tref *ref;
	int last = 0;

	for (ref = ss->refs; ref; ref = ref->next) {
		const char *t;
		size_t len;
		if (ref->anchor == last || !in_tref(ref, n))
			continue;
		if (!team_shows(person_private_at(r->p, ref->anchor), r->o->private))
			continue;
		last = ref->anchor;
		note_text(r, ss, ref->anchor, &t, &len);
		add_ref(h, r->path, ref->anchor, t, len);
	}
}

static const struct session *session_of(const struct person *p, const char *rel)
{
	const struct session *ss;
	for (ss = p->sessions; ss; ss = ss->next)
		if (ss->transcript && !strcmp(ss->transcript, rel))
			return ss;
	return NULL;
}

/* The date in a transcript's name, YYYY-MM-DD.txt, or -1. */
static int name_date(const char *rel)
{
	const char *base = strrchr(rel, '/');
	int days;
	base = base ? base + 1 : rel;
	if (strlen(base) < 10 || date_parse(base, 10, &days) != DATE_OK)
		return -1;
	return days;
}

static void search_transcript(struct reading *r, const struct transcript *tr)
{
	const struct session *ss = session_of(r->p, tr->rel);
	const char *p = tr->buf.buf, *end = p + tr->buf.len, *next, *eol;
	int date = ss ? ss->date : name_date(tr->rel);
	long n = 1;

	if (!date_passes(r->o, date))
		return;
	if (r->o->tag && !has_tag(r->p->tags, tag_wanted(r->o)))
		return;
	for (; p < end; p = next, n++) {
		const char *sp, *text;
		size_t splen;
		struct search_hit *h;
		int rc;
		eol = line_end(p, end, &next);
		if (!split_line(p, eol, &sp, &splen, &text)) {
			sp = "";
			splen = 0;
			text = p;
		}
		if (!speaker_passes(r->o, sp, splen))
			continue;
		rc = search_match(r->q, text, (size_t)(eol - text));
		if (rc < 0) {
			error("%s:%ld: the pattern hit its match limit; simplify it", tr->rel, n);
			r->failed = 1;
		}
		if (rc <= 0)
			continue;
		h = add_hit(r, tr->rel, (int)n, date, "transcript", NULL, p, (size_t)(eol - p), 0);
		if (ss)
			cited_by(r, h, ss, n);
	}
}

/* The transcript lines cited by the note at h->line (-v). */
static void cites(struct reading *r, struct search_hit *h, const struct session *ss)
{
	struct strbuf buf = STRBUF_INIT;
	const struct tref *ref;
	const char *p, *end, *next, *eol;
	char *path;
	long n = 1;
	int rc;

	if (!ss || !ss->transcript)
		return;
	for (ref = ss->refs; ref; ref = ref->next)
		if (ref->anchor == h->line)
			break;
	if (!ref)
		return;
	if (repo_check_path(r->s->t->root, ss->transcript, REPO_READ)) {
		r->failed = 1;
		return;
	}
	path = path_join(r->s->t->root, ss->transcript);
	rc = strbuf_read_file(&buf, path, 64 * 1024 * 1024);
	free(path);
	if (rc) {
		strbuf_release(&buf);
		return;    /* lint's transcript rules say why */
	}
	h->refs_cite = 1;
	p = buf.buf;
	end = p + buf.len;
	for (; p < end; p = next, n++) {
		const struct tref *q;
		eol = line_end(p, end, &next);
		for (q = ss->refs; q; q = q->next)
			if (q->anchor == h->line && in_tref(q, n)) {
				add_ref(h, ss->transcript, (int)n, p, (size_t)(eol - p));
				break;
			}
	}
	strbuf_release(&buf);
}

static void add_cites(struct reading *r)
{
	size_t i;
	for (i = 0; i < r->nhits; i++) {
		struct search_hit *h = &r->hits[i];
		if (strcmp(h->section, "transcript"))
			cites(r, h, session_at(r->p, h->line));
	}
}

/* Read the transcripts of HANDLE (its folder under transcripts/) that may
 * match into v. */
static void read_transcripts(struct reading *r, const char *handle,
			     struct transcript **v, size_t *n, size_t *alloc)
{
	const struct search *s = r->s;
	struct strbuf dir = STRBUF_INIT, rel = STRBUF_INIT;
	struct dirent *de;
	DIR *d;

	strbuf_addf(&rel, "transcripts/%s", handle);
	if (repo_reach(s->t->repo.real_root, rel.buf) != REPO_DIRECT)
		goto done;     /* a linked folder: each file is checked below anyway */
	strbuf_addf(&dir, "%s/%s", s->t->root, rel.buf);
	d = opendir(dir.buf);
	if (!d)
		goto done;
	while ((de = readdir(d))) {
		size_t nl = strlen(de->d_name);
		struct transcript *tr;
		char *path;
		if (nl < 5 || strcmp(de->d_name + nl - 4, ".txt") || de->d_name[0] == '.')
			continue;
		strbuf_reset(&rel);
		strbuf_addf(&rel, "transcripts/%s/%s", handle, de->d_name);
		if (repo_check_path(s->t->root, rel.buf, REPO_READ)) {
			r->failed = 1;
			continue;
		}
		ALLOC_GROW(*v, *n + 1, *alloc);
		tr = &(*v)[*n];
		strbuf_init(&tr->buf, 0);
		path = path_join(s->t->root, rel.buf);
		if (strbuf_read_file(&tr->buf, path, 64 * 1024 * 1024)) {
			error("cannot read %s: %s", path, strerror(errno));
			r->failed = 1;
			strbuf_release(&tr->buf);
			free(path);
			continue;
		}
		free(path);
		search_count(r->q, tr->buf.buf, tr->buf.len);
		if (!r->q->re && !search_may_match_raw(r->q, tr->buf.buf, tr->buf.len)) {
			strbuf_release(&tr->buf);
			continue;
		}
		tr->rel = xstrdup(rel.buf);
		(*n)++;
	}
	closedir(d);
done:
	strbuf_release(&dir);
	strbuf_release(&rel);
}

/* Parse the person file; its findings go to r->msgs when it cannot be read. */
static struct person *parse_quietly(struct reading *r, const struct person_file *f,
				    const char *buf, size_t len)
{
	struct diag_list d;
	struct diag_printer pr;
	struct person *p;
	char *mem = NULL;
	size_t size = 0;
	FILE *out;

	diag_list_init(&d, NULL);
	p = person_parse(f->handle, buf, len, &d);
	if (p->unreadable) {
		diag_sort(&d);
		out = open_memstream(&mem, &size);
		if (!out)
			die("out of memory");
		diag_printer_init(&pr, out, DIAG_TEXT, 0);
		diag_print(&pr, f->path, &d);
		fclose(out);
		strbuf_add(&r->msgs, mem, size);
		free(mem);
		person_free(p);
		p = NULL;
	}
	diag_list_release(&d);
	return p;
}

static void set_who(struct reading *r, const struct person *p)
{
	r->has_who = 1;
	r->who.handle = xstrdup(p->handle);
	r->who.name = p->name ? xstrdup(p->name) : NULL;
	r->who.lifecycle = p->lifecycle ? xstrdup(p->lifecycle) : NULL;
	r->who.best = -1;
}

/* Everything that answers in the i-th person's file and transcripts. */
static void read_person(struct reading *r, size_t i)
{
	const struct search_opts *o = r->o;
	struct person_file *f = &r->s->t->repo.files[i];
	struct strbuf buf = STRBUF_INIT, reduced = STRBUF_INIT;
	struct strbuf *text = &buf;
	const char **rels = NULL;
	struct transcript *tv = NULL;
	size_t ntv = 0, tv_alloc = 0, k;
	int notes = !o->transcripts && !o->speaker, may = 0;
	char *people = NULL;

	if (!f->valid_handle || f->symlink_outside || f->dangling)
		return;
	if (o->person && strcmp(o->person, f->handle))
		return;
	if (!f->path) {
		people = path_join(r->s->t->root, "people");
		f->path = path_join(people, f->name);
	}
	if (strbuf_read_file(&buf, f->path, 16 * 1024 * 1024)) {
		error("cannot read %s: %s", f->path, strerror(errno));
		r->failed = 1;
		goto done;
	}
	if (notes) {
		search_count(r->q, buf.buf, buf.len);
		may = r->q->re || search_may_match_raw(r->q, buf.buf, buf.len);
	}
	if (!o->notes && !o->kind && !o->section && !o->open && !o->done && !o->owner)
		read_transcripts(r, f->handle, &tv, &ntv, &tv_alloc);
	if (!may && !ntv)
		goto done;
	/* Only the sessions that may match, or that cite a transcript that
	 * may, are parsed: the rest cannot hold a document that answers, and
	 * parsing is most of the cost. */
	rels = xcalloc(ntv + 1, sizeof(*rels));
	for (k = 0; k < ntv; k++)
		rels[k] = tv[k].rel;
	if (!search_reduce(r->q, may, buf.buf, buf.len, rels, ntv, &reduced))
		text = &reduced;
	r->path = f->path;
	r->buf = text->buf;
	r->len = text->len;
	r->p = parse_quietly(r, f, text->buf, text->len);
	if (!r->p) {
		r->failed = 1;
		goto done;
	}
	set_who(r, r->p);
	if (may)
		search_notes(r, text->buf, text->len);
	if (o->verbose)
		add_cites(r);
	for (k = 0; k < ntv; k++)
		search_transcript(r, &tv[k]);
done:
	for (k = 0; k < ntv; k++) {
		free(tv[k].rel);
		strbuf_release(&tv[k].buf);
	}
	free(tv);
	free(rels);
	person_free(r->p);
	r->p = NULL;
	free(people);
	strbuf_release(&buf);
	strbuf_release(&reduced);
}

static void *read_work(void *data, size_t i)
{
	struct search *s = data;
	struct reading *r = xcalloc(1, sizeof(*r));
	size_t k;

	r->s = s;
	r->o = s->o;
	strbuf_init(&r->msgs, 0);
	r->q = pool_take(s->pool);
	error_capture(&r->msgs);
	read_person(r, i);
	error_capture(NULL);
	r->ndocs = r->q->ndocs;
	r->total_len = r->q->total_len;
	r->df = xcalloc(r->q->nterms + 1, sizeof(*r->df));
	for (k = 0; k < r->q->nterms; k++)
		r->df[k] = r->q->terms[k].df;
	pool_give(s->pool, r->q);
	r->q = NULL;
	return r;
}

static void drop_reading(void *data, void *result)
{
	struct reading *r = result;
	size_t i;
	(void)data;
	for (i = 0; i < r->nhits; i++)
		free_hit(&r->hits[i]);
	free(r->hits);
	free(r->who.handle);
	free(r->who.name);
	free(r->who.lifecycle);
	strbuf_release(&r->msgs);
	free(r->df);
	free(r);
}

/* Take one person's result: print its messages, count its documents and
 * keep its hits, in people/ order. */
static void take_reading(struct search *s, struct reading *r)
{
	size_t i, who = s->npeople;

	if (r->msgs.len) {
		fflush(stdout);
		fwrite(r->msgs.buf, 1, r->msgs.len, stderr);
	}
	if (r->failed)
		s->failed = 1;
	s->q.ndocs += r->ndocs;
	s->q.total_len += r->total_len;
	for (i = 0; i < s->q.nterms; i++)
		s->q.terms[i].df += r->df[i];
	if (r->has_who) {
		ALLOC_GROW(s->people, s->npeople + 1, s->people_alloc);
		s->people[s->npeople++] = r->who;
		memset(&r->who, 0, sizeof(r->who));
	}
	ALLOC_GROW(s->hits, s->nhits + r->nhits, s->hits_alloc);
	for (i = 0; i < r->nhits; i++) {
		r->hits[i].person = who;
		s->hits[s->nhits++] = r->hits[i];
	}
	r->nhits = 0;
	drop_reading(NULL, r);
}

static int read_team(struct search *s)
{
	struct parallel *par;
	int jobs = parallel_jobs(0);
	size_t i, n = s->t->repo.nfiles;

	if (jobs < 0)
		return -1;
	s->pool = xcalloc(1, sizeof(*s->pool));
	pthread_mutex_init(&s->pool->lock, NULL);
	s->pool->text = s->text;
	s->pool->regex = s->regex;
	par = parallel_start(n, jobs, read_work, drop_reading, s);
	for (i = 0; i < n; i++)
		take_reading(s, parallel_next(par));
	parallel_finish(par);
	return 0;
}

/* ---- history ---- */

static size_t who_of(struct search *s, const char *handle)
{
	struct strbuf buf = STRBUF_INIT, rel = STRBUF_INIT;
	struct person *p = NULL;
	struct search_who *w;
	char *path;
	size_t i;

	for (i = 0; i < s->npeople; i++)
		if (!strcmp(s->people[i].handle, handle))
			return i;
	/* An old text of someone whose file no longer has the words: the
	 * name, for the heading, from the file as it is now. */
	strbuf_addf(&rel, "people/%s.md", handle);
	path = path_join(s->t->root, rel.buf);
	if (repo_has_person(&s->t->repo, handle) &&
	    !repo_check_path(s->t->root, rel.buf, REPO_READ) &&
	    !strbuf_read_file(&buf, path, 16 * 1024 * 1024))
		p = person_parse(handle, buf.buf, buf.len, NULL);
	ALLOC_GROW(s->people, s->npeople + 1, s->people_alloc);
	w = &s->people[s->npeople];
	memset(w, 0, sizeof(*w));
	w->handle = xstrdup(handle);
	w->name = p && p->name ? xstrdup(p->name) : NULL;
	w->lifecycle = p && p->lifecycle ? xstrdup(p->lifecycle) : NULL;
	w->best = -1;
	person_free(p);
	free(path);
	strbuf_release(&buf);
	strbuf_release(&rel);
	return s->npeople++;
}

static void history_hit(struct search *s, struct history *h, const struct hist_item *it,
			const char *text, int commit, const char *change)
{
	const struct search_opts *o = s->o;
	struct search_hit *hit;
	size_t who;
	int rc;

	if (!team_shows(it->private, o->private) || o->transcripts || o->speaker)
		return;
	if (!date_passes(o, it->session) || (o->kind && strcmp(o->kind, item_kind_name(it->kind))))
		return;
	if ((o->open && it->done) || (o->done && !it->done) || o->section || o->tag)
		return;
	if (o->owner && !owner_passes(s, it->owner))
		return;
	/* an old text is one more document of the collection */
	if (!s->q.re) {
		s->q.ndocs++;
		s->q.total_len += (double)count_words(text, strlen(text));
	}
	rc = search_match(&s->q, text, strlen(text));
	if (rc <= 0)
		return;
	who = who_of(s, it->handle);
	hit = push_hit(&s->hits, &s->nhits, &s->hits_alloc, &s->q, it->path, it->line,
		       it->session, "", item_kind_name(it->kind), text, strlen(text),
		       it->private);
	hit->person = who;
	memcpy(hit->commit, h->commits[commit].id, 41);
	hit->change = change;
}

static int search_history(struct search *s)
{
	struct history_opts ho = { NULL, 0 };
	struct history h;
	struct gitstore *g = NULL;
	struct strbuf only = STRBUF_INIT;
	size_t i;
	int rc = -1;

	memset(&h, 0, sizeof(h));
	if (gitstore_open(&g, s->t->root))
		goto done;
	if (s->o->person) {
		strbuf_addf(&only, "people/%s.md", s->o->person);
		ho.only_path = only.buf;
	}
	if (history_load(g, &ho, &h))
		goto done;
	for (i = 0; i < h.nevents; i++) {
		const struct hist_event *e = &h.events[i];
		const struct hist_item *it = &h.items[e->item];
		if (e->kind == EV_EDITED && e->old_text)
			history_hit(s, &h, it, e->old_text, e->commit, "edited");
		else if (e->kind == EV_DELETED)
			history_hit(s, &h, it, it->text, e->commit, "deleted");
	}
	rc = 0;
done:
	history_release(&h);
	gitstore_free(g);
	strbuf_release(&only);
	return rc;
}

/* ---- lifecycle, as of each session ---- */

struct stage {
	size_t who;
	int day;
	char *lifecycle;
};

struct stages {
	struct search *s;
	struct gitstore *g;
	struct stage *v;
	size_t n, alloc;
};

static int wanted_path(struct search *s, const char *path, size_t *who)
{
	size_t i, n;
	if (strncmp(path, "people/", 7))
		return 0;
	n = strlen(path + 7);
	if (n < 4 || strcmp(path + 7 + n - 3, ".md"))
		return 0;
	for (i = 0; i < s->npeople; i++)
		if (strlen(s->people[i].handle) == n - 3 &&
		    !strncmp(s->people[i].handle, path + 7, n - 3)) {
			*who = i;
			return 1;
		}
	return 0;
}

static int on_change(void *data, const struct gitstore_commit *c, const char *const *paths,
		     const char *const *blobs, size_t n)
{
	struct stages *st = data;
	size_t i, who;

	for (i = 0; i < n; i++) {
		struct strbuf buf = STRBUF_INIT;
		struct person *p;
		struct stage *e;
		if (!*blobs[i] || !wanted_path(st->s, paths[i], &who))
			continue;
		if (gitstore_read_blob(st->g, blobs[i], &buf)) {
			strbuf_release(&buf);
			return -1;
		}
		p = person_parse(st->s->people[who].handle, buf.buf, buf.len, NULL);
		ALLOC_GROW(st->v, st->n + 1, st->alloc);
		e = &st->v[st->n++];
		e->who = who;
		e->day = date_from_ymd(1970, 1, 1) +
			 (int)((c->time + (long long)c->offset * 60) / 86400);
		e->lifecycle = p->lifecycle ? xstrdup(p->lifecycle) : NULL;
		person_free(p);
		strbuf_release(&buf);
	}
	return 0;
}

/* The person's lifecycle on `day`: as the last commit on or before that
 * day left it, else as the first commit had it, else as the file has it. */
static const char *lifecycle_on(const struct stages *st, const struct search_who *w,
				size_t who, int day)
{
	const struct stage *found = NULL, *first = NULL;
	size_t i;

	if (day < 0)
		return w->lifecycle;
	for (i = 0; i < st->n; i++) {
		if (st->v[i].who != who)
			continue;
		if (!first)
			first = &st->v[i];
		if (st->v[i].day <= day)
			found = &st->v[i];
	}
	if (!found)
		found = first;
	return found ? found->lifecycle : w->lifecycle;
}

static int filter_lifecycle(struct search *s)
{
	struct stages st = { s, NULL, NULL, 0, 0 };
	size_t i, kept = 0;
	int rc = -1;

	if (!s->nhits)
		return 0;
	if (gitstore_find(&st.g, s->t->root) < 0)
		goto done;
	if (st.g && gitstore_walk_changes(st.g, "people/", on_change, &st) < 0)
		goto done;
	for (i = 0; i < s->nhits; i++) {
		struct search_hit *h = &s->hits[i];
		const char *l = lifecycle_on(&st, &s->people[h->person], h->person, h->date);
		if (l && !strcmp(l, s->o->lifecycle))
			s->hits[kept++] = *h;
		else
			free_hit(h);
	}
	s->nhits = kept;
	rc = 0;
done:
	for (i = 0; i < st.n; i++)
		free(st.v[i].lifecycle);
	free(st.v);
	gitstore_free(st.g);
	return rc;
}

/* ---- ranking ---- */

static const struct search *sorting;

static int by_rank(const void *va, const void *vb)
{
	const struct search_hit *a = va, *b = vb;
	double pa = sorting->people[a->person].best, pb = sorting->people[b->person].best;
	int c;

	if (pa != pb)
		return pa > pb ? -1 : 1;
	if (a->person != b->person)
		return a->person < b->person ? -1 : 1;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->date != b->date)
		return a->date > b->date ? -1 : 1;
	c = strcmp(a->file, b->file);
	if (c)
		return c;
	return a->line - b->line;
}

static void rank(struct search *s)
{
	size_t i;
	for (i = 0; i < s->nhits; i++) {
		struct search_hit *h = &s->hits[i];
		struct search_who *w = &s->people[h->person];
		h->score = s->q.re ? 0 : search_score(&s->q, h->tf, h->dl);
		if (h->score > w->best)
			w->best = h->score;
	}
	sorting = s;
	if (s->nhits)
		qsort(s->hits, s->nhits, sizeof(*s->hits), by_rank);
}

int search_run(struct search *s, struct team *t, const struct search_opts *o,
	       const char *text, int regex)
{
	memset(s, 0, sizeof(*s));
	s->t = t;
	s->o = o;
	s->text = text;
	s->regex = regex;
	if (search_query_init(&s->q, text, regex))
		return -1;
	if (read_team(s))
		return -1;
	if (o->history && search_history(s))
		return -1;
	if (o->lifecycle && filter_lifecycle(s))
		return -1;
	rank(s);
	return 0;
}

void search_release(struct search *s)
{
	size_t i;
	for (i = 0; i < s->nhits; i++)
		free_hit(&s->hits[i]);
	free(s->hits);
	for (i = 0; i < s->npeople; i++) {
		free(s->people[i].handle);
		free(s->people[i].name);
		free(s->people[i].lifecycle);
	}
	free(s->people);
	search_query_release(&s->q);
	pool_free(s->pool);
	memset(s, 0, sizeof(*s));
}
