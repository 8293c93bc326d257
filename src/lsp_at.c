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
