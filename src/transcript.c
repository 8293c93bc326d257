#include "transcript.h"
#include "json.h"
#include "person.h"
#include "util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Speakers are names, not sentences; longer "names" are prose. */
enum { SPEAKER_MAX = 60 };

/* The largest start time accepted from JSON: a million hours. */
#define MAX_SECONDS 3600000000.0

static const char vtt_timing_example[] = "00:00:01.000 --> 00:00:04.000";
static const char srt_timing_example[] = "00:00:01,000 --> 00:00:04,000";

/*
 * A cue as the file gives it (a WebVTT or SubRip cue, a JSON segment, an
 * utterance of plain text), before speakers are settled and word-level
 * cues merged.  Strings live in the importer's arena.
 */
struct cue {
	long long start, end;       /* milliseconds; end -1: not known */
	int line;                   /* where it came from, for messages */
	const char *voice;          /* the speaker the file names, or NULL */
	const char *text;           /* normalised words, markup removed */
	int json;                   /* a JSON segment: no voice is Unknown */
	const char *speaker;        /* settled: the name written */
	int continued;              /* settled: voice taken from the cue before */
};

struct importer {
	const char *name;
	struct transcript_error *err;
	struct arena arena;
	struct cue *cues;
	size_t nr, alloc;
	int prefixes;               /* "Name: " is a speaker (plain text) */
	long long last_start;       /* of the line written last, in ms */
};

/* One line of the input, without its LF or CRLF. */
struct line {
	const char *s;
	size_t len;
	int no;
};

struct reader {
	const char *p, *end;
	int no;                     /* number of the last line read */
};

/* Record a problem on `line` (the caller prints the file name and line)
 * and go on, so that one run names every bad line. */
__attribute__((format(printf, 3, 4)))
static int fail(struct importer *im, int line, const char *fmt, ...)
{
	struct transcript_error *e = im->err;
	va_list ap;

	if (e->nr < TRANSCRIPT_MAX_ERRORS) {
		struct transcript_problem *pr = &e->v[e->nr];
		va_start(ap, fmt);
		vsnprintf(pr->message, sizeof(pr->message), fmt, ap);
		va_end(ap);
		pr->line = line;
		if (!e->nr) {
			e->line = line;
			memcpy(e->message, pr->message, sizeof(e->message));
		}
	}
	e->nr++;
	return -1;
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		c == '\v' || c == '\f';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int read_line(struct reader *r, struct line *l)
{
	const char *nl;

	if (r->p >= r->end)
		return 0;
	nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
	l->s = r->p;
	l->len = (size_t)((nl ? nl : r->end) - r->p);
	if (l->len && l->s[l->len - 1] == '\r')
		l->len--;
	l->no = ++r->no;
	r->p = nl ? nl + 1 : r->end;
	return 1;
}

static void trim(struct line *l)
{
	while (l->len && is_ws(l->s[0])) {
		l->s++;
		l->len--;
	}
	while (l->len && is_ws(l->s[l->len - 1]))
		l->len--;
}

static int is_blank(const struct line *l)
{
	size_t i;
	for (i = 0; i < l->len; i++)
		if (!is_ws(l->s[i]))
			return 0;
	return 1;
}

/* The next non-blank line: where a block (cue, note, subtitle) starts. */
static int next_block(struct reader *r, struct line *l)
{
	while (read_line(r, l))
		if (!is_blank(l))
			return 1;
	return 0;
}

static int has_arrow(const struct line *l)
{
	return l->len >= 3 && memmem(l->s, l->len, "-->", 3) != NULL;
}

/* Does the line start with `word` followed by whitespace or its end? */
static int starts_with_word(const struct line *l, const char *word)
{
	size_t n = strlen(word);
	return l->len >= n && !memcmp(l->s, word, n) &&
		(l->len == n || l->s[n] == ' ' || l->s[n] == '\t');
}

/* Append the words of s to sb, one space between words (also between
 * what sb held and the first word): whitespace normalisation. */
static void add_words(struct strbuf *sb, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t start;
		while (i < len && is_ws(s[i]))
			i++;
		if (i == len)
			break;
		for (start = i; i < len && !is_ws(s[i]); i++)
			;
		if (sb->len)
			strbuf_addch(sb, ' ');
		strbuf_add(sb, s + start, i - start);
	}
}

/* Characters (not bytes) in valid UTF-8. */
static size_t utf8_chars(const char *s, size_t len)
{
	size_t i, n = 0;
	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

/* A whitespace-normalised speaker name fit for a canonical line: 1-60
 * characters and no ':', which would end the name early. */
static int speaker_ok(const char *s, size_t len)
{
	return len && !memchr(s, ':', len) && utf8_chars(s, len) <= SPEAKER_MAX;
}

static int is_hex(char c)
{
	return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/*
 * A voice that is an id, not a name: unfit for a canonical line (legacy
 * Teams writes <v 68f0e9b4-d6de-...@72f988bf-...>, 70+ characters), or a
 * GUID: eight hex digits and a '-'.
 */
static int is_id(const char *s, size_t len)
{
	size_t i;

	if (!speaker_ok(s, len))
		return 1;
	for (i = 0; i < 8 && i < len; i++)
		if (!is_hex(s[i]))
			return 0;
	return len > 8 && s[8] == '-';
}

/* Lowercase words inside names: "Maria de la Cruz", "Ludwig van Beethoven". */
static int is_particle(const char *w, size_t n)
{
	static const char *const words[] = { "de", "da", "di", "du", "del", "der",
		"den", "la", "le", "van", "von", "bin", "al", "y", "dos", "das" };
	size_t i;
	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (strlen(words[i]) == n && !memcmp(words[i], w, n))
			return 1;
	return 0;
}

/*
 * Does a "Name:" prefix look like a name rather than the start of a
 * sentence ("Next steps", "So the action items are")?  One to five words,
 * each starting with a capital, a digit (Speaker 2), a bracket, '@' or a
 * non-ASCII letter, or a particle after the first word.
 */
static int name_like(const char *s, size_t len)
{
	size_t i = 0;
	int words = 0;

	while (i < len) {
		size_t start = i;
		unsigned char c = (unsigned char)s[i];
		while (i < len && s[i] != ' ')
			i++;
		if (!((c >= 'A' && c <= 'Z') || c >= 0x80 || is_digit((char)c) ||
		      c == '(' || c == '[' || c == '@' ||
		      (words && is_particle(s + start, i - start))))
			return 0;
		if (++words > 5)
			return 0;
		while (i < len && s[i] == ' ')
			i++;
	}
	return words > 0;
}

/*
 * A "Speaker: text" line: the ':' is followed by whitespace or the end, so
 * "https://..." is no speaker.  As people write them (need_letter), the
 * speaker also starts with a letter (any non-ASCII character counts as
 * one), so "12:30: lunch" is no speaker either; after a [HH:MM:SS] stamp
 * any name fit for a canonical line is taken, so that a canonical file
 * imports as itself.  Returns the offset of the text after the ':', or 0.
 */
static size_t speaker_prefix(const char *s, size_t len, int need_letter,
			     size_t *spk_len)
{
	const char *colon = memchr(s, ':', len);
	unsigned char c = len ? (unsigned char)s[0] : 0;
	size_t n, after;

	if (!colon || (need_letter && c < 0x80 &&
		       ((c | 0x20) < 'a' || (c | 0x20) > 'z')))
		return 0;
	after = (size_t)(colon - s) + 1;
	if (after < len && !is_ws(s[after]))
		return 0;
	for (n = after - 1; n && is_ws(s[n - 1]); n--)
		;
	if (!speaker_ok(s, n))
		return 0;
	*spk_len = n;
	return after;
}

/* Milliseconds of a time's fields. */
static long long ms_of(const long long *f, int n, long long frac)
{
	long long secs = n == 3 ? f[0] * 3600 + f[1] * 60 + f[2] : f[0] * 60 + f[1];
	return secs * 1000 + frac;
}

/*
 * A time at *pp: [H:]M:S with an optional fraction after one of `seps`,
 * hours of 1-9 digits, minutes and seconds of 1-2 (Teams writes 0:0:1.5)
 * and below 60.  SubRip requires the hours; a time without a fraction
 * (00:00:01) is taken in every format.  Sets *ms to milliseconds.
 */
static int parse_time(const char **pp, const char *end, const char *seps,
		      int need_hours, long long *ms)
{
	const char *p = *pp;
	long long f[3], frac = 0;
	int n = 0, i;

	for (;;) {
		const char *d = p;
		for (f[n] = 0; p < end && is_digit(*p) && p - d < 9; p++)
			f[n] = f[n] * 10 + (*p - '0');
		if (p == d || (p < end && is_digit(*p)) || (n && p - d > 2))
			return -1;
		if (++n == 3 || p == end || *p != ':')
			break;
		p++;
	}
	if (n < 2 || (need_hours && n < 3))
		return -1;
	for (i = n - 2; i < n; i++)
		if (f[i] > 59)
			return -1;
	if (n == 2 && p - *pp > 5)
		return -1;         /* minutes of 1-2 digits without hours */
	if (p < end && *p && strchr(seps, *p)) {
		const char *d = ++p;
		int scale = 100;
		for (; p < end && is_digit(*p); p++, scale /= 10)
			frac += (*p - '0') * scale;
		if (p == d)
			return -1;
	}
	*ms = ms_of(f, n, frac);
	*pp = p;
	return 0;
}

/* "START --> END" and optional settings after whitespace. */
static int parse_timing(const struct line *l, const char *seps, int need_hours,
			long long *start, long long *stop)
{
	const char *p = l->s, *end = l->s + l->len;

	if (parse_time(&p, end, seps, need_hours, start))
		return -1;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (end - p < 3 || memcmp(p, "-->", 3))
		return -1;
	for (p += 3; p < end && (*p == ' ' || *p == '\t'); p++)
		;
	if (parse_time(&p, end, seps, need_hours, stop))
		return -1;
	return p == end || *p == ' ' || *p == '\t' ? 0 : -1;
}

static void add_time(struct strbuf *sb, long long ms)
{
	long long secs = ms / 1000;
	strbuf_addf(sb, "[%02lld:%02lld:%02lld] ", secs / 3600,
		    secs / 60 % 60, secs % 60);
}

/* A C0 or C1 control character (or DEL) in a text, or 0: the code point
 * with 0x100 added, so that U+0000 is not 0. */
static int control_in(const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return c | 0x100;
		if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f)
			return (unsigned char)s[i + 1] | 0x100;
	}
	return 0;
}

/* s, whitespace-normalised, in the importer's arena; NULL when blank. */
static const char *words_of(struct importer *im, const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	const char *r = NULL;

	add_words(&sb, s, len);
	if (sb.len)
		r = arena_strndup(&im->arena, sb.buf, sb.len);
	strbuf_release(&sb);
	return r;
}

/*
 * Keep one cue: `voice` (may be NULL) and `text` raw, normalised here.  A
 * cue with no words is kept for its voice only.  A voice of any form is
 * taken, but not one holding a control character.
 */
static int add_cue(struct importer *im, long long start, long long end,
		   int line, const char *voice, size_t vlen, const char *text,
		   size_t tlen, int json)
{
	struct cue *c;
	const char *v = voice ? words_of(im, voice, vlen) : NULL;
	int ctl;

	if (v && (ctl = control_in(v, strlen(v))))
		return fail(im, line, "unexpected control character U+%04X in the speaker name",
			    ctl & 0xff);
	ALLOC_GROW(im->cues, im->nr + 1, im->alloc);
	c = &im->cues[im->nr++];
	memset(c, 0, sizeof(*c));
	c->start = start;
	c->end = end;
	c->line = line;
	c->voice = v;
	c->text = words_of(im, text, tlen);
	c->json = json;
	return 0;
}

/* ---- names counted: how often a "Name:" prefix is used ---- */

struct tally {
	const char *s;
	size_t len;
	size_t first;               /* the index of the first cue using it */
	int count;
	const char *name;           /* the speaker map's name for it, or NULL */
	int number;                 /* an id's N in "Speaker N", else 0 */
};

struct tallies {
	struct tally *v;
	size_t nr, alloc;
};

static int cmp_tally(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);
	if (c || x->len != y->len)
		return c ? c : x->len < y->len ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first;
}

static void tally_add(struct tallies *t, const char *s, size_t len, size_t first)
{
	ALLOC_GROW(t->v, t->nr + 1, t->alloc);
	t->v[t->nr++] = (struct tally){ s, len, first, 1, NULL, 0 };
}

/* Sort, and fold equal strings into one entry (the first use kept). */
static void tally_fold(struct tallies *t)
{
	size_t i, n = 0;

	if (!t->nr)
		return;
	qsort(t->v, t->nr, sizeof(*t->v), cmp_tally);
	for (i = 1; i < t->nr; i++) {
		struct tally *last = &t->v[n];
		if (last->len == t->v[i].len && !memcmp(last->s, t->v[i].s, last->len))
			last->count++;
		else
			t->v[++n] = t->v[i];
	}
	t->nr = n + 1;
}

static struct tally *tally_find(const struct tallies *t, const char *s, size_t len)
{
	struct tally key = { s, len, 0, 0, NULL, 0 };
	size_t lo = 0, hi = t->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct tally *m = &t->v[mid];
		int c = cmp_tally(&key, m);
		if (!c || (m->len == len && !memcmp(m->s, s, len)))
			return m;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* ---- the speaker map ---- */

static int map_has(const struct transcript_speaker *map, size_t nmap,
		   const char *s, size_t len)
{
	struct strbuf key = STRBUF_INIT;
	size_t i;
	int found = 0;

	for (i = 0; i < nmap && !found; i++) {
		strbuf_reset(&key);
		add_words(&key, map[i].from, strlen(map[i].from));
		found = key.len == len && !memcmp(key.buf, s, len);
	}
	strbuf_release(&key);
	return found;
}

/*
 * Does the prefix `s` (len) name a speaker?  It needs text after it,
 * unless it is used twice ("Dave:" on a line of its own, his words on the
 * next); and it must look like a name, be used twice, or be in the map.
 */
static int prefix_counts(const struct tallies *names, const struct transcript_speaker *map,
			 size_t nmap, const char *s, size_t len, int has_text)
{
	const struct tally *t = tally_find(names, s, len);
	int twice = t && t->count >= 2;

	if (!has_text)
		return twice;
	return twice || name_like(s, len) || map_has(map, nmap, s, len);
}

/* The entries of the speakers tally `t` that the map key `from` names: an
 * exact match, the "Speaker N" given an id, or ids it is a prefix of.
 * Returns how many; *hit is the last. */
static int map_matches(struct tallies *t, const char *from, size_t len,
		       struct tally **hit)
{
	char gen[32];
	size_t i;
	int n = 0;

	if ((*hit = tally_find(t, from, len)))
		return 1;
	for (i = 0; i < t->nr; i++) {
		snprintf(gen, sizeof(gen), "Speaker %d", t->v[i].number);
		if (t->v[i].number && strlen(gen) == len && !memcmp(gen, from, len)) {
			*hit = &t->v[i];
			return 1;
		}
	}
	for (i = 0; i < t->nr; i++)
		if (t->v[i].number && t->v[i].len > len && !memcmp(t->v[i].s, from, len)) {
			*hit = &t->v[i];
			n++;
		}
	return n;
}

static void list_speakers(struct strbuf *sb, const struct tallies *t)
{
	size_t i;
	for (i = 0; i < t->nr && i < 8; i++) {
		strbuf_addstr(sb, i ? ", " : "");
		if (t->v[i].number)
			strbuf_addf(sb, "Speaker %d (%.*s)", t->v[i].number,
				    (int)(t->v[i].len < 13 ? t->v[i].len : 13), t->v[i].s);
		else
			strbuf_add(sb, t->v[i].s, t->v[i].len);
	}
	if (t->nr > 8)
		strbuf_addf(sb, " and %zu more", t->nr - 8);
}

static int apply_map(struct importer *im, struct tallies *t,
		     const struct transcript_speaker *map, size_t nmap)
{
	struct strbuf key = STRBUF_INIT, list = STRBUF_INIT;
	struct tally *hit;
	size_t i;
	int n, ret = 0;

	for (i = 0; i < nmap; i++) {
		strbuf_reset(&key);
		add_words(&key, map[i].from, strlen(map[i].from));
		if (!transcript_speaker_ok(map[i].to, strlen(map[i].to))) {
			ret = fail(im, 0, "the speaker '%.60s' for '%.60s' is no name for a transcript line (1 to %d characters, no ':', not an id)",
				   map[i].to, key.buf, SPEAKER_MAX);
			continue;
		}
		n = key.len ? map_matches(t, key.buf, key.len, &hit) : 0;
		if (n == 1) {
			hit->name = map[i].to;
			continue;
		}
		strbuf_reset(&list);
		list_speakers(&list, t);
		if (n > 1)
			ret = fail(im, 0, "'%.60s' is the start of %d speakers' ids in %s (%s); give more of the id",
				   key.buf, n, im->name, list.buf);
		else if (map[i].required)
			ret = fail(im, 0, "'%.60s' names no speaker of %s (its speakers: %s)",
				   key.buf, im->name, list.buf);
	}
	strbuf_release(&key);
	strbuf_release(&list);
	return ret;
}

/* ---- settling speakers, merging, writing ---- */

static int by_first(const void *a, const void *b)
{
	const struct tally *x = *(struct tally *const *)a, *y = *(struct tally *const *)b;
	return x->first < y->first ? -1 : x->first > y->first;
}

/* Number the ids "Speaker 1", "Speaker 2"... in order of first use. */
static void number_ids(struct tallies *t)
{
	struct tally **order = xcalloc(t->nr ? t->nr : 1, sizeof(*order));
	size_t i;
	int n = 0;

	for (i = 0; i < t->nr; i++)
		order[i] = &t->v[i];
	qsort(order, t->nr, sizeof(*order), by_first);
	for (i = 0; i < t->nr; i++)
		if (is_id(order[i]->s, order[i]->len))
			order[i]->number = ++n;
	free(order);
}

/*
 * In a cue file, "Name: " is a speaker only when the file is written so:
 * half the cues without a voice carry a prefix that counts, or at least two
 * and a third of them do (Zoom's do, and Zoom splits long turns into cues
 * without one); a subtitle file's one "Warning: doors closing" is text.
 */
static void take_prefixes(struct importer *im, const struct transcript_speaker *map,
			  size_t nmap)
{
	struct tallies names = { NULL, 0, 0 };
	size_t i, at, n, nv = 0, nq = 0;
	const char *rest;

	for (i = 0; i < im->nr; i++) {
		struct cue *c = &im->cues[i];
		if (c->voice || c->json || !c->text)
			continue;
		if ((at = speaker_prefix(c->text, strlen(c->text), 1, &n)))
			tally_add(&names, c->text, n, i);
	}
	tally_fold(&names);
	for (i = 0; i < 2; i++) {
		size_t k;
		for (k = 0; k < im->nr; k++) {
			struct cue *c = &im->cues[k];
			if (c->voice || c->json || !c->text)
				continue;
			nv += !i;
			if (!(at = speaker_prefix(c->text, strlen(c->text), 1, &n)))
				continue;
			for (rest = c->text + at; *rest == ' '; rest++)
				;
			if (!*rest || !prefix_counts(&names, map, nmap, c->text, n, 1))
				continue;
			if (!i) {
				nq++;
			} else {
				c->voice = arena_strndup(&im->arena, c->text, n);
				c->text = rest;
			}
		}
		if (!(nq * 2 >= nv || (nq >= 2 && nq * 3 >= nv)))
			break;
	}
	free(names.v);
}

/* Word-level: at least three cues, two thirds of them one word (of at
 * most 40 bytes: a cue of one long token is no word). */
static int word_level(const struct importer *im)
{
	size_t i, n = 0, one = 0;

	for (i = 0; i < im->nr; i++)
		if (im->cues[i].text) {
			n++;
			one += !strchr(im->cues[i].text, ' ') &&
				strlen(im->cues[i].text) <= 40;
		}
	return n >= 3 && one * 3 >= n * 2;
}

/* Give every cue its speaker: the voice (mapped, or "Speaker N" for an
 * id), else the previous cue's, else Unknown. */
static int settle(struct importer *im, const struct transcript_speaker *map,
		  size_t nmap, struct transcript_info *info)
{
	struct tallies spk = { NULL, 0, 0 };
	const char *prev = NULL;
	size_t i;
	int ret;

	for (i = 0; i < im->nr; i++)
		if (im->cues[i].voice)
			tally_add(&spk, im->cues[i].voice, strlen(im->cues[i].voice), i);
	tally_fold(&spk);
	number_ids(&spk);
	ret = apply_map(im, &spk, map, nmap);
	for (i = 0; i < spk.nr; i++) {
		struct tally *t = &spk.v[i];
		if (!t->name && t->number) {
			t->name = arena_strndup(&im->arena, "Speaker 1234567890", 18);
			sprintf((char *)t->name, "Speaker %d", t->number);
			t->count = -1;          /* to be listed in info->ids */
		}
	}
	for (i = 0; i < im->nr; i++) {
		struct cue *c = &im->cues[i];
		if (c->voice) {
			struct tally *t = tally_find(&spk, c->voice, strlen(c->voice));
			if (info && t && t->count < 0) {
				strbuf_addf(&info->ids, "%s\t%.*s\n", t->name, (int)t->len, t->s);
				t->count = 0;
			}
			prev = c->speaker = t && t->name ? t->name : c->voice;
		} else if (c->json) {
			prev = NULL;
			c->speaker = "Unknown";
		} else {
			c->speaker = prev ? prev : "Unknown";
			c->continued = prev != NULL;
		}
	}
	free(spk.v);
	return ret;
}

static int write_line(struct importer *im, const struct cue *c,
		      const struct strbuf *text, struct strbuf *out,
		      struct transcript_info *info, int *count)
{
	int ctl = control_in(text->buf, text->len);

	if (ctl)
		return fail(im, c->line, "unexpected control character U+%04X in the text",
			    ctl & 0xff);
	add_time(out, c->start);
	strbuf_addf(out, "%s: ", c->speaker);
	strbuf_addbuf(out, text);
	strbuf_addch(out, '\n');
	if (info) {
		info->continued = xrealloc(info->continued, (size_t)*count + 1);
		info->continued[*count] = (unsigned char)c->continued;
		/* Whole seconds, as the lines show them.  Out-of-order cues
		 * (two recordings joined, a bad export) keep their order, but
		 * the reader is told: a [t:] range over them spans the jump. */
		info->backwards = xrealloc(info->backwards, (size_t)*count + 1);
		info->backwards[*count] = *count > 0 &&
			c->start / 1000 < im->last_start / 1000;
	}
	im->last_start = c->start;
	++*count;
	return 0;
}

/* Write the cues as canonical lines, merging a word-level file's cues of
 * one speaker less than a second apart.  Returns the count or -1. */
static int write_cues(struct importer *im, int merge, struct strbuf *out,
		      struct transcript_info *info)
{
	struct strbuf text = STRBUF_INIT;
	const struct cue *first = NULL;
	long long last_end = 0;
	size_t i;
	int count = 0, ret = 0;

	for (i = 0; i <= im->nr; i++) {
		const struct cue *c = i < im->nr ? &im->cues[i] : NULL;
		if (c && !c->text)
			continue;
		if (c && first && merge && !strcmp(c->speaker, first->speaker) &&
		    c->start - last_end < 1000) {
			strbuf_addch(&text, ' ');
			strbuf_addstr(&text, c->text);
			last_end = c->end >= 0 ? c->end : c->start;
			if (info)
				info->merged++;
			continue;
		}
		if (first && write_line(im, first, &text, out, info, &count))
			ret = -1;
		if (!c)
			break;
		first = c;
		strbuf_reset(&text);
		strbuf_addstr(&text, c->text);
		last_end = c->end >= 0 ? c->end : c->start;
	}
	strbuf_release(&text);
	if (info)
		info->nlines = count;
	return ret ? -1 : count;
}

/* ---- plain text ---- */

/* "[HH:MM:SS] " (or "[MM:SS] ") at the start of l; the text after it. */
static int timed_prefix(const struct line *l, long long *ms, struct line *rest)
{
	const char *p = l->s + 1, *end = l->s + l->len;

	if (!l->len || l->s[0] != '[' || parse_time(&p, end, ".", 0, ms) ||
	    p == end || *p != ']' || (p + 1 < end && !is_ws(p[1])))
		return 0;
	rest->s = p + 1;
	rest->len = (size_t)(end - rest->s);
	rest->no = l->no;
	trim(rest);
	return 1;
}

/*
 * The speaker a line of plain text starts with: after a [HH:MM:SS] stamp
 * any name fit for a canonical line (so a canonical file imports as
 * itself), else a "Name:" prefix that counts (names NULL: any, to count
 * them).  Returns the offset of the text in body, or 0.
 */
static size_t text_speaker(const struct line *l, struct line *body, long long *ms,
			   const struct tallies *names,
			   const struct transcript_speaker *map, size_t nmap,
			   size_t *n)
{
	int timed;
	size_t at;

	*body = *l;
	timed = timed_prefix(l, ms, body);
	if (!(at = speaker_prefix(body->s, body->len, !timed, n)))
		return 0;
	if (timed || !names)
		return at;
	return prefix_counts(names, map, nmap, body->s, *n, at < body->len) ? at : 0;
}

/* Count the "Name:" prefixes of unstamped lines. */
static void count_text_names(struct reader r, struct tallies *names)
{
	struct line l, body;
	long long ms = 0;
	size_t n;

	while (read_line(&r, &l)) {
		trim(&l);
		if (l.len && text_speaker(&l, &body, &ms, NULL, NULL, 0, &n) &&
		    body.s == l.s)
			tally_add(names, body.s, n, 0);
	}
	tally_fold(names);
}

static int import_text(struct importer *im, struct reader *r,
		       const struct transcript_speaker *map, size_t nmap)
{
	struct tallies names = { NULL, 0, 0 };
	struct strbuf voice = STRBUF_INIT, words = STRBUF_INIT;
	struct line l, body;
	long long ms = 0, at_ms = 0;
	int open = 0, start_line = 0, ret = 0;
	size_t at, n;

	count_text_names(*r, &names);
	while (read_line(r, &l)) {
		trim(&l);
		if (!l.len)
			continue;
		if ((at = text_speaker(&l, &body, &ms, &names, map, nmap, &n))) {
			if (open && add_cue(im, at_ms, -1, start_line, voice.buf,
					    voice.len, words.buf, words.len, 0))
				ret = -1;
			open = 1;
			at_ms = ms;
			start_line = l.no;
			strbuf_reset(&voice);
			strbuf_add(&voice, body.s, n);
			strbuf_reset(&words);
			add_words(&words, body.s + at, body.len - at);
		} else if (!open) {
			ret = fail(im, l.no, "expected an utterance such as "
				   "\"[00:00:01] Alice: text\" or \"Alice: text\"");
			break;
		} else {
			add_words(&words, l.s, l.len);
		}
	}
	if (open && add_cue(im, at_ms, -1, start_line, voice.buf, voice.len,
			    words.buf, words.len, 0))
		ret = -1;
	free(names.v);
	strbuf_release(&voice);
	strbuf_release(&words);
	return ret;
}

/* ---- cues: WebVTT and SubRip ---- */

/* The next voice tag, <v Name> or <v.class Name>, in the payload s (lines
 * joined by '\n'; a tag never spans lines): where it starts, where it
 * ends, and its annotation. */
static int next_voice(const char *s, const char *end, const char **tag,
		      const char **after, const char **name, size_t *n)
{
	const char *p = s, *q, *close;

	while ((p = memmem(p, (size_t)(end - p), "<v", 2))) {
		q = p + 2;
		if (q == end || !(*q == '.' || *q == ' ' || *q == '\t' || *q == '>')) {
			p = q;
			continue;
		}
		if (!(close = memchr(q, '>', (size_t)(end - q))) ||
		    memchr(q, '\n', (size_t)(close - q)))
			return 0;
		*tag = p;
		while (q < close && !is_ws(*q))
			q++;                /* the classes: .loud.first */
		*name = q;
		*n = (size_t)(close - q);
		*after = close + 1;
		return 1;
	}
	return 0;
}

/* Are a and b the same words? */
static int same_words(const char *a, size_t alen, const char *b, size_t blen)
{
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
	int same;

	add_words(&x, a, alen);
	add_words(&y, b, blen);
	same = !strcmp(x.buf, y.buf);
	strbuf_release(&x);
	strbuf_release(&y);
	return same;
}

/* Copy s without markup: <tags> (WebVTT and SubRip), and with `braces`
 * the {\an8}-style codes SubRip files borrow from SSA.  A '<' with no '>'
 * on its line is text. */
static void strip_tags(struct strbuf *dst, const char *s, size_t len,
		       int braces)
{
	const char *end = s + len;

	while (s < end) {
		char open = *s, close = open == '<' ? '>' : '}';
		const char *stop = NULL;
		if (open == '<' || (braces && open == '{' && s + 1 < end && s[1] == '\\')) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			stop = memchr(s, close, (size_t)((nl ? nl : end) - s));
		}
		if (stop) {
			s = stop + 1;
			continue;
		}
		strbuf_addch(dst, *s++);
	}
}

/* The code point of a numeric reference "#65" or "#x41" (without & and
 * ;), or 0 when it is not one or names no character. */
static unsigned long numeric_ref(const char *s, size_t n)
{
	unsigned long cp = 0;
	int hex = n > 1 && (s[1] == 'x' || s[1] == 'X');
	size_t i = hex ? 2 : 1;

	if (n <= i || n > i + 6 || s[0] != '#')
		return 0;
	for (; i < n; i++) {
		char c = s[i];
		int d = is_digit(c) ? c - '0' : !hex ? -1 :
			(c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
		if (d < 0)
			return 0;
		cp = cp * (hex ? 16 : 10) + (unsigned long)d;
	}
	return (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ? 0 : cp;
}

static void add_utf8(struct strbuf *sb, unsigned long cp)
{
	if (cp < 0x80) {
		strbuf_addch(sb, (int)cp);
	} else if (cp < 0x800) {
		strbuf_addch(sb, (int)(0xc0 | (cp >> 6)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		strbuf_addch(sb, (int)(0xe0 | (cp >> 12)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3f)));
	} else {
		strbuf_addch(sb, (int)(0xf0 | (cp >> 18)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 12) & 0x3f)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3f)));
	}
}

/* Decode the entity at s ('&'), appending it; returns the bytes used, or
 * 0 when it is no entity we know (then the '&' is text).  &nbsp; becomes
 * a plain space: a canonical line has no use for a non-breaking one. */
static size_t entity(struct strbuf *dst, const char *s, const char *end)
{
	static const struct { const char *name; char c; } named[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "nbsp", ' ' },
		{ "quot", '"' }, { "apos", '\'' },
	};
	const char *semi = memchr(s, ';', (size_t)(end - s) < 12 ? (size_t)(end - s) : 12);
	size_t n, i;
	unsigned long cp;

	if (!semi)
		return 0;
	n = (size_t)(semi - s) - 1;
	for (i = 0; i < ARRAY_SIZE(named); i++)
		if (strlen(named[i].name) == n && !memcmp(s + 1, named[i].name, n)) {
			strbuf_addch(dst, named[i].c);
			return n + 2;
		}
	if (!(cp = numeric_ref(s + 1, n)))
		return 0;
	add_utf8(dst, cp);
	return n + 2;
}

static void decode_entities(struct strbuf *dst, const char *s, size_t len)
{
	const char *end = s + len;
	size_t n;

	while (s < end) {
		if (*s == '&' && (n = entity(dst, s, end)))
			s += n;
		else
			strbuf_addch(dst, *s++);
	}
}

/* One span of a cue's payload as a cue of its own: markup removed,
 * entities decoded (WebVTT). */
static int add_span(struct importer *im, long long start, long long end,
		    const char *voice, size_t vlen, const char *s, size_t len,
		    int vtt, int line)
{
	struct strbuf plain = STRBUF_INIT, text = STRBUF_INIT;
	int ret;

	strip_tags(&plain, s, len, !vtt);
	if (vtt)
		decode_entities(&text, plain.buf, plain.len);
	else
		strbuf_addbuf(&text, &plain);
	ret = !voice && is_blank(&(struct line){ text.buf, text.len, 0 }) ? 0 :
		add_cue(im, start, end, line, voice, vlen, text.buf, text.len, 0);
	strbuf_release(&plain);
	strbuf_release(&text);
	return ret;
}

/*
 * A cue's payload as cues: in WebVTT each voice tag starts one (a cue
 * with two voices keeps both, at the cue's time), and text before the
 * first belongs to no voice.  `line` is the payload's first line.
 */
static int finish_cue(struct importer *im, long long start, long long end,
		      const char *raw, size_t len, int vtt, int line)
{
	const char *span = raw, *p = raw, *stop = raw + len, *tag, *after, *name;
	const char *voice = NULL;
	size_t n, vlen = 0;
	int ret = 0;

	if (!vtt)
		return add_span(im, start, end, NULL, 0, raw, len, 0, line);
	for (;;) {
		int more = next_voice(p, stop, &tag, &after, &name, &n);
		if (more && voice && same_words(voice, vlen, name, n)) {
			p = after;          /* the same voice again: one span */
			continue;
		}
		if (voice || (more ? tag : stop) > span)
			ret |= add_span(im, start, end, voice, vlen, span,
					(size_t)((more ? tag : stop) - span), 1, line);
		if (!more)
			break;
		voice = name;
		vlen = n;
		span = p = after;
	}
	return ret ? -1 : 0;
}

/* Does the line begin with something that parses as a time?  Then it was
 * meant as a timing line, and is the one to blame. */
static int looks_timed(const struct line *l, const char *seps)
{
	const char *p = l->s;
	long long ms;
	return !parse_time(&p, l->s + l->len, seps, 0, &ms);
}

/*
 * The payload: lines up to a blank line, joined by '\n' into raw.  In
 * WebVTT a line with "-->" ends the payload and is read again as the next
 * cue's timing line, as the WebVTT parsing rules say (youtube-dl writes
 * cues without the blank line).  In SubRip, which has no such rule, a
 * timing line there means a blank line is missing: a problem, but the
 * next subtitle is read from it.
 */
static void cue_payload(struct importer *im, struct reader *r,
			struct strbuf *raw, int vtt)
{
	struct line l;
	long long a, b;

	strbuf_reset(raw);
	for (;;) {
		struct reader save = *r;
		if (!read_line(r, &l) || is_blank(&l))
			break;
		if (vtt ? has_arrow(&l) : !parse_timing(&l, ",.", 1, &a, &b)) {
			if (!vtt)
				fail(im, l.no, "expected a blank line before this subtitle");
			*r = save;
			break;
		}
		if (raw->len)
			strbuf_addch(raw, '\n');
		strbuf_add(raw, l.s, l.len);
	}
}

static void skip_block(struct reader *r)
{
	struct line l;
	while (read_line(r, &l) && !is_blank(&l))
		;
}

/* The line after `prev`, or an empty line numbered after it at the end. */
static void line_after(struct reader *r, const struct line *prev,
		       struct line *l)
{
	if (!read_line(r, l)) {
		l->s = prev->s + prev->len;
		l->len = 0;
		l->no = prev->no + 1;
	}
}

/* ---- WebVTT ---- */

static int vtt_header(struct importer *im, struct reader *r)
{
	struct line l;

	if (!read_line(r, &l) || l.len < 6 || memcmp(l.s, "WEBVTT", 6) ||
	    (l.len > 6 && l.s[6] != ' ' && l.s[6] != '\t'))
		return fail(im, 1, "expected WEBVTT on the first line");
	while (read_line(r, &l) && !is_blank(&l))
		if (has_arrow(&l))
			return fail(im, l.no, "expected a blank line between the WEBVTT header and the first cue");
	return 0;
}

/* One block starting at `first`: a NOTE, STYLE or REGION block, or a cue
 * (an optional id line, the timing line, the payload).  A bad cue is
 * reported and skipped, and the next block read. */
static int vtt_block(struct importer *im, struct reader *r,
		     const struct line *first, struct strbuf *raw)
{
	struct line t = *first;
	long long start, end;

	if (starts_with_word(first, "NOTE") || starts_with_word(first, "STYLE") ||
	    starts_with_word(first, "REGION")) {
		skip_block(r);
		return 0;
	}
	if (!has_arrow(first))
		line_after(r, first, &t);
	if (parse_timing(&t, ".", 0, &start, &end)) {
		int blame = t.no != first->no && looks_timed(first, ".") ?
			first->no : t.no;
		if (!is_blank(&t))
			skip_block(r);      /* the rest of the bad cue */
		return fail(im, blame, "expected a cue timing line such as %s",
			    vtt_timing_example);
	}
	cue_payload(im, r, raw, 1);
	return finish_cue(im, start, end, raw->buf, raw->len, 1, t.no + 1);
}

static int import_vtt(struct importer *im, struct reader *r)
{
	struct strbuf raw = STRBUF_INIT;
	struct line l;
	int ret = vtt_header(im, r);

	while (!ret && next_block(r, &l))
		vtt_block(im, r, &l, &raw);
	strbuf_release(&raw);
	return ret;
}

/* ---- SubRip ---- */

static int all_digits(const struct line *l)
{
	struct line t = *l;
	size_t i;

	trim(&t);
	for (i = 0; i < t.len; i++)
		if (!is_digit(t.s[i]))
			return 0;
	return t.len > 0;
}

/* One subtitle: its number (SubRip files without numbers are read too),
 * the timing line, the text.  A bad one is reported and skipped. */
static int srt_block(struct importer *im, struct reader *r,
		     const struct line *first, struct strbuf *raw)
{
	struct line t = *first;
	long long start, end;

	if (parse_timing(first, ",.", 1, &start, &end)) {
		if (!all_digits(first) && !looks_timed(first, ",.")) {
			skip_block(r);
			return fail(im, first->no, "expected a subtitle number such as 1");
		}
		if (all_digits(first))
			line_after(r, first, &t);
		if (parse_timing(&t, ",.", 1, &start, &end)) {
			if (!is_blank(&t))
				skip_block(r);
			return fail(im, t.no, "expected a timing line such as %s",
				    srt_timing_example);
		}
	}
	cue_payload(im, r, raw, 0);
	return finish_cue(im, start, end, raw->buf, raw->len, 0, t.no + 1);
}

static int import_srt(struct importer *im, struct reader *r)
{
	struct strbuf raw = STRBUF_INIT;
	struct line l;

	while (next_block(r, &l))
		srt_block(im, r, &l, &raw);
	strbuf_release(&raw);
	return 0;
}

/* ---- JSON ---- */

/* The segments: the document itself, or its "segments" member (Whisper),
 * or its "transcription" member (whisper.cpp). */
static const struct json_value *segments_of(const struct json_value *root)
{
	const struct json_value *s = root;

	if (root->type == JSON_OBJECT && !(s = json_get(root, "segments")))
		s = json_get(root, "transcription");
	return s && s->type == JSON_ARRAY ? s : NULL;
}

/* A JSON string may hold "\u0000", which a line of text cannot: refuse
 * it, as every other control character is refused, rather than cut the
 * text short at it. */
static int json_nul(struct importer *im, const struct json_value *v, int n,
		    const char *what)
{
	if (!memchr(v->str, '\0', v->len))
		return 0;
	return fail(im, v->line, "segment %d: the %s holds a NUL character (\\u0000); remove it",
		    n, what);
}

static int json_speaker(struct importer *im, const struct json_value *seg,
			int n, const char **voice, size_t *len)
{
	const struct json_value *v = json_get(seg, "speaker");

	*voice = NULL;
	if (!v || v->type == JSON_NULL)
		return 0;
	if (v->type != JSON_STRING)
		return fail(im, v->line, "segment %d: expected \"speaker\" to be a string, not %s",
			    n, json_type_name(v->type));
	if (json_nul(im, v, n, "speaker"))
		return -1;
	*voice = v->str;
	*len = v->len;
	return 0;
}

/* A time in seconds (`key`), else in milliseconds under "offsets"
 * (`off`, whisper.cpp); absent or null: *ms is left alone. */
static int json_time(struct importer *im, const struct json_value *seg,
		     int n, const char *key, const char *off, long long *ms)
{
	const struct json_value *v = json_get(seg, key);
	double scale = 1000;

	if (!v || v->type == JSON_NULL) {
		if (!(v = json_get(json_get(seg, "offsets"), off)) || v->type == JSON_NULL)
			return 0;
		scale = 1;
	}
	if (v->type != JSON_NUMBER)
		return fail(im, v->line, "segment %d: expected \"%s\" to be a number of %s, not %s",
			    n, scale == 1 ? off : key, scale == 1 ? "milliseconds" : "seconds",
			    json_type_name(v->type));
	if (!(v->number >= 0 && v->number * scale / 1000 <= MAX_SECONDS))
		return fail(im, v->line, "segment %d: expected \"%s\" to be a number of seconds from 0 to %.0f",
			    n, scale == 1 ? off : key, MAX_SECONDS);
	*ms = (long long)(v->number * scale);     /* truncation floors: it is >= 0 */
	return 0;
}

/* The text of a segment: "text", else its "words" joined (word-level
 * Whisper output: each {"word": ...} or {"text": ...}). */
static int json_text(struct importer *im, const struct json_value *seg, int n,
		     struct strbuf *sb)
{
	const struct json_value *text = json_get(seg, "text"), *words, *w, *t;

	if (text) {
		if (text->type != JSON_STRING)
			return fail(im, text->line, "segment %d: expected \"text\" to be a string, not %s",
				    n, json_type_name(text->type));
		if (json_nul(im, text, n, "text"))
			return -1;
		strbuf_add(sb, text->str, text->len);
		return 0;
	}
	if (!(words = json_get(seg, "words")) || words->type != JSON_ARRAY)
		return fail(im, seg->line, "segment %d: expected a \"text\" member", n);
	for (w = words->child; w; w = w->next) {
		if (!(t = json_get(w, "word")))
			t = json_get(w, "text");
		if (!t || t->type != JSON_STRING)
			return fail(im, w->line, "segment %d: expected each of \"words\" to have a \"word\" string", n);
		if (json_nul(im, t, n, "text"))
			return -1;
		strbuf_addch(sb, ' ');
		strbuf_add(sb, t->str, t->len);
	}
	return 0;
}

static int json_segment(struct importer *im, const struct json_value *seg,
			int n, long long *ms)
{
	struct strbuf text = STRBUF_INIT;
	const char *voice = NULL;
	size_t vlen = 0;
	long long end = -1;
	int ret;

	if (seg->type != JSON_OBJECT)
		return fail(im, seg->line, "segment %d: expected an object with \"text\", not %s",
			    n, json_type_name(seg->type));
	ret = json_text(im, seg, n, &text);
	if (json_speaker(im, seg, n, &voice, &vlen) ||
	    json_time(im, seg, n, "start", "from", ms) ||
	    json_time(im, seg, n, "end", "to", &end))
		ret = -1;
	if (!ret)
		ret = add_cue(im, *ms, end, seg->line, voice, vlen, text.buf, text.len, 1);
	strbuf_release(&text);
	return ret;
}

static int import_json(struct importer *im, const char *buf, size_t len)
{
	struct arena a = ARENA_INIT;
	struct json_error je;
	const struct json_value *root = json_parse(&a, buf, len, &je), *segs, *seg;
	long long ms = 0;
	int n = 0, ret = 0;

	if (!root)
		ret = fail(im, je.line, "invalid JSON at column %d: %s", je.col, je.msg);
	else if (!(segs = segments_of(root)))
		ret = fail(im, root->line, "expected a JSON array of segments, or an object with a \"segments\" array");
	else
		for (seg = segs->child; seg; seg = seg->next)
			json_segment(im, seg, ++n, &ms);
	arena_release(&a);
	return ret;
}

/* ---- the input as a whole ---- */

static int control_line(const char *buf, size_t len, size_t *at)
{
	size_t i;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];
		if ((c < 0x20 && !is_ws((char)c)) || c == 0x7f ||
		    (c == 0xc2 && i + 1 < len && (unsigned char)buf[i + 1] <= 0x9f &&
		     (unsigned char)buf[i + 1] >= 0x80)) {
			*at = i;
			return 1;
		}
	}
	return 0;
}

static int line_of(const char *buf, size_t at)
{
	int line = 1;
	size_t i;
	for (i = 0; i < at; i++)
		line += buf[i] == '\n';
	return line;
}

/* `s` quoted for a POSIX shell. */
static void add_shell_quoted(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '\'');
	for (; *s; s++)
		if (*s == '\'')
			strbuf_addstr(sb, "'\\''");
		else
			strbuf_addch(sb, *s);
	strbuf_addch(sb, '\'');
}

/* The iconv command that turns the Windows-1252 file `name` into UTF-8
 * next to it: meeting.txt -> meeting.utf8.txt. */
static void iconv_command(struct strbuf *sb, const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash + 1 : name, '.');
	struct strbuf to = STRBUF_INIT;

	if (!dot || dot == (slash ? slash + 1 : name))
		dot = name + strlen(name);
	strbuf_add(&to, name, (size_t)(dot - name));
	strbuf_addf(&to, ".utf8%s", dot);
	strbuf_addstr(sb, "iconv -f WINDOWS-1252 -t UTF-8 ");
	add_shell_quoted(sb, name);
	strbuf_addstr(sb, " > ");
	add_shell_quoted(sb, to.buf);
	strbuf_release(&to);
}

/* Windows-1252 leaves five bytes undefined; a file without them and not
 * UTF-8 is most likely Windows-1252 (which Latin-1 text also is). */
static int maybe_cp1252(const char *buf, size_t len)
{
	size_t i;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c == 0x81 || c == 0x8d || c == 0x8f || c == 0x90 || c == 0x9d)
			return 0;
	}
	return 1;
}

/* Every format must be UTF-8 text: say so before parsing it, with the
 * line of the first bad byte and how to convert the file. */
static int check_text(struct importer *im, const char *buf, size_t len)
{
	size_t bad = utf8_invalid_at(buf, len), ctl;
	struct strbuf cmd = STRBUF_INIT;
	int ret;

	if (control_line(buf, bad, &ctl)) {
		unsigned char c = (unsigned char)buf[ctl];
		if (!c)
			return fail(im, line_of(buf, ctl), "NUL byte: this is not a text file (UTF-16 without a byte-order mark? convert it with iconv -f UTF-16LE -t UTF-8)");
		if (c == 0xc2)
			return fail(im, line_of(buf, ctl), "unexpected control character U+%04X: C1 controls are refused (a Windows-1252 file converted as Latin-1 has them; convert the original with iconv -f WINDOWS-1252 -t UTF-8)",
				    (unsigned char)buf[ctl + 1]);
		return fail(im, line_of(buf, ctl), "unexpected control character U+%04X", c);
	}
	if (bad == len)
		return 0;
	if (!maybe_cp1252(buf, len))
		return fail(im, line_of(buf, bad), "invalid UTF-8 byte 0x%02x (save the file as UTF-8)",
			    (unsigned char)buf[bad]);
	iconv_command(&cmd, im->name);
	ret = fail(im, line_of(buf, bad), "invalid UTF-8 byte 0x%02x: this looks like Windows-1252 text; convert it with: %s",
		   (unsigned char)buf[bad], cmd.buf);
	strbuf_release(&cmd);
	return ret;
}

static int has_bom(const char *buf, size_t len)
{
	return len >= 2 && !memcmp(buf, "\xef\xbb\xbf", len < 3 ? len : 3) && len >= 3;
}

/* 1 little-endian, 2 big-endian, 0 not UTF-16 with a byte-order mark. */
static int utf16_bom(const char *buf, size_t len)
{
	if (len < 2)
		return 0;
	if ((unsigned char)buf[0] == 0xff && (unsigned char)buf[1] == 0xfe)
		return 1;
	return (unsigned char)buf[0] == 0xfe && (unsigned char)buf[1] == 0xff ? 2 : 0;
}

/* Decode UTF-16 (after its byte-order mark) into UTF-8 in out. */
static int decode_utf16(struct importer *im, const char *buf, size_t len,
			int big, struct strbuf *out)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 2;
	int line = 1;

	for (; i + 1 < len; i += 2) {
		unsigned long u = big ? (unsigned long)s[i] << 8 | s[i + 1]
				      : (unsigned long)s[i + 1] << 8 | s[i];
		if (u >= 0xd800 && u <= 0xdbff && i + 3 < len) {
			unsigned long lo = big ? (unsigned long)s[i + 2] << 8 | s[i + 3]
					       : (unsigned long)s[i + 3] << 8 | s[i + 2];
			if (lo >= 0xdc00 && lo <= 0xdfff) {
				u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
				i += 2;
			}
		}
		if (u >= 0xd800 && u <= 0xdfff)
			return fail(im, line, "invalid UTF-16: a lone surrogate 0x%04lX", u);
		line += u == '\n';
		add_utf8(out, u);
	}
	if (i < len)
		return fail(im, line, "invalid UTF-16: the file ends in half a character");
	return 0;
}

static int dispatch(struct importer *im, const char *buf, size_t len,
		    enum transcript_format fmt, const struct transcript_speaker *map,
		    size_t nmap)
{
	struct reader r = { buf, buf + len, 0 };

	switch (fmt) {
	case TRANSCRIPT_VTT:
		return import_vtt(im, &r);
	case TRANSCRIPT_SRT:
		return import_srt(im, &r);
	case TRANSCRIPT_JSON:
		return import_json(im, buf, len);
	default:
		return import_text(im, &r, map, nmap);
	}
}

void transcript_info_release(struct transcript_info *info)
{
	free(info->continued);
	free(info->backwards);
	info->continued = info->backwards = NULL;
	info->nlines = info->merged = 0;
	strbuf_release(&info->ids);
}

int transcript_speaker_ok(const char *s, size_t len)
{
	return speaker_ok(s, len) && !is_id(s, len) && !control_in(s, len) &&
		!is_ws(s[0]) && !is_ws(s[len - 1]);
}

int transcript_import_map(const char *name, const char *buf, size_t len,
			  enum transcript_format fmt,
			  const struct transcript_speaker *map, size_t nmap,
			  struct strbuf *out, struct transcript_error *err,
			  struct transcript_info *info)
{
	struct importer im = { name, err, ARENA_INIT, NULL, 0, 0, 0, 0 };
	struct strbuf utf8 = STRBUF_INIT;
	size_t was = out->len;
	int ret, bom = utf16_bom(buf, len);

	memset(err, 0, sizeof(*err));
	if (bom && !(ret = decode_utf16(&im, buf, len, bom == 2, &utf8))) {
		buf = utf8.buf;
		len = utf8.len;
	}
	if (fmt == TRANSCRIPT_AUTO)
		fmt = transcript_detect(name, buf, len);
	if (!err->nr && !check_text(&im, buf, len)) {
		if (has_bom(buf, len))
			dispatch(&im, buf + 3, len - 3, fmt, map, nmap);
		else
			dispatch(&im, buf, len, fmt, map, nmap);
	}
	if (!err->nr && fmt != TRANSCRIPT_TEXT)
		take_prefixes(&im, map, nmap);
	if (!err->nr)
		settle(&im, map, nmap, info);
	ret = err->nr ? -1 : write_cues(&im, fmt != TRANSCRIPT_TEXT && word_level(&im),
					out, info);
	if (!ret && !err->nr)
		fail(&im, 0, "no utterances in %s", name);
	free(im.cues);
	arena_release(&im.arena);
	strbuf_release(&utf8);
	if (err->nr) {
		strbuf_setlen(out, was);
		return -1;
	}
	return ret;
}

int transcript_import(const char *name, const char *buf, size_t len,
		      enum transcript_format fmt, struct strbuf *out,
		      struct transcript_error *err)
{
	return transcript_import_map(name, buf, len, fmt, NULL, 0, out, err, NULL);
}

void transcript_error_print(const char *name, const struct transcript_error *err)
{
	int i;

	for (i = 0; i < err->nr && i < TRANSCRIPT_MAX_ERRORS; i++)
		if (err->v[i].line)
			error("%s:%d: %s", name, err->v[i].line, err->v[i].message);
		else
			error("%s", err->v[i].message);
	if (err->nr > TRANSCRIPT_MAX_ERRORS)
		error("%s: %d more problems not shown", name, err->nr - TRANSCRIPT_MAX_ERRORS);
}

/* ---- detection ---- */

static enum transcript_format by_extension(const char *name)
{
	static const struct { const char *ext; enum transcript_format fmt; } map[] = {
		{ "vtt", TRANSCRIPT_VTT }, { "srt", TRANSCRIPT_SRT },
		{ "json", TRANSCRIPT_JSON }, { "txt", TRANSCRIPT_TEXT },
	};
	const char *slash = name ? strrchr(name, '/') : NULL;
	const char *dot = name ? strrchr(slash ? slash : name, '.') : NULL;
	size_t i;

	for (i = 0; dot && i < ARRAY_SIZE(map); i++)
		if (!strcasecmp(dot + 1, map[i].ext))
			return map[i].fmt;
	return TRANSCRIPT_AUTO;
}

static int parses_as_json(const char *buf, size_t len)
{
	struct arena a = ARENA_INIT;
	struct json_error je;
	int ok = json_parse(&a, buf, len, &je) != NULL;

	arena_release(&a);
	return ok;
}

/* A subtitle number line followed by a SubRip timing line. */
static int looks_srt(const char *buf, size_t len)
{
	struct reader r = { buf, buf + len, 0 };
	struct line l, t;
	long long a, b;

	return next_block(&r, &l) && all_digits(&l) && read_line(&r, &t) &&
		!parse_timing(&t, ",.", 1, &a, &b);
}

enum transcript_format transcript_detect(const char *name, const char *buf,
					 size_t len)
{
	enum transcript_format fmt = by_extension(name);
	size_t i = 0;

	if (fmt != TRANSCRIPT_AUTO)
		return fmt;
	if (has_bom(buf, len)) {
		buf += 3;
		len -= 3;
	}
	if (len >= 6 && !memcmp(buf, "WEBVTT", 6) &&
	    (len == 6 || buf[6] == ' ' || buf[6] == '\t' || buf[6] == '\r' || buf[6] == '\n'))
		return TRANSCRIPT_VTT;
	while (i < len && is_ws(buf[i]))
		i++;
	if (i < len && (buf[i] == '[' || buf[i] == '{') && parses_as_json(buf, len))
		return TRANSCRIPT_JSON;
	if (looks_srt(buf, len))
		return TRANSCRIPT_SRT;
	return TRANSCRIPT_TEXT;
}

const char *transcript_format_name(enum transcript_format fmt)
{
	static const char *const names[] = { "auto", "text", "vtt", "srt", "json" };
	return (unsigned)fmt < ARRAY_SIZE(names) ? names[fmt] : "unknown";
}
