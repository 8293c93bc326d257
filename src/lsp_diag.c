/*
 * lsp_diag.c - what thread lsp shows of a document without being asked:
 * lint's findings as diagnostics (textDocument/publishDiagnostics), and
 * its sessions and sections as the outline (textDocument/documentSymbol).
 *
 * Findings are lint's own: the same rules (rules.h) judge the document's
 * text, in the repository's settings, with every open document in place
 * of its file (the overlay, repo.h), so that @handle, [t:N] and the
 * settings are checked against what the editor holds, saved or not.
 */
#include "lsp.h"
#include "config.h"
#include "person.h"
#include "rules.h"
#include "util.h"

#include <string.h>

/* One pass of judging: the repository and its settings, read once. */
struct judge {
	struct repo repo;
	struct config config;
	struct severities defaults;
	struct diag_list config_diags;
	int today;
};

static int has_person(void *data, const char *handle)
{
	return repo_has_person(data, handle);
}

static int load(void *data, const char *path, struct strbuf *out)
{
	return repo_load(data, path, out);
}

static int judge_start(struct lsp_server *s, struct judge *j)
{
	memset(j, 0, sizeof(*j));
	severities_default(&j->defaults);
	diag_list_init(&j->config_diags, &j->defaults);
	config_init(&j->config);
	if (!s->root)
		return -1;
	if (repo_open(&j->repo, s->root))
		return -1;
	j->repo.overlay = lsp_overlay(s);
	j->today = lsp_today();
	if (config_load_overlay(&j->config, s->root, j->repo.overlay, &j->config_diags))
		return -1;
	diag_sort(&j->config_diags);
	return 0;
}

static void judge_finish(struct judge *j)
{
	repo_release(&j->repo);
	config_release(&j->config);
	diag_list_release(&j->config_diags);
}

/* Copy the findings of `from` into `to`, as they are. */
static void copy_findings(struct diag_list *to, const struct diag_list *from)
{
	const struct severities *sev = to->sev;
	size_t i;

	to->sev = NULL;
	for (i = 0; i < from->nr; i++) {
		const struct diag *d = &from->v[i];
		diag_add(to, d->rule, d->line, d->col, "%s", diag_message(from, d));
		to->v[to->nr - 1].severity = d->severity;
	}
	to->sev = sev;
}

/* What thread lint says of document d: 0, or -1 when it judges no such file. */
static int judge_doc(struct judge *j, const struct lsp_doc *d, struct diag_list *out)
{
	struct lint_env env = { &j->config, j->today, has_person, load, &j->repo, &j->repo };
	struct person *p;

	if (d->kind == LSP_DOC_CONFIG) {
		copy_findings(out, &j->config_diags);
		return 0;
	}
	if (d->kind != LSP_DOC_PERSON)
		return -1;
	out->sev = &j->config.sev;
	rules_file_name(d->handle, out);
	if (d->text.len > PERSON_FILE_MAX) {
		rules_too_large(d->text.len, out);
	} else {
		p = person_parse(d->handle, d->text.buf, d->text.len, out);
		rules_check(p, &env, out);
		person_free(p);
	}
	out->sev = NULL;        /* j->config goes with the pass */
	diag_sort(out);
	return 0;
}

int lsp_findings(struct lsp_server *s, struct lsp_doc *d, struct diag_list *out)
{
	struct judge j;
	int rc = -1;

	if (!judge_start(s, &j))
		rc = judge_doc(&j, d, out);
	judge_finish(&j);
	return rc;
}

/* LSP's DiagnosticSeverity. */
static int lsp_severity(enum severity sev)
{
	return sev == SEV_ERROR ? 1 : 2;
}

json_t *lsp_diagnostics_json(const struct lsp_doc *d, const struct diag_list *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < l->nr; i++) {
		const struct diag *f = &l->v[i];
		const char *msg = diag_message(l, f);
		size_t start = lsp_doc_offset_lc(d, f->line, f->col);

		json_array_append_new(a, json_pack("{s:o, s:i, s:s, s:s, s:o}",
			"range", lsp_range_json(d, start, lsp_doc_line_end(d, start)),
			"severity", lsp_severity(f->severity),
			"code", rule_table[f->rule].id,
			"source", "thread",
			"message", jsonrpc_string(msg, strlen(msg))));
	}
	return a;
}

void lsp_publish_diagnostics(struct lsp_server *s)
{
	struct judge j;
	struct diag_list l;
	int ready = -1;
	size_t i;

	for (i = 0; i < s->docs.nr; i++) {
		struct lsp_doc *d = s->docs.v[i];
		json_t *params;

		if (!d->dirty)
			continue;
		d->dirty = 0;
		if (d->kind == LSP_DOC_OTHER)
			continue;
		if (ready < 0)
			ready = judge_start(s, &j) ? 0 : 1;
		diag_list_init(&l, NULL);
		if (ready)
			judge_doc(&j, d, &l);
		params = json_pack("{s:s, s:o}", "uri", d->uri, "diagnostics", lsp_diagnostics_json(d, &l));
		if (d->version >= 0)
			json_object_set_new(params, "version", json_integer(d->version));
		diag_list_release(&l);
		if (lsp_notify(s, "textDocument/publishDiagnostics", params))
			break;
	}
	if (ready >= 0)
		judge_finish(&j);
}

/* ---- outline --------------------------------------------------------- */

/* LSP's SymbolKind */
#define SYMBOL_STRING 15
#define SYMBOL_EVENT 24

/* A DocumentSymbol for the heading at 1-based `line`, over the text
 * up to offset `end`; its name is the heading without its #s. */
static json_t *symbol(const struct lsp_doc *d, int line, size_t end, int kind)
{
	size_t start = lsp_doc_offset_lc(d, line, 1), stop = lsp_doc_line_end(d, start);
	const char *p = d->text.buf + start, *q = d->text.buf + stop;

	while (p < q && (*p == '#' || *p == ' ' || *p == '\t'))
		p++;
	while (q > p && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '#'))
		q--;
	if (end < stop)
		end = stop;
	return json_pack("{s:o, s:i, s:o, s:o, s:[]}",
			 "name", jsonrpc_string(p < q ? p : "#", p < q ? (size_t)(q - p) : 1),
			 "kind", kind,
			 "range", lsp_range_json(d, start, end),
			 "selectionRange", lsp_range_json(d, start, stop),
			 "children");
}

/* Where the text before the heading at 1-based `line` ends. */
static size_t before_line(const struct lsp_doc *d, int line)
{
	return lsp_doc_offset_lc(d, line, 1);
}

json_t *lsp_document_symbol(struct lsp_server *s, json_t *params, struct lsp_error *err)
{
	struct lsp_doc *d = lsp_doc_of(s, params, err);
	const struct session *ss;
	const struct section *sec;
	struct person *p;
	json_t *out;

	if (!d)
		return NULL;
	out = json_array();
	if (d->kind != LSP_DOC_PERSON || d->text.len > PERSON_FILE_MAX)
		return out;
	p = person_parse(d->handle, d->text.buf, d->text.len, NULL);
	for (ss = p->sessions; ss; ss = ss->next) {
		size_t end = ss->next ? before_line(d, ss->next->pos.line) : d->text.len;
		json_t *sym = symbol(d, ss->pos.line, end, SYMBOL_EVENT);
		json_t *kids = json_object_get(sym, "children");

		for (sec = ss->sections; sec; sec = sec->next) {
			size_t send = sec->next ? before_line(d, sec->next->pos.line) : end;
			json_array_append_new(kids, symbol(d, sec->pos.line, send, SYMBOL_STRING));
		}
		json_array_append_new(out, sym);
	}
	person_free(p);
	return out;
}
