/*
 * lsp_define.c - textDocument/definition for thread lsp: a [t:N]
 * reference goes to line N of the session's transcript, an @handle to
 * people/HANDLE.md, and a line of a Review list to what it names: an
 * open item thread new copied ("... at people/bob.md:10"), or the Next
 * list or growth rep of the session it came from ("(from 2026-11-13)").
 *
 * Only files of the repository are named: never one a symlink leads
 * outside to (repo_reach, as every reader).
 */
#include "lsp_at.h"
#include "date.h"
#include "pattern.h"
#include "person.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A Location: line `line` (0-based) of the file at rel, or NULL when the
 * file is not one thread reads. */
static json_t *location(struct lsp_server *s, const char *rel, long line)
{
	enum repo_reach reach = repo_reach(s->root, rel);
	char *path, *uri;
	json_t *loc;

	if (reach == REPO_OUTSIDE || reach == REPO_DANGLING)
		return NULL;
	path = path_join(s->root, rel);
	if (!repo_overlay_find(lsp_overlay(s), rel) && access(path, F_OK)) {
		free(path);
		return NULL;
	}
	uri = lsp_path_to_uri(path);
	loc = json_pack("{s:s, s:{s:{s:I, s:i}, s:{s:I, s:i}}}", "uri", uri, "range",
			"start", "line", (json_int_t)line, "character", 0,
			"end", "line", (json_int_t)line, "character", 0);
	free(uri);
	free(path);
	return loc;
}

static json_t *to_person(struct lsp_server *s, const char *handle, size_t len, long line)
{
	char rel[128];

	if (!pattern_is_handle(handle, len))
		return NULL;
	snprintf(rel, sizeof(rel), "people/%.*s.md", (int)len, handle);
	return location(s, rel, line);
}

/* The section of session ss that holds `line`. */
static const struct section *section_at(const struct session *ss, int line)
{
	const struct section *sec, *at = NULL;

	for (sec = ss ? ss->sections : NULL; sec && sec->pos.line <= line; sec = sec->next)
		at = sec;
	return at;
}

/* Where "(from DATE)" on a Review line of p points: that session's Next
 * list, or for a growth rep its rep. */
static json_t *from_session(struct lsp_server *s, struct lsp_doc *d, const struct person *p,
			    const char *text, size_t len)
{
	const char *from = memmem(text, len, "(from ", 6);
	const struct session *ss;
	const struct section *sec;
	const struct item *it;
	int day;

	if (!from || (size_t)(text + len - from) < 17 || from[16] != ')' ||
	    date_parse(from + 6, 10, &day) != DATE_OK)
		return NULL;
	for (ss = p->sessions; ss; ss = ss->next) {
		if (!ss->date_ok || ss->date != day)
			continue;
		if (!strncmp(text, "Growth rep", 10))
			for (it = ss->items; it; it = it->next)
				if (it->kind == ITEM_REP)
					return location(s, d->rel, it->pos.line - 1);
		for (sec = ss->sections; sec; sec = sec->next)
			if (sec->kind == SEC_NEXT)
				return location(s, d->rel, sec->pos.line - 1);
		return location(s, d->rel, ss->pos.line - 1);
	}
	return NULL;
}

/* A line of a Review list: what it names. */
static json_t *review_line(struct lsp_server *s, struct lsp_doc *d, size_t off)
{
	struct person *p = lsp_person(d);
	int line = lsp_line_number(d, off);
	const struct section *sec = section_at(lsp_session_at(p, line), line);
	size_t ls = lsp_line_start(d, off), le = lsp_doc_line_end(d, off);
	const char *text = d->text.buf + lsp_item_content(d, ls + strspn(d->text.buf + ls, " "));
	const char *end = d->text.buf + le, *at = NULL, *q, *h;
	json_t *loc = NULL;

	if (!sec || sec->kind != SEC_REVIEW)
		goto done;
	for (q = text; (q = memmem(q, (size_t)(end - q), " at people/", 11)); q++)
		at = q;
	if (at) {
		h = at + 11;
		for (q = h; q < end && *q != '.'; q++)
			;
		if (end - q > 4 && !strncmp(q, ".md:", 4))
			loc = to_person(s, h, (size_t)(q - h), strtol(q + 4, NULL, 10) - 1);
	} else {
		loc = from_session(s, d, p, text, (size_t)(end - text));
	}
done:
	person_free(p);
	return loc;
}

json_t *lsp_definition(struct lsp_server *s, json_t *params, struct lsp_error *err)
{
	struct lsp_token t;
	struct person *p;
	json_t *loc = NULL;
	size_t off;
	struct lsp_doc *d = lsp_doc_at(s, params, &off, err);

	if (!d)
		return NULL;
	if (d->kind != LSP_DOC_PERSON || !s->root)
		return json_null();
	lsp_token_at(d, off, &t);
	if (t.kind == TOK_TREF) {
		const struct session *ss;
		p = lsp_person(d);
		ss = lsp_session_at(p, lsp_line_number(d, off));
		if (ss && ss->transcript)
			loc = location(s, ss->transcript, t.first - 1);
		person_free(p);
	} else if (t.kind == TOK_HANDLE) {
		loc = to_person(s, d->text.buf + t.vstart, t.vend - t.vstart, 0);
	} else {
		loc = review_line(s, d, off);
	}
	return loc ? loc : json_null();
}
