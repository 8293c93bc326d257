#include "transcript.h"
#include "json.h"
#include "person.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Speakers are names, not sentences; longer "names" are prose. */
enum { SPEAKER_MAX = 60 };

/* The largest start time accepted from JSON: a million hours. */
#define MAX_SECONDS 3600000000.0

static const char vtt_timing_example[] = "00:00:01.000 --> 00:00:04.000";
static const char srt_timing_example[] = "00:00:01,000 --> 00:00:04,000";

struct importer {
	const char *name;
	struct strbuf *out;
	struct transcript_error *err;
	int count;                  /* utterances written */
	struct strbuf prev;         /* the previous cue's speaker, or empty */
	struct strbuf text;         /* scratch: one utterance's text */
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

/* Report a problem on `line`; the caller adds the file name and line. */
__attribute__((format(printf, 3, 4)))
static int fail(struct importer *im, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(im->err->message, sizeof(im->err->message), fmt, ap);
	va_end(ap);
	im->err->line = line;
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

/* Whole seconds of a time's fields. */
static long long seconds_of(const long long *f, int n)
{
	return n == 3 ? f[0] * 3600 + f[1] * 60 + f[2] : f[0] * 60 + f[1];
}

/*
 * A time at *pp: [H:]M:S with an optional fraction after one of `seps`,
 * hours of 1-9 digits, minutes and seconds of 1-2 (Teams writes 0:0:1.5)
 * and below 60.  SubRip requires the hours.  The fraction is dropped:
 * canonical times are whole seconds, floored.
 */
static int parse_time(const char **pp, const char *end, const char *seps,
		      int need_hours, long long *secs)
{
	const char *p = *pp;
	long long f[3];
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
		while (p < end && is_digit(*p))
			p++;
		if (p == d)
			return -1;
	}
	*secs = seconds_of(f, n);
	*pp = p;
	return 0;
}

/* "START --> END" and optional settings after whitespace; sets *start. */
static int parse_timing(const struct line *l, const char *seps, int need_hours,
			long long *start)
{
	const char *p = l->s, *end = l->s + l->len;
	long long ignored;

	if (parse_time(&p, end, seps, need_hours, start))
		return -1;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (end - p < 3 || memcmp(p, "-->", 3))
		return -1;
	for (p += 3; p < end && (*p == ' ' || *p == '\t'); p++)
		;
	if (parse_time(&p, end, seps, need_hours, &ignored))
		return -1;
	return p == end || *p == ' ' || *p == '\t' ? 0 : -1;
}

static void add_time(struct strbuf *sb, long long secs)
{
	strbuf_addf(sb, "[%02lld:%02lld:%02lld] ", secs / 3600,
		    secs / 60 % 60, secs % 60);
}

/* A control character left in a text (from a JSON escape), or 0. */
static int control_in(const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return (unsigned char)s[i] | 0x100;
	return 0;
}

/*
 * Write one utterance: `speaker` is normalised (empty: "Unknown"), `text`
 * raw.  An utterance with no words is dropped.  `line` is where it came
 * from, for the error about a control character.
 */
static int emit(struct importer *im, long long secs, const char *speaker,
		const char *text, size_t len, int line)
{
	int c;

	strbuf_reset(&im->text);
	add_words(&im->text, text, len);
	if (!im->text.len)
		return 0;
	if ((c = control_in(im->text.buf, im->text.len)))
		return fail(im, line, "unexpected control character U+%04X in the text",
			    c & 0xff);
	add_time(im->out, secs);
	strbuf_addf(im->out, "%s: ", *speaker ? speaker : "Unknown");
	strbuf_add(im->out, im->text.buf, im->text.len);
	strbuf_addch(im->out, '\n');
	im->count++;
	return 0;
}

/* ---- plain text ---- */

/* "[HH:MM:SS] " (or "[MM:SS] ") at the start of l; the text after it. */
static int timed_prefix(const struct line *l, long long *secs, struct line *rest)
{
	const char *p = l->s + 1, *end = l->s + l->len;

	if (!l->len || l->s[0] != '[' || parse_time(&p, end, ".", 0, secs) ||
	    p == end || *p != ']' || (p + 1 < end && !is_ws(p[1])))
		return 0;
	rest->s = p + 1;
	rest->len = (size_t)(end - rest->s);
	rest->no = l->no;
	trim(rest);
	return 1;
}

struct text_state {
	long long secs;             /* the last time seen */
	int open;                   /* an utterance has started */
	int line;                   /* where it started */
	struct strbuf speaker, words;
};

static int text_flush(struct importer *im, struct text_state *ts)
{
	if (!ts->open)
		return 0;
	return emit(im, ts->secs, ts->speaker.buf, ts->words.buf,
		    ts->words.len, ts->line);
}

/* Start an utterance if l begins one; 1 if it did, 0 if not, -1 on error. */
static int text_start(struct importer *im, struct text_state *ts,
		      struct line *l)
{
	struct line body = *l;
	long long secs = ts->secs;
	size_t at, n = 0;
	int timed = timed_prefix(l, &secs, &body);

	if (!(at = speaker_prefix(body.s, body.len, !timed, &n)))
		return 0;
	if (text_flush(im, ts))
		return -1;
	ts->open = 1;
	ts->line = l->no;
	ts->secs = secs;
	strbuf_reset(&ts->speaker);
	add_words(&ts->speaker, body.s, n);
	strbuf_reset(&ts->words);
	add_words(&ts->words, body.s + at, body.len - at);
	return 1;
}

static int text_lines(struct importer *im, struct reader *r,
		      struct text_state *ts)
{
	struct line l;
	int started;

	while (read_line(r, &l)) {
		trim(&l);
		if (!l.len)
			continue;
		if ((started = text_start(im, ts, &l)) < 0)
			return -1;
		if (started)
			continue;
		if (!ts->open)
			return fail(im, l.no, "expected an utterance such as "
				    "\"[00:00:01] Alice: text\" or \"Alice: text\"");
		add_words(&ts->words, l.s, l.len);
	}
	return text_flush(im, ts);
}

static int import_text(struct importer *im, struct reader *r)
{
	struct text_state ts = { 0, 0, 0, STRBUF_INIT, STRBUF_INIT };
	int ret = text_lines(im, r, &ts);

	strbuf_release(&ts.speaker);
	strbuf_release(&ts.words);
	return ret;
}

/* ---- cues: WebVTT and SubRip ---- */

/* The annotation of the first voice tag, <v Name> or <v.class Name>, in
 * the payload s (lines joined by '\n'; a tag never spans lines). */
static int voice_of(const char *s, size_t len, const char **name, size_t *n)
{
	const char *p = s, *end = s + len, *q, *close;

	while ((p = memmem(p, (size_t)(end - p), "<v", 2))) {
		q = p + 2;
		p = q;
		if (q == end || !(*q == '.' || *q == ' ' || *q == '\t' || *q == '>'))
			continue;
		if (!(close = memchr(q, '>', (size_t)(end - q))) ||
		    memchr(q, '\n', (size_t)(close - q)))
			return 0;
		while (q < close && !is_ws(*q))
			q++;                /* the classes: .loud.first */
		*name = q;
		*n = (size_t)(close - q);
		return 1;
	}
	return 0;
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

/*
 * Make `name`, normalised, the speaker of this and the following
 * speakerless cues.  Returns 1, or 0 for a blank name (nothing changes),
 * or -1 for a name unfit for a canonical line.  `segment`: the JSON
 * segment number, for the message (0 for a cue).
 */
static int set_speaker(struct importer *im, const char *name, size_t n,
		       int line, int segment)
{
	struct strbuf sb = STRBUF_INIT;
	char pre[32] = "";
	int c, ret = 1;

	if (segment)
		snprintf(pre, sizeof(pre), "segment %d: ", segment);
	add_words(&sb, name, n);
	if (!sb.len)
		ret = 0;
	else if ((c = control_in(sb.buf, sb.len)))
		ret = fail(im, line, "%sunexpected control character U+%04X in the speaker name",
			   pre, c & 0xff);
	else if (!speaker_ok(sb.buf, sb.len))
		ret = fail(im, line, "%sexpected a speaker name of 1 to %d characters without ':'",
			   pre, SPEAKER_MAX);
	if (ret > 0) {
		strbuf_reset(&im->prev);
		strbuf_add(&im->prev, sb.buf, sb.len);
	}
	strbuf_release(&sb);
	return ret;
}

/*
 * Turn a cue's payload into an utterance.  The speaker comes from a voice
 * tag (WebVTT, Teams), else a "Name: " prefix (Zoom, and SubRip as for
 * plain text), else it is the previous cue's.  `line` is the payload's
 * first line.
 */
static int finish_cue(struct importer *im, long long secs, const char *raw,
		      size_t len, int vtt, int line)
{
	struct strbuf plain = STRBUF_INIT, text = STRBUF_INIT;
	const char *name;
	size_t n = 0, at = 0;
	int ret = 0;

	if (vtt && voice_of(raw, len, &name, &n))
		ret = set_speaker(im, name, n, line, 0);
	strip_tags(&plain, raw, len, !vtt);
	if (vtt)
		decode_entities(&text, plain.buf, plain.len);
	else
		strbuf_add(&text, plain.buf, plain.len);
	strbuf_reset(&plain);
	add_words(&plain, text.buf, text.len);
	if (ret == 0 && (at = speaker_prefix(plain.buf, plain.len, 1, &n)))
		ret = set_speaker(im, plain.buf, n, line, 0);
	if (ret >= 0)
		ret = emit(im, secs, im->prev.buf, plain.buf + at,
			   plain.len - at, line);
	strbuf_release(&plain);
	strbuf_release(&text);
	return ret;
}

/* Does the line begin with something that parses as a time?  Then it was
 * meant as a timing line, and is the one to blame. */
static int looks_timed(const struct line *l, const char *seps)
{
	const char *p = l->s;
	long long secs;
	return !parse_time(&p, l->s + l->len, seps, 0, &secs);
}

/* The payload: lines up to a blank line, joined by '\n' into raw.  A
 * timing line inside it means a blank line is missing before a cue. */
static int cue_payload(struct importer *im, struct reader *r,
		       struct strbuf *raw, int vtt)
{
	struct line l;
	long long secs;

	strbuf_reset(raw);
	while (read_line(r, &l) && !is_blank(&l)) {
		if (vtt ? has_arrow(&l) : !parse_timing(&l, ",.", 1, &secs))
			return fail(im, l.no, "expected a blank line before this %s",
				    vtt ? "cue timing line" : "subtitle");
		if (raw->len)
			strbuf_addch(raw, '\n');
		strbuf_add(raw, l.s, l.len);
	}
	return 0;
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
 * (an optional id line, the timing line, the payload). */
static int vtt_block(struct importer *im, struct reader *r,
		     const struct line *first, struct strbuf *raw)
{
	struct line t = *first;
	long long secs;

	if (starts_with_word(first, "NOTE") || starts_with_word(first, "STYLE") ||
	    starts_with_word(first, "REGION")) {
		skip_block(r);
		return 0;
	}
	if (!has_arrow(first))
		line_after(r, first, &t);
	if (parse_timing(&t, ".", 0, &secs)) {
		int blame = t.no != first->no && looks_timed(first, ".") ?
			first->no : t.no;
		return fail(im, blame, "expected a cue timing line such as %s",
			    vtt_timing_example);
	}
	if (cue_payload(im, r, raw, 1))
		return -1;
	return finish_cue(im, secs, raw->buf, raw->len, 1, t.no + 1);
}

static int import_vtt(struct importer *im, struct reader *r)
{
	struct strbuf raw = STRBUF_INIT;
	struct line l;
	int ret = vtt_header(im, r);

	while (!ret && next_block(r, &l))
		ret = vtt_block(im, r, &l, &raw);
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
 * the timing line, the text. */
static int srt_block(struct importer *im, struct reader *r,
		     const struct line *first, struct strbuf *raw)
{
	struct line t = *first;
	long long secs;

	if (parse_timing(first, ",.", 1, &secs)) {
		if (!all_digits(first) && !looks_timed(first, ",."))
			return fail(im, first->no, "expected a subtitle number such as 1");
		if (all_digits(first))
			line_after(r, first, &t);
		if (parse_timing(&t, ",.", 1, &secs))
			return fail(im, t.no, "expected a timing line such as %s",
				    srt_timing_example);
	}
	if (cue_payload(im, r, raw, 0))
		return -1;
	return finish_cue(im, secs, raw->buf, raw->len, 0, t.no + 1);
}

static int import_srt(struct importer *im, struct reader *r)
{
	struct strbuf raw = STRBUF_INIT;
	struct line l;
	int ret = 0;

	while (!ret && next_block(r, &l))
		ret = srt_block(im, r, &l, &raw);
	strbuf_release(&raw);
	return ret;
}

/* ---- JSON ---- */

/* The segments: the document itself, or its "segments" member. */
static const struct json_value *segments_of(const struct json_value *root)
{
	const struct json_value *s = root->type == JSON_OBJECT ?
		json_get(root, "segments") : root;
	return s && s->type == JSON_ARRAY ? s : NULL;
}

static int json_speaker(struct importer *im, const struct json_value *seg,
			int n)
{
	const struct json_value *v = json_get(seg, "speaker");

	strbuf_reset(&im->prev);      /* no speaker is Unknown, not the last */
	if (!v || v->type == JSON_NULL)
		return 0;
	if (v->type != JSON_STRING)
		return fail(im, v->line, "segment %d: expected \"speaker\" to be a string, not %s",
			    n, json_type_name(v->type));
	return set_speaker(im, v->str, v->len, v->line, n) < 0 ? -1 : 0;
}

/* "start" in whole seconds; absent or null: the last time seen. */
static int json_start(struct importer *im, const struct json_value *seg,
		      int n, long long *secs)
{
	const struct json_value *v = json_get(seg, "start");

	if (!v || v->type == JSON_NULL)
		return 0;
	if (v->type != JSON_NUMBER)
		return fail(im, v->line, "segment %d: expected \"start\" to be a number of seconds, not %s",
			    n, json_type_name(v->type));
	if (!(v->number >= 0 && v->number <= MAX_SECONDS))
		return fail(im, v->line, "segment %d: expected \"start\" to be a number of seconds from 0 to %.0f",
			    n, MAX_SECONDS);
	*secs = (long long)v->number;     /* truncation floors: it is >= 0 */
	return 0;
}

static int json_segment(struct importer *im, const struct json_value *seg,
			int n, long long *secs)
{
	const struct json_value *text;

	if (seg->type != JSON_OBJECT)
		return fail(im, seg->line, "segment %d: expected an object with \"text\", not %s",
			    n, json_type_name(seg->type));
	if (!(text = json_get(seg, "text")))
		return fail(im, seg->line, "segment %d: expected a \"text\" member", n);
	if (text->type != JSON_STRING)
		return fail(im, text->line, "segment %d: expected \"text\" to be a string, not %s",
			    n, json_type_name(text->type));
	if (json_speaker(im, seg, n) || json_start(im, seg, n, secs))
		return -1;
	return emit(im, *secs, im->prev.buf, text->str, text->len, text->line);
}

static int import_json(struct importer *im, const char *buf, size_t len)
{
	struct arena a = ARENA_INIT;
	struct json_error je;
	const struct json_value *root = json_parse(&a, buf, len, &je), *segs, *seg;
	long long secs = 0;
	int n = 0, ret = 0;

	if (!root)
		ret = fail(im, je.line, "invalid JSON at column %d: %s", je.col, je.msg);
	else if (!(segs = segments_of(root)))
		ret = fail(im, root->line, "expected a JSON array of segments, or an object with a \"segments\" array");
	else
		for (seg = segs->child; seg && !ret; seg = seg->next)
			ret = json_segment(im, seg, ++n, &secs);
	arena_release(&a);
	return ret;
}

/* ---- the input as a whole ---- */

static int control_line(const char *buf, size_t len, size_t *at)
{
	size_t i;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];
		if ((c < 0x20 && !is_ws((char)c)) || c == 0x7f) {
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

/* Every format must be UTF-8 text: say so before parsing it, with the
 * line of the first bad byte. */
static int check_text(struct importer *im, const char *buf, size_t len)
{
	size_t bad = utf8_invalid_at(buf, len), ctl;

	if (len >= 2 && ((unsigned char)buf[0] == 0xff || (unsigned char)buf[0] == 0xfe) &&
	    ((unsigned char)buf[1] ^ (unsigned char)buf[0]) == 0x01)
		return fail(im, 1, "the file is UTF-16 text (save it as UTF-8)");
	if (control_line(buf, bad, &ctl)) {
		unsigned char c = (unsigned char)buf[ctl];
		if (!c)
			return fail(im, line_of(buf, ctl), "NUL byte: this is not a text file");
		return fail(im, line_of(buf, ctl), "unexpected control character U+%04X", c);
	}
	if (bad < len)
		return fail(im, line_of(buf, bad), "invalid UTF-8 byte 0x%02x (save the file as UTF-8)",
			    (unsigned char)buf[bad]);
	return 0;
}

static int has_bom(const char *buf, size_t len)
{
	return len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3);
}

static int dispatch(struct importer *im, const char *buf, size_t len,
		    enum transcript_format fmt)
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
		return import_text(im, &r);
	}
}

int transcript_import(const char *name, const char *buf, size_t len,
		      enum transcript_format fmt, struct strbuf *out,
		      struct transcript_error *err)
{
	struct importer im = { name, out, err, 0, STRBUF_INIT, STRBUF_INIT };
	size_t was = out->len;
	int ret;

	memset(err, 0, sizeof(*err));
	if (fmt == TRANSCRIPT_AUTO)
		fmt = transcript_detect(name, buf, len);
	ret = check_text(&im, buf, len);
	if (!ret && has_bom(buf, len))
		ret = dispatch(&im, buf + 3, len - 3, fmt);
	else if (!ret)
		ret = dispatch(&im, buf, len, fmt);
	if (!ret && !im.count) {
		snprintf(err->message, sizeof(err->message), "no utterances in %s", name);
		ret = -1;
	}
	strbuf_release(&im.prev);
	strbuf_release(&im.text);
	if (ret < 0) {
		strbuf_setlen(out, was);
		return -1;
	}
	return im.count;
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
	long long secs;

	return next_block(&r, &l) && all_digits(&l) && read_line(&r, &t) &&
		!parse_timing(&t, ",.", 1, &secs);
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
