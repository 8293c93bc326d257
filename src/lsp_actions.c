/*
 * lsp_actions.c - textDocument/codeAction for thread lsp: the quick fix
 * of each lint finding that has one, and the edits a manager makes most
 * on a line of notes.
 *
 *   ask-escalation       add escalate: escalate_after working days
 *                        after due: (.thread.yaml, 2 by default)
 *   done-when            add a "Done when: " line under the item
 *   blocker-unconverted  nest a task, or an ask, skeleton under it
 *   unknown-handle       the handle lint suggests (diag_suggestion())
 *   draft-unreviewed     accept the line: remove its "(draft)" marker
 *   uncited              add the [t:] reference thread cite proposes
 *   (any open item)      check it off, as thread done does
 *
 * Every action is a WorkspaceEdit of exact ranges that touches only the
 * line or lines it names: an insertion at a point, or a replacement of
 * the bytes it changes, never a rewrite of the file.  Findings are
 * lint's own (lsp_findings()), computed on the buffer as it is now, not
 * taken from the client's copy of the diagnostics.
 */
#include "lsp_at.h"
#include "cite_run.h"
#include "date.h"
#include "draft.h"
#include "lines.h"
#include "pattern.h"
#include "person.h"
#include "team.h"
#include "util.h"

#include <string.h>

struct actions {
	struct lsp_server *s;
	struct lsp_doc *d;
	struct person *p;
	struct team team;        /* the settings, names and transcripts */
	int team_ok;
	const char *eol;         /* the document's own line ending */
	json_t *fixing;          /* the Diagnostic being fixed (borrowed), or NULL */
	json_t *out;
};

/* A quickfix of one edit: replace [start, end) with text. */
static void action(struct actions *a, const char *kind, const char *title,
		   size_t start, size_t end, const char *text)
{
	json_t *edit = json_pack("{s:o, s:s}", "range", lsp_range_json(a->d, start, end),
				 "newText", text);
	json_t *changes = json_object();

	json_t *act;

	json_object_set_new(changes, a->d->uri, json_pack("[o]", edit));
	act = json_pack("{s:s, s:s, s:{s:o}}", "title", title, "kind", kind,
			"edit", "changes", changes);
	if (a->fixing) {
		/* the finding it fixes, as published: the client ties them */
		json_object_set_new(act, "diagnostics", json_pack("[O]", a->fixing));
		json_object_set_new(act, "isPreferred", json_true());
	}
	json_array_append_new(a->out, act);
}

static size_t line_off(const struct actions *a, int line)
{
	return lsp_doc_offset_lc(a->d, line, 1);
}

/* The end of the last line of the list item paragraph that starts on
 * `line`: the lines after it that are indented and not blank belong to it. */
static size_t paragraph_end(const struct actions *a, int line)
{
	const char *buf = a->d->text.buf;
	size_t end = lsp_doc_line_end(a->d, line_off(a, line));
	int l;

	for (l = line + 1; (size_t)l <= a->d->nlines; l++) {
		size_t s = line_off(a, l), e = lsp_doc_line_end(a->d, s);
		if (s == e || (buf[s] != ' ' && buf[s] != '\t') || s >= a->d->text.len)
			break;
		if (buf[s + strspn(buf + s, " \t")] == '-' || buf[s + strspn(buf + s, " \t")] == '*')
			break;   /* a nested list item */
		end = e;
	}
	return end;
}

/* The indentation of the content of the list item whose marker is at
 * pos: "  " for "- [ ] ...". */
static char *indent(const struct actions *a, struct pos pos)
{
	size_t marker = lsp_doc_offset_lc(a->d, pos.line, pos.col);
	size_t n = lsp_item_content(a->d, marker) - line_off(a, pos.line);
	char *s = xmalloc(n + 1);

	memset(s, ' ', n);
	s[n] = '\0';
	return s;
}

/* ---- quick fixes -------------------------------------------------- */

static void add_escalate(struct actions *a, const struct item *it)
{
	int after = a->team_ok ? a->team.config.escalate_after : 2;
	char date[11], text[32], title[96];
	size_t at;

	if (!it || !it->due.ok)
		return;
	date_format(date_add_working_days(it->due.days, after), date);
	at = lsp_doc_offset_lc(a->d, it->due.pos.line, it->due.pos.col) + strlen("due:") + 10;
	snprintf(text, sizeof(text), " escalate:%s", date);
	snprintf(title, sizeof(title), "Add escalate:%s (%d working day%s after due:)",
		 date, after, after == 1 ? "" : "s");
	action(a, "quickfix", title, at, at, text);
}

static void add_done_when(struct actions *a, const struct item *it)
{
	struct strbuf text = STRBUF_INIT;
	size_t at;
	char *ind;

	if (!it || it->cont[CONT_DONE_WHEN].s)
		return;     /* an empty one: only its text is missing */
	at = paragraph_end(a, it->pos.line);
	ind = indent(a, it->pos);
	strbuf_addf(&text, "%s%sDone when: ", a->eol, ind);
	action(a, "quickfix", "Add a Done when: line", at, at, text.buf);
	free(ind);
	strbuf_release(&text);
}

static const struct blocker *blocker_on(const struct person *p, int line)
{
	const struct session *s = lsp_session_at(p, line);
	const struct blocker *b;

	for (b = s ? s->blockers : NULL; b; b = b->next)
		if (b->pos.line == line)
			return b;
	return NULL;
}

/* The next 1:1 by the person's cadence: a skeleton's checkpoint. */
static int next_meeting(const struct person *p, int today)
{
	const struct session *s;
	int cadence = p->cadence_days > 0 ? p->cadence_days : 7, day = 0;

	for (s = p->sessions; s; s = s->next)
		if (s->date_ok && s->date > day)
			day = s->date;
	day = day ? day + cadence : today + cadence;
	while (day <= today)
		day += cadence;
	return day;
}

static void nest_skeletons(struct actions *a, int line)
{
	const struct blocker *b = blocker_on(a->p, line);
	struct strbuf text = STRBUF_INIT;
	int after = a->team_ok ? a->team.config.escalate_after : 2;
	int due;
	char d1[11], d2[11], *in;
	size_t at;

	if (!b)
		return;
	due = next_meeting(a->p, lsp_today());
	date_format(due, d1);
	date_format(date_add_working_days(due, after), d2);
	at = paragraph_end(a, b->pos.line);
	in = indent(a, b->pos);
	strbuf_addf(&text, "%s%s- [ ] task: the next step @%s due:%s%s%s  Done when: ",
		    a->eol, in, a->p->handle, d1, a->eol, in);
	action(a, "quickfix", "Nest a task under the blocker", at, at, text.buf);
	strbuf_reset(&text);
	/*
	 * Who holds the ask is left for the user as a word, not a bare "@"
	 * (a field, judged at once); lint's owner finding asks for it.
	 */
	strbuf_addf(&text, "%s%s- [ ] ask: what, from WHOM due:%s escalate:%s%s%s  Done when: ",
		    a->eol, in, d1, d2, a->eol, in);
	action(a, "quickfix", "Nest an ask under the blocker", at, at, text.buf);
	/* one preferred fix: the task, the report owns it unless said otherwise */
	json_object_del(json_array_get(a->out, json_array_size(a->out) - 1), "isPreferred");
	free(in);
	strbuf_release(&text);
}

/* The handle lint suggests (diag_suggestion()) in place of the one
 * typed, which is the handle field at the finding, as fields.c reads it. */
static void fix_handle(struct actions *a, const struct diag_list *l, const struct diag *f)
{
	const char *want = diag_suggestion(l, f);
	size_t at = lsp_doc_offset_lc(a->d, f->line, f->col);
	const char *s = a->d->text.buf + at;
	struct field_match m;
	char title[160];

	if (!want || at >= a->d->text.len ||
	    pattern_next_field(s, lsp_doc_line_end(a->d, at) - at, 0, &m) != 1 ||
	    m.kind != FIELD_HANDLE || m.start != 0)
		return;
	snprintf(title, sizeof(title), "Change @%.*s to @%s", (int)(m.vend - m.vstart),
		 s + m.vstart, want);
	action(a, "quickfix", title, at + m.vstart, at + m.vend, want);
}

/* The "(draft)" marker that ends a line of the note starting at `line`,
 * with the blanks before it. */
static void accept_draft(struct actions *a, int line)
{
	const char *buf = a->d->text.buf;
	size_t n = strlen(DRAFT_MARKER), end = paragraph_end(a, line), s, e, m;
	int l;

	for (l = line; (s = line_off(a, l)) <= end && s < a->d->text.len; l++) {
		e = lsp_doc_line_end(a->d, s);
		while (e > s && (buf[e - 1] == ' ' || buf[e - 1] == '\t'))
			e--;
		if (e - s < n || memcmp(buf + e - n, DRAFT_MARKER, n))
			continue;
		m = e - n;
		while (m > s && (buf[m - 1] == ' ' || buf[m - 1] == '\t'))
			m--;
		action(a, "quickfix", "Accept the draft line (remove " DRAFT_MARKER ")", m,
		       lsp_doc_line_end(a->d, s), "");
		return;
	}
}

/* The [t:] references thread cite proposes for the notes on lines
 * first..last of session s: cite_insert() on a copy of the line says
 * where and what. */
static void cite(struct actions *a, const struct session *s, int first, int last)
{
	struct cite_run r = CITE_RUN_INIT;
	struct strbuf tr = STRBUF_INIT, line = STRBUF_INIT;
	char title[96];
	size_t i, ls, le, p;

	if (!s || !s->transcript || !a->team_ok ||
	    repo_load(&a->team.repo, s->transcript, &tr) ||
	    cite_run(&r, &a->team, a->p, a->d->rel, s, tr.buf, tr.len, 0))
		goto done;
	for (i = 0; i < r.n; i++) {
		const struct cite_note *c = &r.notes[i];
		if (c->line < first || c->line > last || c->m.verdict != CITE_OK)
			continue;
		ls = line_off(a, c->line);
		le = lsp_doc_line_end(a->d, ls);
		strbuf_reset(&line);
		strbuf_add(&line, a->d->text.buf + ls, le - ls);
		if (cite_insert(&line, 1, &c->m))
			continue;
		for (p = 0; p < le - ls && line.buf[p] == a->d->text.buf[ls + p]; p++)
			;
		line.buf[p + line.len - (le - ls)] = '\0';
		snprintf(title, sizeof(title), "Cite the transcript:%s", line.buf + p);
		action(a, "quickfix", title, ls + p, ls + p, line.buf + p);
	}
done:
	cite_run_release(&r);
	strbuf_release(&tr);
	strbuf_release(&line);
}

/* ---- edits on any item ---------------------------------------------- */

static void check_off(struct actions *a, const struct item *it)
{
	size_t at = lsp_doc_offset_lc(a->d, it->pos.line, it->pos.col);
	size_t end = lsp_doc_line_end(a->d, at);
	const char *box = memchr(a->d->text.buf + at, '[', end - at);

	if (it->done || !box || box[1] != ' ' || box[2] != ']')
		return;
	at = (size_t)(box - a->d->text.buf) + 1;
	action(a, "quickfix", "Check the item off", at, at + 1, "x");
}

/* ---- the request ---------------------------------------------------- */

static void fixes(struct actions *a, int first, int last)
{
	struct diag_list l;
	const struct session *s;
	json_t *published = NULL;
	size_t i;
	int cited = 0;

	diag_list_init(&l, NULL);
	if (lsp_findings(a->s, a->d, &l))
		goto done;
	published = lsp_diagnostics_json(a->d, &l);
	for (i = 0; i < l.nr; i++) {
		const struct diag *f = &l.v[i];
		if (f->line < first || f->line > last)
			continue;
		a->fixing = json_array_get(published, i);
		switch (f->rule) {
		case R_ASK_ESCALATION:
			add_escalate(a, lsp_item_on(a->p, f->line, &s));
			break;
		case R_DONE_WHEN:
			add_done_when(a, lsp_item_on(a->p, f->line, &s));
			break;
		case R_BLOCKER_UNCONVERTED:
			nest_skeletons(a, f->line);
			break;
		case R_UNKNOWN_HANDLE:
			fix_handle(a, &l, f);
			break;
		case R_DRAFT_UNREVIEWED:
			accept_draft(a, f->line);
			break;
		default:
			break;
		}
		a->fixing = NULL;
	}
	/* uncited is told on the Transcript: line; the fix is on the notes'
	 * lines, whichever the cursor is on */
	for (i = 0; i < l.nr && !cited; i++)
		if (l.v[i].rule == R_UNCITED &&
		    lsp_session_at(a->p, l.v[i].line) == lsp_session_at(a->p, first))
			cited = 1;
	if (cited)
		cite(a, lsp_session_at(a->p, first), first, last);
done:
	json_decref(published);
	diag_list_release(&l);
}

json_t *lsp_code_action(struct lsp_server *s, json_t *params, struct lsp_error *err)
{
	struct actions a;
	const json_t *range = json_object_get(params, "range");
	long long l1 = jsonrpc_get_int(json_object_get(range, "start"), "line");
	long long l2 = jsonrpc_get_int(json_object_get(range, "end"), "line");
	const struct session *ss;
	const struct item *it;
	int line;

	memset(&a, 0, sizeof(a));
	a.s = s;
	a.d = lsp_doc_of(s, params, err);
	if (!a.d)
		return NULL;
	if (l1 < 0 || l2 < l1 || l2 > (long long)a.d->nlines)
		return lsp_fail(err, LSP_INVALID_PARAMS, "params.range is not a range of the document");
	a.out = json_array();
	if (!(a.p = lsp_person(a.d)))
		return a.out;
	a.team_ok = !lsp_team_open(s, &a.team);
	a.eol = line_ending_at(a.d->text.buf, a.d->text.buf + a.d->text.len);
	fixes(&a, (int)l1 + 1, (int)l2 + 1);
	for (line = (int)l1 + 1; line <= (int)l2 + 1; line++)
		if ((it = lsp_item_on(a.p, line, &ss)))
			check_off(&a, it);
	team_close(&a.team);
	person_free(a.p);
	return a.out;
}
