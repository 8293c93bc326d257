#include "loop.h"
#include "date.h"
#include "gitstore.h"
#include "lines.h"
#include "person.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct walk {
	struct loop *l;
	char *person;
	int session;
};

static int on_trailer(void *data, const char *key, const char *value)
{
	struct walk *w = data;
	int d;

	if (!strcmp(key, "Thread-Person") && !w->person)
		w->person = xstrdup(value);
	else if (!strcmp(key, "Thread-Session") &&
		 date_parse(value, strlen(value), &d) == DATE_OK)
		w->session = d;
	return 0;
}

void loop_note(struct loop *l, const struct gitstore_commit *c)
{
	struct walk w = { l, NULL, -1 };
	struct loop_review *r;

	if (strncmp(c->message, "closeout: ", 10))
		return;
	gitstore_trailers(c->message, on_trailer, &w);
	if (!w.person || w.session < 0) {
		free(w.person);
		return;
	}
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	r = &l->v[l->n++];
	r->person = w.person;
	r->session = w.session;
	r->time = c->time;
	r->day = (int)((c->time + (long long)c->offset * 60) / 86400);
}

static int on_commit(void *data, const struct gitstore_commit *c)
{
	loop_note(data, c);
	return 0;
}

/* By person, then session, then time: the first review of each comes
 * first among its equals. */
static int cmp_review(const void *a, const void *b)
{
	const struct loop_review *x = a, *y = b;
	int c = strcmp(x->person, y->person);

	if (c)
		return c;
	if (x->session != y->session)
		return (x->session > y->session) - (x->session < y->session);
	if (x->time != y->time)
		return (x->time > y->time) - (x->time < y->time);
	/* a total order: the first is the same whatever order they came in */
	return (x->day > y->day) - (x->day < y->day);
}

int loop_load(struct loop *l, const char *root)
{
	struct gitstore *g = NULL;
	int rc;

	memset(l, 0, sizeof(*l));
	rc = gitstore_find(&g, root);
	if (rc)
		return rc < 0 ? -1 : 0;
	l->git = 1;
	rc = gitstore_walk(g, on_commit, l) < 0 ? -1 : 0;
	gitstore_free(g);
	loop_sort(l);
	return rc;
}

void loop_sort(struct loop *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_review);
}

void loop_release(struct loop *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].person);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

const struct loop_review *loop_review(const struct loop *l, const char *handle,
				      int session)
{
	size_t lo = 0, hi = l->n;

	/* the first entry not below (handle, session) */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(l->v[mid].person, handle);
		if (c < 0 || (!c && l->v[mid].session < session))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < l->n && !strcmp(l->v[lo].person, handle) && l->v[lo].session == session)
		return &l->v[lo];
	return NULL;
}

const struct session *loop_last_held(const struct person *p, int today)
{
	const struct session *s, *last = NULL;

	for (s = p->sessions; s; s = s->next)
		if (s->date_ok && s->date <= today && session_held(s) &&
		    (!last || s->date >= last->date))
			last = s;
	return last;
}

int loop_next_due(const struct person *p, int today)
{
	const struct session *s = loop_last_held(p, today);

	if (!s)
		return -1;
	return s->date + (p->cadence_days > 0 ? p->cadence_days : 7);
}

static int starts_with(const char *l, size_t n, const char *key)
{
	size_t k = strlen(key);
	return n >= k && !strncasecmp(l, key, k);
}

void loop_mark_sent(struct strbuf *out, const char *buf, size_t len, int heading,
		    int day, int minute, const char *address)
{
	const char *end = buf + len, *p, *next, *at, *eol;
	const char *skip_to;
	char date[11];
	long start = line_start(buf, len, heading);

	p = start < 0 ? end : buf + start;
	line_end(p, end, &next);
	eol = line_ending_at(p, end);
	/* The metadata block: the lines right under the heading. */
	at = next;
	skip_to = next;
	for (p = next; p < end; p = next) {
		size_t n = (size_t)(line_end(p, end, &next) - p);
		if (starts_with(p, n, "Follow-up:")) {
			at = p;
			skip_to = next;
			break;
		}
		if (!starts_with(p, n, "Transcript:") && !starts_with(p, n, "Type:"))
			break;
		at = skip_to = next;
	}
	strbuf_add(out, buf, (size_t)(at - buf));
	if (at == end && at > buf && at[-1] != '\n' && at[-1] != '\r')
		strbuf_addstr(out, eol);
	date_format(day, date);
	strbuf_addf(out, "Follow-up: sent %s %02d:%02d to %s%s", date, minute / 60,
		    minute % 60, address, eol);
	strbuf_add(out, skip_to, (size_t)(end - skip_to));
}
