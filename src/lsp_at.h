/*
 * lsp_at.h - what is at a position of an open document, for the
 * features of thread lsp that ask (completion, hover, definition, code
 * actions): its line, the person file parsed, the session and item
 * there, and the token under the cursor, read by the same lexers as
 * the notes (pattern.h for @handle, #tag, due:, escalate:; fields.h for
 * [t:] references), so that what the editor points at is what lint reads.
 */
#ifndef THREAD_LSP_AT_H
#define THREAD_LSP_AT_H

#include "lsp.h"
#include "model.h"

enum lsp_token_kind { TOK_NONE, TOK_HANDLE, TOK_TAG, TOK_TREF, TOK_DATE };

struct lsp_token {
	enum lsp_token_kind kind;
	size_t start, end;       /* the token in the text: "@dave", "[t:3-5]" */
	size_t vstart, vend;     /* its value: "dave", "2026-11-24" */
	long first, last;        /* TOK_TREF: its first range */
	int days;                /* TOK_DATE */
};

/* The token at (or just before) offset `off`; kind TOK_NONE when none. */
void lsp_token_at(const struct lsp_doc *d, size_t off, struct lsp_token *t);

/* Where the line holding `off` starts, and its 1-based number. */
size_t lsp_line_start(const struct lsp_doc *d, size_t off);
int lsp_line_number(const struct lsp_doc *d, size_t off);

/* Document d parsed (person_free() it); NULL when it is not a person file
 * lint would read. */
struct person *lsp_person(const struct lsp_doc *d);
/*
 * What completion needs of a large file, fast: document d parsed as its
 * front matter and the session around offset `off` only (from its
 * "## " heading to the next heading of level 1 or 2), so that a 1 MB
 * file is not read whole at each key.  Lines in it are the document's:
 * *shift is added to a line of the parse to give the document's line.
 * *newest is the date of the file's last "## YYYY-MM-DD" session (0: none).
 * NULL as lsp_person().
 */
struct person *lsp_person_near(const struct lsp_doc *d, size_t off, int *shift,
			       int *newest);
/* The session holding 1-based `line`, or NULL (before the first). */
const struct session *lsp_session_at(const struct person *p, int line);
/* The ledger item whose list marker is on `line`, or NULL; *s its session. */
const struct item *lsp_item_on(const struct person *p, int line,
			       const struct session **s);

/* Where the content of the list item whose marker is at `off` starts
 * (after "- " or "1. "): the column its continuation lines line up with,
 * as Markdown reads them (thread(5) Continuation fields). */
size_t lsp_item_content(const struct lsp_doc *d, size_t off);

#endif
