#include "lines.h"
#include "strbuf.h"

#include <string.h>

const char *line_end(const char *p, const char *end, const char **next)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	const char *stop = nl ? nl : end;
	const char *cr = memchr(p, '\r', (size_t)(stop - p));

	if (cr && cr + 1 < stop) {       /* a lone CR ends the line first */
		*next = cr + 1;
		return cr;
	}
	if (cr && cr + 1 == stop && nl) {  /* CRLF */
		*next = nl + 1;
		return cr;
	}
	if (cr) {                       /* a CR as the text's last byte */
		*next = end;
		return cr;
	}
	*next = nl ? nl + 1 : end;
	return stop;
}

long line_start(const char *buf, size_t len, long line)
{
	const char *p = buf, *end = buf + len, *next;
	for (; line > 1; line--) {
		if (line_end(p, end, &next) == end)
			return -1;      /* the last line has no line ending */
		p = next;
	}
	return (long)(p - buf);
}

long line_of_offset(const char *buf, size_t off)
{
	const char *p = buf, *end = buf + off, *next;
	long line = 1;
	while (line_end(p, end, &next) != end) {
		line++;
		p = next;
	}
	return line;
}

const char *line_ending_at(const char *p, const char *end)
{
	const char *next, *eol = line_end(p, end, &next);
	if (next - eol == 2)
		return "\r\n";
	return next - eol == 1 && *eol == '\r' ? "\r" : "\n";
}

void strbuf_add_lines(struct strbuf *out, const char *s, size_t len, const char *eol)
{
	const char *p = s, *end = s + len, *nl;

	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		strbuf_add(out, p, (size_t)(nl - p));
		strbuf_addstr(out, eol);
		p = nl + 1;
	}
	strbuf_add(out, p, (size_t)(end - p));
}
