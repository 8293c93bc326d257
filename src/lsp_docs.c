#include "lsp_docs.h"
#include "lines.h"
#include "util.h"

#include <string.h>

static void index_lines(struct lsp_doc *d)
{
	const char *p = d->text.buf, *end = p + d->text.len, *next;

	d->nlines = 0;
	for (;;) {
		ALLOC_GROW(d->lines, d->nlines + 1, d->lines_alloc);
		d->lines[d->nlines++] = (size_t)(p - d->text.buf);
		if (p >= end)
			break;
		line_end(p, end, &next);
		/* the last line ends with the text, ending or not */
		if (next >= end && (next == p || (next[-1] != '\n' && next[-1] != '\r')))
			break;
		p = next;
	}
}

struct lsp_doc *lsp_docs_find(const struct lsp_docs *docs, const char *uri)
{
	size_t i;

	for (i = 0; i < docs->nr; i++)
		if (!strcmp(docs->v[i]->uri, uri))
			return docs->v[i];
	return NULL;
}

static void doc_free(struct lsp_doc *d)
{
	free(d->uri);
	free(d->path);
	free(d->rel);
	free(d->handle);
	strbuf_release(&d->text);
	free(d->lines);
	free(d);
}

static enum lsp_doc_kind kind_of(const char *rel, char **handle)
{
	size_t n = strlen(rel);

	*handle = NULL;
	if (!strcmp(rel, ".thread.yaml"))
		return LSP_DOC_CONFIG;
	if (!strncmp(rel, "people/", 7) && !strchr(rel + 7, '/') && n > 10 &&
	    !strcmp(rel + n - 3, ".md")) {
		*handle = xstrndup(rel + 7, n - 10);
		return LSP_DOC_PERSON;
	}
	return LSP_DOC_OTHER;
}

struct lsp_doc *lsp_docs_open(struct lsp_docs *docs, const char *uri,
			      const char *path, const char *rel,
			      const char *text, size_t len, long long version)
{
	struct lsp_doc *d = lsp_docs_find(docs, uri);

	if (d) {
		lsp_docs_close(docs, uri);
		d = NULL;
	}
	d = xcalloc(1, sizeof(*d));
	d->uri = xstrdup(uri);
	d->path = xstrdup(path);
	d->rel = xstrdup(rel);
	d->kind = kind_of(rel, &d->handle);
	d->version = version;
	strbuf_init(&d->text, len);
	lsp_doc_set(d, text, len);
	ALLOC_GROW(docs->v, docs->nr + 1, docs->alloc);
	docs->v[docs->nr++] = d;
	return d;
}

int lsp_docs_close(struct lsp_docs *docs, const char *uri)
{
	size_t i;

	for (i = 0; i < docs->nr; i++) {
		if (strcmp(docs->v[i]->uri, uri))
			continue;
		doc_free(docs->v[i]);
		memmove(docs->v + i, docs->v + i + 1, (docs->nr - i - 1) * sizeof(*docs->v));
		docs->nr--;
		return 0;
	}
	return -1;
}

void lsp_docs_release(struct lsp_docs *docs)
{
	size_t i;

	for (i = 0; i < docs->nr; i++)
		doc_free(docs->v[i]);
	free(docs->v);
	memset(docs, 0, sizeof(*docs));
}

void lsp_doc_set(struct lsp_doc *d, const char *text, size_t len)
{
	strbuf_reset(&d->text);
	strbuf_add(&d->text, text, len);
	index_lines(d);
	d->dirty = 1;
}

/* Does a line start at offset s of the text?  (What ends a line is the
 * byte before s, and whether a CR there is the first half of a CRLF.) */
static int is_line_start(const struct strbuf *t, size_t s)
{
	if (!s)
		return 1;
	if (t->buf[s - 1] == '\n')
		return 1;
	return t->buf[s - 1] == '\r' && (s == t->len || t->buf[s] != '\n');
}

/* The index of the first line start at or after `off`, from index lo. */
static size_t first_start_from(const struct lsp_doc *d, size_t lo, size_t off)
{
	size_t hi = d->nlines;

	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;
		if (d->lines[m] < off)
			lo = m + 1;
		else
			hi = m;
	}
	return lo;
}

/*
 * After old[a, b) was replaced with `len` bytes: the line starts before a
 * are as they were (each depends on the two bytes around it), those past
 * b move by the difference, and only those in the new bytes are looked
 * for; an edit costs its own length, not the file's.
 */
static void reindex_lines(struct lsp_doc *d, size_t a, size_t b, size_t len)
{
	size_t keep = first_start_from(d, 0, a);          /* starts before a */
	size_t from = first_start_from(d, keep, b + 1);   /* and past b */
	size_t i, n, old = d->nlines, end = a + len;
	size_t *mid = NULL, nmid = 0, alloc = 0;

	for (i = a; i <= end && i <= d->text.len; i++) {
		if (!is_line_start(&d->text, i))
			continue;
		ALLOC_GROW(mid, nmid + 1, alloc);
		mid[nmid++] = i;
	}
	n = keep + nmid + (old - from);
	ALLOC_GROW(d->lines, n, d->lines_alloc);
	memmove(d->lines + keep + nmid, d->lines + from, (old - from) * sizeof(*d->lines));
	if (nmid)
		memcpy(d->lines + keep, mid, nmid * sizeof(*mid));
	for (i = keep + nmid; i < n; i++)
		d->lines[i] = d->lines[i] - b + end;
	d->nlines = n;
	free(mid);
}

int lsp_doc_replace(struct lsp_doc *d, unsigned start_line, unsigned start_char,
		    unsigned end_line, unsigned end_char,
		    const char *text, size_t len, size_t limit)
{
	size_t a = lsp_doc_offset(d, start_line, start_char);
	size_t b = lsp_doc_offset(d, end_line, end_char), tail;

	if (b < a) {
		size_t t = a;
		a = b;
		b = t;
	}
	if (d->text.len - (b - a) + len > limit)
		return -1;
	tail = d->text.len - b;
	if (len > b - a)
		strbuf_grow(&d->text, len - (b - a));
	memmove(d->text.buf + a + len, d->text.buf + b, tail);
	memcpy(d->text.buf + a, text, len);
	strbuf_setlen(&d->text, a + len + tail);
	reindex_lines(d, a, b, len);
	d->dirty = 1;
	return 0;
}

/* Bytes of the UTF-8 sequence at p, and its UTF-16 units in *units;
 * a byte that starts no sequence is one byte, one unit. */
static size_t utf8_step(const unsigned char *p, const unsigned char *end,
			unsigned *units)
{
	size_t n = *p < 0x80 ? 1 : *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : *p >= 0xc0 ? 2 : 1;
	size_t i;

	if ((size_t)(end - p) < n)
		n = 1;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80) {
			n = 1;
			break;
		}
	*units = n == 4 ? 2 : 1;
	return n;
}

size_t utf16_units(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t units = 0;
	unsigned u;

	while (p < end) {
		p += utf8_step(p, end, &u);
		units += u;
	}
	return units;
}

/* Start and end (before its ending) of line `line` (0-based), clamped. */
static void line_span(const struct lsp_doc *d, size_t line, size_t *start,
		      size_t *stop)
{
	const char *next;

	if (line >= d->nlines) {
		*start = *stop = d->text.len;
		return;
	}
	*start = d->lines[line];
	*stop = (size_t)(line_end(d->text.buf + *start, d->text.buf + d->text.len,
				  &next) - d->text.buf);
}

size_t lsp_doc_offset(const struct lsp_doc *d, unsigned line, unsigned character)
{
	const unsigned char *p, *end;
	size_t start, stop, units = 0;
	unsigned u;

	line_span(d, line, &start, &stop);
	p = (const unsigned char *)d->text.buf + start;
	end = (const unsigned char *)d->text.buf + stop;
	while (p < end && units < character) {
		size_t n = utf8_step(p, end, &u);
		if (units + u > character)
			break;   /* inside a surrogate pair: before it */
		p += n;
		units += u;
	}
	return (size_t)((const char *)p - d->text.buf);
}

static size_t line_of(const struct lsp_doc *d, size_t off)
{
	size_t lo = 0, hi = d->nlines;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

void lsp_doc_position(const struct lsp_doc *d, size_t off, unsigned *line,
		      unsigned *character)
{
	size_t l, start, stop;

	if (off > d->text.len)
		off = d->text.len;
	l = line_of(d, off);
	line_span(d, l, &start, &stop);
	if (off > stop)
		off = stop;   /* inside a CRLF: at the line's end */
	*line = (unsigned)l;
	*character = (unsigned)utf16_units(d->text.buf + start, off - start);
}

size_t lsp_doc_offset_lc(const struct lsp_doc *d, int line, int col)
{
	size_t start, stop;

	if (line < 1)
		line = 1;
	if (col < 1)
		col = 1;
	line_span(d, (size_t)line - 1, &start, &stop);
	return (size_t)col - 1 > stop - start ? stop : start + (size_t)col - 1;
}

size_t lsp_doc_line_end(const struct lsp_doc *d, size_t off)
{
	size_t start, stop;

	line_span(d, line_of(d, off > d->text.len ? d->text.len : off), &start, &stop);
	return stop;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int lsp_uri_to_path(const char *uri, char **path)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	*path = NULL;
	if (strncmp(uri, "file://", 7))
		return -1;
	p = uri + 7;
	if (!strncmp(p, "localhost/", 10))
		p += 9;
	if (*p != '/')
		return -1;   /* file://host/...: not this machine */
	for (; *p && *p != '?' && *p != '#'; p++) {
		int hi, lo;
		if (*p != '%') {
			strbuf_addch(&sb, *p);
			continue;
		}
		hi = hexval(p[1]);
		lo = hi < 0 ? -1 : hexval(p[2]);
		if (lo < 0 || (!hi && !lo)) {
			strbuf_release(&sb);
			return -1;
		}
		strbuf_addch(&sb, hi * 16 + lo);
		p += 2;
	}
	*path = strbuf_detach(&sb, NULL);
	return 0;
}

char *lsp_path_to_uri(const char *path)
{
	static const char keep[] = "-._~/";
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p;

	strbuf_addstr(&sb, "file://");
	for (p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(keep, *p))
			strbuf_addch(&sb, *p);
		else
			strbuf_addf(&sb, "%%%02X", *p);
	}
	return strbuf_detach(&sb, NULL);
}
