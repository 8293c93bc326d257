#include "repeat.h"
#include "identity.h"
#include "similar.h"
#include "strbuf.h"
#include "team.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct repeat_engine {
	struct repeat_opts o;
	struct repeat_hit *hits;
	size_t n, alloc;
	int npeople;
	int *nheld;              /* each person's held sessions */
	size_t nheld_alloc;
};

/* The representative wording is chosen among at most this many hits. */
enum { MEDOID_MAX = 24 };

/* Two asks to one owner in alike words are the same topic when they are
 * at most this many sessions apart: closed, then asked again. */
enum { LEDGER_GAP = 2 };

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
	size_t i, n = 0;
	for (i = 0; i < e->n; i++)
		n += e->hits[i].in_window;
	return n;
}

const char *repeat_verdict_name(enum repeat_verdict v)
{
	switch (v) {
	case REPEAT_TOO_EARLY: return "too early";
	case REPEAT_STOPPED: return "stopped";
	case REPEAT_RECURRED: return "recurred";
	default: return "never routed";
	}
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

/* The ask nested under b, the one that routes it (the last, if several);
 * one under a Private heading only with --include-private. */
static const struct item *routing_ask(const struct session *s, const struct blocker *b,
				      int include_private)
{
	const struct item *it, *ask = NULL;
	for (it = s->items; it; it = it->next)
		if (it->blocker == b && it->kind == ITEM_ASK &&
		    team_shows(it->private, include_private))
			ask = it;
	return ask;
}

static void copy_hit(struct repeat_engine *e, const struct person *p,
		     const char *path, const struct session *s,
		     const struct blocker *b, int seq, int in_window)
{
	const struct item *ask = routing_ask(s, b, e->o.include_private);
	struct strbuf tags = STRBUF_INIT;
	const struct handle_ref *h;
	const struct tag *t;
	struct repeat_hit *r;

	ALLOC_GROW(e->hits, e->n + 1, e->alloc);
	r = &e->hits[e->n++];
	memset(r, 0, sizeof(*r));
	r->person = e->npeople;
	r->in_window = in_window;
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
		r->ask_done = ask->done;
		identity_normalise(ask->text.s, ask->text.len, &tags);
		r->ask_text = strbuf_detach(&tags, NULL);
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
		/* every session, for the routing story; the window's are the
		 * ones patterns are found in */
		int w = in_window(&e->o, s, seq, nheld);
		for (b = s->blockers; b; b = b->next)
			if (!b->resolved && team_shows(b->private, e->o.include_private))
				copy_hit(e, p, path, s, b, seq, w);
		seq++;
	}
	ALLOC_GROW(e->nheld, (size_t)e->npeople + 1, e->nheld_alloc);
	e->nheld[e->npeople++] = nheld;
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
				  const struct simset *sim, const int *at)
{
	size_t n = r->nhits < MEDOID_MAX ? r->nhits : MEDOID_MAX;
	size_t from = r->nhits - n, i, j, best = r->nhits - 1;
	double best_sum = -1;

	for (i = from; i < r->nhits; i++) {
		double sum = 0;
		for (j = from; j < r->nhits; j++)
			if (i != j)
				sum += simset_similarity(sim, at[run[i].hit], at[run[j].hit]);
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

/* ---- the ledger as evidence ---- */

/* A union-find over the engine's hits. */
static int uf_find(int *parent, int i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

static void uf_join(int *parent, int a, int b)
{
	a = uf_find(parent, a);
	b = uf_find(parent, b);
	if (a != b)
		parent[a < b ? b : a] = a < b ? a : b;   /* the oldest stays root */
}

/* The hits taken into one similarity set: index in the set for each hit
 * (-1: not taken), and the set, clustered. */
struct hitset {
	struct simset *sim;
	int *at;
};

static void hitset_build(struct hitset *hs, const struct repeat_engine *e,
			 int window_only, int asks)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	hs->sim = simset_new(e->o.threshold);
	hs->at = xcalloc(e->n ? e->n : 1, sizeof(int));
	for (i = 0; i < e->n; i++) {
		const struct repeat_hit *h = &e->hits[i];
		hs->at[i] = -1;
		if (window_only && !h->in_window)
			continue;
		if (asks) {
			if (!h->ask_text)
				continue;
			strbuf_reset(&sb);
			strbuf_addstr(&sb, h->ask_text);
		} else {
			hit_text(h, &sb);
		}
		hs->at[i] = simset_add(hs->sim, sb.buf, sb.len);
	}
	simset_cluster(hs->sim);
	strbuf_release(&sb);
}

static void hitset_release(struct hitset *hs)
{
	simset_free(hs->sim);
	free(hs->at);
}

static const struct repeat_hit *ask_hits;   /* for cmp_ask */

/* By person, owner and ask text: one ask carried forward sorts together. */
static int cmp_ask(const void *a, const void *b)
{
	const struct repeat_hit *x = &ask_hits[*(const int *)a],
				*y = &ask_hits[*(const int *)b];
	int c;
	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	if ((c = strcasecmp(x->ask_owner, y->ask_owner)))
		return c;
	return strcmp(x->ask_text, y->ask_text);
}

static int has_routable_ask(const struct repeat_hit *h)
{
	return h->ask_text && *h->ask_text && h->ask_owner;
}

/*
 * Join the hits (those `blk` holds) that the ledger says are one blocker:
 * the same ask of one person, in any two sessions (an ask carried forward
 * or re-dated stays open across them), or asks to the same owner within
 * LEDGER_GAP sessions whose words overlap: alike asks, or alike enough
 * blockers (the shared owner is worth a lower bar) whose asks share a word.
 */
static void ledger_join(const struct repeat_engine *e, int *parent,
			const struct hitset *blk, const struct hitset *asks)
{
	int *v = xcalloc(e->n ? e->n : 1, sizeof(int));
	size_t i, j, n = 0;
	double t = e->o.threshold;

	for (i = 0; i < e->n; i++)
		if (blk->at[i] >= 0 && has_routable_ask(&e->hits[i]))
			v[n++] = (int)i;
	ask_hits = e->hits;
	qsort(v, n, sizeof(int), cmp_ask);
	for (i = 1; i < n; i++)
		if (!cmp_ask(&v[i - 1], &v[i]))
			uf_join(parent, v[i - 1], v[i]);
	/* hits are added person by person, session by session */
	for (i = 0; i < e->n; i++) {
		const struct repeat_hit *a = &e->hits[i];
		if (blk->at[i] < 0 || !has_routable_ask(a))
			continue;
		for (j = i + 1; j < e->n; j++) {
			const struct repeat_hit *b = &e->hits[j];
			double ask_sim, blk_sim;
			if (b->person != a->person || b->seq - a->seq > LEDGER_GAP)
				break;
			if (blk->at[j] < 0 || !has_routable_ask(b) ||
			    strcasecmp(a->ask_owner, b->ask_owner))
				continue;
			ask_sim = simset_similarity(asks->sim, asks->at[i], asks->at[j]);
			blk_sim = simset_similarity(blk->sim, blk->at[i], blk->at[j]);
			if (ask_sim >= t || (ask_sim > 0 && blk_sim >= t * 0.6))
				uf_join(parent, (int)i, (int)j);
		}
	}
	free(v);
}

/* Group the hits `blk` holds: alike in words, or joined by the ledger. */
static int *group_hits(const struct repeat_engine *e, const struct hitset *blk,
		       const struct hitset *asks)
{
	int *parent = xcalloc(e->n ? e->n : 1, sizeof(int)), *first;
	size_t i;

	first = xcalloc(e->n ? e->n : 1, sizeof(int));
	for (i = 0; i < e->n; i++) {
		parent[i] = (int)i;
		first[i] = -1;
	}
	/* the set's group is the index of its first text: map it back */
	for (i = 0; i < e->n; i++)
		if (blk->at[i] >= 0) {
			int g = simset_group(blk->sim, blk->at[i]);
			if (first[g] < 0)
				first[g] = (int)i;
			uf_join(parent, first[g], (int)i);
		}
	free(first);
	ledger_join(e, parent, blk, asks);
	return parent;
}

/* ---- the routing story ---- */

/*
 * From a pattern's hits (indices into e->hits, in the window) and the
 * history groups: the first routing ask, window or not, and what came
 * after it in the sessions of the person it was routed for.
 */
static void story(const struct repeat_engine *e, struct repeat *r,
		  const int *member, size_t nmember, int *route_at)
{
	const struct repeat_hit *route = NULL, *latest = NULL;
	int person, last_seq = -1, last_person = -1;
	size_t i;

	*route_at = -1;
	/* the sessions since its latest: a blocker back once while the ask
	 * was under way, then gone for two meetings, has stopped */
	for (i = 0; i < nmember; i++)
		if (!latest || e->hits[member[i]].date > latest->date)
			latest = &e->hits[member[i]];
	r->quiet = e->nheld[latest->person] - 1 - latest->seq;
	for (i = 0; i < nmember; i++) {
		const struct repeat_hit *h = &e->hits[member[i]];
		if (h->ask_line && h->ask_owner && h->ask_escalate >= 0 &&
		    (!route || h->date < route->date ||
		     (h->date == route->date && h->person < route->person))) {
			route = h;
			*route_at = member[i];
		}
	}
	r->verdict = REPEAT_NEVER_ROUTED;
	if (!route)
		return;
	person = route->person;
	r->since_routing = e->nheld[person] - 1 - route->seq;
	/* the sessions after routing with the pattern again, any person's */
	for (i = 0; i < nmember; i++) {
		const struct repeat_hit *h = &e->hits[member[i]];
		if (h->date <= route->date)
			continue;
		if (h->person == last_person && h->seq == last_seq)
			continue;
		r->recurred++;
		last_person = h->person;
		last_seq = h->seq;
	}
	/* one meeting after routing is too soon to judge (the escalation
	 * checkpoint may not even have come) */
	if (r->since_routing < 2)
		r->verdict = REPEAT_TOO_EARLY;
	else if (r->recurred && r->quiet < 2)
		r->verdict = REPEAT_RECURRED;
	else
		r->verdict = REPEAT_STOPPED;
}

static const struct repeat_hit *sort_hits;   /* for cmp_member */

static int cmp_member(const void *a, const void *b)
{
	const struct repeat_hit *x = &sort_hits[*(const int *)a],
				*y = &sort_hits[*(const int *)b];
	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* ---- across people: what they wait on ---- */

static int dull_word(const char *w)
{
	static const char *const dull[] = {
		"about", "after", "again", "also", "because", "been", "before",
		"blocked", "blocker", "blocks", "both", "from", "have", "into",
		"just", "more", "much", "next", "nobody", "only", "over", "same",
		"since", "some", "still", "than", "that", "their", "them", "then",
		"there", "they", "this", "today", "until", "waiting", "week",
		"weeks", "were", "what", "when", "which", "while", "with",
		"without", "would", "yet",
	};
	size_t i;
	for (i = 0; i < ARRAY_SIZE(dull); i++)
		if (!strcmp(w, dull[i]))
			return 1;
	return 0;
}

/* A word or @handle one person's blocker says, for counting people. */
struct said {
	char *w;
	int person;
};

static int cmp_said(const void *a, const void *b)
{
	const struct said *x = a, *y = b;
	int c = strcmp(x->w, y->w);
	if (c)
		return c;
	return (x->person > y->person) - (x->person < y->person);
}

static void say(struct said **v, size_t *n, size_t *alloc, const char *w,
		size_t len, int person)
{
	size_t i;
	ALLOC_GROW(*v, *n + 1, *alloc);
	(*v)[*n].w = xstrndup(w, len);
	for (i = 0; i < len; i++)
		(*v)[*n].w[i] = (char)tolower((unsigned char)(*v)[*n].w[i]);
	(*v)[*n].person = person;
	(*n)++;
}

/* The words of text (letters, 4 or more, not dull), for person. */
static void say_words(struct said **v, size_t *n, size_t *alloc,
		      const char *text, int person)
{
	const char *p = text;

	while (*p) {
		const char *w;
		char low[16];
		size_t len, k;
		while (*p && !isalpha((unsigned char)*p))
			p++;
		for (w = p; isalpha((unsigned char)*p); p++)
			;
		len = (size_t)(p - w);
		if (len < 4 || len >= sizeof(low))
			continue;
		for (k = 0; k < len; k++)
			low[k] = (char)tolower((unsigned char)w[k]);
		low[len] = '\0';
		if (!dull_word(low))
			say(v, n, alloc, w, len, person);
	}
}

struct counted {
	const char *w;
	int people, times;
};

static int cmp_counted(const void *a, const void *b)
{
	const struct counted *x = a, *y = b;
	if (x->people != y->people)
		return x->people > y->people ? -1 : 1;
	if (x->times != y->times)
		return x->times > y->times ? -1 : 1;
	return strcmp(x->w, y->w);
}

/* Sort what was said and count, for each word, the people who said it
 * and how often: the most people first.  *out points into v. */
static size_t count_said(struct said *v, size_t n, struct counted **out)
{
	size_t i, m = 0;

	qsort(v, n, sizeof(*v), cmp_said);
	*out = xcalloc(n ? n : 1, sizeof(**out));
	for (i = 0; i < n; i++) {
		if (!i || strcmp(v[i].w, v[i - 1].w))
			(*out)[m++] = (struct counted){ v[i].w, 0, 0 };
		(*out)[m - 1].times++;
		if (!i || strcmp(v[i].w, v[i - 1].w) || v[i].person != v[i - 1].person)
			(*out)[m - 1].people++;
	}
	qsort(*out, m, sizeof(**out), cmp_counted);
	return m;
}

static void said_release(struct said *v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		free(v[i].w);
	free(v);
}

/* The @handle that the most people's hits route to or name, if two or
 * more share it (not @me: the manager is no dependency to raise upward). */
static char *shared_handle(const struct repeat *r)
{
	struct said *v = NULL;
	struct counted *c = NULL;
	size_t n = 0, alloc = 0, i, m;
	char *best = NULL;

	for (i = 0; i < r->nhits; i++) {
		const struct repeat_hit *h = &r->hits[i];
		if (h->ask_owner && strcasecmp(h->ask_owner, "me"))
			say(&v, &n, &alloc, h->ask_owner, strlen(h->ask_owner), h->person);
		if (h->who && strcasecmp(h->who, "me") &&
		    (!h->ask_owner || strcasecmp(h->who, h->ask_owner)))
			say(&v, &n, &alloc, h->who, strlen(h->who), h->person);
	}
	m = count_said(v, n, &c);
	if (m && c[0].people >= 2)
		best = xstrdup(c[0].w);
	free(c);
	said_release(v, n);
	return best;
}

/* Where w first appears in the lowercased label (or past its end). */
static size_t label_at(const char *low_label, const char *w)
{
	const char *at = strstr(low_label, w);
	return at ? (size_t)(at - low_label) : strlen(low_label);
}

/* A pattern across people: the handle and the two words its people share
 * most, in the order the label says them. */
static void name_dependency(struct repeat *r)
{
	struct said *v = NULL;
	struct counted *c = NULL;
	size_t n = 0, alloc = 0, i, m;
	char *low;

	if (r->npeople < 2)
		return;
	r->dep_handle = shared_handle(r);
	for (i = 0; i < r->nhits; i++)
		say_words(&v, &n, &alloc, r->hits[i].text, r->hits[i].person);
	m = count_said(v, n, &c);
	if (m && c[0].people >= 2) {
		struct strbuf sb = STRBUF_INIT;
		const char *x = c[0].w, *y = m > 1 && c[1].people >= 2 ? c[1].w : NULL;
		low = xstrdup(r->label);
		for (i = 0; low[i]; i++)
			low[i] = (char)tolower((unsigned char)low[i]);
		if (y && label_at(low, y) < label_at(low, x)) {
			const char *t = x;
			x = y;
			y = t;
		}
		strbuf_addstr(&sb, x);
		if (y)
			strbuf_addf(&sb, " %s", y);
		r->dep_words = strbuf_detach(&sb, NULL);
		free(low);
	}
	free(c);
	said_release(v, n);
}

static const int *sort_root;   /* for cmp_root */

static int cmp_root(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	if (sort_root[x] != sort_root[y])
		return sort_root[x] < sort_root[y] ? -1 : 1;
	return (x > y) - (x < y);
}

/*
 * The hits before the window, each with its group over the whole threads
 * (hist), sorted by it: a pattern finds those of its group in one search.
 */
struct earlier {
	int *root;               /* of every hit */
	int *before;             /* the hits before the window, by root */
	size_t n;
};

static void earlier_build(struct earlier *h, const struct repeat_engine *e,
			  int *hist)
{
	size_t i;

	h->root = xcalloc(e->n ? e->n : 1, sizeof(int));
	h->before = xcalloc(e->n ? e->n : 1, sizeof(int));
	h->n = 0;
	for (i = 0; i < e->n; i++) {
		h->root[i] = uf_find(hist, (int)i);
		if (!e->hits[i].in_window)
			h->before[h->n++] = (int)i;
	}
	sort_root = h->root;
	qsort(h->before, h->n, sizeof(int), cmp_root);
}

/* Add to member[] the hits before the window in the group of `hit`, of
 * the people marked with `id`. */
static size_t earlier_members(const struct earlier *h, const struct repeat_engine *e,
			      int hit, const int *mark, int id, int *member, size_t m)
{
	size_t lo = 0, hi = h->n;
	int root = h->root[hit];

	while (lo < hi) {        /* the first of the group */
		size_t mid = lo + (hi - lo) / 2;
		if (h->root[h->before[mid]] < root)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < h->n && h->root[h->before[lo]] == root; lo++)
		if (mark[e->hits[h->before[lo]].person] == id)
			member[m++] = h->before[lo];
	return m;
}

/* Copy the hits into the list: the window's in slot order (each
 * pattern's together, oldest first), then those before the window;
 * pos[] gets where each went. */
static void take_hits(struct repeat_engine *e, struct repeat_list *out,
		      const struct slot *slots, size_t nw, int *pos)
{
	size_t i, n = nw;

	out->store = xcalloc(e->n ? e->n : 1, sizeof(*out->store));
	for (i = 0; i < nw; i++) {
		pos[slots[i].hit] = (int)i;
		out->store[i] = e->hits[slots[i].hit];
	}
	for (i = 0; i < e->n; i++)
		if (!e->hits[i].in_window) {
			pos[i] = (int)n;
			out->store[n++] = e->hits[i];
		}
	out->nstore = n;
}

void repeat_find(struct repeat_engine *e, struct repeat_list *out)
{
	struct hitset blk, asks, all;
	struct earlier h = { NULL, NULL, 0 };
	struct slot *slots = xcalloc(e->n ? e->n : 1, sizeof(*slots));
	int *group, *hist = NULL, *pos, *member, *mark, route_at;
	size_t i, nw = 0, start, alloc = 0, m;

	memset(out, 0, sizeof(*out));
	/* the patterns: the window's blockers, alike or joined by the ledger */
	hitset_build(&blk, e, 1, 0);
	hitset_build(&asks, e, 0, 1);
	group = group_hits(e, &blk, &asks);
	for (i = 0; i < e->n; i++)
		if (e->hits[i].in_window)
			slots[nw++] = (struct slot){ (int)i, uf_find(group, (int)i),
						     e->hits[i].person, e->hits[i].date,
						     e->hits[i].line };
	across = e->o.across_people;
	qsort(slots, nw, sizeof(*slots), cmp_slot);
	/* the routing story: the same grouping over the whole threads, with
	 * the window's patterns held together in it */
	if (nw < e->n) {
		hitset_build(&all, e, 0, 0);
		hist = group_hits(e, &all, &asks);
		hitset_release(&all);
		for (i = 1; i < nw; i++)
			if (same_pattern(&slots[i - 1], &slots[i]))
				uf_join(hist, slots[i - 1].hit, slots[i].hit);
		earlier_build(&h, e, hist);
	}
	pos = xcalloc(e->n ? e->n : 1, sizeof(int));
	take_hits(e, out, slots, nw, pos);
	member = xcalloc(e->n ? e->n : 1, sizeof(int));
	mark = xcalloc(e->npeople ? e->npeople : 1, sizeof(int));
	for (i = 0; i < (size_t)e->npeople; i++)
		mark[i] = -1;
	for (start = 0; start < nw; start = i) {
		struct repeat r;
		size_t j;
		for (i = start + 1; i < nw && same_pattern(&slots[start], &slots[i]); i++)
			;
		memset(&r, 0, sizeof(r));
		r.hits = out->store + start;
		r.nhits = i - start;
		measure(&r);
		if (r.nsessions < e->o.min)
			continue;
		r.label = representative(&r, slots + start, blk.sim, blk.at);
		/* its hits, and those of its people before the window */
		for (m = 0, j = start; j < i; j++) {
			member[m++] = slots[j].hit;
			mark[slots[j].person] = (int)start;
		}
		if (hist)
			m = earlier_members(&h, e, slots[start].hit, mark, (int)start,
					    member, m);
		sort_hits = e->hits;
		qsort(member, m, sizeof(int), cmp_member);
		for (j = 0; j < m; j++) {
			const struct repeat_hit *x = &e->hits[member[j]];
			r.open_now |= x->seq == e->nheld[x->person] - 1;
		}
		story(e, &r, member, m, &route_at);
		r.route = route_at >= 0 ? &out->store[pos[route_at]] : NULL;
		if (e->o.across_people)
			name_dependency(&r);
		ALLOC_GROW(out->v, out->n + 1, alloc);
		out->v[out->n++] = r;
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_repeat);
	free(e->hits);           /* the strings now belong to the list */
	e->hits = NULL;
	e->n = e->alloc = 0;
	free(slots);
	free(group);
	free(hist);
	free(h.root);
	free(h.before);
	free(pos);
	free(member);
	free(mark);
	hitset_release(&blk);
	hitset_release(&asks);
}

static void hit_release(struct repeat_hit *h)
{
	free(h->handle);
	free(h->path);
	free(h->text);
	free(h->tags);
	free(h->who);
	free(h->ask_owner);
	free(h->ask_text);
}

void repeat_free(struct repeat_engine *e)
{
	size_t i;
	if (!e)
		return;
	for (i = 0; i < e->n; i++)
		hit_release(&e->hits[i]);
	free(e->hits);
	free(e->nheld);
	free(e);
}

void repeat_list_release(struct repeat_list *l)
{
	size_t i;
	for (i = 0; i < l->nstore; i++)
		hit_release(&l->store[i]);
	for (i = 0; i < l->n; i++) {
		free(l->v[i].dep_handle);
		free(l->v[i].dep_words);
	}
	free(l->store);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
