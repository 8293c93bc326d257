/* Unit tests: where lines end (lines.c), as cmark ends them. */
#include "lines.h"
#include "tap.h"

static void check(const char *name, const char *text, const long *starts, long n)
{
	size_t len = strlen(text);
	long i;
	for (i = 0; i < n; i++) {
		is_int(line_start(text, len, i + 1), starts[i], "%s: line %ld starts there", name, i + 1);
		is_int(line_of_offset(text, (size_t)starts[i]), i + 1, "%s: and its offset is on it", name);
	}
	is_int(line_start(text, len, n + 1), -1, "%s: no line %ld", name, n + 1);
}

int main(void)
{
	static const long lf[] = { 0, 2, 4 }, mixed[] = { 0, 2, 5, 7, 9, 10 };
	const char *s = "ab\r\ncd", *next, *eol;

	check("LF", "a\nb\nc", lf, 3);
	check("CR", "a\rb\rc", lf, 3);
	check("CRLF, CR and LF mixed", "a\rb\r\nc\nd\r\r", mixed, 6);
	check("one line", "abc", lf, 1);

	eol = line_end(s, s + strlen(s), &next);
	ok(eol == s + 2 && next == s + 4, "CRLF: the line ends at the CR, the next starts after the LF");
	eol = line_end(s + 4, s + strlen(s), &next);
	ok(eol == s + 6 && next == s + 6, "the last line ends at the end");
	s = "a\r";
	eol = line_end(s, s + 2, &next);
	ok(eol == s + 1 && next == s + 2, "a CR as the last byte ends the line");
	is_int(line_start(s, 2, 2), 2, "and an empty last line follows it");
	return done_testing();
}
