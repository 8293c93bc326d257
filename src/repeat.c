#include "repeat.h"
#include "similar.h"
#include "strbuf.h"
#include "team.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct repeat_engine {
	struct repeat_opts o;
	struct repeat_hit *hits;
	size_t n, alloc;
	int npeople;
};

/* The representative wording is chosen among at most this many hits. */
enum { MEDOID_MAX = 24 };

struct repeat_engine *repeat_new(const struct repeat_opts *o)
{
	struct repeat_engine *e = xcalloc(1, sizeof(*e));
	e->o = *o;
	if (e->o.min < 2)
		e->o.min = 2;           /* one session alone repeats nothing */
	return e;
}

size_t repeat_count(const struct repeat_engine *e)
{
	return e->n;
}

/* ---- collecting ---- */

static int in_window(const struct repeat_opts *o, const struct session *s,
		     int seq, int nheld)
{
	if (!s->date_ok || !session_held(s))
		return 0;
	if (o->has_since && s->date < o->since)
		return 0;
	return !o->window || seq >= nheld - o->window;
}

/* The ask nested under b, the one that routes it (the last, if several). */
static const struct item *routing_ask(const struct session *s, const struct blocker *b)
{
	const struct item *it, *ask = NULL;
	for (it = s->items; it; it = it->next)
		if (it->blocker == b && it->kind == ITEM_ASK)
			ask = it;
	return ask;
}

static void copy_hit(struct repeat_engine *e, const struct person *p,
		     const char *path, const struct session *s,
		     const struct blocker *b, int seq)
{
	const struct item *ask = routing_ask(s, b);
	struct strbuf tags = STRBUF_INIT;
	const struct handle_ref *h;
	const struct tag *t;
	struct repeat_hit *r;

	ALLOC_GROW(e->hits, e->n + 1, e->alloc);
	r = &e->hits[e->n++];
	memset(r, 0, sizeof(*r));
	r->person = e->npeople;
	r->handle = xstrdup(p->handle);
	r->path = xstrdup(path);
	r->line = b->pos.line;
	r->date = s->date;
	r->seq = seq;
	r->text = xstrndup(b->text.s, b->text.len);
	for (t = b->tags; t; t = t->next)
		strbuf_addf(&tags, "%s#%s", tags.len ? " " : "", t->name);
	r->tags = strbuf_detach(&tags, NULL);
	for (h = b->mentions; h; h = h->next)
		if (!h->next)
			r->who = xstrdup(h->name);
	r->ask_escalate = -1;
	if (ask) {
		r->ask_line = ask->pos.line;
		r->ask_owner = ask->owner ? xstrdup(ask->owner) : NULL;
		if (ask->escalate.ok)
			r->ask_escalate = ask->escalate.days;
	}
}

void repeat_add_person(struct repeat_engine *e, const struct person *p,
		       const char *path)
{
	const struct session *s;
	const struct blocker *b;
	int nheld = 0, seq = 0;

	for (s = p->sessions; s; s = s->next)
		nheld += s->date_ok && session_held(s);
	for (s = p->sessions; s; s = s->next) {
		if (!s->date_ok || !session_held(s))
			continue;
		if (in_window(&e->o, s, seq, nheld))
			for (b = s->blockers; b; b = b->next)
				if (!b->resolved && (!b->private || e->o.include_private))
					copy_hit(e, p, path, s, b, seq);
		seq++;
	}
	e->npeople++;
}

/* ---- grouping ---- */

struct slot {
	int hit, group, person, date, line;
};

/* The text and tags of a hit, as the similarity engine reads it. */
static void hit_text(const struct repeat_hit *h, struct strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_addstr(sb, h->text);
	if (*h->tags) {
		strbuf_addch(sb, ' ');
		strbuf_addstr(sb, h->tags);
	}
}

static int across;   /* for the comparison functions below */

/* By group, then (within a person's thread) person, then time. */
static int cmp_slot(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (!across && x->person != y->person)
		return x->person < y->person ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

static int same_pattern(const struct slot *a, const struct slot *b)
{
	return a->group == b->group && (across || a->person == b->person);
}

static int cmp_session(const void *a, const void *b)
{
	const struct repeat_hit *x = *(const struct repeat_hit *const *)a,
				*y = *(const struct repeat_hit *const *)b;
	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Sessions, people and the longest streak of a pattern, in one sort. */
static void measure(struct repeat *r)
{
	const struct repeat_hit **v = xcalloc(r->nhits, sizeof(*v));
	size_t i, start = 0;

	for (i = 0; i < r->nhits; i++)
		v[i] = &r->hits[i];
	qsort(v, r->nhits, sizeof(*v), cmp_session);
	r->first = r->hits[0].date;
	r->last = r->hits[r->nhits - 1].date;
	for (i = 0; i < r->nhits; i++) {
		int new_person = !i || v[i]->person != v[i - 1]->person;
		int new_session = new_person || v[i]->seq != v[i - 1]->seq;
		if (new_person)
			start = i;
		r->npeople += new_person;
		r->nsessions += new_session;
		/* a person's run ends at the last hit of theirs */
		if (i + 1 == r->nhits || v[i + 1]->person != v[i]->person) {
			int run = 1, best = 1, sessions = 1;
			size_t j;
			for (j = start + 1; j <= i; j++) {
				if (v[j]->seq == v[j - 1]->seq)
					continue;
				sessions++;
				run = v[j]->seq == v[j - 1]->seq + 1 ? run + 1 : 1;
				if (run > best)
					best = run;
			}
			if (best > r->streak) {
				r->streak = best;
				r->consecutive = best >= 2 && best == sessions;
			}
		}
	}
	r->routed = r->hits[r->nhits - 1].ask_line &&
		    r->hits[r->nhits - 1].ask_escalate >= 0;
	free(v);
}

/* The wording that stands for the group: among its latest hits, the one
 * most like the others (the latest among equals). */
static const char *representative(const struct repeat *r, const struct slot *run,
				  const struct simset *sim)
{
	size_t n = r->nhits < MEDOID_MAX ? r->nhits : MEDOID_MAX;
	size_t from = r->nhits - n, i, j, best = r->nhits - 1;
	double best_sum = -1;

	for (i = from; i < r->nhits; i++) {
		double sum = 0;
		for (j = from; j < r->nhits; j++)
			if (i != j)
				sum += simset_similarity(sim, run[i].hit, run[j].hit);
		if (sum >= best_sum) {
			best_sum = sum;
			best = i;
		}
	}
	return r->hits[best].text;
}

static int cmp_repeat(const void *a, const void *b)
{
	const struct repeat *x = a, *y = b;
	if (x->streak != y->streak)
		return x->streak > y->streak ? -1 : 1;
	if (x->nsessions != y->nsessions)
		return x->nsessions > y->nsessions ? -1 : 1;
	if (x->last != y->last)
		return x->last > y->last ? -1 : 1;
	return strcmp(x->hits[0].handle, y->hits[0].handle);
}

static struct simset *cluster(struct repeat_engine *e)
{
	struct simset *sim = simset_new(e->o.threshold);
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < e->n; i++) {
		hit_text(&e->hits[i], &sb);
		simset_add(sim, sb.buf, sb.len);
	}
	simset_cluster(sim);
	strbuf_release(&sb);
	return sim;
}

void repeat_find(struct repeat_engine *e, struct repeat_list *out)
{
	struct simset *sim = cluster(e);
	struct slot *slots = xcalloc(e->n ? e->n : 1, sizeof(*slots));
	size_t i, start, alloc = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < e->n; i++)
		slots[i] = (struct slot){ (int)i, simset_group(sim, (int)i),
					  e->hits[i].person, e->hits[i].date,
					  e->hits[i].line };
	across = e->o.across_people;
	qsort(slots, e->n, sizeof(*slots), cmp_slot);
	/* The list takes the hits over, each pattern's together, oldest first. */
	out->store = xcalloc(e->n ? e->n : 1, sizeof(*out->store));
	for (i = 0; i < e->n; i++)
		out->store[i] = e->hits[slots[i].hit];
	out->nstore = e->n;
	for (start = 0; start < e->n; start = i) {
		struct repeat r;
		for (i = start + 1; i < e->n && same_pattern(&slots[start], &slots[i]); i++)
			;
		memset(&r, 0, sizeof(r));
		r.hits = out->store + start;
		r.nhits = i - start;
		measure(&r);
		if (r.nsessions < e->o.min)
			continue;
		r.label = representative(&r, slots + start, sim);
		ALLOC_GROW(out->v, out->n + 1, alloc);
		out->v[out->n++] = r;
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_repeat);
	free(e->hits);           /* the strings now belong to the list */
	e->hits = NULL;
	e->n = e->alloc = 0;
	free(slots);
	simset_free(sim);
}

static void hit_release(struct repeat_hit *h)
{
	free(h->handle);
	free(h->path);
	free(h->text);
	free(h->tags);
	free(h->who);
	free(h->ask_owner);
}

void repeat_free(struct repeat_engine *e)
{
	size_t i;
	if (!e)
		return;
	for (i = 0; i < e->n; i++)
		hit_release(&e->hits[i]);
	free(e->hits);
	free(e);
}

void repeat_list_release(struct repeat_list *l)
{
	size_t i;
	for (i = 0; i < l->nstore; i++)
		hit_release(&l->store[i]);
	free(l->store);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
