/*
 * frontmatter.h - the only user of libyaml.  Reads a small YAML document
 * (a person file's front matter, or .thread.yaml) into a tree of scalars,
 * sequences and mappings that remembers each node's line and column.
 *
 * The document is read from libyaml's event stream, never its document
 * loader: an alias (*name) is refused when it is seen, so alias bombs are
 * never expanded, and nesting deeper than FM_MAX_DEPTH is refused.
 *
 * Nodes live in the caller's arena.  Positions are translated to the
 * enclosing file: line_offset is added to YAML's 0-based line.
 */
#ifndef THREAD_FRONTMATTER_H
#define THREAD_FRONTMATTER_H

#include "arena.h"
#include <stddef.h>

#define FM_MAX_DEPTH 32

enum fm_kind { FM_SCALAR, FM_SEQ, FM_MAP };

struct fm_node {
	enum fm_kind kind;
	int line, col;
	const char *value;       /* scalars: NUL-terminated */
	size_t len;
	int plain;               /* scalar written without quotes */
	const char *key;         /* set when this node is a mapping value */
	int key_line, key_col;
	struct fm_node *child;   /* first item or first mapping value */
	struct fm_node *next;    /* next sibling */
};

struct fm_error {
	int line, col;
	char msg[240];
};

/*
 * Parse `len` bytes of YAML whose first line is line `line_offset` + 1 of
 * its file.  Returns the top-level mapping (an empty FM_MAP for an empty
 * document), or NULL with *err filled in when the text is not YAML, not a
 * mapping, or uses aliases.
 */
struct fm_node *fm_parse(struct arena *a, const char *text, size_t len,
			 int line_offset, struct fm_error *err);

/* The value of `key` in mapping `map`, or NULL. */
struct fm_node *fm_get(struct fm_node *map, const char *key);

struct strbuf;
/* Append v as a YAML scalar: plain when that is safe, else double-quoted
 * (for the front matter thread writes: add, import). */
void fm_add_scalar(struct strbuf *sb, const char *v);

#endif
