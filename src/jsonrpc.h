/*
 * jsonrpc.h - JSON-RPC 2.0 messages framed by Content-Length headers over
 * a pair of file descriptors: the base protocol of LSP (thread lsp).
 *
 * This module is the one user of the JSON library (jansson): it is the
 * only file that includes <jansson.h>, and the lsp modules use json_t
 * through this header.  json.c, which writes --format json, is separate
 * and stays as it is.
 *
 * Reference rules, jansson's own: a function returning json_t * returns a
 * new reference that the caller owns and drops with json_decref(); a
 * json_t * parameter is borrowed (the caller keeps its reference) unless
 * the function says it steals it, as json_object_set_new() and
 * json_array_append_new() do.  json_object_get() and json_array_get()
 * return borrowed references, valid while their container lives.
 */
#ifndef THREAD_JSONRPC_H
#define THREAD_JSONRPC_H

#include <jansson.h>
#include <stddef.h>

/*
 * A message may be large (a whole person file in a didOpen, with JSON
 * escapes), never unbounded: a person file is at most 16 MiB (lint's
 * bound), and each of its bytes takes at most 6 in JSON.  A body over
 * this is skipped unread.
 */
#define JSONRPC_MAX_MESSAGE ((size_t)100 << 20)
/* The header block of one message, at most. */
#define JSONRPC_MAX_HEADER 8192

struct jsonrpc {
	int in, out;
	char *buf;               /* read ahead from `in` */
	size_t start, len, alloc;   /* unread bytes are buf[start..len) */
	size_t skip;             /* body bytes still to throw away */
	int eof;
};

enum jsonrpc_status {
	JSONRPC_MESSAGE,         /* *msg is set */
	JSONRPC_EOF,             /* the input ended (cleanly or mid-message) */
	JSONRPC_BAD_HEADER,      /* no or a bad Content-Length: skipped */
	JSONRPC_TOO_LARGE,       /* over JSONRPC_MAX_MESSAGE: skipped */
	JSONRPC_BAD_JSON,        /* the body is not JSON (or not UTF-8) */
	JSONRPC_IO_ERROR,        /* reading failed (errno) */
};

void jsonrpc_init(struct jsonrpc *r, int in, int out);
void jsonrpc_release(struct jsonrpc *r);

/*
 * Read the next message.  JSONRPC_MESSAGE sets *msg to a new reference
 * (any JSON value: the caller checks its shape); any other status leaves
 * *msg NULL, with a one-line reason in why[0..whylen) for BAD_*.  After a
 * bad frame reading goes on with the next header, so one broken message
 * costs one error, not the session.
 */
enum jsonrpc_status jsonrpc_read(struct jsonrpc *r, json_t **msg,
				 char *why, size_t whylen);

/* Is a message (or part of one) waiting, so that reading would not
 * block?  Used to coalesce work after a burst of edits. */
int jsonrpc_pending(struct jsonrpc *r);

/* Write one message (borrowed).  0, or -1 when the output is gone. */
int jsonrpc_write(struct jsonrpc *r, const json_t *msg);

/* A JSON string of s[0..len), its bytes that are not UTF-8 replaced by
 * U+FFFD, so that text read from disk can never make a message invalid.
 * A new reference. */
json_t *jsonrpc_string(const char *s, size_t len);

/* Small readers of borrowed values: the member `key` of object o as a
 * string / integer, or NULL / -1 when it is absent or of another type. */
const char *jsonrpc_get_str(const json_t *o, const char *key);
long long jsonrpc_get_int(const json_t *o, const char *key);

#endif
