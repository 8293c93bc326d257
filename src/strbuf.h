/*
 * strbuf.h - a growable, always NUL-terminated byte buffer.
 *
 * Rules:
 *  - Initialise with STRBUF_INIT (or strbuf_init()); an initialised strbuf
 *    always has a valid, NUL-terminated `buf`, even when empty, so `sb.buf`
 *    can be passed to any function that wants a C string.
 *  - `len` bytes are in use; the buffer may hold NUL bytes, so use `len`,
 *    not strlen(), when the content is binary.
 *  - The strbuf owns `buf`.  strbuf_release() frees it and leaves the
 *    strbuf re-initialised and reusable; strbuf_detach() hands ownership of
 *    the buffer to the caller (who must free() it) and re-initialises.
 *  - Never keep a pointer into `buf` across a call that adds to the
 *    strbuf: growing may move it.
 *  - Allocation failure dies; no function here returns an error.
 */
#ifndef THREAD_STRBUF_H
#define THREAD_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_empty[];
#define STRBUF_INIT { 0, 0, strbuf_empty }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_reset(struct strbuf *sb);
void strbuf_setlen(struct strbuf *sb, size_t len);

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addbuf(struct strbuf *sb, const struct strbuf *other);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);

/*
 * Append `s` as a JSON string literal, quotes included: the one JSON
 * string writer, in json.c.  Every control character (C0, DEL and the C1
 * range U+0080..U+009F) is written as a \u escape, and each byte that is
 * not part of valid UTF-8 becomes U+FFFD, so the document is valid UTF-8
 * JSON whatever the notes or file names hold.
 */
void strbuf_add_json_str(struct strbuf *sb, const char *s, size_t len);
/* Append "key": and the string v as JSON, or null when v is NULL. */
void strbuf_add_json_field(struct strbuf *sb, const char *key, const char *v);

/*
 * Read the whole regular file at `path` into sb (appending).  Returns 0,
 * or -1 with errno set; sb keeps what it had on failure.  Refuses files
 * over `limit` bytes when limit is not 0 (EFBIG), and anything that is not
 * a regular file (EISDIR, or EINVAL for a FIFO, socket or device), without
 * ever blocking on it.
 */
int strbuf_read_file(struct strbuf *sb, const char *path, size_t limit);

#endif
