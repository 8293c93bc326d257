#include "lines.h"

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
