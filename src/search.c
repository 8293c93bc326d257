/*
 * search.c - query, match and rank for thread search (search.h).
 */
#include "search.h"
#include "lines.h"
#include "pattern.h"
#include "stem.h"
#include "util.h"

#include <math.h>
#include <string.h>

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

void search_fold(const char *s, size_t len, struct strbuf *out)
{
	const unsigned char *in = (const unsigned char *)s;
	char *o;
	size_t i = 0;

	/* No fold is longer than what it folds ("ß", two bytes, is "ss"),
	 * so the output fits in len bytes: write them directly. */
	strbuf_grow(out, len);
	o = out->buf + out->len;
	while (i < len) {
		unsigned char c = in[i];
		if (c < 0x80) {
			*o++ = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			i++;
			continue;
		}
		if (c >= 0xC3 && c <= 0xC5 && i + 1 < len && (in[i + 1] & 0xC0) == 0x80) {
			unsigned cp = ((c & 0x1Fu) << 6) | (in[i + 1] & 0x3Fu);
			char f = cp >= 0xC0 && cp - 0xC0 < sizeof(latin) - 1 ? latin[cp - 0xC0] : 0;
			if (f >= 'a') {
				*o++ = f;
				i += 2;
				continue;
			}
			if (f) {
				memcpy(o, latin_multi[(int)f], 2);
				o += 2;
				i += 2;
				continue;
			}
		}
		*o++ = (char)c;
		i++;
	}
	strbuf_setlen(out, (size_t)(o - out->buf));
}

static int word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
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
	memset(q, 0, sizeof(*q));
}

int search_may_match(const struct search_query *q, const char *folded, size_t len)
{
	size_t i;

	for (i = 0; i < q->nterms; i++)
		if (!memmem(folded, len, q->terms[i].stem, q->terms[i].prefix))
			return 0;
	return 1;
}

/* Might the folded document hold one of the words?  If not, it need not
 * be stemmed: it matches nothing and counts towards no word's df. */
static int any_prefix(const struct search_query *q)
{
	size_t i;
	for (i = 0; i < q->nterms; i++)
		if (memmem(q->fold.buf, q->fold.len, q->terms[i].stem, q->terms[i].prefix))
			return 1;
	return 0;
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

	q->ndocs++;
	if (q->re) {
		int rc = pattern_user_match(q->re, s, len);
		q->dl = 1;
		q->total_len += 1;
		return rc;
	}
	strbuf_reset(&q->fold);
	search_fold(s, len, &q->fold);
	memset(q->tf, 0, (q->nterms + 1) * sizeof(*q->tf));
	if (q->nterms && !any_prefix(q)) {
		/* none of the words can be here: its length is all we need */
		while (next_word(q->fold.buf, q->fold.len, &at, &b, &wl))
			n++;
		q->total_len += (double)n;
		return 0;
	}
	while (next_word(q->fold.buf, q->fold.len, &at, &b, &wl)) {
		size_t sl;
		const char *st = stem_word(q->stemmer, q->fold.buf + b, wl, &sl);
		long t = find_term(q->terms, q->nterms, st, sl);
		if (find_term(q->not, q->nnot, st, sl) >= 0)
			excluded = 1;
		ALLOC_GROW(q->seq, n + 1, q->seq_alloc);
		q->seq[n++] = (int)t;
		if (t >= 0)
			q->tf[t]++;
	}
	q->dl = n;
	q->total_len += (double)n;
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

/* Copy buf[from, to) to out, whole when keep, else its line endings only. */
static void add_chunk(struct strbuf *out, const char *from, const char *to, int keep)
{
	const char *p, *next, *eol;

	if (keep) {
		strbuf_add(out, from, (size_t)(to - from));
		return;
	}
	for (p = from; p < to; p = next) {
		eol = line_end(p, to, &next);
		strbuf_add(out, eol, (size_t)(next - eol));
	}
}

struct reduce {
	const struct search_query *q;
	int notes;
	const char *const *cites;
	size_t n;
	struct strbuf fold;
};

static int keep_chunk(struct reduce *r, const char *from, const char *to)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (memmem(from, (size_t)(to - from), r->cites[i], strlen(r->cites[i])))
			return 1;
	if (!r->notes)
		return 0;
	strbuf_reset(&r->fold);
	search_fold(from, (size_t)(to - from), &r->fold);
	return search_may_match(r->q, r->fold.buf, r->fold.len);
}

int search_reduce(const struct search_query *q, int notes, const char *buf,
		  size_t len, const char *const *cites, size_t n, struct strbuf *out)
{
	struct reduce r = { q, notes, cites, n, STRBUF_INIT };
	const char *end = buf + len, *body = body_of(buf, end), *p, *next, *eol;
	const char *chunk = NULL;
	int after_text = 0;

	if (q->re)
		return 1;
	for (p = body; p < end; p = next) {
		eol = line_end(p, end, &next);
		if (unsafe_line(p, eol, after_text))
			return 1;
		after_text = !is_blank_line(p, eol) && *p != '#';
	}
	strbuf_reset(out);
	for (p = body; p < end; p = next) {
		eol = line_end(p, end, &next);
		if (!is_top_heading(p, eol))
			continue;
		if (!chunk)
			add_chunk(out, buf, p, 1);        /* front matter and title */
		else
			add_chunk(out, chunk, p, keep_chunk(&r, chunk, p));
		chunk = p;
	}
	if (!chunk)
		add_chunk(out, buf, end, 1);
	else
		add_chunk(out, chunk, end, keep_chunk(&r, chunk, end));
	strbuf_release(&r.fold);
	return 0;
}
