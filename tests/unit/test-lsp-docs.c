/* Unit tests: positions in open documents (lsp_docs.c), as LSP counts
 * them: lines end at LF, CRLF or a lone CR; characters are UTF-16 units. */
#include "lsp_docs.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>

static struct lsp_docs docs;

static struct lsp_doc *doc(const char *text)
{
	return lsp_docs_open(&docs, "file:///r/people/a.md", "/r/people/a.md",
			     "people/a.md", text, strlen(text), 1);
}

static void position(const struct lsp_doc *d, size_t off, unsigned line,
		     unsigned ch, const char *what)
{
	unsigned l, c;

	lsp_doc_position(d, off, &l, &c);
	ok(l == line && c == ch, "%s: offset %zu is %u:%u (got %u:%u)", what, off,
	   line, ch, l, c);
}

/*
 * Thousands of random edits of short texts made of the bytes that matter
 * (line endings, multi-byte characters): after each, the line index kept
 * up edit by edit is the one built from scratch.
 */
static void random_edits(void)
{
	static const char *const bits[] = { "a", "\r", "\n", "\r\n", "\xc3\xa9", "\xf0\x9f\x9a\x80", "" };
	struct lsp_docs fresh = { NULL, 0, 0 };
	struct lsp_doc *d = doc("a\r\nb\rc\n"), *f;
	int i, bad = 0;

	srand(16);
	for (i = 0; i < 20000 && !bad; i++) {
		char text[16];
		unsigned l1 = (unsigned)rand() % 6, c1 = (unsigned)rand() % 5;
		unsigned l2 = (unsigned)rand() % 6, c2 = (unsigned)rand() % 5;

		snprintf(text, sizeof(text), "%s%s", bits[rand() % 7], bits[rand() % 7]);
		if (d->text.len > 200)
			lsp_doc_set(d, "x\n", 2);
		lsp_doc_replace(d, l1, c1, l2, c2, text, strlen(text), 1000);
		f = lsp_docs_open(&fresh, "u", "/p", "people/p.md", d->text.buf, d->text.len, 1);
		bad = f->nlines != d->nlines ||
		      memcmp(f->lines, d->lines, f->nlines * sizeof(*f->lines));
	}
	ok(!bad, "20000 random edits: the line index kept up is the one built afresh (edit %d)", i);
	lsp_docs_release(&fresh);
}

int main(void)
{
	/* "a🚀b" : the rocket is 4 bytes, 2 UTF-16 units */
	struct lsp_doc *d = doc("x\r\na\xf0\x9f\x9a\x80" "b\rc\n\xc3\xa9t\xc3\xa9");
	char *path;

	is_int(d->nlines, 4, "LF, CRLF and a lone CR end lines: 4 lines");
	is_int(lsp_doc_offset(d, 1, 0), 3, "line 1 starts after the CRLF");
	is_int(lsp_doc_offset(d, 1, 1), 4, "a is one unit");
	is_int(lsp_doc_offset(d, 1, 3), 8, "the rocket is two units, four bytes");
	is_int(lsp_doc_offset(d, 1, 2), 4, "inside the surrogate pair: before it");
	is_int(lsp_doc_offset(d, 1, 99), 9, "past the end of a line: its end, before the CR");
	is_int(lsp_doc_offset(d, 3, 2), 15, "é is one unit, two bytes");
	is_int(lsp_doc_offset(d, 9, 0), d->text.len, "past the last line: the end");
	position(d, 8, 1, 3, "after the rocket");
	position(d, 2, 0, 1, "inside the CRLF");
	position(d, d->text.len, 3, 3, "the end");
	is_int(lsp_doc_offset_lc(d, 2, 6), 8, "lint's line 2, byte column 6: the b");
	is_int(lsp_doc_offset_lc(d, 2, 99), 9, "a column past the line: its end");
	is_int(lsp_doc_line_end(d, 4), 9, "line 1 ends at its CR");

	ok(!lsp_doc_replace(d, 1, 1, 1, 3, "-", 1, 100), "replace the rocket");
	is_str(d->text.buf, "x\r\na-b\rc\n\xc3\xa9t\xc3\xa9", "the text after the edit");
	ok(!lsp_doc_replace(d, 3, 3, 0, 1, "", 0, 100), "a reversed range is the same range");
	is_str(d->text.buf, "x", "everything after x removed");
	ok(!lsp_doc_replace(d, 0, 1, 0, 1, "\n\n", 2, 100), "insert two lines");
	is_int(d->nlines, 3, "an ending at the end makes an empty last line");
	ok(lsp_doc_replace(d, 0, 0, 0, 0, "0123456789", 10, 5), "over the limit: refused");
	is_str(d->text.buf, "x\n\n", "and the text is unchanged");

	random_edits();

	ok(!lsp_uri_to_path("file:///r/people/Jo%20Smith.md", &path), "a file URI");
	is_str(path, "/r/people/Jo Smith.md", "percent-decoded");
	free(path);
	ok(!lsp_uri_to_path("file://localhost/r/a%3Ab.md", &path), "localhost is this machine");
	is_str(path, "/r/a:b.md", "and a colon decoded");
	free(path);
	ok(lsp_uri_to_path("file:///r/a%00.md", &path), "an encoded NUL is refused");
	ok(lsp_uri_to_path("file://host/r/a.md", &path), "another host is refused");
	ok(lsp_uri_to_path("untitled:1", &path), "another scheme is refused");
	path = lsp_path_to_uri("/r/people/Jo Smith.md");
	is_str(path, "file:///r/people/Jo%20Smith.md", "a path as a URI");
	free(path);
	is_int(utf16_units("\xf0\x9f\x9a\x80\xc3\xa9\xff", 7), 4,
	       "a rocket, é and a stray byte: 2 + 1 + 1 units");

	lsp_docs_release(&docs);
	return done_testing();
}
