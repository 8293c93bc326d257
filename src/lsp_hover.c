/*
 * lsp_hover.c - textDocument/hover for thread lsp: on a [t:N-M] reference
 * the transcript lines it names, with their times and speakers; on an
 * @handle the person's name, role and the open items whose @ is theirs,
 * in any file (none from under a Private heading: thread(5) PRIVACY); on a date its weekday and how far
 * it is from today; on a lint finding its rule and what to do about it.
 */
#include "lsp_at.h"
#include "date.h"
#include "fields.h"
#include "lines.h"
#include "names.h"
#include "rule_help.h"
#include "safeout.h"
#include "team.h"
#include "util.h"

#include <string.h>

/* Shown of a long [t:] range, and of a person's open items. */
#define HOVER_LINES 20
#define HOVER_ITEMS 10

/* The transcript lines of reference t in session s, in a code block. */
static void transcript_lines(struct lsp_server *srv, const struct session *s,
			     const struct lsp_token *t, struct strbuf *out)
{
	struct team team;
	struct strbuf buf = STRBUF_INIT;
	long n, first = t->first, last = t->last;
	const char *p, *end, *next;

	if (!s || !s->transcript) {
		strbuf_addstr(out, "This session has no `Transcript:` line.");
		return;
	}
	if (lsp_team_open(srv, &team) || repo_load(&team.repo, s->transcript, &buf)) {
		strbuf_addf(out, "%s cannot be read.", s->transcript);
		goto done;
	}
	strbuf_addf(out, "%s, line%s %ld", s->transcript, first == last ? "" : "s", first);
	if (last != first)
		strbuf_addf(out, "-%ld", last);
	if (line_start(buf.buf, buf.len, first) < 0) {
		strbuf_addstr(out, ": past the end of the transcript.");
		goto done;
	}
	strbuf_addstr(out, ":\n\n```text\n");
	p = buf.buf + line_start(buf.buf, buf.len, first);
	end = buf.buf + buf.len;
	for (n = first; n <= last && p < end; n++, p = next) {
		const char *e = line_end(p, end, &next);
		if (n - first == HOVER_LINES) {
			strbuf_addf(out, "... %ld more\n", last - n + 1);
			break;
		}
		strbuf_add_safe(out, p, (size_t)(e - p));
		strbuf_addch(out, '\n');
	}
	strbuf_addstr(out, "```");
done:
	strbuf_release(&buf);
	team_close(&team);
}

/* Is `owner` (an item's @handle, or NULL) the person `handle` names? */
static int same_person(const struct names *n, const char *owner, const char *handle)
{
	return owner && (!strcmp(owner, handle) ||
			 (names_is_me(n, owner) && names_is_me(n, handle)));
}

/*
 * The open items whose @ is `handle`'s (it owns or holds them), in every
 * person file of the team, none from under a Private heading: what a
 * manager wants to see before chasing someone, wherever it was agreed.
 */
static void items_of(struct team *t, const struct names *n, const char *handle,
		     struct strbuf *out)
{
	struct strbuf brief = STRBUF_INIT;
	const struct session *s;
	const struct item *it;
	struct person *p;
	const char *path;
	int shown = 0, more = 0;
	size_t i;

	for (i = 0; i < t->repo.nfiles; i++) {
		if (!(p = team_person(t, i, &path)))
			continue;
		for (s = p->sessions; s; s = s->next)
			for (it = s->items; it; it = it->next) {
				if (it->done || !team_shows(it->private, 0) ||
				    !same_person(n, it->owner, handle))
					continue;
				if (shown == HOVER_ITEMS) {
					more++;
					continue;
				}
				if (!shown++)
					strbuf_addstr(out, "\n\nOpen items:\n");
				strbuf_addf(out, "\n- %s: ", item_kind_name(it->kind));
				strbuf_reset(&brief);
				fields_brief(&brief, it->text.s, it->text.len, 1);
				strbuf_add_safe(out, brief.buf, brief.len);
				strbuf_addf(out, " (people/%s.md:%d)", p->handle, it->pos.line);
			}
		person_free(p);
	}
	if (more)
		strbuf_addf(out, "\n- and %d more", more);
	if (!shown)
		strbuf_addstr(out, "\n\nNo open items.");
	strbuf_release(&brief);
}

/* The person `handle` names: name and role, and the open items on them. */
static void person(struct lsp_server *srv, const char *handle, struct strbuf *out)
{
	struct team t;
	struct names n;
	struct person *p = NULL;
	const char *path;
	size_t i;

	if (lsp_team_open(srv, &t)) {
		team_close(&t);
		return;
	}
	names_init(&n, &t, NULL);
	strbuf_addstr(out, "**");
	strbuf_add_safe(out, names_of(&n, handle), strlen(names_of(&n, handle)));
	strbuf_addf(out, "** (@%s)", handle);
	for (i = 0; i < t.repo.nfiles && !p; i++)
		if (!strcmp(t.repo.files[i].handle, handle))
			p = team_person(&t, i, &path);
	if (p && p->role) {
		strbuf_addstr(out, ", ");
		strbuf_add_safe(out, p->role, strlen(p->role));
	} else if (!p) {
		strbuf_addstr(out, names_is_me(&n, handle) ? "\n\nyou, the manager" :
			      config_knows(&t.config, handle) ? "\n\nlisted under people: in .thread.yaml" :
			      "\n\nnot a known handle");
	}
	items_of(&t, &n, handle, out);
	person_free(p);
	names_release(&n);
	team_close(&t);
}

static void date(int days, struct strbuf *out)
{
	int today = lsp_today(), n = days - today;

	strbuf_addf(out, "%s ", date_weekday_name(days));
	strbuf_add_date(out, days);
	if (!n)
		strbuf_addstr(out, ", today");
	else if (n > 0)
		strbuf_addf(out, ", in %d day%s", n, n == 1 ? "" : "s");
	else
		strbuf_addf(out, ", %d day%s past", -n, n == -1 ? "" : "s");
}

/* The findings whose range (lint's column to the line's end) holds off. */
static void findings(struct lsp_server *s, struct lsp_doc *d, size_t off,
		     struct strbuf *out)
{
	struct diag_list l;
	size_t i;

	diag_list_init(&l, NULL);
	if (!lsp_findings(s, d, &l))
		for (i = 0; i < l.nr; i++) {
			const struct diag *f = &l.v[i];
			size_t start = lsp_doc_offset_lc(d, f->line, f->col);
			const char *help = rule_help(f->rule);

			if (off < start || off > lsp_doc_line_end(d, start))
				continue;
			if (out->len)
				strbuf_addstr(out, "\n\n---\n\n");
			strbuf_addf(out, "**%s** (%s): %s\n\n%s", rule_table[f->rule].id,
				    severity_name(f->severity), diag_message(&l, f),
				    help ? help : rule_table[f->rule].summary);
		}
	diag_list_release(&l);
}

json_t *lsp_hover(struct lsp_server *s, json_t *params, struct lsp_error *err)
{
	struct strbuf out = STRBUF_INIT;
	struct lsp_token t;
	struct person *p;
	size_t off;
	char *handle;
	json_t *result;
	struct lsp_doc *d = lsp_doc_at(s, params, &off, err);

	if (!d)
		return NULL;
	if (d->kind != LSP_DOC_PERSON)
		return json_null();
	lsp_token_at(d, off, &t);
	switch (t.kind) {
	case TOK_TREF:
		p = lsp_person(d);
		transcript_lines(s, lsp_session_at(p, lsp_line_number(d, off)), &t, &out);
		person_free(p);
		break;
	case TOK_HANDLE:
		handle = xstrndup(d->text.buf + t.vstart, t.vend - t.vstart);
		person(s, handle, &out);
		free(handle);
		break;
	case TOK_DATE:
		date(t.days, &out);
		break;
	default:
		break;
	}
	findings(s, d, off, &out);
	if (!out.len) {
		strbuf_release(&out);
		return json_null();
	}
	result = json_pack("{s:{s:s, s:o}}", "contents", "kind", "markdown",
			   "value", jsonrpc_string(out.buf, out.len));
	if (t.kind != TOK_NONE)
		json_object_set_new(result, "range", lsp_range_json(d, t.start, t.end));
	strbuf_release(&out);
	return result;
}
