/*
 * lsp.h - thread lsp: a Language Server Protocol 3.17 server over stdio.
 *
 * The server reads JSON-RPC messages (jsonrpc.h), keeps the documents
 * the editor has open (lsp_docs.h) and answers from one table of methods
 * in lsp.c, as thread.c dispatches commands:
 *
 *	static const struct lsp_method methods[] = {
 *		{ "textDocument/hover", lsp_hover, 0, "hoverProvider", "true" },
 *		...
 *	};
 *
 * ADDING A REQUEST (a feature in its own file, say src/lsp_hover.c):
 *
 *  1. Write the handler, declared below:
 *
 *	json_t *lsp_hover(struct lsp_server *s, json_t *params,
 *			  struct lsp_error *err)
 *	{
 *		size_t off;
 *		struct lsp_doc *d = lsp_doc_at(s, params, &off, err);
 *		if (!d)
 *			return NULL;        // err is set: InvalidParams
 *		...
 *		return json_null();         // "nothing here" is a result
 *	}
 *
 *     `params` is borrowed (NULL when the message had none): do not
 *     decref it, and take a json_incref() of anything kept past the
 *     call.  Return a NEW reference to the result, which the server
 *     sends and then drops; never a borrowed one (json_null() and
 *     json_true() are new references too).  On failure return NULL with
 *     *err set by lsp_fail(), which becomes the error response; nothing
 *     may be left allocated.  A handler never prints on stdout (the
 *     protocol's channel) and never exits; stderr is the editor's log.
 *
 *  2. Add a line to methods[] in lsp.c: the method, the handler, flags
 *     (LSP_NOTIFY for a notification: no response, a result or error is
 *     dropped), and the server capability that announces it in the
 *     initialize result with its value as JSON text
 *     ("completionProvider", "{\"triggerCharacters\":[\"@\",\"#\"]}"), or
 *     NULL, NULL.  Only what is implemented is announced.
 *
 *  3. Declare the handler here, under "Features".
 *
 * Diagnostics are published when the input is drained (lsp_serve), so a
 * request that follows an edit, as completion does, is answered first,
 * against the edited text, and a burst of edits is judged once.
 *
 * Requests before initialize are refused with ServerNotInitialized,
 * after shutdown with InvalidRequest; an unknown request gets
 * MethodNotFound, an unknown notification is ignored, as the protocol
 * says.  Handlers run one at a time on one thread; a request that
 * arrives while another runs simply waits.
 */
#ifndef THREAD_LSP_H
#define THREAD_LSP_H

#include "diag.h"
#include "jsonrpc.h"
#include "lsp_docs.h"
#include "repo.h"

/* Error codes: JSON-RPC's, then LSP's. */
#define LSP_PARSE_ERROR            -32700
#define LSP_INVALID_REQUEST        -32600
#define LSP_METHOD_NOT_FOUND       -32601
#define LSP_INVALID_PARAMS         -32602
#define LSP_INTERNAL_ERROR         -32603
#define LSP_SERVER_NOT_INITIALIZED -32002
#define LSP_REQUEST_FAILED         -32803
#define LSP_CONTENT_MODIFIED       -32801
#define LSP_REQUEST_CANCELLED      -32800

struct lsp_error {
	int code;
	char message[512];
};

/* Set *err; returns NULL, for `return lsp_fail(err, ...)` in a handler. */
json_t *lsp_fail(struct lsp_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

enum lsp_state {
	LSP_STARTING,            /* before initialize */
	LSP_RUNNING,             /* initialize answered */
	LSP_SHUT_DOWN,           /* shutdown answered: only exit remains */
};

/* A person file over this is not judged (lint's bound, R_TOO_LARGE). */
#define LSP_DOC_MAX (16 * 1024 * 1024)

struct lsp_server {
	struct jsonrpc rpc;
	enum lsp_state state;
	int exit_code;           /* set by exit */
	int done;                /* exit received, or the input ended */
	/*
	 * The thread repository, canonical: found from the initialize
	 * request's rootUri (or the current folder), else from the first
	 * document opened in one.  NULL until then.  Documents outside it
	 * are refused.
	 */
	char *root;
	struct lsp_docs docs;
	/*
	 * URIs whose didOpen was refused (not a file of the repository),
	 * still open in the editor: requests on them get a null result, and
	 * their edits are ignored without a word, as the refusal was logged
	 * once.  A generic client attaches to every Markdown file.
	 */
	char **refused;
	size_t refused_nr, refused_alloc;
	/* The open documents over the disk (repo.h); see lsp_overlay(). */
	struct repo_overlay overlay;
	int overlay_stale;       /* a document was opened, closed or edited */
};

typedef json_t *(*lsp_handler)(struct lsp_server *s, json_t *params,
			       struct lsp_error *err);

#define LSP_NOTIFY 1             /* a notification: nothing is answered */

struct lsp_method {
	const char *name;
	lsp_handler fn;
	unsigned flags;
	const char *capability;          /* in ServerCapabilities, or NULL */
	const char *capability_json;     /* its value, as JSON text */
};

/* Serve on in/out until exit or the end of input; the exit status. */
int lsp_serve(int in, int out);

/* ---- helpers for handlers --------------------------------------------- */

/* The open document named by params.textDocument.uri; NULL with *err
 * (InvalidParams) when there is none or it is not open. */
struct lsp_doc *lsp_doc_of(struct lsp_server *s, const json_t *params,
			   struct lsp_error *err);
/* The same, and the byte offset of params.position (TextDocumentPositionParams). */
struct lsp_doc *lsp_doc_at(struct lsp_server *s, const json_t *params,
			   size_t *offset, struct lsp_error *err);

/* {"line":L,"character":C} / {"start":..,"end":..} of byte offsets in d
 * (new references). */
json_t *lsp_position_json(const struct lsp_doc *d, size_t off);
json_t *lsp_range_json(const struct lsp_doc *d, size_t start, size_t end);

/* The overlay of the open documents, current (borrowed: valid until the
 * next edit, open or close). */
const struct repo_overlay *lsp_overlay(struct lsp_server *s);

/* Today's day number (date.h): THREAD_TODAY, else the real date, asked
 * each time: the server may run past midnight. */
int lsp_today(void);

/*
 * The team (team.h) with the open documents in place of their files:
 * what a feature shows of another person's file (a hover, a completion)
 * keeps to thread(5) PRIVACY: nothing under a Private heading
 * (team_shows(x->private, 0)); the document being edited is the user's.
 * The team is team_open_at() on s->root with lsp_overlay(s).  Release it with
 * team_close().  0, or -1 (no repository, or it cannot be read).
 */
struct team;
int lsp_team_open(struct lsp_server *s, struct team *t);

/*
 * The lint findings of document d (lsp_diag.c), exactly as thread lint
 * would report them were the open buffers saved: into `out`, which the
 * caller has initialised (diag_list_init(out, NULL)) and releases; sorted
 * by line, column and rule.  Lines and columns are lint's (1-based,
 * bytes): lsp_doc_offset_lc() turns them into offsets.  0, or -1 when
 * the document is not judged (not a person file or .thread.yaml, or no
 * repository).
 */
int lsp_findings(struct lsp_server *s, struct lsp_doc *d, struct diag_list *out);
/*
 * The Diagnostic[] the server publishes for findings `l` of d (a new
 * reference): each with the rule id as its code, and a range from
 * lsp_doc_offset_lc(d, line, col) to lsp_doc_line_end() of that offset.
 * A code action finds its finding by code and range start.
 */
json_t *lsp_diagnostics_json(const struct lsp_doc *d, const struct diag_list *l);

/* Send a notification; `params` is stolen.  0, or -1 (output gone). */
int lsp_notify(struct lsp_server *s, const char *method, json_t *params);
/* window/logMessage (type 1 error .. 4 log): what the server did not do. */
void lsp_log(struct lsp_server *s, int type, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- methods (one file each) ------------------------------------------ */

/* lsp_diag.c: textDocument/publishDiagnostics of every dirty document */
void lsp_publish_diagnostics(struct lsp_server *s);
/* lsp_diag.c: textDocument/documentSymbol */
json_t *lsp_document_symbol(struct lsp_server *s, json_t *params,
			    struct lsp_error *err);

/* Features: */
/* lsp_complete.c: textDocument/completion */
json_t *lsp_completion(struct lsp_server *s, json_t *params, struct lsp_error *err);
/* lsp_hover.c: textDocument/hover */
json_t *lsp_hover(struct lsp_server *s, json_t *params, struct lsp_error *err);
/* lsp_define.c: textDocument/definition */
json_t *lsp_definition(struct lsp_server *s, json_t *params, struct lsp_error *err);
/* lsp_actions.c: textDocument/codeAction */
json_t *lsp_code_action(struct lsp_server *s, json_t *params, struct lsp_error *err);

#endif
