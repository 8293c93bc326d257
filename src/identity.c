#include "identity.h"
#include "date.h"
#include "fields.h"
#include "util.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void identity_normalise(const char *s, size_t len, struct strbuf *out)
{
	size_t i;

	strbuf_reset(out);
	fields_strip(s, len, out);
	for (i = 0; i < out->len; i++)
		out->buf[i] = (char)tolower((unsigned char)out->buf[i]);
}

/* FNV-1a, 64 bits: stable across builds and machines, which is all a
 * UID needs; the handle and date beside it keep collisions to the items
 * of one session. */
static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

struct ranked {
	char *norm;
	size_t index;            /* the item's place in its session */
};

static int by_norm(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	int c = strcmp(x->norm, y->norm);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

static char *format_id(const char *handle, const struct session *s,
		       const char *norm, unsigned nth)
{
	struct strbuf sb = STRBUF_INIT;
	char d[11], rank[16];
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	int n;

	h = fnv1a(h, norm, strlen(norm) + 1);
	n = snprintf(rank, sizeof(rank), "%u", nth);
	h = fnv1a(h, rank, (size_t)n);
	strbuf_addf(&sb, "%s-", handle);
	if (s->date_ok) {
		date_format(s->date, d);
		strbuf_addf(&sb, "%.4s%.2s%.2s", d, d + 5, d + 8);
	} else {
		strbuf_addstr(&sb, "undated");
	}
	strbuf_addf(&sb, "-%016llx", (unsigned long long)h);
	return strbuf_detach(&sb, NULL);
}

/*
 * Equal texts are ranked by their order in the session, as history.c
 * pairs them; sorting keeps a session of thousands of items fast.
 */
char **identity_session(const char *handle, const struct session *s, size_t *n)
{
	struct strbuf sb = STRBUF_INIT;
	struct ranked *r = NULL;
	const struct item *it;
	char **ids = NULL;
	size_t i, count = 0;
	unsigned nth = 0;

	for (it = s->items; it; it = it->next)
		count++;
	*n = count;
	if (!count)
		return NULL;
	r = xcalloc(count, sizeof(*r));
	ids = xcalloc(count, sizeof(*ids));
	for (i = 0, it = s->items; it; it = it->next, i++) {
		identity_normalise(it->text.s, it->text.len, &sb);
		r[i].norm = xstrdup(sb.buf);
		r[i].index = i;
	}
	qsort(r, count, sizeof(*r), by_norm);
	for (i = 0; i < count; i++) {
		nth = i && !strcmp(r[i - 1].norm, r[i].norm) ? nth + 1 : 1;
		ids[r[i].index] = format_id(handle, s, r[i].norm, nth);
	}
	for (i = 0; i < count; i++)
		free(r[i].norm);
	free(r);
	strbuf_release(&sb);
	return ids;
}

void identity_free(char **ids, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}
