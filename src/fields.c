#include "fields.h"
#include "date.h"
#include "pattern.h"

#include <string.h>
#include <strings.h>

void fields_init(struct fields *f)
{
	memset(f, 0, sizeof(*f));
	f->mentions_tail = &f->mentions;
	f->tags_tail = &f->tags;
	f->refs_tail = &f->refs;
}

static void scan_date(struct datefield *df, struct diag_list *d,
		      const char *key, const char *v, size_t vlen,
		      struct pos pos)
{
	int days;
	enum date_status st;

	if (df->present) {
		diag_add(d, R_DATE, pos.line, pos.col,
			 "a second %s: date (keep one)", key);
		return;
	}
	df->present = 1;
	df->pos = pos;
	st = date_parse(v, vlen, &days);
	if (st == DATE_OK) {
		df->ok = 1;
		df->days = days;
	} else if (st == DATE_INVALID) {
		diag_add(d, R_DATE, pos.line, pos.col,
			 "%s:%.*s is not a real date (check the month and day)",
			 key, (int)vlen, v);
	} else if (!vlen) {
		diag_add(d, R_DATE, pos.line, pos.col,
			 "%s: needs a date right after the colon (write %s:YYYY-MM-DD)",
			 key, key);
	} else {
		diag_add(d, R_DATE, pos.line, pos.col,
			 "%s:%.*s is not a YYYY-MM-DD date (write %s:YYYY-MM-DD)",
			 key, (int)(vlen > 40 ? 40 : vlen), v, key);
	}
}

void fields_scan(struct fields *f, struct arena *a, struct diag_list *d,
		 const char *s, size_t len, int line, int col)
{
	struct field_match m;
	size_t from = 0;

	while (from < len && pattern_next_field(s, len, from, &m) == 1) {
		struct pos pos = { line, col + (int)m.start };
		const char *v = s + m.vstart;
		size_t vlen = m.vend - m.vstart;

		from = m.vend > m.start ? m.vend : m.start + 1;
		switch (m.kind) {
		case FIELD_HANDLE: {
			struct handle_ref *h = ARENA_NEW(a, struct handle_ref);
			h->name = arena_strndup(a, v, vlen);
			h->pos = pos;
			*f->mentions_tail = h;
			f->mentions_tail = &h->next;
			f->owner = h->name;     /* the last one wins */
			f->owner_pos = pos;
			break;
		}
		case FIELD_TAG: {
			struct tag *t = ARENA_NEW(a, struct tag);
			t->name = arena_strndup(a, v, vlen);
			*f->tags_tail = t;
			f->tags_tail = &t->next;
			break;
		}
		case FIELD_DUE:
			scan_date(&f->due, d, "due", v, vlen, pos);
			break;
		case FIELD_ESCALATE:
			scan_date(&f->escalate, d, "escalate", v, vlen, pos);
			break;
		}
	}
	tref_scan(a, s, len, line, col, &f->refs_tail);
}

/* Read a positive decimal number of at most 9 digits; -1 if none. */
static long number(const char **p, const char *end)
{
	long v = 0;
	int n = 0;
	while (*p < end && **p == ' ')
		(*p)++;
	while (*p < end && **p >= '0' && **p <= '9') {
		if (++n > 9)
			return -1;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	while (*p < end && **p == ' ')
		(*p)++;
	return n ? v : -1;
}

static void parse_ranges(struct tref *r, const char *p, const char *end)
{
	if (p == end)
		r->malformed = 1;
	while (p < end && !r->malformed) {
		long first = number(&p, end), last = first;
		if (p < end && *p == '-') {
			p++;
			last = number(&p, end);
		}
		if (first < 0 || last < 0 || (p < end && *p != ',') ||
		    r->nranges == (int)(sizeof(r->ranges) / sizeof(r->ranges[0]))) {
			r->malformed = 1;
			break;
		}
		r->ranges[r->nranges].first = first;
		r->ranges[r->nranges].last = last;
		r->nranges++;
		if (p < end && ++p == end)
			r->malformed = 1;   /* a trailing comma */
	}
}

void tref_scan(struct arena *a, const char *s, size_t len, int line, int col,
	       struct tref ***tail)
{
	const char *p = s, *end = s + len;

	while ((p = memmem(p, (size_t)(end - p), "[t:", 3)) != NULL) {
		const char *close = memchr(p, ']', (size_t)(end - p));
		struct tref *r = ARENA_NEW(a, struct tref);

		r->pos.line = line;
		r->pos.col = col + (int)(p - s);
		if (!close) {
			r->malformed = 1;
			r->raw = arena_strndup(a, p, (size_t)(end - p) > 24 ? 24 : (size_t)(end - p));
			p = end;
		} else {
			r->raw = arena_strndup(a, p, (size_t)(close + 1 - p));
			parse_ranges(r, p + 3, close);
			p = close + 1;
		}
		**tail = r;
		*tail = &r->next;
	}
}

#define NO_OWNER ((size_t)-1)

/* Where the owner, the last @handle, starts in s[0..len). */
static size_t owner_at(const char *s, size_t len)
{
	struct field_match m;
	size_t from = 0, at = NO_OWNER;

	while (from < len && pattern_next_field(s, len, from, &m) == 1) {
		if (m.kind == FIELD_HANDLE)
			at = m.start;
		from = m.vend > from ? m.vend : from + 1;
	}
	return at;
}

/* Blanks and line breaks folded to one space; no space before a comma
 * or the like that a dropped field left behind ("by due:D, then"). */
static void add_folded(struct strbuf *sb, const char *s, size_t len)
{
	size_t start = sb->len, i;

	for (i = 0; i < len; i++) {
		int c = s[i] && strchr(" \t\r\n", s[i]) ? ' ' : s[i];
		int tail = sb->len > start && sb->buf[sb->len - 1] == ' ';
		if (c == ' ' && (sb->len == start || tail))
			continue;
		if (c && strchr(",;:.", c) && tail && (i + 1 == len || s[i + 1] == ' '))
			strbuf_setlen(sb, sb->len - 1);
		strbuf_addch(sb, c);
	}
	while (sb->len > start && sb->buf[sb->len - 1] == ' ')
		strbuf_setlen(sb, sb->len - 1);
}

/* "#110", "#4471": an issue or ticket number, part of the sentence. */
static int is_number_tag(const char *s, size_t len)
{
	size_t i;
	for (i = 1; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return len > 1;
}

/* Tags written after the sentence ("...the layout #search-results")
 * label it rather than say something: a one-line brief drops them, but
 * not a number ("as described in #110"), which says which issue. */
/* Only the text from `start` on is this brief's: what sb held before it
 * is the caller's, and a brief that is nothing but a tag keeps it. */
static void drop_trailing_tags(struct strbuf *sb, size_t start)
{
	struct field_match m;
	size_t at;

	while (sb->len > start) {
		const char *sp = memrchr(sb->buf + start, ' ', sb->len - start);
		at = sp ? (size_t)(sp - sb->buf) + 1 : start;
		if (at == start || sb->buf[at] != '#' ||
		    pattern_next_field(sb->buf, sb->len, at, &m) != 1 ||
		    m.kind != FIELD_TAG || m.start != at || m.vend != sb->len ||
		    is_number_tag(sb->buf + at, sb->len - at))
			return;
		strbuf_setlen(sb, at - 1);
	}
}

void fields_brief(struct strbuf *sb, const char *s, size_t len, int ledger)
{
	struct strbuf raw = STRBUF_INIT;
	size_t from = 0, owner = ledger ? owner_at(s, len) : NO_OWNER, start = sb->len;
	const char *ref = NULL;
	size_t ref_at = 0;

	while (from < len) {
		size_t next;
		struct field_match m;

		/* The next reference is looked for again only once it is
		 * behind us: searching the rest of the text before each field
		 * made an item with thousands of @handles take minutes. */
		if (!from || (ref && from > ref_at)) {
			ref = memmem(s + from, len - from, "[t:", 3);
			ref_at = ref ? (size_t)(ref - s) : len;
		}

		if (ledger && pattern_next_field(s, ref_at, from, &m) == 1) {
			int keep = m.kind == FIELD_TAG ||
				   (m.kind == FIELD_HANDLE && m.start != owner);
			strbuf_add(&raw, s + from, (keep ? m.vend : m.start) - from);
			next = m.vend;
		} else {
			const char *close = ref ? memchr(ref, ']', len - ref_at) : NULL;
			strbuf_add(&raw, s + from, ref_at - from);
			next = close ? (size_t)(close - s) + 1 : len;
		}
		from = next > from ? next : from + 1;
	}
	add_folded(sb, raw.buf, raw.len);
	drop_trailing_tags(sb, start);
	strbuf_release(&raw);
}

void fields_strip(const char *s, size_t len, struct strbuf *out)
{
	fields_brief(out, s, len, 1);
}
