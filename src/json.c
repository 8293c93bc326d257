#include "json.h"
#include "safeout.h"
#include "strbuf.h"
#include "util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	struct arena *a;
	const char *p, *end;
	const char *line_start;  /* first byte of the current line, for columns */
	int line;
	int depth;
	struct json_error *err;
};

/* Every error path returns through here, so a caller sees the first
 * problem, positioned at `at` (always on the current line: only
 * whitespace between tokens can hold a newline). */
__attribute__((format(printf, 3, 4)))
static void *fail(struct parser *ps, const char *at, const char *fmt, ...)
{
	va_list ap;
	ps->err->line = ps->line;
	ps->err->col = (int)(at - ps->line_start) + 1;
	va_start(ap, fmt);
	vsnprintf(ps->err->msg, sizeof(ps->err->msg), fmt, ap);
	va_end(ap);
	return NULL;
}

/* A readable name for the byte at p: 'x', or the byte's value. */
static const char *describe(const char *p, char *buf, size_t size)
{
	unsigned char c = (unsigned char)*p;
	if (c > 0x20 && c < 0x7f)
		snprintf(buf, size, "'%c'", c);
	else
		snprintf(buf, size, "byte 0x%02x", c);
	return buf;
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end) {
		char c = *ps->p;
		if (c == '\n') {
			ps->line++;
			ps->line_start = ps->p + 1;
		} else if (c != ' ' && c != '\t' && c != '\r') {
			return;
		}
		ps->p++;
	}
}

static struct json_value *new_value(struct parser *ps, enum json_type type)
{
	struct json_value *v = ARENA_NEW(ps->a, struct json_value);
	v->type = type;
	v->line = ps->line;
	v->col = (int)(ps->p - ps->line_start) + 1;
	return v;
}

static size_t utf8_len(const unsigned char *s, const unsigned char *end)
{
	return utf8_seq_len((const char *)s, (size_t)(end - s));
}

static char *put_utf8(char *o, unsigned long cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xc0 | (cp >> 6));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xe0 | (cp >> 12));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (char)(0xf0 | (cp >> 18));
		*o++ = (char)(0x80 | ((cp >> 12) & 0x3f));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	}
	return o;
}

/* The four hex digits after "\u" at s, or -1. */
static long hex4(const char *s, const char *end)
{
	long v = 0;
	int i;

	if (end - s < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' :
			c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* Decode the \u escape at s (pointing at the backslash), a surrogate pair
 * counting as one; sets *cp and returns the bytes used, or 0 after
 * reporting an error. */
static size_t unicode_escape(struct parser *ps, const char *s,
			     const char *stop, unsigned long *cp)
{
	long hi = hex4(s + 2, stop), lo;

	if (hi < 0) {
		fail(ps, s, "invalid \\u escape: expected four hex digits");
		return 0;
	}
	if (hi >= 0xdc00 && hi <= 0xdfff) {
		fail(ps, s, "lone low surrogate \\u%04lX", hi);
		return 0;
	}
	if (hi < 0xd800 || hi > 0xdbff) {
		*cp = (unsigned long)hi;
		return 6;
	}
	lo = stop - s >= 12 && s[6] == '\\' && s[7] == 'u' ? hex4(s + 8, stop) : -1;
	if (lo < 0xdc00 || lo > 0xdfff) {
		fail(ps, s, "lone high surrogate \\u%04lX (expected a \\uDC00-\\uDFFF escape after it)", hi);
		return 0;
	}
	*cp = 0x10000 + (((unsigned long)hi - 0xd800) << 10) +
		((unsigned long)lo - 0xdc00);
	return 12;
}

/* Decode the escape sequence at s (its backslash, with at least one byte
 * after it before stop) into *o; returns the bytes read, or 0 after
 * reporting an error. */
static size_t escape(struct parser *ps, const char *s, const char *stop,
		     char **o)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *hit = s[1] ? strchr(from, s[1]) : NULL;
	unsigned long cp;
	size_t n;
	char buf[16];

	if (s[1] == 'u') {
		if (!(n = unicode_escape(ps, s, stop, &cp)))
			return 0;
		*o = put_utf8(*o, cp);
		return n;
	}
	if (!hit) {
		if (describe(s + 1, buf, sizeof(buf))[0] == '\'')
			fail(ps, s, "invalid escape '\\%c' in a string", s[1]);
		else
			fail(ps, s, "invalid escape: %s after '\\' in a string", buf);
		return 0;
	}
	*(*o)++ = to[hit - from];
	return 2;
}

/* Where the string body starting at s stops: at its closing quote, a
 * control character, or the end of the text. */
static const char *string_stop(const char *s, const char *end)
{
	while (s < end && *s != '"' && (unsigned char)*s >= 0x20) {
		if (*s == '\\' && s + 1 < end && (unsigned char)s[1] >= 0x20)
			s++;
		s++;
	}
	return s;
}

/* Explain why a string body stopped somewhere other than its quote. */
static int string_unclosed(struct parser *ps, const char *open,
			   const char *stop)
{
	if (stop < ps->end && (*stop == '\n' || *stop == '\r'))
		fail(ps, stop, "the string is not closed before the end of the line (write \\n for a line break)");
	else if (stop < ps->end)
		fail(ps, stop, "unescaped control character U+%04X in a string",
		     (unsigned)(unsigned char)*stop);
	else
		fail(ps, open, "the string is never closed");
	return -1;
}

/* Parse the string at ps->p (its opening quote) into arena memory. */
static int parse_string(struct parser *ps, const char **out, size_t *out_len)
{
	const char *open = ps->p, *s = open + 1;
	const char *stop = string_stop(s, ps->end);
	char *buf = arena_alloc(ps->a, (size_t)(stop - s) + 1), *o = buf;

	/* Decoding never lengthens: an escape is at least as long as the
	 * UTF-8 it stands for, so the raw length is enough room. */
	while (s < stop) {
		size_t n;
		if (*s == '\\' && s + 1 >= stop) {
			return string_unclosed(ps, open, stop);
		} else if (*s == '\\') {
			if (!(n = escape(ps, s, stop, &o)))
				return -1;
		} else if (!(n = utf8_len((const unsigned char *)s,
					  (const unsigned char *)stop))) {
			fail(ps, s, "invalid UTF-8 byte 0x%02x in a string",
			     (unsigned)(unsigned char)*s);
			return -1;
		} else {
			memcpy(o, s, n);
			o += n;
		}
		s += n;
	}
	if (stop == ps->end || *stop != '"')
		return string_unclosed(ps, open, stop);
	*o = '\0';
	*out = buf;
	*out_len = (size_t)(o - buf);
	ps->p = stop + 1;
	return 0;
}

static const char *skip_digits(const char *s, const char *end)
{
	while (s < end && *s >= '0' && *s <= '9')
		s++;
	return s;
}

/* Check the RFC 8259 number grammar; returns its end, or NULL. */
static const char *number_end(struct parser *ps, const char *s)
{
	const char *end = ps->end, *d;

	if (s < end && *s == '-')
		s++;
	if (s == end || *s < '0' || *s > '9')
		return fail(ps, s, "invalid number: expected a digit");
	if (*s == '0' && s + 1 < end && s[1] >= '0' && s[1] <= '9')
		return fail(ps, s, "invalid number: leading zeros are not allowed");
	s = skip_digits(s, end);
	if (s < end && *s == '.') {
		if ((d = skip_digits(s + 1, end)) == s + 1)
			return fail(ps, d, "invalid number: expected a digit after '.'");
		s = d;
	}
	if (s < end && (*s == 'e' || *s == 'E')) {
		s++;
		if (s < end && (*s == '+' || *s == '-'))
			s++;
		if ((d = skip_digits(s, end)) == s)
			return fail(ps, s, "invalid number: expected a digit in the exponent");
		s = d;
	}
	return s;
}

static struct json_value *parse_number(struct parser *ps)
{
	const char *s = ps->p, *e = number_end(ps, s);
	char small[64], *copy;
	struct json_value *v;
	size_t n;

	if (!e)
		return NULL;
	/* strtod needs a terminated copy; the grammar is already checked,
	 * and thread never calls setlocale(), so '.' is the decimal point. */
	n = (size_t)(e - s);
	copy = n < sizeof(small) ? small : xmalloc(n + 1);
	memcpy(copy, s, n);
	copy[n] = '\0';
	v = new_value(ps, JSON_NUMBER);
	v->number = strtod(copy, NULL);
	if (copy != small)
		free(copy);
	if (isinf(v->number))
		return fail(ps, s, "number out of range");
	ps->p = e;
	return v;
}

static struct json_value *parse_literal(struct parser *ps)
{
	static const struct { const char *word; enum json_type type; } lit[] = {
		{ "null", JSON_NULL }, { "false", JSON_FALSE }, { "true", JSON_TRUE },
	};
	size_t i, left = (size_t)(ps->end - ps->p);
	char buf[16];

	for (i = 0; i < ARRAY_SIZE(lit); i++) {
		size_t n = strlen(lit[i].word);
		if (left >= n && !memcmp(ps->p, lit[i].word, n)) {
			struct json_value *v = new_value(ps, lit[i].type);
			ps->p += n;
			return v;
		}
	}
	return fail(ps, ps->p, "unexpected %s; expected a value",
		    describe(ps->p, buf, sizeof(buf)));
}

static struct json_value *parse_value(struct parser *ps);

/* Skip whitespace inside a container; at the end of the text, report the
 * container that is left open (where it opened is the place to look). */
static int more_in(struct parser *ps, const struct json_value *c)
{
	skip_ws(ps);
	if (ps->p < ps->end)
		return 1;
	fail(ps, ps->p, "the %s opened at line %d, column %d is never closed",
	     json_type_name(c->type), c->line, c->col);
	return 0;
}

static int add_child(struct json_value *c, struct json_value ***tail,
		     struct json_value *v)
{
	if (!v)
		return -1;
	**tail = v;
	*tail = &v->next;
	c->count++;
	return 0;
}

/* After a ',' or the opening bracket: the next element or member must
 * follow; name a trailing comma, a common slip, for what it is. */
static void *expected(struct parser *ps, const char *what, int after_comma)
{
	char buf[16];
	if (after_comma && (*ps->p == ']' || *ps->p == '}'))
		return fail(ps, ps->p, "expected %s (a trailing comma is not allowed)", what);
	return fail(ps, ps->p, "unexpected %s; expected %s",
		    describe(ps->p, buf, sizeof(buf)), what);
}

static struct json_value *parse_array(struct json_value *arr, struct parser *ps)
{
	struct json_value **tail = &arr->child;

	ps->p++;
	if (!more_in(ps, arr))
		return NULL;
	if (*ps->p == ']') {
		ps->p++;
		return arr;
	}
	for (;;) {
		if (*ps->p == ']')
			return expected(ps, "a value", 1);
		if (add_child(arr, &tail, parse_value(ps)) || !more_in(ps, arr))
			return NULL;
		if (*ps->p == ']')
			break;
		if (*ps->p != ',')
			return fail(ps, ps->p, "expected ',' or ']' after an array element");
		ps->p++;
		if (!more_in(ps, arr))
			return NULL;
	}
	ps->p++;
	return arr;
}

/* One "key": value member of an object, at ps->p. */
static struct json_value *parse_member(struct json_value *obj,
				       struct parser *ps, int after_comma)
{
	const char *key;
	size_t key_len;
	struct json_value *v;

	if (*ps->p != '"')
		return expected(ps, "a string key in double quotes", after_comma);
	if (parse_string(ps, &key, &key_len) || !more_in(ps, obj))
		return NULL;
	if (*ps->p != ':')
		return fail(ps, ps->p, "expected ':' after the key \"%.40s\"", key);
	ps->p++;
	if (!more_in(ps, obj) || !(v = parse_value(ps)))
		return NULL;
	v->key = key;
	v->key_len = key_len;
	return v;
}

static struct json_value *parse_object(struct json_value *obj, struct parser *ps)
{
	struct json_value **tail = &obj->child;

	ps->p++;
	if (!more_in(ps, obj))
		return NULL;
	if (*ps->p == '}') {
		ps->p++;
		return obj;
	}
	for (int n = 0;; n++) {
		if (add_child(obj, &tail, parse_member(obj, ps, n > 0)) ||
		    !more_in(ps, obj))
			return NULL;
		if (*ps->p == '}')
			break;
		if (*ps->p != ',')
			return fail(ps, ps->p, "expected ',' or '}' after an object member");
		ps->p++;
		if (!more_in(ps, obj))
			return NULL;
	}
	ps->p++;
	return obj;
}

static struct json_value *parse_container(struct parser *ps, enum json_type t)
{
	struct json_value *v;

	if (ps->depth >= JSON_MAX_DEPTH)
		return fail(ps, ps->p, "nesting deeper than %d levels", JSON_MAX_DEPTH);
	ps->depth++;
	v = new_value(ps, t);
	v = t == JSON_ARRAY ? parse_array(v, ps) : parse_object(v, ps);
	ps->depth--;
	return v;
}

/* A value at ps->p, which is not at the end of the text. */
static struct json_value *parse_value(struct parser *ps)
{
	struct json_value *v;

	switch (*ps->p) {
	case '[':
		return parse_container(ps, JSON_ARRAY);
	case '{':
		return parse_container(ps, JSON_OBJECT);
	case '"':
		v = new_value(ps, JSON_STRING);
		return parse_string(ps, &v->str, &v->len) ? NULL : v;
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return parse_number(ps);
	default:
		return parse_literal(ps);
	}
}

struct json_value *json_parse(struct arena *a, const char *text, size_t len,
			      struct json_error *err)
{
	struct parser ps = { a, text, text + len, text, 1, 0, err };
	struct json_value *v;

	err->line = err->col = 0;
	err->msg[0] = '\0';
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		ps.p = ps.line_start = text + 3;   /* columns as an editor shows them */
	skip_ws(&ps);
	if (ps.p == ps.end)
		return fail(&ps, ps.p, "expected a JSON value, but the text is empty");
	if (!(v = parse_value(&ps)))
		return NULL;
	skip_ws(&ps);
	if (ps.p < ps.end)
		return fail(&ps, ps.p, "unexpected text after the JSON value");
	return v;
}

struct json_value *json_get(const struct json_value *obj, const char *key)
{
	struct json_value *m;
	size_t n = strlen(key);

	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	for (m = obj->child; m; m = m->next)
		if (m->key_len == n && !memcmp(m->key, key, n))
			return m;
	return NULL;
}

const char *json_type_name(enum json_type type)
{
	static const char *const names[] = {
		"null", "false", "true", "number", "string", "array", "object",
	};
	return (unsigned)type < ARRAY_SIZE(names) ? names[type] : "value";
}

/* ---- writing ---- */

static void add_u_escape(struct strbuf *sb, unsigned cp)
{
	strbuf_addf(sb, "\\u%04x", cp);
}

/* A control character (or U+2028/U+2029, which end a line in JavaScript)
 * at s, n bytes long, that JSON output writes as a \u escape; its code
 * point, or -1. */
static long escaped_cp(const unsigned char *s, size_t n)
{
	if (n == 1)
		return s[0] < 0x20 || s[0] == 0x7f ? s[0] : -1;
	if (n == 2 && s[0] == 0xc2 && s[1] < 0xa0)
		return s[1];
	if (n == 3 && s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0xa8 || s[2] == 0xa9))
		return 0x2000 | (s[2] & 0x3f);
	return -1;
}

void strbuf_add_json_str(struct strbuf *sb, const char *s, size_t len)
{
	size_t i = 0;

	strbuf_grow(sb, len + 2);
	strbuf_addch(sb, '"');
	while (i < len) {
		const unsigned char *u = (const unsigned char *)s + i;
		size_t n = utf8_seq_len(s + i, len - i);
		long cp = n ? escaped_cp(u, n) : -1;

		if (!n)
			strbuf_addstr(sb, "\xef\xbf\xbd");   /* U+FFFD for a bad byte */
		else if (*u == '"' || *u == '\\')
			strbuf_addf(sb, "\\%c", *u);
		else if (*u == '\n')
			strbuf_add(sb, "\\n", 2);
		else if (*u == '\r')
			strbuf_add(sb, "\\r", 2);
		else if (*u == '\t')
			strbuf_add(sb, "\\t", 2);
		else if (cp >= 0)
			add_u_escape(sb, (unsigned)cp);
		else
			strbuf_add(sb, u, n);
		i += n ? n : 1;
	}
	strbuf_addch(sb, '"');
}

void strbuf_add_json_field(struct strbuf *sb, const char *key, const char *v)
{
	strbuf_add_json_str(sb, key, strlen(key));
	strbuf_addch(sb, ':');
	if (v)
		strbuf_add_json_str(sb, v, strlen(v));
	else
		strbuf_addstr(sb, "null");
}
