/*
 * lsp_at.c - what is at a position of an open document (lsp_at.h).
 */
#include "lsp_at.h"
#include "arena.h"
#include "date.h"
#include "fields.h"
#include "pattern.h"
#include "person.h"
#include "rules.h"

#include <ctype.h>
#include <string.h>

size_t lsp_line_start(const struct lsp_doc *d, size_t off)
{
	unsigned line, ch;

	lsp_doc_position(d, off, &line, &ch);
	return line < d->nlines ? d->lines[line] : d->text.len;
}

int lsp_line_number(const struct lsp_doc *d, size_t off)
{
	unsigned line, ch;

	lsp_doc_position(d, off, &line, &ch);
	return (int)line + 1;
}

/* A YYYY-MM-DD date around `off` in the line [ls, le). */
static int date_at(const struct lsp_doc *d, size_t ls, size_t le, size_t off,
		   struct lsp_token *t)
{
	const char *s = d->text.buf;
	size_t a = off > ls + 10 ? off - 10 : ls;

	for (; a <= off && a + 10 <= le; a++) {
		if ((a > ls && isalnum((unsigned char)s[a - 1])) ||
		    (a + 10 < le && isalnum((unsigned char)s[a + 10])))
			continue;
		if (date_parse(s + a, 10, &t->days) == DATE_OK) {
			t->kind = TOK_DATE;
			t->start = t->vstart = a;
			t->end = t->vend = a + 10;
			return 1;
		}
	}
	return 0;
}

/* A [t:] reference around `off`. */
static int tref_at(const struct lsp_doc *d, size_t ls, size_t le, size_t off,
		   struct lsp_token *t)
{
	struct arena a = ARENA_INIT;
	struct tref *refs = NULL, **tail = &refs, *r;
	int found = 0;

	tref_scan(&a, d->text.buf + ls, le - ls, 1, 1, &tail);
	for (r = refs; r; r = r->next) {
		size_t start = ls + (size_t)r->pos.col - 1, end = start + strlen(r->raw);
		if (off < start || off > end || r->malformed || !r->nranges)
			continue;
		t->kind = TOK_TREF;
		t->start = t->vstart = start;
		t->end = t->vend = end;
		t->first = r->ranges[0].first;
		t->last = r->ranges[0].last;
		found = 1;
		break;
	}
	arena_release(&a);
	return found;
}

void lsp_token_at(const struct lsp_doc *d, size_t off, struct lsp_token *t)
{
	size_t ls = lsp_line_start(d, off), le = lsp_doc_line_end(d, off), from = 0;
	struct field_match m;

	memset(t, 0, sizeof(*t));
	if (off > le)
		return;
	if (tref_at(d, ls, le, off, t))
		return;
	while (from < le - ls && pattern_next_field(d->text.buf + ls, le - ls, from, &m) == 1) {
		from = m.vend > m.start ? m.vend : m.start + 1;
		if (off < ls + m.start || off > ls + m.vend)
			continue;
		if (m.kind == FIELD_HANDLE || m.kind == FIELD_TAG) {
			t->kind = m.kind == FIELD_HANDLE ? TOK_HANDLE : TOK_TAG;
			t->start = ls + m.start;
			t->end = ls + m.vend;
			t->vstart = ls + m.vstart;
			t->vend = ls + m.vend;
			return;
		}
		break;   /* due: or escalate: - its date is read below */
	}
	date_at(d, ls, le, off, t);
}

struct person *lsp_person(const struct lsp_doc *d)
{
	if (d->kind != LSP_DOC_PERSON || d->text.len > PERSON_FILE_MAX)
		return NULL;
	return person_parse(d->handle, d->text.buf, d->text.len, NULL);
}

/* Line i (0-based) of d, and its length. */
static const char *line_of(const struct lsp_doc *d, size_t i, size_t *len)
{
	size_t a = d->lines[i];

	*len = lsp_doc_line_end(d, a) - a;
	return d->text.buf + a;
}

static int heading(const char *s, size_t len, int level)
{
	return (level == 1 && len >= 2 && !memcmp(s, "# ", 2)) ||
	       (len >= 3 && !memcmp(s, "## ", 3));
}

struct person *lsp_person_near(const struct lsp_doc *d, size_t off, int *shift,
			       int *newest)
{
	struct strbuf slice = STRBUF_INIT;
	size_t fm = 0, first, last, i, len, at = (size_t)lsp_line_number(d, off) - 1;
	const char *s;
	struct person *p;

	*shift = 0;
	*newest = 0;
	if (d->kind != LSP_DOC_PERSON || d->text.len > PERSON_FILE_MAX)
		return NULL;
	/* the front matter: from a first line "---" to the next "---" or "..." */
	s = line_of(d, 0, &len);
	if (len == 3 && !memcmp(s, "---", 3))
		for (i = 1; i < d->nlines; i++) {
			s = line_of(d, i, &len);
			if (len == 3 && (!memcmp(s, "---", 3) || !memcmp(s, "...", 3))) {
				fm = i + 1;
				break;
			}
		}
	for (i = d->nlines; i-- > fm && !*newest;) {
		s = line_of(d, i, &len);
		if (len >= 13 && heading(s, len, 2) && date_parse(s + 3, 10, newest) != DATE_OK)
			*newest = 0;
	}
	for (first = at; first > fm; first--) {
		s = line_of(d, first, &len);
		if (heading(s, len, 1))
			break;
	}
	for (last = at + 1; last < d->nlines; last++) {
		s = line_of(d, last, &len);
		if (heading(s, len, 1))
			break;
	}
	if (at < fm || first <= fm)
		first = last = fm;   /* before any session: the front matter alone */
	strbuf_add(&slice, d->text.buf, fm < d->nlines ? d->lines[fm] : d->text.len);
	if (first < last)
		strbuf_add(&slice, d->text.buf + d->lines[first],
			   (last < d->nlines ? d->lines[last] : d->text.len) - d->lines[first]);
	*shift = (int)(first - fm);
	p = person_parse(d->handle, slice.buf, slice.len, NULL);
	strbuf_release(&slice);
	return p;
}

const struct session *lsp_session_at(const struct person *p, int line)
{
	const struct session *s, *at = NULL;

	for (s = p ? p->sessions : NULL; s && s->pos.line <= line; s = s->next)
		at = s;
	return at;
}

const struct item *lsp_item_on(const struct person *p, int line,
			       const struct session **sp)
{
	const struct session *s = lsp_session_at(p, line);
	const struct item *it;

	for (it = s ? s->items : NULL; it; it = it->next)
		if (it->pos.line == line) {
			*sp = s;
			return it;
		}
	return NULL;
}

size_t lsp_item_content(const struct lsp_doc *d, size_t off)
{
	const char *s = d->text.buf;
	size_t le = lsp_doc_line_end(d, off);

	if (off < le && (s[off] == '-' || s[off] == '*' || s[off] == '+')) {
		off++;
	} else {
		while (off < le && isdigit((unsigned char)s[off]))
			off++;
		if (off < le && (s[off] == '.' || s[off] == ')'))
			off++;
	}
	while (off < le && s[off] == ' ')
		off++;
	return off;
}
