#include "person.h"
#include "frontmatter.h"
#include "lines.h"
#include "markdown.h"
#include "pattern.h"
#include "transcript.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct pos pos_of_offset(const char *buf, size_t off)
{
	struct pos p = { 1, 1 };
	const char *s = buf, *end = buf + off, *next;
	while (line_end(s, end, &next) != end) {
		p.line++;
		s = next;
	}
	p.col = (int)(end - s) + 1;
	return p;
}

size_t utf8_invalid_at(const char *buf, size_t len)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n, k;
		uint32_t cp;

		if (c < 0x80) {
			/* Fast path: eight ASCII bytes at a time. */
			while (i + 8 <= len) {
				uint64_t v;
				memcpy(&v, s + i, 8);
				if (v & 0x8080808080808080ULL)
					break;
				i += 8;
			}
			if (i < len && s[i] < 0x80)
				i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) { n = 1; cp = c & 0x1f; }
		else if (c >= 0xe0 && c <= 0xef) { n = 2; cp = c & 0x0f; }
		else if (c >= 0xf0 && c <= 0xf4) { n = 3; cp = c & 0x07; }
		else return i;
		for (k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += n + 1;
	}
	return len;
}

/* ---- front matter ---- */

static int is_fence(const char *s, const char *end)
{
	if (end - s < 3 || memcmp(s, "---", 3))
		return 0;
	for (s += 3; s < end; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r')
			return 0;
	return 1;
}

static int one_of(const char *v, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(v, *list))
			return 1;
	return 0;
}

static const char *scalar(struct fm_node *n, struct diag_list *d,
			  const char *key)
{
	if (!n)
		return NULL;
	if (n->kind != FM_SCALAR) {
		diag_add(d, R_FRONT_MATTER, n->line, n->col,
			 "'%s' must be a single value, not a %s", key,
			 n->kind == FM_SEQ ? "list" : "mapping");
		return NULL;
	}
	return n->value;
}

static const char *enum_value(struct person *p, struct fm_node *map,
			      struct diag_list *d, const char *key,
			      const char *const *allowed, const char *hint)
{
	struct fm_node *n = fm_get(map, key);
	const char *v = scalar(n, d, key);
	if (!v)
		return NULL;
	if (!one_of(v, allowed)) {
		diag_add(d, R_FRONT_MATTER, n->line, n->col,
			 "%s must be %s, not '%.40s'", key, hint, v);
		return NULL;
	}
	return arena_strndup(&p->arena, v, strlen(v));
}

const char *const person_types[] = { "manager", "skip-level",
	"mentorship", "cross-functional", NULL };
const char *const person_lifecycles[] = { "onboarding", "ramp",
	"steady-state", "role-change", "promotion-path", NULL };
const char *const person_consents[] = { "recorded", "notes-only", NULL };

int cadence_days(const char *v)
{
	char *end;
	long n;
	if (!strcmp(v, "weekly"))
		return 7;
	if (!strcmp(v, "biweekly"))
		return 14;
	if (!strcmp(v, "monthly"))
		return 30;
	if (*v < '1' || *v > '9')
		return -1;
	n = strtol(v, &end, 10);
	return strcmp(end, "d") || n < 1 || n > 366 ? -1 : (int)n;
}

static void read_tags(struct person *p, struct fm_node *n, struct diag_list *d)
{
	struct tag **tail = &p->tags;
	struct fm_node *c;

	if (!n)
		return;
	if (n->kind == FM_MAP) {
		diag_add(d, R_FRONT_MATTER, n->line, n->col,
			 "tags must be a list such as [platform, billing]");
		return;
	}
	for (c = n->kind == FM_SEQ ? n->child : n; c; c = n->kind == FM_SEQ ? c->next : NULL) {
		struct tag *t;
		if (c->kind != FM_SCALAR) {
			diag_add(d, R_FRONT_MATTER, c->line, c->col,
				 "each tag must be a single word");
			continue;
		}
		t = ARENA_NEW(&p->arena, struct tag);
		t->name = arena_strndup(&p->arena, c->value, c->len);
		*tail = t;
		tail = &t->next;
	}
}

/* The value of a speakers: entry: "@handle", or a name a transcript line
 * can carry.  Returns the problem, or NULL. */
static const char *speaker_target_problem(const char *v, size_t len)
{
	if (v[0] == '@')
		return pattern_is_handle(v + 1, len - 1) ? NULL :
			"must be @handle (lowercase) or a name";
	return transcript_speaker_ok(v, len) ? NULL :
		"must be @handle or a name of 1 to 60 characters without ':' or surrounding spaces";
}

/*
 * speakers: maps what a transcript calls someone (a Teams id, a Zoom
 * display name, "Speaker 2") to who they are, so the next meeting's
 * transcript names them by itself.
 */
static void read_speakers(struct person *p, struct fm_node *n, struct diag_list *d)
{
	struct speaker_alias **tail = &p->speakers;
	struct fm_node *c;
	const char *why = NULL;

	if (!n)
		return;
	if (n->kind != FM_MAP) {
		diag_add(d, R_FRONT_MATTER, n->line, n->col,
			 "speakers must be a mapping such as {\"Speaker 1\": \"@alice\"}, one transcript speaker to @handle or name per line");
		return;
	}
	for (c = n->child; c; c = c->next) {
		struct speaker_alias *a;
		if (!c->key || !*c->key) {
			diag_add(d, R_FRONT_MATTER, c->key_line, c->key_col,
				 "a speakers: key must name a transcript speaker");
			continue;
		}
		if (c->kind != FM_SCALAR) {
			diag_add(d, R_FRONT_MATTER, c->line, c->col,
				 "speakers: '%.40s' must be one @handle or name, not a %s",
				 c->key, c->kind == FM_SEQ ? "list" : "mapping");
			continue;
		}
		if (!c->len || (why = speaker_target_problem(c->value, c->len))) {
			diag_add(d, R_FRONT_MATTER, c->line, c->col,
				 "speakers: the value for '%.40s' %s, not '%.40s'", c->key,
				 c->len ? why : "must be @handle or a name", c->value);
			continue;
		}
		a = ARENA_NEW(&p->arena, struct speaker_alias);
		a->from = arena_strndup(&p->arena, c->key, strlen(c->key));
		a->to = arena_strndup(&p->arena, c->value, c->len);
		a->pos = (struct pos){ c->line, c->col };
		*tail = a;
		tail = &a->next;
	}
}

static void read_front_matter(struct person *p, struct fm_node *map,
			      struct diag_list *d)
{
	struct fm_node *n;
	const char *v;

	if ((v = scalar(fm_get(map, "name"), d, "name")))
		p->name = arena_strndup(&p->arena, v, strlen(v));
	if ((v = scalar(fm_get(map, "role"), d, "role")))
		p->role = arena_strndup(&p->arena, v, strlen(v));
	if ((v = scalar(fm_get(map, "email"), d, "email")))
		p->email = arena_strndup(&p->arena, v, strlen(v));
	p->type = enum_value(p, map, d, "type", person_types,
			     "manager, skip-level, mentorship or cross-functional");
	p->lifecycle = enum_value(p, map, d, "lifecycle", person_lifecycles,
				  "onboarding, ramp, steady-state, role-change or promotion-path");
	v = enum_value(p, map, d, "consent", person_consents, "recorded or notes-only");
	p->consent = v && !strcmp(v, "recorded") ? CONSENT_RECORDED : CONSENT_NOTES_ONLY;
	n = fm_get(map, "cadence");
	if ((v = scalar(n, d, "cadence"))) {
		int days = cadence_days(v);
		if (days < 0)
			diag_add(d, R_FRONT_MATTER, n->line, n->col,
				 "cadence must be weekly, biweekly, monthly or a number of days such as 10d, not '%.40s'",
				 v);
		else
			p->cadence_days = days;
	}
	read_tags(p, fm_get(map, "tags"), d);
	read_speakers(p, fm_get(map, "speakers"), d);
}

/*
 * Find the front matter: returns the offset of the body, and sets *fm and
 * *fmlen to the YAML between the fences.  Reports what is wrong with it.
 */
static size_t split_front_matter(const char *buf, size_t len, size_t start,
				 const char **fm, size_t *fmlen,
				 struct diag_list *d, int *ok)
{
	const char *end = buf + len, *s = buf + start, *next;
	const char *e = line_end(s, end, &next);
	const char *yaml;

	*ok = 0;
	if (start == len) {
		diag_add(d, R_FRONT_MATTER, 1, 1,
			 "empty file (start it with front matter: a '---' line, 'name: Full Name', and '---')");
		return len;
	}
	if (!is_fence(s, e)) {
		diag_add(d, R_FRONT_MATTER, 1, 1,
			 "no front matter (start the file with a '---' line, then 'name: Full Name', then '---')");
		return start;
	}
	yaml = s = next;
	while (s < end) {
		e = line_end(s, end, &next);
		if (is_fence(s, e)) {
			*fm = yaml;
			*fmlen = (size_t)(s - yaml);
			if (*fmlen > FRONT_MATTER_MAX)
				diag_add(d, R_FRONT_MATTER, 2, 1,
					 "front matter is %zu KiB, over the 64 KiB limit (keep a few keys there; notes belong below it)",
					 *fmlen / 1024);
			else
				*ok = 1;
			return (size_t)(next - buf);
		}
		s = next;
	}
	diag_add(d, R_FRONT_MATTER, 1, 1,
		 "front matter is never closed (add a '---' line after its last key)");
	return (size_t)(yaml - buf);
}

/*
 * cmark 0.30.2, as Debian ships it, reads a paragraph with k '[' in time
 * growing with k squared (CVE-2023-22486, fixed in 0.30.3): "![[]()" 40,000
 * times takes 3 s.  Notes never hold more than a few brackets a paragraph,
 * so the sum of the squares of each paragraph's brackets bounds the time:
 * a text over BRACKET_BUDGET is refused before cmark sees it.  Returns the
 * offset of the worst paragraph when over, else -1.
 */
#define BRACKET_BUDGET 1.0e8     /* about 50 ms of cmark on this machine */

/* Is s[0..n) only blanks and '['?  (A line of them ends a paragraph here.) */
static int blank_line(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '[')
			return 0;
	return 1;
}

static long count_brackets(const char *s, const char *end)
{
	long k = 0;
	while ((s = memchr(s, '[', (size_t)(end - s)))) {
		k++;
		s++;
	}
	return k;
}

/*
 * One pass over the body: the start of each line for markdown_read()
 * (lines.h's line ends, the empty line after a final line ending
 * included), and the bracket budget above.
 */
static long scan_body(const char *buf, size_t len, long *worst_count,
		      struct line_index *ix)
{
	const char *p = buf, *end = buf + len, *line_max = buf, *worst = NULL;
	const char *eol = end;
	double sum = 0;
	long k = 0, max = 0, line_k_max = -1;

	while (p < end) {
		const char *next;
		long line_k;

		ALLOC_GROW(ix->start, ix->n + 1, ix->alloc);
		ix->start[ix->n++] = (size_t)(p - buf);
		eol = line_end(p, end, &next);
		line_k = count_brackets(p, eol);
		k += line_k;
		if (line_k > line_k_max) {   /* the line to point at */
			line_k_max = line_k;
			line_max = p;
		}
		if (blank_line(p, (size_t)(eol - p)) || eol == end) {
			/* the paragraph ends here */
			sum += (double)k * (double)k;
			if (k > max) {
				max = k;
				worst = line_max;
			}
			k = 0;
			line_k_max = -1;
		}
		p = next;
	}
	if (!len || eol != end) {     /* the line after the last line ending */
		ALLOC_GROW(ix->start, ix->n + 1, ix->alloc);
		ix->start[ix->n++] = len;
	}
	/* the last paragraph, when the file ends with a newline */
	sum += (double)k * (double)k;
	if (k > max) {
		max = k;
		worst = line_max;
	}
	*worst_count = max;
	return sum > BRACKET_BUDGET && worst ? (long)(worst - buf) : -1;
}

struct person *person_parse(const char *handle, const char *buf, size_t len,
			    struct diag_list *d)
{
	struct arena a = ARENA_INIT;
	struct person *p = ARENA_NEW(&a, struct person);
	const char *nul = memchr(buf, '\0', len), *fm = NULL;
	size_t bad, start = 0, body, fmlen = 0;
	struct line_index ix = { NULL, 0, 0 };
	struct pos pos;
	long count, at;
	int ok;

	p->arena = a;
	p->handle = arena_strndup(&p->arena, handle, strlen(handle));
	p->cadence_days = 7;
	if (nul) {
		pos = pos_of_offset(buf, (size_t)(nul - buf));
		diag_add(d, R_ENCODING, pos.line, pos.col,
			 "NUL byte: this is a binary file, not Markdown notes (move it out of people/)");
		p->unreadable = 1;
		return p;
	}
	bad = utf8_invalid_at(buf, len);
	if (bad < len) {
		pos = pos_of_offset(buf, bad);
		diag_add(d, R_ENCODING, pos.line, pos.col,
			 "invalid UTF-8 byte 0x%02x (save the file as UTF-8)",
			 (unsigned char)buf[bad]);
	}
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		start = 3;                     /* a byte-order mark */

	body = split_front_matter(buf, len, start, &fm, &fmlen, d, &ok);
	if (ok) {
		struct fm_error err;
		struct fm_node *map = fm_parse(&p->arena, fm, fmlen, 1, &err);
		if (map) {
			p->has_front_matter = 1;
			read_front_matter(p, map, d);
		} else {
			diag_add(d, R_FRONT_MATTER, err.line, err.col, "%s", err.msg);
		}
	}
	at = scan_body(buf + body, len - body, &count, &ix);
	if (at >= 0) {
		pos = pos_of_offset(buf, body + (size_t)at);
		diag_add(d, R_TOO_COMPLEX, pos.line, 1,
			 "this paragraph holds %ld '[': Markdown shaped like this takes too long to read (split it up, or move it out of people/)",
			 count);
		p->unreadable = 1;
	} else {
		markdown_read(p, d, buf + body, len - body,
			      body ? pos_of_offset(buf, body).line - 1 : 0, &ix);
	}
	free(ix.start);
	return p;
}

int person_private_at(const struct person *p, int line)
{
	const struct private_span *sp;
	for (sp = p->private_spans; sp && sp->first <= line; sp = sp->next)
		if (line <= sp->last)
			return 1;
	return 0;
}

int session_held(const struct session *s)
{
	const struct section *sec;

	/* A transcript means the meeting took place, notes or not. */
	if (s->transcript)
		return 1;
	for (sec = s->sections; sec; sec = sec->next)
		if (sec->kind != SEC_REVIEW && sec->nbullets)
			return 1;
	return 0;
}

void person_free(struct person *p)
{
	struct arena a;
	if (!p)
		return;
	a = p->arena;      /* p itself lives in the arena */
	arena_release(&a);
}
