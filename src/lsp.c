/*
 * lsp.c - thread lsp: the protocol's lifecycle, the method table, the
 * documents' sync, and the helpers handlers share (lsp.h).
 */
#include "lsp.h"
#include "date.h"
#include "team.h"
#include "strbuf.h"
#include "util.h"

#include <limits.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef THREAD_VERSION
#define THREAD_VERSION "0.1.0"
#endif

static json_t *initialize(struct lsp_server *s, json_t *params, struct lsp_error *err);
static json_t *initialized(struct lsp_server *s, json_t *params, struct lsp_error *err);
static json_t *shutdown_(struct lsp_server *s, json_t *params, struct lsp_error *err);
static json_t *exit_(struct lsp_server *s, json_t *params, struct lsp_error *err);
/*
 * May opening or closing d change the findings of other files?  Other
 * files read the settings and transcripts, and ask only whether a person
 * file exists: a person file that is on disk changes nothing for them.
 */
static int touches_others(const struct lsp_doc *d)
{
	return d->kind != LSP_DOC_PERSON || access(d->path, F_OK);
}

static json_t *did_open(struct lsp_server *s, json_t *params, struct lsp_error *err);
static json_t *did_change(struct lsp_server *s, json_t *params, struct lsp_error *err);
static json_t *did_close(struct lsp_server *s, json_t *params, struct lsp_error *err);
static json_t *did_save(struct lsp_server *s, json_t *params, struct lsp_error *err);
static json_t *ignore(struct lsp_server *s, json_t *params, struct lsp_error *err);

static const struct lsp_method methods[] = {
	{ "initialize", initialize, 0, NULL, NULL },
	{ "initialized", initialized, LSP_NOTIFY, NULL, NULL },
	{ "shutdown", shutdown_, 0, NULL, NULL },
	{ "exit", exit_, LSP_NOTIFY, NULL, NULL },
	{ "textDocument/didOpen", did_open, LSP_NOTIFY, "textDocumentSync",
	  "{\"openClose\":true,\"change\":2,\"save\":{\"includeText\":false}}" },
	{ "textDocument/didChange", did_change, LSP_NOTIFY, NULL, NULL },
	{ "textDocument/didClose", did_close, LSP_NOTIFY, NULL, NULL },
	{ "textDocument/didSave", did_save, LSP_NOTIFY, NULL, NULL },
	{ "textDocument/documentSymbol", lsp_document_symbol, 0,
	  "documentSymbolProvider", "true" },
	{ "textDocument/completion", lsp_completion, 0, "completionProvider",
	  "{\"triggerCharacters\":[\"@\",\"#\",\":\"]}" },
	{ "textDocument/hover", lsp_hover, 0, "hoverProvider", "true" },
	{ "textDocument/definition", lsp_definition, 0, "definitionProvider", "true" },
	{ "textDocument/codeAction", lsp_code_action, 0, "codeActionProvider",
	  "{\"codeActionKinds\":[\"quickfix\"]}" },
	/* handled one at a time, a request is answered before its cancel
	 * is read: there is never anything to cancel */
	{ "$/cancelRequest", ignore, LSP_NOTIFY, NULL, NULL },
	{ "$/setTrace", ignore, LSP_NOTIFY, NULL, NULL },
};

json_t *lsp_fail(struct lsp_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return NULL;
}

int lsp_notify(struct lsp_server *s, const char *method, json_t *params)
{
	json_t *msg = json_pack("{s:s, s:s, s:o}", "jsonrpc", "2.0",
				"method", method, "params", params);
	int rc = msg ? jsonrpc_write(&s->rpc, msg) : -1;

	json_decref(msg);
	if (rc)
		s->done = 1;   /* the client is gone */
	return rc;
}

void lsp_log(struct lsp_server *s, int type, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	lsp_notify(s, "window/logMessage",
		   json_pack("{s:i, s:o}", "type", type, "message",
			     jsonrpc_string(sb.buf, sb.len)));
	strbuf_release(&sb);
}

int lsp_today(void)
{
	int today = 0;

	if (date_today(NULL, &today))
		date_today("", &today);
	return today;
}

/* ---- documents ------------------------------------------------------- */

struct lsp_doc *lsp_doc_of(struct lsp_server *s, const json_t *params,
			   struct lsp_error *err)
{
	const char *uri = jsonrpc_get_str(json_object_get(params, "textDocument"), "uri");
	struct lsp_doc *d;

	if (!uri) {
		lsp_fail(err, LSP_INVALID_PARAMS, "params.textDocument.uri is missing");
		return NULL;
	}
	d = lsp_docs_find(&s->docs, uri);
	if (!d)
		lsp_fail(err, LSP_INVALID_PARAMS, "%s is not open (send didOpen first)", uri);
	return d;
}

struct lsp_doc *lsp_doc_at(struct lsp_server *s, const json_t *params,
			   size_t *offset, struct lsp_error *err)
{
	struct lsp_doc *d = lsp_doc_of(s, params, err);
	const json_t *pos = json_object_get(params, "position");
	long long line = jsonrpc_get_int(pos, "line"), ch = jsonrpc_get_int(pos, "character");

	if (!d)
		return NULL;
	if (line < 0 || ch < 0 || line > UINT_MAX || ch > UINT_MAX) {
		lsp_fail(err, LSP_INVALID_PARAMS, "params.position is not a {line, character}");
		return NULL;
	}
	*offset = lsp_doc_offset(d, (unsigned)line, (unsigned)ch);
	return d;
}

json_t *lsp_position_json(const struct lsp_doc *d, size_t off)
{
	unsigned line, ch;

	lsp_doc_position(d, off, &line, &ch);
	return json_pack("{s:I, s:I}", "line", (json_int_t)line, "character", (json_int_t)ch);
}

json_t *lsp_range_json(const struct lsp_doc *d, size_t start, size_t end)
{
	return json_pack("{s:o, s:o}", "start", lsp_position_json(d, start),
			 "end", lsp_position_json(d, end));
}

const struct repo_overlay *lsp_overlay(struct lsp_server *s)
{
	size_t i;

	if (s->overlay_stale) {
		repo_overlay_release(&s->overlay);
		for (i = 0; i < s->docs.nr; i++) {
			const struct lsp_doc *d = s->docs.v[i];
			repo_overlay_set(&s->overlay, d->rel, d->text.buf, d->text.len);
		}
		s->overlay_stale = 0;
	}
	return &s->overlay;
}

int lsp_team_open(struct lsp_server *s, struct team *t)
{
	if (!s->root) {
		memset(t, 0, sizeof(*t));
		config_init(&t->config);
		return -1;
	}
	return team_open_at(t, s->root, lsp_overlay(s), lsp_today());
}

/* Something every document's findings may depend on changed. */
static void all_dirty(struct lsp_server *s)
{
	size_t i;

	for (i = 0; i < s->docs.nr; i++)
		s->docs.v[i]->dirty = 1;
}

/* The canonical path of a file that may not exist yet: its folder's
 * real path and its name.  NULL when the folder does not exist. */
static char *canonical(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir, *real, *out = NULL;

	if (!slash || !slash[1] || !strcmp(slash + 1, ".") || !strcmp(slash + 1, ".."))
		return NULL;
	dir = slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
	real = realpath(dir, NULL);
	if (real)
		out = path_join(real, slash + 1);
	free(dir);
	free(real);
	return out;
}

/* The canonical repository root that holds folder `dir`, or NULL. */
static char *find_repo(const char *dir)
{
	char *root = NULL, *real = NULL;

	if (!repo_find_root(dir, &root))
		real = realpath(root, NULL);
	free(root);
	return real;
}

/*
 * The path of `uri` from the repository root (malloc'd) and its
 * canonical path in *abs; NULL, with the reason logged, when it is not a
 * file of the repository: another scheme, outside it, or reached
 * through a symlink that leaves it.
 */
static char *repo_rel(struct lsp_server *s, const char *uri, char **abs)
{
	char *path = NULL, *rel = NULL;
	size_t n;

	*abs = NULL;
	if (lsp_uri_to_path(uri, &path)) {
		lsp_log(s, 2, "%s is not a file: URI; thread lsp reads only files of a thread repository",
			uri);
		goto done;
	}
	*abs = canonical(path);
	if (*abs && !s->root) {
		char *dir = xstrndup(*abs, (size_t)(strrchr(*abs, '/') - *abs));
		s->root = find_repo(*dir ? dir : "/");
		free(dir);
	}
	n = s->root ? strlen(s->root) : 0;
	if (!*abs || !s->root || strncmp(*abs, s->root, n) || (*abs)[n] != '/' ||
	    repo_reach(s->root, *abs + n + 1) == REPO_OUTSIDE) {
		lsp_log(s, 2, "%s is outside the thread repository%s%s; it gets no diagnostics",
			path, s->root ? " " : "", s->root ? s->root : "");
		free(*abs);
		*abs = NULL;
		goto done;
	}
	rel = xstrdup(*abs + n + 1);
done:
	free(path);
	return rel;
}

/* Where uri is in s->refused, or s->refused_nr. */
static size_t refused_at(const struct lsp_server *s, const char *uri)
{
	size_t i;

	for (i = 0; i < s->refused_nr; i++)
		if (!strcmp(s->refused[i], uri))
			break;
	return i;
}

static int is_refused(const struct lsp_server *s, const char *uri)
{
	return uri && refused_at(s, uri) < s->refused_nr;
}

/* Forget a refused uri (closed in the editor); 0, or -1 when it was not. */
static int unrefuse(struct lsp_server *s, const char *uri)
{
	size_t i = refused_at(s, uri);

	if (i == s->refused_nr)
		return -1;
	free(s->refused[i]);
	s->refused[i] = s->refused[--s->refused_nr];
	return 0;
}

static void refused_release(struct lsp_server *s)
{
	while (s->refused_nr)
		free(s->refused[--s->refused_nr]);
	free(s->refused);
	s->refused = NULL;
	s->refused_alloc = 0;
}

static json_t *did_open(struct lsp_server *s, json_t *params, struct lsp_error *err)
{
	const json_t *td = json_object_get(params, "textDocument");
	const char *uri = jsonrpc_get_str(td, "uri");
	const json_t *text = json_object_get(td, "text");
	char *rel = NULL, *abs = NULL;
	struct lsp_doc *d;

	if (!uri || !json_is_string(text))
		return lsp_fail(err, LSP_INVALID_PARAMS,
				"didOpen needs params.textDocument.uri and .text");
	if (is_refused(s, uri))
		return NULL;    /* reopened: said once already */
	rel = repo_rel(s, uri, &abs);
	if (!rel) {
		ALLOC_GROW(s->refused, s->refused_nr + 1, s->refused_alloc);
		s->refused[s->refused_nr++] = xstrdup(uri);
		return NULL;
	}
	d = lsp_docs_open(&s->docs, uri, abs, rel, json_string_value(text),
			  json_string_length(text), jsonrpc_get_int(td, "version"));
	s->overlay_stale = 1;
	d->dirty = 1;
	if (touches_others(d))
		all_dirty(s);
	free(rel);
	free(abs);
	return NULL;
}

/* One TextDocumentContentChangeEvent applied to d: 0, or -1 logged. */
static int apply_change(struct lsp_server *s, struct lsp_doc *d, const json_t *c)
{
	const json_t *text = json_object_get(c, "text"), *range = json_object_get(c, "range");
	const json_t *a = json_object_get(range, "start"), *b = json_object_get(range, "end");
	long long v[4];

	if (!json_is_string(text)) {
		lsp_log(s, 1, "didChange for %s without a text; the document is closed, reopen it",
			d->uri);
		return -1;
	}
	if (!range) {
		lsp_doc_set(d, json_string_value(text), json_string_length(text));
		return 0;
	}
	v[0] = jsonrpc_get_int(a, "line");
	v[1] = jsonrpc_get_int(a, "character");
	v[2] = jsonrpc_get_int(b, "line");
	v[3] = jsonrpc_get_int(b, "character");
	if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[3] < 0 || v[0] > UINT_MAX ||
	    v[1] > UINT_MAX || v[2] > UINT_MAX || v[3] > UINT_MAX) {
		lsp_log(s, 1, "didChange for %s with a bad range; the document is closed, reopen it",
			d->uri);
		return -1;
	}
	if (lsp_doc_replace(d, (unsigned)v[0], (unsigned)v[1], (unsigned)v[2],
			    (unsigned)v[3], json_string_value(text),
			    json_string_length(text), 2 * LSP_DOC_MAX)) {
		lsp_log(s, 1, "%s would be over %d MiB; the document is closed, reopen it",
			d->uri, 2 * LSP_DOC_MAX >> 20);
		return -1;
	}
	return 0;
}

/* Forget a document, and clear what it showed. */
static void drop_doc(struct lsp_server *s, const char *uri)
{
	char *u = xstrdup(uri);
	struct lsp_doc *d = lsp_docs_find(&s->docs, uri);
	int others = d && touches_others(d);

	lsp_docs_close(&s->docs, u);
	s->overlay_stale = 1;
	if (others)
		all_dirty(s);
	lsp_notify(s, "textDocument/publishDiagnostics",
		   json_pack("{s:s, s:[]}", "uri", u, "diagnostics"));
	free(u);
}

static json_t *did_change(struct lsp_server *s, json_t *params, struct lsp_error *err)
{
	const char *uri = jsonrpc_get_str(json_object_get(params, "textDocument"), "uri");
	const json_t *changes = json_object_get(params, "contentChanges"), *c;
	struct lsp_doc *d;
	size_t i;

	if (!uri || !json_is_array(changes))
		return lsp_fail(err, LSP_INVALID_PARAMS,
				"didChange needs params.textDocument.uri and .contentChanges");
	d = lsp_docs_find(&s->docs, uri);
	if (!d) {
		if (!is_refused(s, uri))
			lsp_log(s, 2, "didChange for %s, which is not open; ignored", uri);
		return NULL;
	}
	json_array_foreach(changes, i, c) {
		if (apply_change(s, d, c)) {
			drop_doc(s, uri);
			return NULL;
		}
	}
	d->version = jsonrpc_get_int(json_object_get(params, "textDocument"), "version");
	s->overlay_stale = 1;
	if (d->kind != LSP_DOC_PERSON)
		all_dirty(s);    /* settings or a transcript: every file's findings */
	return NULL;
}

static json_t *did_close(struct lsp_server *s, json_t *params, struct lsp_error *err)
{
	const char *uri = jsonrpc_get_str(json_object_get(params, "textDocument"), "uri");

	if (!uri)
		return lsp_fail(err, LSP_INVALID_PARAMS, "didClose needs params.textDocument.uri");
	if (!lsp_docs_find(&s->docs, uri)) {
		if (unrefuse(s, uri))
			lsp_log(s, 2, "didClose for %s, which is not open; ignored", uri);
	}
	else
		drop_doc(s, uri);
	return NULL;
}

static json_t *did_save(struct lsp_server *s, json_t *params, struct lsp_error *err)
{
	(void)params;
	(void)err;
	all_dirty(s);   /* the disk changed: a file may be new */
	return NULL;
}

/* ---- lifecycle ------------------------------------------------------- */

static void set_root(struct lsp_server *s, const char *uri)
{
	char *path = NULL;

	if (uri && !lsp_uri_to_path(uri, &path))
		s->root = find_repo(path);
	free(path);
}

static json_t *initialize(struct lsp_server *s, json_t *params, struct lsp_error *err)
{
	const json_t *folders = json_object_get(params, "workspaceFolders");
	json_t *caps = json_object(), *v;
	size_t i;

	(void)err;
	set_root(s, jsonrpc_get_str(params, "rootUri"));
	if (!s->root && json_is_array(folders))
		set_root(s, jsonrpc_get_str(json_array_get(folders, 0), "uri"));
	if (!s->root && jsonrpc_get_str(params, "rootPath"))
		s->root = find_repo(jsonrpc_get_str(params, "rootPath"));
	if (!s->root)
		s->root = find_repo(".");
	json_object_set_new(caps, "positionEncoding", json_string("utf-16"));
	for (i = 0; i < ARRAY_SIZE(methods); i++) {
		if (!methods[i].capability)
			continue;
		v = json_loads(methods[i].capability_json, JSON_DECODE_ANY, NULL);
		if (!v)
			die("BUG: the capability of %s is not JSON", methods[i].name);
		json_object_set_new(caps, methods[i].capability, v);
	}
	s->state = LSP_RUNNING;
	return json_pack("{s:o, s:{s:s, s:s}}", "capabilities", caps,
			 "serverInfo", "name", "thread", "version", THREAD_VERSION);
}

static json_t *initialized(struct lsp_server *s, json_t *params, struct lsp_error *err)
{
	(void)params;
	(void)err;
	if (!s->root)
		lsp_log(s, 3, "no thread repository here yet; one is found from the first file opened in it");
	return NULL;
}

static json_t *shutdown_(struct lsp_server *s, json_t *params, struct lsp_error *err)
{
	(void)params;
	(void)err;
	s->state = LSP_SHUT_DOWN;
	return json_null();
}

static json_t *exit_(struct lsp_server *s, json_t *params, struct lsp_error *err)
{
	(void)params;
	(void)err;
	s->exit_code = s->state == LSP_SHUT_DOWN ? 0 : 1;
	s->done = 1;
	return NULL;
}

static json_t *ignore(struct lsp_server *s, json_t *params, struct lsp_error *err)
{
	(void)s;
	(void)params;
	(void)err;
	return NULL;
}

/* ---- dispatch -------------------------------------------------------- */

static const struct lsp_method *find_method(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(methods); i++)
		if (!strcmp(methods[i].name, name))
			return &methods[i];
	return NULL;
}

/* Answer request `id` (borrowed; NULL: null) with result (stolen) or err. */
static void respond(struct lsp_server *s, json_t *id, json_t *result,
		    const struct lsp_error *err)
{
	json_t *msg = json_pack("{s:s, s:O}", "jsonrpc", "2.0", "id", id ? id : json_null());

	if (result)
		json_object_set_new(msg, "result", result);
	else
		json_object_set_new(msg, "error",
				    json_pack("{s:i, s:o}", "code", err->code, "message",
					      jsonrpc_string(err->message, strlen(err->message))));
	if (jsonrpc_write(&s->rpc, msg))
		s->done = 1;
	json_decref(msg);
}

static void fail(struct lsp_server *s, json_t *id, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void fail(struct lsp_server *s, json_t *id, int code, const char *fmt, ...)
{
	struct lsp_error err = { code, "" };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err.message, sizeof(err.message), fmt, ap);
	va_end(ap);
	respond(s, id, NULL, &err);
}

static void dispatch(struct lsp_server *s, json_t *msg)
{
	json_t *id = json_object_get(msg, "id"), *params = json_object_get(msg, "params");
	const char *name = jsonrpc_get_str(msg, "method");
	const struct lsp_method *m;
	struct lsp_error err = { LSP_INTERNAL_ERROR, "" };
	json_t *result;

	if (!json_is_object(msg)) {
		fail(s, NULL, LSP_INVALID_REQUEST, "a message is a JSON object");
		return;
	}
	if (id && !json_is_string(id) && !json_is_integer(id)) {
		fail(s, NULL, LSP_INVALID_REQUEST, "id is a number or a string");
		return;
	}
	if (!name) {
		/* a response: the server asks nothing, so there is none to read */
		if (!id || !(json_object_get(msg, "result") || json_object_get(msg, "error")))
			fail(s, id, LSP_INVALID_REQUEST, "a message without a method");
		return;
	}
	if (params && !json_is_object(params) && !json_is_array(params)) {
		if (id)
			fail(s, id, LSP_INVALID_PARAMS, "params is an object or an array");
		return;
	}
	m = find_method(name);
	if (m && m->fn == exit_) {
		exit_(s, params, &err);
		return;
	}
	if (s->state == LSP_STARTING && (!m || m->fn != initialize)) {
		if (id)
			fail(s, id, LSP_SERVER_NOT_INITIALIZED,
			     "%s before initialize; send initialize first", name);
		return;
	}
	if (s->state == LSP_SHUT_DOWN) {
		if (id)
			fail(s, id, LSP_INVALID_REQUEST, "%s after shutdown; only exit is left", name);
		return;
	}
	if (m && m->fn == initialize && s->state != LSP_STARTING) {
		if (id)
			fail(s, id, LSP_INVALID_REQUEST, "initialize was already sent");
		return;
	}
	if (!m) {
		if (id)
			fail(s, id, LSP_METHOD_NOT_FOUND, "thread lsp has no method %s", name);
		return;   /* an unknown notification, such as $/progress: ignored */
	}
	if (id && !(m->flags & LSP_NOTIFY) &&
	    is_refused(s, jsonrpc_get_str(json_object_get(params, "textDocument"), "uri"))) {
		/* a file the server refused at didOpen: nothing to say on it */
		respond(s, id, json_null(), &err);
		return;
	}
	result = m->fn(s, params, &err);
	if (!id) {
		json_decref(result);
		if (!result && err.message[0])
			lsp_log(s, 1, "%s: %s", name, err.message);
		return;
	}
	if (!result && !err.message[0] && (m->flags & LSP_NOTIFY))
		result = json_null();   /* a notification sent as a request */
	else if (!result && !err.message[0])
		lsp_fail(&err, LSP_INTERNAL_ERROR, "%s gave no result", name);
	respond(s, id, result, &err);
}

/*
 * Every edit parses the whole document again, and a person file over
 * 512 KiB is parsed with malloc (markdown.c): glibc then spends half the
 * time merging the fast bins of cmark's freed nodes when the large
 * buffers go, and giving the heap back to the kernel to take it again
 * at the next edit.  Without fast bins, and with up to HEAP_KEEP of heap
 * kept, a 1 MiB file is judged in two thirds of the time, and memory
 * stays as flat.
 */
enum { HEAP_KEEP = 32 * 1024 * 1024 };

static void tune_heap(void)
{
#ifdef M_MXFAST
	mallopt(M_MXFAST, 0);
	mallopt(M_TRIM_THRESHOLD, HEAP_KEEP);
	mallopt(M_MMAP_THRESHOLD, HEAP_KEEP);
#endif
}

int lsp_serve(int in, int out)
{
	struct lsp_server s;
	char why[256];
	json_t *msg;
	int code;

	tune_heap();
	memset(&s, 0, sizeof(s));
	jsonrpc_init(&s.rpc, in, out);
	s.exit_code = 1;
	while (!s.done) {
		/* after a burst of edits, judge once, when the input is drained */
		if (s.state == LSP_RUNNING && !jsonrpc_pending(&s.rpc))
			lsp_publish_diagnostics(&s);
		if (s.done)
			break;
		switch (jsonrpc_read(&s.rpc, &msg, why, sizeof(why))) {
		case JSONRPC_MESSAGE:
			dispatch(&s, msg);
			json_decref(msg);
			break;
		case JSONRPC_BAD_HEADER:
		case JSONRPC_TOO_LARGE:
		case JSONRPC_BAD_JSON:
			fail(&s, NULL, LSP_PARSE_ERROR, "%s", why);
			break;
		case JSONRPC_EOF:
		case JSONRPC_IO_ERROR:
			s.done = 1;
			break;
		}
	}
	code = s.exit_code;
	lsp_docs_release(&s.docs);
	refused_release(&s);
	repo_overlay_release(&s.overlay);
	jsonrpc_release(&s.rpc);
	free(s.root);
	return code;
}
