#include "jsonrpc.h"
#include "strbuf.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

void jsonrpc_init(struct jsonrpc *r, int in, int out)
{
	memset(r, 0, sizeof(*r));
	r->in = in;
	r->out = out;
	ALLOC_GROW(r->buf, 65536, r->alloc);   /* never NULL, even before a read */
}

void jsonrpc_release(struct jsonrpc *r)
{
	free(r->buf);
	memset(r, 0, sizeof(*r));
}

/* Read more input: 1 read, 0 end of input, -1 error. */
static int fill(struct jsonrpc *r)
{
	ssize_t n;

	if (r->eof)
		return 0;
	if (r->start && r->start == r->len)
		r->start = r->len = 0;
	if (r->start > r->alloc / 2) {
		memmove(r->buf, r->buf + r->start, r->len - r->start);
		r->len -= r->start;
		r->start = 0;
	}
	if (r->alloc - r->len < 65536)
		ALLOC_GROW(r->buf, r->len + 65536, r->alloc);
	do {
		n = read(r->in, r->buf + r->len, r->alloc - r->len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if (!n) {
		r->eof = 1;
		return 0;
	}
	r->len += (size_t)n;
	return 1;
}

/* Throw away what is left of a skipped body: 0, or a fill() status. */
static int drain(struct jsonrpc *r)
{
	while (r->skip) {
		size_t have = r->len - r->start, n = have < r->skip ? have : r->skip;
		int rc;

		r->start += n;
		r->skip -= n;
		if (r->skip && (rc = fill(r)) <= 0)
			return rc ? -1 : 1;
		if (r->start == r->len)
			r->start = r->len = 0;
	}
	return 0;
}

/* Where the header block at p ends (the blank line), or NULL. */
static const char *header_end(const char *p, size_t n, size_t *skip)
{
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		if (p[i] != '\n')
			continue;
		if (p[i + 1] == '\n') {
			*skip = i + 2;
			return p + i;
		}
		if (p[i + 1] == '\r' && i + 2 < n && p[i + 2] == '\n') {
			*skip = i + 3;
			return p + i;
		}
	}
	return NULL;
}

/*
 * The Content-Length of the header block p[0..n): 0 and *len, or -1.
 * Other headers (Content-Type) are allowed and ignored.
 */
static int content_length(const char *p, size_t n, size_t *len,
			  char *why, size_t whylen)
{
	const char *end = p + n;
	int found = 0;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *colon, *v;
		size_t l = 0;

		if (!eol)
			eol = end;
		colon = memchr(p, ':', (size_t)(eol - p));
		if (!colon) {
			snprintf(why, whylen, "a header line without a colon");
			return -1;
		}
		if ((size_t)(colon - p) == 14 && !strncasecmp(p, "Content-Length", 14)) {
			for (v = colon + 1; v < eol && *v == ' '; v++)
				;
			if (v == eol || !isdigit((unsigned char)*v)) {
				snprintf(why, whylen, "Content-Length is not a number");
				return -1;
			}
			for (; v < eol && isdigit((unsigned char)*v); v++) {
				if (l > JSONRPC_MAX_MESSAGE)
					break;
				l = l * 10 + (size_t)(*v - '0');
			}
			while (v < eol && (*v == ' ' || *v == '\r'))
				v++;
			if (v < eol && !isdigit((unsigned char)*v)) {
				snprintf(why, whylen, "Content-Length is not a number");
				return -1;
			}
			if (v < eol)    /* more digits than any allowed length */
				l = JSONRPC_MAX_MESSAGE + 1;
			*len = l;
			found = 1;
		}
		p = eol + 1;
	}
	if (!found) {
		snprintf(why, whylen, "no Content-Length header");
		return -1;
	}
	return 0;
}

/*
 * Where the next "Content-Length:" (in any case, as header names are)
 * starts in p[from..n), or n.  The reader resynchronises on it after a
 * broken frame: the message after a broken one starts with it, often
 * straight after the broken body, not on a line of its own.
 */
static size_t next_content_length(const char *p, size_t from, size_t n)
{
	static const char name[] = "Content-Length:";
	size_t i, k = sizeof(name) - 1;

	for (i = from; i + k <= n; i++)
		if (!strncasecmp(p + i, name, k))
			return i;
	return n;
}

enum jsonrpc_status jsonrpc_read(struct jsonrpc *r, json_t **msg,
				 char *why, size_t whylen)
{
	const char *head;
	size_t hskip = 0, len = 0, n, at;
	json_error_t jerr;
	int rc;

	*msg = NULL;
	*why = '\0';
	if ((rc = drain(r)))
		return rc < 0 ? JSONRPC_IO_ERROR : JSONRPC_EOF;
	for (;;) {
		/* blank lines between messages are tolerated */
		while (r->start < r->len &&
		       (r->buf[r->start] == '\r' || r->buf[r->start] == '\n'))
			r->start++;
		n = r->len - r->start;
		head = header_end(r->buf + r->start, n, &hskip);
		if (!head) {
			if (n > JSONRPC_MAX_HEADER) {
				/*
				 * No header block ends here: drop it up to a
				 * later Content-Length, or all but a tail that
				 * may hold the start of one.
				 */
				at = next_content_length(r->buf + r->start, 1, n);
				r->start += at < n ? at : n - 14;
				snprintf(why, whylen, "a header block over %d bytes",
					 JSONRPC_MAX_HEADER);
				return JSONRPC_BAD_HEADER;
			}
			if ((rc = fill(r)) <= 0)
				return rc ? JSONRPC_IO_ERROR : JSONRPC_EOF;
			continue;
		}
		rc = content_length(r->buf + r->start,
				    (size_t)(head - r->buf) - r->start,
				    &len, why, whylen);
		if (!rc)
			break;
		/*
		 * Bytes before a Content-Length in a block that does not
		 * parse are the rest of a broken frame or noise: start the
		 * header over there, so the message after them is answered.
		 */
		at = next_content_length(r->buf + r->start, 1,
					 (size_t)(head - r->buf) - r->start);
		if (at < (size_t)(head - r->buf) - r->start) {
			r->start += at;
			continue;
		}
		r->start += hskip;
		return JSONRPC_BAD_HEADER;
	}
	r->start += hskip;
	if (len > JSONRPC_MAX_MESSAGE) {
		/* said at once; its bytes are thrown away by the next read */
		r->skip = len;
		snprintf(why, whylen, "a message over the %zu MiB limit; skipped",
			 JSONRPC_MAX_MESSAGE >> 20);
		return JSONRPC_TOO_LARGE;
	}
	while (r->len - r->start < len)
		if ((rc = fill(r)) <= 0)
			return rc ? JSONRPC_IO_ERROR : JSONRPC_EOF;
	*msg = json_loadb(r->buf + r->start, len, JSON_ALLOW_NUL, &jerr);
	r->start += len;
	if (!*msg) {
		snprintf(why, whylen, "not JSON: %s at byte %d", jerr.text, jerr.position);
		return JSONRPC_BAD_JSON;
	}
	return JSONRPC_MESSAGE;
}

int jsonrpc_pending(struct jsonrpc *r)
{
	struct pollfd p = { .fd = r->in, .events = POLLIN };

	/* line ends between messages are no message */
	while (r->start < r->len &&
	       (r->buf[r->start] == '\r' || r->buf[r->start] == '\n'))
		r->start++;
	if (r->start < r->len)
		return 1;
	return !r->eof && poll(&p, 1, 0) > 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int jsonrpc_write(struct jsonrpc *r, const json_t *msg)
{
	char *body = json_dumps(msg, JSON_COMPACT);
	char head[64];
	int n, rc;

	if (!body)
		return -1;
	n = snprintf(head, sizeof(head), "Content-Length: %zu\r\n\r\n", strlen(body));
	rc = write_all(r->out, head, (size_t)n) || write_all(r->out, body, strlen(body)) ?
	     -1 : 0;
	free(body);
	return rc;
}

/* Length of the UTF-8 sequence at p (end excluded), or 0 if it is not one. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
	size_t n, i;
	unsigned c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) ||
	    (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
		return 0;
	return n;
}

json_t *jsonrpc_string(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	struct strbuf sb = STRBUF_INIT;
	json_t *v;

	while (p < end) {
		size_t n = utf8_seq(p, end);
		if (n) {
			strbuf_add(&sb, p, n);
			p += n;
		} else {
			strbuf_addstr(&sb, "\xef\xbf\xbd");
			p++;
		}
	}
	v = json_stringn(sb.len ? sb.buf : "", sb.len);
	strbuf_release(&sb);
	return v;
}

const char *jsonrpc_get_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

long long jsonrpc_get_int(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? (long long)json_integer_value(v) : -1;
}
