#include "repeat.h"
#include "team.h"
#include "pattern.h"
#include "util.h"

#include <string.h>
#include <strings.h>

/* The first of the last `window` held, dated sessions of p. */
static const struct session *window_start(const struct person *p, int window)
{
	const struct session *s, *start = NULL;
	int n = 0, skip;

	for (s = p->sessions; s; s = s->next)
		n += s->date_ok && session_held(s);
	skip = n > window ? n - window : 0;
	for (s = p->sessions; s && !start; s = s->next)
		if (s->date_ok && session_held(s) && skip-- == 0)
			start = s;
	return start;
}

static struct repeat *find_or_add(struct repeat_list *l, const char *tag)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcasecmp(l->v[i].label + 1, tag))
			return &l->v[i];
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	l->v[l->n].label = xmalloc(strlen(tag) + 2);
	l->v[l->n].label[0] = '#';
	strcpy(l->v[l->n].label + 1, tag);
	return &l->v[l->n++];
}

static void add_hit(struct repeat *r, const struct session *s,
		    const struct blocker *b)
{
	struct repeat_hit *last = r->nhits ? &r->hits[r->nhits - 1] : NULL;

	/* A blocker written with the same tag twice is still one blocker. */
	if (last && last->blocker == b)
		return;
	if (!last || last->session != s)
		r->nsessions++;
	ALLOC_GROW(r->hits, r->nhits + 1, r->alloc);
	r->hits[r->nhits].session = s;
	r->hits[r->nhits++].blocker = b;
}

static void free_repeat(struct repeat *r)
{
	free(r->label);
	free(r->hits);
}

/* Drop the tags seen in too few sessions; sort the rest, most sessions
 * first, ties in the order the tags first appeared (insertion sort keeps
 * that order). */
static void keep_repeating(struct repeat_list *l, int min)
{
	size_t i, j, n = 0;

	for (i = 0; i < l->n; i++) {
		struct repeat r = l->v[i];
		if (r.nsessions < min) {
			free_repeat(&r);
			continue;
		}
		for (j = n; j > 0 && l->v[j - 1].nsessions < r.nsessions; j--)
			l->v[j] = l->v[j - 1];
		l->v[j] = r;
		n++;
	}
	l->n = n;
}

void repeat_simple(const struct person *p, int window, int min,
		   struct repeat_list *out)
{
	const struct session *s;
	const struct blocker *b;
	const struct tag *t;

	out->v = NULL;
	out->n = out->alloc = 0;
	if (window < 1)
		return;
	for (s = window_start(p, window); s; s = s->next) {
		if (!s->date_ok || !session_held(s))
			continue;
		for (b = s->blockers; b; b = b->next)
			for (t = b->tags; t; t = t->next)
				add_hit(find_or_add(out, t->name), s, b);
	}
	keep_repeating(out, min > 2 ? min : 2);
}

void repeat_list_release(struct repeat_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free_repeat(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}
