/*
 * json.h - a small, strict JSON reader (RFC 8259), enough for transcripts.
 *
 * The whole document is parsed into a tree of values allocated in the
 * caller's arena: the tree, its strings and its keys are freed together by
 * arena_release(), never one by one.  Nothing here keeps a pointer into
 * the input text, so the text may be freed as soon as json_parse() returns.
 *
 * Strict means: one value, optionally surrounded by whitespace (space, tab,
 * LF, CR) and preceded by a UTF-8 byte-order mark, which RFC 8259 lets a
 * reader ignore.  No comments, trailing commas, single quotes, NaN,
 * Infinity, leading zeros or raw control characters in strings.  Strings
 * must be valid UTF-8; \u escapes, surrogate pairs included, are decoded
 * to UTF-8, and a lone surrogate is refused because it has no UTF-8 form.
 * Containers may nest JSON_MAX_DEPTH deep, so a hostile document cannot
 * exhaust the stack.  Duplicate keys are kept; json_get() finds the first.
 */
#ifndef THREAD_JSON_H
#define THREAD_JSON_H

#include "arena.h"
#include <stddef.h>

#define JSON_MAX_DEPTH 64

enum json_type {
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

struct json_value {
	enum json_type type;
	int line, col;           /* where the value starts, both from 1 */
	double number;           /* JSON_NUMBER */
	const char *str;         /* JSON_STRING: decoded UTF-8, NUL-terminated; */
	size_t len;              /*   may hold NUL bytes (from \u0000), see len */
	const char *key;         /* set on the members of an object */
	size_t key_len;
	size_t count;            /* JSON_ARRAY, JSON_OBJECT: number of children */
	struct json_value *child;  /* first element or member, in document order */
	struct json_value *next;   /* next sibling */
};

/* Where parsing stopped and why; col counts bytes from 1. */
struct json_error {
	int line, col;
	char msg[160];
};

/*
 * Parse the `len` bytes at `text`.  Returns the top-level value, or NULL
 * with *err filled in (message without position; the position is in
 * err->line and err->col).
 */
struct json_value *json_parse(struct arena *a, const char *text, size_t len,
			      struct json_error *err);

/* The first member of object `obj` named `key`, or NULL (also when obj is
 * NULL or not an object). */
struct json_value *json_get(const struct json_value *obj, const char *key);

/* "null", "false", "true", "number", "string", "array", "object". */
const char *json_type_name(enum json_type type);

#endif
