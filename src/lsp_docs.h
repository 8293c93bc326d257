/*
 * lsp_docs.h - the documents an editor has open (thread lsp): their URI
 * and path, their text as edited and not yet saved, and positions in
 * them as the protocol counts (lines, and UTF-16 code units within a
 * line) against the byte offsets the rest of thread uses.
 *
 * Lines end as lines.h says (LF, CRLF or a lone CR), which is also what
 * LSP says, so line N here is line N of a lint finding (0- vs 1-based).
 * The store owns every document; a struct lsp_doc * stays valid until
 * its didClose (lsp_docs_close) or lsp_docs_release, and its text only
 * until the next edit.
 */
#ifndef THREAD_LSP_DOCS_H
#define THREAD_LSP_DOCS_H

#include "strbuf.h"
#include <stddef.h>

enum lsp_doc_kind {
	LSP_DOC_PERSON,          /* people/HANDLE.md */
	LSP_DOC_CONFIG,          /* .thread.yaml at the root */
	LSP_DOC_OTHER,           /* another file of the repository (a transcript) */
};

struct lsp_doc {
	char *uri;               /* as the client sent it: the key */
	char *path;              /* absolute and canonical */
	char *rel;               /* from the repository root: "people/alice.md" */
	char *handle;            /* "alice" for a person file, else NULL */
	enum lsp_doc_kind kind;
	long long version;
	struct strbuf text;
	/* Offsets where each line starts: lines[0] = 0; rebuilt after edits. */
	size_t *lines, nlines, lines_alloc;
	int dirty;               /* edited since its diagnostics were sent */
};

struct lsp_docs {
	struct lsp_doc **v;
	size_t nr, alloc;
};

/* The open document with this URI, or NULL. */
struct lsp_doc *lsp_docs_find(const struct lsp_docs *docs, const char *uri);
/* Open (or reopen) a document; the store copies every argument. */
struct lsp_doc *lsp_docs_open(struct lsp_docs *docs, const char *uri,
			      const char *path, const char *rel,
			      const char *text, size_t len, long long version);
/* Forget it; 0, or -1 when it was not open. */
int lsp_docs_close(struct lsp_docs *docs, const char *uri);
void lsp_docs_release(struct lsp_docs *docs);

/*
 * Replace the text between two protocol positions (a didChange range)
 * with text[0..len); positions past the end of a line or of the text
 * are clamped, as the protocol asks.  Returns -1 (the text unchanged)
 * when the result would be over `limit` bytes.
 */
int lsp_doc_replace(struct lsp_doc *d, unsigned start_line, unsigned start_char,
		    unsigned end_line, unsigned end_char,
		    const char *text, size_t len, size_t limit);
/* Replace the whole text. */
void lsp_doc_set(struct lsp_doc *d, const char *text, size_t len);

/* Byte offset of a protocol position (0-based line, UTF-16 units),
 * clamped to the line's end and the text's end. */
size_t lsp_doc_offset(const struct lsp_doc *d, unsigned line, unsigned character);
/* Protocol position of a byte offset (clamped to the text). */
void lsp_doc_position(const struct lsp_doc *d, size_t off, unsigned *line,
		      unsigned *character);
/* Byte offset of 1-based line `line`, byte column `col` (a lint finding),
 * clamped the same way. */
size_t lsp_doc_offset_lc(const struct lsp_doc *d, int line, int col);
/* Where the line holding offset `off` ends (before its line ending). */
size_t lsp_doc_line_end(const struct lsp_doc *d, size_t off);

/* UTF-16 code units in s[0..len) (a byte that is not UTF-8 counts one). */
size_t utf16_units(const char *s, size_t len);

/*
 * A file:// URI's path, percent-decoded (malloc'd in *path): 0, or -1
 * when it is not a local file URI (another scheme or host, a NUL).
 */
int lsp_uri_to_path(const char *uri, char **path);
/* The file:// URI of an absolute path, percent-encoded (malloc'd). */
char *lsp_path_to_uri(const char *path);

#endif
