#include "safeout.h"

#include <stdarg.h>
#include <string.h>

size_t utf8_seq_len(const char *str, size_t left)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[0];
	size_t n, k;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) { n = 2; cp = c & 0x1f; }
	else if (c >= 0xe0 && c <= 0xef) { n = 3; cp = c & 0x0f; }
	else if (c >= 0xf0 && c <= 0xf4) { n = 4; cp = c & 0x07; }
	else return 0;
	if (left < n)
		return 0;
	for (k = 1; k < n; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[k] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

static int plain(unsigned char c)
{
	return (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n';
}

/* The bytes at s[0..left) that start with one strbuf_add_safe() copies
 * as it is; 0 for one it escapes. */
static size_t safe_len(const char *s, size_t left)
{
	unsigned char c = (unsigned char)s[0];
	size_t n;

	if (c < 0x80)
		return plain(c);
	n = utf8_seq_len(s, left);
	if (n == 2 && c == 0xc2 && (unsigned char)s[1] < 0xa0)
		return 0;
	return n;
}

size_t safe_unsafe_at(const char *s, size_t len)
{
	size_t i = 0, n;

	while (i < len && (n = safe_len(s + i, len - i)))
		i += n;
	return i;
}

void strbuf_add_safe(struct strbuf *out, const char *s, size_t len)
{
	size_t i = 0;

	strbuf_grow(out, len);
	while (i < len) {
		/* Runs of text that needs nothing go in at once: notes are
		 * mostly that. */
		size_t ok = safe_unsafe_at(s + i, len - i);
		unsigned char c;

		strbuf_add(out, s + i, ok);
		if ((i += ok) == len)
			break;
		c = (unsigned char)s[i];
		if (c == 0xc2 && utf8_seq_len(s + i, len - i) == 2) {
			strbuf_addf(out, "\\u%04x", (unsigned char)s[i + 1]);
			i += 2;
			continue;
		}
		if (c == 0x1b)
			strbuf_add(out, "\\e", 2);
		else if (c == '\r')
			strbuf_add(out, "\\r", 2);
		else
			strbuf_addf(out, "\\x%02x", c);
		i++;
	}
}

void safe_write(FILE *f, const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add_safe(&sb, s, len);
	fwrite(sb.buf, 1, sb.len, f);
	strbuf_release(&sb);
}

void safe_vfprintf(FILE *f, const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_vaddf(&sb, fmt, ap);
	safe_write(f, sb.buf, sb.len);
	strbuf_release(&sb);
}

void safe_fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	safe_vfprintf(f, fmt, ap);
	va_end(ap);
}

void safe_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	safe_vfprintf(stdout, fmt, ap);
	va_end(ap);
}
