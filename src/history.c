#include "history.h"
#include "atomic.h"
#include "date.h"
#include "diag.h"
#include "gitstore.h"
#include "identity.h"
#include "lines.h"
#include "person.h"
#include "repo.h"
#include "similar.h"
#include "strbuf.h"
#include "util.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A session's bytes in one version, and the items read from them. */
struct chunk {
	int date;
	const char *bytes;       /* into the version's buffer while reading */
	char *copy;              /* kept for the next version */
	size_t off, len;         /* where it is in its version */
	int line;                /* its first line in the file */
	int *ids;                /* its items, as item indexes */
	size_t nids;
	int used;                /* reused by the version being read */
};

/* The items of one file as of the last commit that changed it. */
struct file_state {
	char *path;
	char blob[41];           /* that version ("" when deleted) */
	int lazy;                /* from the cache: chunks' copies not read yet */
	int *live;               /* item indexes, in file order */
	size_t nlive, alloc;
	struct chunk *chunks;    /* the sessions of that version */
	size_t nchunks;
};

/* An item of the version being read. */
struct seen {
	int session, line, done, due, escalate;
	enum item_kind kind;
	char *text, *norm, *owner;
	int match;               /* item index, or -1 */
	int chunk;               /* the session chunk it came from, or -1 */
	int reused;              /* from an unchanged session: already matched */
	int private;             /* under a Private heading */
};

struct loader {
	char *prefix;            /* the thread repository's folder in the work tree, "" or "team/" */
	struct history *h;
	struct gitstore *g;
	const struct history_opts *o;
	struct file_state *files;
	size_t nfiles, files_alloc;
	size_t *sorted;          /* files [0, nsorted) by path, for file_of */
	size_t nsorted, sorted_alloc;
	size_t walked;
	char tip[41];            /* the last commit walked ("" none) */
	char from[41];           /* the commit the cache was read up to */
	int failed;              /* a cached file could not be read back */
	/* A full load notes the closeouts as it walks (read_reviews):
	 * whether it met a merge, and how many were noted before it. */
	int note, merges;
	size_t noted_from;
};

const char *hist_kind_name(enum hist_kind k)
{
	static const char *const names[] = { "added", "closed", "reopened",
		"redated", "owner", "edited", "deleted" };
	return names[k];
}

/* Is s one of the strings read from the cache (in h->arena)? */
static int in_arena(const struct history *h, const char *s)
{
	uintptr_t p = (uintptr_t)s, a = (uintptr_t)h->arena;
	return h->arena && p >= a && p < a + h->arena_len;
}

/* Free a string of the history: one from the cache goes with its block. */
static void str_free(const struct history *h, char *s)
{
	if (!in_arena(h, s))
		free(s);
}

/* ---- the items of one version ---- */

/* One definition of "the same text" for history and the calendar feed. */
void history_normalise(const char *s, size_t len, struct strbuf *out)
{
	identity_normalise(s, len, out);
}

static void add_seen(struct seen **v, size_t *n, size_t *alloc,
		     const struct session *s, const struct item *it, int line_shift)
{
	struct seen *e;
	ALLOC_GROW(*v, *n + 1, *alloc);
	e = &(*v)[(*n)++];
	e->session = s->date;
	e->line = it->pos.line + line_shift;
	e->done = it->done;
	e->due = it->due.ok ? it->due.days : -1;
	e->escalate = it->escalate.ok ? it->escalate.days : -1;
	e->kind = it->kind;
	e->text = xstrndup(it->text.s, it->text.len);
	e->norm = NULL;      /* only when needed: see match_exact */
	e->owner = it->owner ? xstrdup(it->owner) : NULL;
	e->private = it->private;
	e->match = -1;
	e->chunk = -1;
}

/* Parse bytes (a whole file, or one session of it) and add their items. */
static void parse_items(const char *handle, const char *bytes, size_t len,
			int line_shift, int chunk, struct seen **v, size_t *n,
			size_t *alloc)
{
	struct person *p;
	const struct session *s;
	const struct item *it;
	size_t first = *n, i;

	p = person_parse(handle, bytes, len, NULL);
	for (s = p->sessions; s; s = s->next)
		if (s->date_ok)
			for (it = s->items; it; it = it->next)
				add_seen(v, n, alloc, s, it, line_shift);
	for (i = first; i < *n; i++)
		(*v)[i].chunk = chunk;
	person_free(p);
}

/* Is `line` (not NUL-terminated) an ATX heading of level 1 or 2? */
static int top_heading(const char *line, const char *end)
{
	return line < end && *line == '#' &&
	       ((line + 1 < end && line[1] == ' ') ||
		(line + 2 < end && line[1] == '#' && line[2] == ' '));
}

/*
 * Split a version into its sessions: a session runs from its "## DATE"
 * line to the next level-1 or level-2 heading, as the parser reads it.
 * Returns 0 when the file cannot be split safely (a fenced code block may
 * hold a line that looks like a heading): then it is read whole.
 */
static int split_sessions(const char *buf, size_t len, struct chunk **out,
			  size_t *n)
{
	const char *p = buf, *end = buf + len, *body = buf;
	size_t alloc = 0;
	int line = 1, body_line = 1;

	*out = NULL;
	*n = 0;
	if (len >= 3 && !memcmp(buf, "---", 3)) {     /* skip the front matter */
		const char *q = memmem(buf + 3, len - 3, "\n---", 4);
		if (!q)
			return 0;
		body_line = (int)line_of_offset(buf, (size_t)(q + 1 - buf));
		body = q + 4;
	}
	for (p = body, line = body_line; p < end; line++) {
		const char *next, *eol = line_end(p, end, &next);
		if ((eol - p >= 3 && (!memcmp(p, "```", 3) || !memcmp(p, "~~~", 3)))) {
			free(*out);
			*out = NULL;
			*n = 0;
			return 0;
		}
		if (top_heading(p, eol)) {
			int d;
			if (*n)
				(*out)[*n - 1].len = (size_t)(p - (*out)[*n - 1].bytes);
			if (p[1] == '#' && eol - p >= 13 &&
			    date_parse(p + 3, 10, &d) == DATE_OK) {
				ALLOC_GROW(*out, *n + 1, alloc);
				memset(&(*out)[*n], 0, sizeof(**out));
				(*out)[*n].date = d;
				(*out)[*n].bytes = p;
				(*out)[*n].off = (size_t)(p - buf);
				(*out)[*n].line = line;
				(*n)++;
			} else if (*n) {
				/* a free-notes heading ends the session before it */
				ALLOC_GROW(*out, *n + 1, alloc);
				memset(&(*out)[*n], 0, sizeof(**out));
				(*out)[*n].date = -1;
				(*out)[*n].bytes = p;
				(*out)[*n].off = (size_t)(p - buf);
				(*out)[*n].line = line;
				(*n)++;
			}
		}
		p = next;
	}
	if (*n)
		(*out)[*n - 1].len = (size_t)(end - (*out)[*n - 1].bytes);
	return 1;
}

/* The previous version's chunk with the same date and bytes, or NULL;
 * each is reused once, so two identical sessions stay two. */
static struct chunk *unchanged(struct file_state *f, const struct chunk *c)
{
	size_t i;
	for (i = 0; i < f->nchunks; i++) {
		struct chunk *o = &f->chunks[i];
		if (!o->used && o->date == c->date && o->len == c->len &&
		    !memcmp(o->copy, c->bytes, c->len)) {
			o->used = 1;
			return o;
		}
	}
	return NULL;
}

/*
 * The items of a version.  A closeout changes one or two sessions of a
 * file, so a session whose bytes are the same as before keeps its items
 * as they were (only their lines may have moved), and only the changed
 * sessions are parsed.
 */
static struct seen *read_version(const struct history *h, struct file_state *f,
				 const char *handle,
				 const struct strbuf *buf, struct chunk **chunks,
				 size_t *nchunks, size_t *n)
{
	struct seen *v = NULL;
	size_t alloc = 0, i, k;

	*n = 0;
	if (!split_sessions(buf->buf, buf->len, chunks, nchunks)) {
		parse_items(handle, buf->buf, buf->len, 0, -1, &v, n, &alloc);
		return v;
	}
	for (i = 0; i < *nchunks; i++) {
		struct chunk *c = &(*chunks)[i];
		struct chunk *o = c->date >= 0 ? unchanged(f, c) : NULL;
		if (c->date < 0)
			continue;
		if (!o) {
			parse_items(handle, c->bytes, c->len, c->line - 1, (int)i, &v, n,
				    &alloc);
			continue;
		}
		for (k = 0; k < o->nids; k++) {
			const struct hist_item *it = &h->items[o->ids[k]];
			struct seen *e;
			ALLOC_GROW(v, *n + 1, alloc);
			e = &v[(*n)++];
			memset(e, 0, sizeof(*e));
			e->session = it->session;
			e->line = it->line + (c->line - o->line);
			e->done = it->done;
			e->due = it->due;
			e->escalate = it->escalate;
			e->kind = it->kind;
			e->text = xstrdup(it->text);
			e->owner = it->owner ? xstrdup(it->owner) : NULL;
			e->private = it->private;
			e->match = o->ids[k];
			e->chunk = (int)i;
			e->reused = 1;
		}
	}
	return v;
}

static void free_version(struct seen *v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		free(v[i].text);
		free(v[i].norm);
		free(v[i].owner);
	}
	free(v);
}

/* ---- matching a version to the file's live items ---- */

/* A key to pair items by: their session and normalised text. */
struct key {
	int session;
	const char *norm;
	int index;               /* into the version, or into f->live */
};

static int cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c;
	if (x->session != y->session)
		return x->session < y->session ? -1 : 1;
	c = strcmp(x->norm, y->norm);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Pair equal keys of two sorted lists; returns how many were paired. */
static void merge_keys(struct file_state *f, struct seen *v, char *taken,
		       struct key *a, size_t na, struct key *b, size_t nb)
{
	size_t i = 0, j = 0;
	qsort(a, na, sizeof(*a), cmp_key);
	qsort(b, nb, sizeof(*b), cmp_key);
	while (i < na && j < nb) {
		int c = a[i].session != b[j].session ?
			(a[i].session < b[j].session ? -1 : 1) : strcmp(a[i].norm, b[j].norm);
		if (c < 0) {
			i++;
		} else if (c > 0) {
			j++;
		} else {
			v[a[i].index].match = f->live[b[j].index];
			taken[b[j].index] = 1;
			i++;
			j++;
		}
	}
}

/*
 * Step 1: the same session and the same normalised text, by sorting both
 * sides and merging them: no item meets more than its equals.  Most items
 * are untouched between two versions, so they pair on their raw text
 * first, and only the rest are normalised.
 */
static void match_exact(struct loader *l, struct file_state *f, struct seen *v,
			size_t n, char *taken)
{
	struct key *a = xcalloc(n ? n : 1, sizeof(*a));
	struct key *b = xcalloc(f->nlive ? f->nlive : 1, sizeof(*b));
	char **norms = xcalloc(f->nlive ? f->nlive : 1, sizeof(*norms));
	struct strbuf tmp = STRBUF_INIT;
	size_t i, j, na = 0, nb = 0;

	for (i = 0; i < n; i++)
		a[na++] = (struct key){ v[i].session, v[i].text, (int)i };
	for (j = 0; j < f->nlive; j++) {
		const struct hist_item *it = &l->h->items[f->live[j]];
		b[nb++] = (struct key){ it->session, it->text, (int)j };
	}
	merge_keys(f, v, taken, a, na, b, nb);
	for (i = 0, na = 0; i < n; i++) {
		struct text t = { v[i].text, strlen(v[i].text) };
		if (v[i].match >= 0)
			continue;
		history_normalise(t.s, t.len, &tmp);
		v[i].norm = xstrdup(tmp.buf);
		a[na++] = (struct key){ v[i].session, v[i].norm, (int)i };
	}
	for (j = 0, nb = 0; j < f->nlive; j++) {
		const struct hist_item *it = &l->h->items[f->live[j]];
		struct text t = { it->text, strlen(it->text) };
		if (taken[j])
			continue;
		history_normalise(t.s, t.len, &tmp);
		norms[j] = xstrdup(tmp.buf);
		b[nb++] = (struct key){ it->session, norms[j], (int)j };
	}
	merge_keys(f, v, taken, a, na, b, nb);
	for (j = 0; j < f->nlive; j++)
		free(norms[j]);
	free(norms);
	free(a);
	free(b);
	strbuf_release(&tmp);
}

struct pair {
	int seen, live;
	double sim;
};

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->sim != y->sim)
		return x->sim > y->sim ? -1 : 1;
	if (x->seen != y->seen)
		return x->seen < y->seen ? -1 : 1;
	return (x->live > y->live) - (x->live < y->live);
}

/*
 * The words an item is compared by in step 2: its normalised text, with
 * '#' and '@' made plain, so that neither the owner, nor a #tag the
 * similarity engine would take as "the same blocker", decides identity:
 * what the item says does.
 */
static void plain_words(const char *text, struct strbuf *out)
{
	struct text t = { text, strlen(text) };
	size_t i;
	history_normalise(t.s, t.len, out);
	for (i = 0; i < out->len; i++)
		if (out->buf[i] == '#' || out->buf[i] == '@')
			out->buf[i] = ' ';
}

/* Step 2: the rest of a session, paired by likeness, most alike first.
 * Only the unmatched meet: in a closeout they are a handful. */
static void match_alike(struct loader *l, struct file_state *f, struct seen *v,
			size_t n, char *taken)
{
	struct pair *pairs = NULL;
	size_t npairs = 0, alloc = 0, i, j, nold = 0, nnew = 0;
	struct simset *sim = simset_new(HISTORY_LIKENESS);
	int *old = xcalloc(f->nlive ? f->nlive : 1, sizeof(int));  /* live slots */
	int *new = xcalloc(n ? n : 1, sizeof(int));                 /* version slots */
	int *old_sim = xcalloc(f->nlive ? f->nlive : 1, sizeof(int));
	int *new_sim = xcalloc(n ? n : 1, sizeof(int));
	struct strbuf words = STRBUF_INIT;

	for (j = 0; j < f->nlive; j++)
		if (!taken[j]) {
			plain_words(l->h->items[f->live[j]].text, &words);
			old[nold] = (int)j;
			old_sim[nold++] = simset_add(sim, words.buf, words.len);
		}
	for (i = 0; i < n; i++)
		if (v[i].match < 0) {
			plain_words(v[i].text, &words);
			new[nnew] = (int)i;
			new_sim[nnew++] = simset_add(sim, words.buf, words.len);
		}
	for (i = 0; i < nnew; i++)
		for (j = 0; j < nold; j++) {
			double s;
			if (l->h->items[f->live[old[j]]].session != v[new[i]].session)
				continue;
			s = simset_similarity(sim, new_sim[i], old_sim[j]);
			if (s < HISTORY_LIKENESS)
				continue;
			ALLOC_GROW(pairs, npairs + 1, alloc);
			pairs[npairs++] = (struct pair){ new[i], old[j], s };
		}
	if (npairs > 1)
		qsort(pairs, npairs, sizeof(*pairs), cmp_pair);
	for (i = 0; i < npairs; i++)
		if (v[pairs[i].seen].match < 0 && !taken[pairs[i].live]) {
			v[pairs[i].seen].match = f->live[pairs[i].live];
			taken[pairs[i].live] = 1;
		}
	free(pairs);
	free(old);
	free(new);
	free(old_sim);
	free(new_sim);
	strbuf_release(&words);
	simset_free(sim);
}

/* ---- events ---- */

static void event(struct loader *l, enum hist_kind kind, int item, int commit,
		  int old_due, int new_due, const char *old_text, const char *new_text)
{
	struct history *h = l->h;
	struct hist_event *e;

	ALLOC_GROW(h->events, h->nevents + 1, h->events_alloc);
	e = &h->events[h->nevents++];
	e->kind = kind;
	e->item = item;
	e->commit = commit;
	e->old_due = old_due;
	e->new_due = new_due;
	e->old_text = old_text ? xstrdup(old_text) : NULL;
	e->new_text = new_text ? xstrdup(new_text) : NULL;
	if (kind == EV_ADDED)
		h->commits[commit].added++;
	else if (kind == EV_CLOSED)
		h->commits[commit].closed++;
	else if (kind == EV_REDATED)
		h->commits[commit].redated++;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void update(struct loader *l, int idx, struct seen *e, int commit)
{
	struct hist_item *it = &l->h->items[idx];

	if (!it->done && e->done) {
		event(l, EV_CLOSED, idx, commit, -1, -1, NULL, NULL);
		it->closed = commit;
	} else if (it->done && !e->done) {
		event(l, EV_REOPENED, idx, commit, -1, -1, NULL, NULL);
		it->closed = -1;
	}
	if (it->due != e->due) {
		event(l, EV_REDATED, idx, commit, it->due, e->due, NULL, NULL);
		if (it->due >= 0 && e->due > it->due)
			it->nslips++;
	}
	if (!same(it->owner, e->owner))
		event(l, EV_OWNER, idx, commit, -1, -1, it->owner, e->owner);
	if (strcmp(it->text, e->text)) {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		struct text ta = { it->text, strlen(it->text) }, tb = { e->text, strlen(e->text) };
		history_normalise(ta.s, ta.len, &a);
		history_normalise(tb.s, tb.len, &b);
		if (strcmp(a.buf, b.buf))     /* only the fields changed: no edit */
			event(l, EV_EDITED, idx, commit, -1, -1, it->text, e->text);
		strbuf_release(&a);
		strbuf_release(&b);
	}
	str_free(l->h, it->text);
	str_free(l->h, it->owner);
	it->text = e->text;
	it->owner = e->owner;
	e->text = e->owner = NULL;
	it->done = e->done;
	it->due = e->due;
	it->escalate = e->escalate;
	it->kind = e->kind;
	it->line = e->line;
	it->private |= e->private;   /* once private, its old texts are too */
}

static int add_item(struct loader *l, struct file_state *f, struct seen *e,
		    int commit)
{
	struct history *h = l->h;
	struct hist_item *it;
	const char *base = strrchr(f->path, '/');

	ALLOC_GROW(h->items, h->nitems + 1, h->items_alloc);
	it = &h->items[h->nitems];
	memset(it, 0, sizeof(*it));
	it->path = xstrdup(f->path);
	it->handle = xstrndup(base + 1, strlen(base + 1) - 3);
	it->session = e->session;
	it->kind = e->kind;
	it->text = e->text;
	it->owner = e->owner;
	e->text = e->owner = NULL;
	it->done = e->done;
	it->due = it->first_due = e->due;
	it->escalate = e->escalate;
	it->line = e->line;
	it->private = e->private;
	it->added = commit;
	it->closed = e->done ? commit : -1;
	it->deleted = -1;
	event(l, EV_ADDED, (int)h->nitems, commit, -1, e->due, NULL, NULL);
	if (e->done)
		event(l, EV_CLOSED, (int)h->nitems, commit, -1, -1, NULL, NULL);
	return (int)h->nitems++;
}

/* ---- files and commits ---- */

/* Where path is (*found), or would go, in l->sorted. */
static size_t sorted_pos(const struct loader *l, const char *path, int *found)
{
	size_t lo = 0, hi = l->nsorted;

	*found = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(l->files[l->sorted[mid]].path, path);
		if (!c) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void sorted_add(struct loader *l, size_t pos, size_t file)
{
	ALLOC_GROW(l->sorted, l->nsorted + 1, l->sorted_alloc);
	memmove(l->sorted + pos + 1, l->sorted + pos,
		(l->nsorted - pos) * sizeof(*l->sorted));
	l->sorted[pos] = file;
	l->nsorted++;
}

/*
 * The state of the file at path, new if need be.  Every commit asks for
 * the files it changed: found by a binary search, as a scan of them all
 * would make a long history of many people cost commits x people.  The
 * files keep the order they were met in (the cache's).
 */
static struct file_state *file_of(struct loader *l, const char *path)
{
	size_t pos;
	int found;

	while (l->nsorted < l->nfiles) {          /* those from the cache */
		pos = sorted_pos(l, l->files[l->nsorted].path, &found);
		sorted_add(l, pos, l->nsorted);
	}
	pos = sorted_pos(l, path, &found);
	if (found)
		return &l->files[l->sorted[pos]];
	ALLOC_GROW(l->files, l->nfiles + 1, l->files_alloc);
	memset(&l->files[l->nfiles], 0, sizeof(l->files[0]));
	l->files[l->nfiles].path = xstrdup(path);
	sorted_add(l, pos, l->nfiles);
	return &l->files[l->nfiles++];
}

static int cmp_int_pair(const void *a, const void *b)
{
	const int *x = a, *y = b;
	return (x[0] > y[0]) - (x[0] < y[0]);
}

/* Items of unchanged sessions are matched already: mark their slots. */
static void claim_reused(struct file_state *f, const struct seen *v, size_t n,
			 char *taken)
{
	int (*slot)[2] = xcalloc(f->nlive ? f->nlive : 1, sizeof(*slot));
	size_t i, j;

	for (j = 0; j < f->nlive; j++) {
		slot[j][0] = f->live[j];
		slot[j][1] = (int)j;
	}
	qsort(slot, f->nlive, sizeof(*slot), cmp_int_pair);
	for (i = 0; i < n; i++) {
		size_t lo = 0, hi = f->nlive;
		if (!v[i].reused)
			continue;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (slot[mid][0] < v[i].match)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < f->nlive && slot[lo][0] == v[i].match)
			taken[slot[lo][1]] = 1;
	}
	free(slot);
}

static void apply_version(struct loader *l, struct file_state *f, struct seen *v,
			  size_t n, int commit)
{
	char *taken = xcalloc(f->nlive ? f->nlive : 1, 1);
	int *live = xcalloc(n ? n : 1, sizeof(int));
	size_t i, j;

	claim_reused(f, v, n, taken);
	match_exact(l, f, v, n, taken);
	match_alike(l, f, v, n, taken);
	for (j = 0; j < f->nlive; j++)
		if (!taken[j]) {
			l->h->items[f->live[j]].deleted = commit;
			event(l, EV_DELETED, f->live[j], commit, -1, -1, NULL, NULL);
		}
	for (i = 0; i < n; i++) {
		if (v[i].match >= 0)
			update(l, v[i].match, &v[i], commit);
		else
			v[i].match = add_item(l, f, &v[i], commit);
		live[i] = v[i].match;
	}
	free(f->live);
	f->live = live;
	f->nlive = f->alloc = n;
	free(taken);
}

static void free_chunks(struct chunk *c, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		free(c[i].copy);
		free(c[i].ids);
	}
	free(c);
}

/* Remember this version's sessions, with their items, for the next one. */
static void keep_chunks(struct file_state *f, struct chunk *c, size_t nc,
			const struct seen *v, size_t n)
{
	size_t i, k;
	for (i = 0; i < nc; i++) {
		size_t alloc = 0;
		c[i].copy = xstrndup(c[i].bytes, c[i].len);
		c[i].bytes = NULL;
		c[i].used = 0;
		for (k = 0; k < n; k++)
			if (v[k].chunk == (int)i) {
				ALLOC_GROW(c[i].ids, c[i].nids + 1, alloc);
				c[i].ids[c[i].nids++] = v[k].match;
			}
	}
	free_chunks(f->chunks, f->nchunks);
	f->chunks = c;
	f->nchunks = nc;
}

/*
 * A file whose state came from the cache keeps its sessions' places, not
 * their bytes: read them from its version's blob when a new commit
 * changes the file.  -1 (quietly; the load starts again cold) when that
 * blob is not there or not what the cache said.
 */
static int read_back(struct loader *l, struct file_state *f)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int rc = -1;

	if (f->nchunks && (!*f->blob || gitstore_read_blob(l->g, f->blob, &sb)))
		goto done;
	for (i = 0; i < f->nchunks; i++) {
		struct chunk *c = &f->chunks[i];
		if (c->off > sb.len || c->len > sb.len - c->off)
			goto done;
		c->copy = xstrndup(sb.buf + c->off, c->len);
	}
	f->lazy = 0;
	rc = 0;
done:
	if (rc)
		l->failed = 1;
	strbuf_release(&sb);
	return rc;
}

static int is_person_path(const char *path)
{
	size_t n = strlen(path);
	return !strncmp(path, "people/", 7) && !strchr(path + 7, '/') &&
	       n > 10 && !strcmp(path + n - 3, ".md") && path[7] != '.';
}

struct trailers {
	struct hist_commit *c;
};

static int on_trailer(void *data, const char *key, const char *value)
{
	struct hist_commit *c = data;
	int d;
	if (!strcmp(key, "Thread-Person") && !c->person)
		c->person = xstrdup(value);
	else if (!strcmp(key, "Thread-Session") &&
		 date_parse(value, strlen(value), &d) == DATE_OK)
		c->session = d;
	else if (!strcmp(key, "Transcript"))
		c->transcript = 1;
	return 0;
}

static int record_commit(struct loader *l, const struct gitstore_commit *gc)
{
	struct history *h = l->h;
	struct hist_commit *c;
	const char *nl = strchr(gc->message, '\n');

	ALLOC_GROW(h->commits, h->ncommits + 1, h->commits_alloc);
	c = &h->commits[h->ncommits];
	memset(c, 0, sizeof(*c));
	memcpy(c->id, gc->id, 41);
	c->time = gc->time;
	c->day = (int)((gc->time + (long long)gc->offset * 60) / 86400);
	c->subject = xstrndup(gc->message, nl ? (size_t)(nl - gc->message) : strlen(gc->message));
	c->closeout = !strncmp(c->subject, "closeout: ", 10);
	c->session = -1;
	if (c->closeout)
		gitstore_trailers(gc->message, on_trailer, c);
	return (int)h->ncommits++;
}

/* A closeout commit that changed no person file: kept when it is of the
 * person asked for (its Thread-Person trailer names them). */
static void record_closeout_only(struct loader *l, const struct gitstore_commit *gc)
{
	struct history *h = l->h;
	const char *only = l->o->only_path;
	struct hist_commit *c;
	int idx;

	/* One file's walk meets every other person's closeouts: one whose
	 * message does not hold the handle cannot name it in a trailer. */
	if (only && strlen(only) > 10 &&
	    !memmem(gc->message, strlen(gc->message), only + 7, strlen(only) - 10))
		return;
	idx = record_commit(l, gc);    /* may move h->commits: first */
	c = &h->commits[idx];
	if (only && (!c->person || strncmp(only + 7, c->person, strlen(c->person)) ||
		     strcmp(only + 7 + strlen(c->person), ".md"))) {
		str_free(h, c->subject);
		str_free(h, c->person);
		h->ncommits--;
	}
}

static void progress(struct loader *l, int done)
{
	if (!l->o->progress)
		return;
	if (done)
		fprintf(stderr, "\r%s: read %zu commits that changed people/\n",
			progname, l->walked);
	else if (l->walked % 250 == 0)
		fprintf(stderr, "\r%s: reading history: %zu commits", progname, l->walked);
}

static int on_commit(void *data, const struct gitstore_commit *gc,
		     const char *const *paths, const char *const *blobs, size_t n)
{
	struct loader *l = data;
	struct strbuf sb = STRBUF_INIT;
	int commit = -1;
	size_t i;

	memcpy(l->tip, gc->id, 41);
	if (l->note) {
		loop_note(&l->h->reviews, gc);
		l->merges |= gc->merge;
	}
	if (!n) {
		/* A closeout of notes committed before still records a meeting. */
		if (!strncmp(gc->message, "closeout: ", 10))
			record_closeout_only(l, gc);
		return 0;
	}
	for (i = 0; i < n; i++) {
		struct file_state *f;
		struct seen *v = NULL;
		size_t nv = 0;
		const char *base;
		char *handle;
		const char *path = paths[i] + strlen(l->prefix);

		if (strncmp(paths[i], l->prefix, strlen(l->prefix)) || !is_person_path(path) ||
		    (l->o->only_path && strcmp(path, l->o->only_path)))
			continue;
		if (commit < 0)
			commit = record_commit(l, gc);
		f = file_of(l, path);
		base = path + 7;
		handle = xstrndup(base, strlen(base) - 3);
		/* a commit made by hand is someone's by the file it changed */
		if (!l->h->commits[commit].person)
			l->h->commits[commit].person = xstrdup(handle);
		l->h->commits[commit].npeople++;
		struct chunk *chunks = NULL;
		size_t nchunks = 0;

		if (f->lazy && read_back(l, f)) {
			free(handle);
			strbuf_release(&sb);
			return -1;
		}
		strbuf_reset(&sb);
		if (*blobs[i] && gitstore_read_blob(l->g, blobs[i], &sb) == 0)
			v = read_version(l->h, f, handle, &sb, &chunks, &nchunks, &nv);
		apply_version(l, f, v, nv, commit);
		keep_chunks(f, chunks, nchunks, v, nv);
		snprintf(f->blob, sizeof(f->blob), "%s", blobs[i]);
		free_version(v, nv);
		free(handle);
	}
	strbuf_release(&sb);
	l->walked++;
	progress(l, 0);
	return 0;
}


/* ---- the cache ----
 *
 * Reading the whole history again costs as much as git log -p, so the
 * state a full load ends in (the history so far and each file's live
 * items and sessions) is kept in .git/thread/history.cache, keyed by the
 * commit it was read up to.  The next load takes it up from there when
 * that commit is still on HEAD's first-parent line, and reads only the
 * commits after it: what the walk from the start would have done to them,
 * from the same state, so the result is the same.  After a rebase, amend
 * or reset past it, or when the file is missing, damaged (its checksum or
 * any index in it is wrong) or written by another version, it is ignored
 * and the history is read from the start.  It holds item texts, Private
 * ones too, so it is made mode 0600, and it is never committed (.git).
 */

#define CACHE_MAGIC "thread history cache 3 " THREAD_VERSION "\n"
#define CACHE_MAX ((size_t)1 << 31)

/* FNV-1a over 8-byte words (then the last bytes): it finds a damaged or
 * cut file, at memory speed; it is no defence against a forged one, which
 * the checks on every index make harmless. */
static uint64_t checksum(const char *p, size_t len)
{
	uint64_t h = 14695981039346656037ULL, w;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 1099511628211ULL;
	}
	for (; i < len; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
	return h ^ len;
}

/* strbuf_add, with the room checked inline: a cache is hundreds of
 * thousands of small fields, and a call each was most of writing it. */
static inline void put_bytes(struct strbuf *sb, const void *p, size_t n)
{
	if (sb->alloc - sb->len <= n)
		strbuf_grow(sb, n);
	memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

static void put_u64(struct strbuf *sb, uint64_t v)
{
	put_bytes(sb, &v, sizeof(v));
}

static void put_int(struct strbuf *sb, int v)
{
	int32_t x = v;
	put_bytes(sb, &x, sizeof(x));
}

/* A string, or NULL (written as length UINT64_MAX). */
static void put_str(struct strbuf *sb, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	put_u64(sb, s ? (uint64_t)n : UINT64_MAX);
	if (s)
		put_bytes(sb, s, n);
}

static void put_ints(struct strbuf *sb, const int *v, size_t n)
{
	size_t i;
	put_u64(sb, n);
	for (i = 0; i < n; i++)
		put_int(sb, v[i]);
}

static void put_history(struct strbuf *sb, const struct history *h)
{
	size_t i;

	put_u64(sb, h->ncommits);
	for (i = 0; i < h->ncommits; i++) {
		const struct hist_commit *c = &h->commits[i];
		put_str(sb, c->id);
		put_u64(sb, (uint64_t)c->time);
		put_str(sb, c->subject);
		put_str(sb, c->person);
		put_int(sb, c->day);
		put_int(sb, c->closeout);
		put_int(sb, c->npeople);
		put_int(sb, c->session);
		put_int(sb, c->transcript);
		put_int(sb, c->added);
		put_int(sb, c->closed);
		put_int(sb, c->redated);
	}
	put_u64(sb, h->nitems);
	for (i = 0; i < h->nitems; i++) {
		const struct hist_item *it = &h->items[i];
		put_str(sb, it->path);
		put_str(sb, it->handle);
		put_str(sb, it->text);
		put_str(sb, it->owner);
		put_int(sb, it->session);
		put_int(sb, (int)it->kind);
		put_int(sb, it->done);
		put_int(sb, it->due);
		put_int(sb, it->escalate);
		put_int(sb, it->line);
		put_int(sb, it->added);
		put_int(sb, it->closed);
		put_int(sb, it->deleted);
		put_int(sb, it->nslips);
		put_int(sb, it->first_due);
		put_int(sb, it->private);
	}
	put_u64(sb, h->nevents);
	for (i = 0; i < h->nevents; i++) {
		const struct hist_event *e = &h->events[i];
		put_int(sb, (int)e->kind);
		put_int(sb, e->item);
		put_int(sb, e->commit);
		put_int(sb, e->old_due);
		put_int(sb, e->new_due);
		put_str(sb, e->old_text);
		put_str(sb, e->new_text);
	}
}

static void put_files(struct strbuf *sb, const struct loader *l)
{
	size_t i, k;

	put_u64(sb, l->nfiles);
	for (i = 0; i < l->nfiles; i++) {
		const struct file_state *f = &l->files[i];
		put_str(sb, f->path);
		put_str(sb, f->blob);
		put_ints(sb, f->live, f->nlive);
		put_u64(sb, f->nchunks);
		for (k = 0; k < f->nchunks; k++) {
			const struct chunk *c = &f->chunks[k];
			put_int(sb, c->date);
			put_int(sb, c->line);
			put_u64(sb, c->off);
			put_u64(sb, c->len);
			put_ints(sb, c->ids, c->nids);
		}
	}
}

static void put_reviews(struct strbuf *sb, const struct loop *l)
{
	size_t i;

	put_u64(sb, l->n);
	for (i = 0; i < l->n; i++) {
		put_str(sb, l->v[i].person);
		put_int(sb, l->v[i].session);
		put_u64(sb, (uint64_t)l->v[i].time);
		put_int(sb, l->v[i].day);
	}
}

static void cache_path(struct gitstore *g, struct strbuf *out)
{
	strbuf_addf(out, "%sthread/history.cache", gitstore_gitdir(g));
}

/*
 * Keep the state the load ended in.  A cache that cannot be written
 * costs the next run time, never a result, so failing is only a warning;
 * another thread command writing it now makes this one leave it be.
 */
static void cache_write(struct loader *l)
{
	struct strbuf path = STRBUF_INIT, lock = STRBUF_INIT, sb = STRBUF_INIT;
	struct stat st;
	uint64_t sum;

	cache_path(l->g, &path);
	strbuf_addf(&lock, "%s.lock", path.buf);
	if (!stat(lock.buf, &st))
		goto done;
	strbuf_grow(&sb, l->h->arena_len + 65536);   /* about the last one's size */
	strbuf_addstr(&sb, CACHE_MAGIC);
	put_str(&sb, l->tip);
	put_str(&sb, l->prefix);
	put_history(&sb, l->h);
	put_files(&sb, l);
	put_reviews(&sb, &l->h->reviews);
	sum = checksum(sb.buf, sb.len);
	put_u64(&sb, sum);
	if (make_parent_dirs(path.buf) || atomic_write(path.buf, sb.buf, sb.len, 0600))
		warning("the history cache was not written; the next run reads the history from the start");
done:
	strbuf_release(&path);
	strbuf_release(&lock);
	strbuf_release(&sb);
}

/* Reading it back: every number is checked before it is used. */
struct reader {
	const char *p, *end;
	int bad;
	char *arena;             /* where the strings are copied to */
	size_t used, size;
};

/* The next n bytes into v, or zeros once the data runs out (then bad). */
static void get_bytes(struct reader *r, void *v, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		memset(v, 0, n);
		return;
	}
	memcpy(v, r->p, n);
	r->p += n;
}

static uint64_t get_u64(struct reader *r)
{
	uint64_t v;
	get_bytes(r, &v, sizeof(v));
	return v;
}

static int get_int(struct reader *r)
{
	int32_t v;
	get_bytes(r, &v, sizeof(v));
	return v;
}

/* A count of things each at least `size` bytes long: at most what is left. */
static size_t get_count(struct reader *r, size_t size)
{
	uint64_t n = get_u64(r);
	if (n > (uint64_t)(r->end - r->p) / size) {
		r->bad = 1;
		return 0;
	}
	return (size_t)n;
}

/*
 * The next string's bytes, not NUL-terminated: NULL for none (then bad
 * unless may_be_null).  The checksum said the file is as written, where
 * no string holds a NUL; a forged one that does is only cut short.
 */
static const char *get_span(struct reader *r, size_t *len, int may_be_null)
{
	uint64_t n = get_u64(r);
	*len = 0;
	if (r->bad)
		return NULL;
	if (n == UINT64_MAX) {
		r->bad |= !may_be_null;
		return NULL;
	}
	if (n > (uint64_t)(r->end - r->p)) {
		r->bad = 1;
		return NULL;
	}
	*len = (size_t)n;
	r->p += n;
	return r->p - n;
}

/*
 * A string, copied into the arena: a string takes its length's 8 bytes
 * in the file and one more in the arena, so an arena the size of the
 * file holds them all, and the load makes one allocation, not one per
 * string.
 */
static char *get_str(struct reader *r, int may_be_null)
{
	size_t n;
	const char *s = get_span(r, &n, may_be_null);
	char *out;

	if (!s)
		return NULL;
	if (n >= r->size - r->used) {        /* cannot happen: see above */
		r->bad = 1;
		return NULL;
	}
	out = r->arena + r->used;
	memcpy(out, s, n);
	out[n] = '\0';
	r->used += n + 1;
	return out;
}

/* A string of exactly `len` bytes (an id) into out[len + 1]. */
static void get_fixed(struct reader *r, char *out, size_t len)
{
	size_t n;
	const char *s = get_span(r, &n, 0);

	if (!s || n != len || memchr(s, '\0', n)) {
		r->bad = 1;
		*out = '\0';
		return;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

/* An index into something of n entries (or -1 when allowed). */
static int get_index(struct reader *r, size_t n, int may_be_none)
{
	int v = get_int(r);
	if (v < (may_be_none ? -1 : 0) || (v >= 0 && (size_t)v >= n))
		r->bad = 1;
	return v;
}

static int *get_indexes(struct reader *r, size_t nitems, size_t *n)
{
	size_t i;
	int *v;
	*n = get_count(r, sizeof(int32_t));
	v = xcalloc(*n ? *n : 1, sizeof(int));
	for (i = 0; i < *n; i++)
		v[i] = get_index(r, nitems, 0);
	return v;
}

static void get_history(struct reader *r, struct history *h)
{
	size_t i;

	h->ncommits = h->commits_alloc = get_count(r, 60);
	h->commits = xcalloc(h->ncommits ? h->ncommits : 1, sizeof(*h->commits));
	for (i = 0; i < h->ncommits && !r->bad; i++) {
		struct hist_commit *c = &h->commits[i];
		get_fixed(r, c->id, 40);
		c->time = (long long)get_u64(r);
		c->subject = get_str(r, 0);
		c->person = get_str(r, 1);
		c->day = get_int(r);
		c->closeout = get_int(r);
		c->npeople = get_int(r);
		c->session = get_int(r);
		c->transcript = get_int(r);
		c->added = get_int(r);
		c->closed = get_int(r);
		c->redated = get_int(r);
	}
	h->nitems = h->items_alloc = get_count(r, 60);
	h->items = xcalloc(h->nitems ? h->nitems : 1, sizeof(*h->items));
	for (i = 0; i < h->nitems && !r->bad; i++) {
		struct hist_item *it = &h->items[i];
		it->path = get_str(r, 0);
		it->handle = get_str(r, 0);
		it->text = get_str(r, 0);
		it->owner = get_str(r, 1);
		it->session = get_int(r);
		it->kind = (enum item_kind)get_index(r, ITEM_REP + 1, 0);
		it->done = get_int(r);
		it->due = get_int(r);
		it->escalate = get_int(r);
		it->line = get_int(r);
		it->added = get_index(r, h->ncommits, 1);
		it->closed = get_index(r, h->ncommits, 1);
		it->deleted = get_index(r, h->ncommits, 1);
		it->nslips = get_int(r);
		it->first_due = get_int(r);
		it->private = get_int(r) != 0;
	}
	h->nevents = h->events_alloc = get_count(r, 36);
	h->events = xcalloc(h->nevents ? h->nevents : 1, sizeof(*h->events));
	for (i = 0; i < h->nevents && !r->bad; i++) {
		struct hist_event *e = &h->events[i];
		e->kind = (enum hist_kind)get_index(r, EV_DELETED + 1, 0);
		e->item = get_index(r, h->nitems, 0);
		e->commit = get_index(r, h->ncommits, 0);
		e->old_due = get_int(r);
		e->new_due = get_int(r);
		e->old_text = get_str(r, 1);
		e->new_text = get_str(r, 1);
	}
}

static void get_files(struct reader *r, struct loader *l)
{
	size_t i, k, nitems = l->h->nitems;

	l->nfiles = l->files_alloc = get_count(r, 32);
	l->files = xcalloc(l->nfiles ? l->nfiles : 1, sizeof(*l->files));
	for (i = 0; i < l->nfiles && !r->bad; i++) {
		struct file_state *f = &l->files[i];
		const char *s;
		size_t n;
		/* the loader's, freed alone (release_files) */
		s = get_span(r, &n, 0);
		f->path = s ? xstrndup(s, n) : NULL;
		s = get_span(r, &n, 0);
		if (!s || (n && (n != 40 || strspn(s, "0123456789abcdef") < 40))) {
			r->bad = 1;
		} else {
			memcpy(f->blob, s, n);
			f->blob[n] = '\0';
		}
		f->live = get_indexes(r, nitems, &f->nlive);
		f->alloc = f->nlive;
		f->lazy = 1;
		f->nchunks = get_count(r, 32);
		f->chunks = xcalloc(f->nchunks ? f->nchunks : 1, sizeof(*f->chunks));
		for (k = 0; k < f->nchunks && !r->bad; k++) {
			struct chunk *c = &f->chunks[k];
			c->date = get_int(r);
			c->line = get_int(r);
			c->off = (size_t)get_u64(r);
			c->len = (size_t)get_u64(r);
			c->ids = get_indexes(r, nitems, &c->nids);
		}
	}
}

static void get_reviews(struct reader *r, struct loop *l)
{
	size_t i;

	l->n = l->alloc = get_count(r, 24);
	l->v = xcalloc(l->n ? l->n : 1, sizeof(*l->v));
	l->git = 1;
	for (i = 0; i < l->n && !r->bad; i++) {
		l->v[i].person = get_str(r, 0);
		l->v[i].session = get_int(r);
		l->v[i].time = (long long)get_u64(r);
		l->v[i].day = get_int(r);
	}
}

static void release_files(struct loader *l)
{
	size_t i;
	for (i = 0; i < l->nfiles; i++) {
		free(l->files[i].path);
		free(l->files[i].live);
		free_chunks(l->files[i].chunks, l->files[i].nchunks);
	}
	free(l->files);
	l->files = NULL;
	l->nfiles = l->files_alloc = 0;
	free(l->sorted);
	l->sorted = NULL;
	l->nsorted = l->sorted_alloc = 0;
}

/* Take up the cached state: 0 done (l->tip says from where), 1 none to
 * use (l is left empty). */
static int cache_read(struct loader *l)
{
	struct strbuf path = STRBUF_INIT, sb = STRBUF_INIT;
	struct reader r = { NULL, NULL, 0 };
	size_t magic = strlen(CACHE_MAGIC);
	uint64_t sum;
	const char *prefix;
	size_t n;

	cache_path(l->g, &path);
	if (strbuf_read_file(&sb, path.buf, CACHE_MAX) || sb.len < magic + 8 ||
	    memcmp(sb.buf, CACHE_MAGIC, magic)) {
		r.bad = 1;
		goto done;
	}
	memcpy(&sum, sb.buf + sb.len - 8, 8);
	if (sum != checksum(sb.buf, sb.len - 8)) {
		r.bad = 1;
		goto done;
	}
	r.p = sb.buf + magic;
	r.end = sb.buf + sb.len - 8;
	get_fixed(&r, l->tip, 40);
	prefix = get_span(&r, &n, 0);
	if (r.bad || n != strlen(l->prefix) || memcmp(prefix, l->prefix, n)) {
		r.bad = 1;
		goto done;
	}
	r.size = (size_t)(r.end - r.p) + 1;
	r.arena = l->h->arena = xmalloc(r.size);
	l->h->arena_len = r.size;
	get_history(&r, l->h);
	get_files(&r, l);
	get_reviews(&r, &l->h->reviews);
	if (r.p != r.end)
		r.bad = 1;
done:
	if (r.bad) {
		history_release(l->h);
		release_files(l);
		l->tip[0] = '\0';
	}
	strbuf_release(&path);
	strbuf_release(&sb);
	return r.bad;
}

/*
 * Where the thread repository (found from the current folder, as every
 * command finds it) sits in the git work tree: "" at its top, "team/" in
 * a folder.  Paths in history are the work tree's; items keep theirs from
 * the thread repository's root.
 */
static char *thread_prefix(struct gitstore *g)
{
	const char *top = gitstore_workdir(g);
	char *root = NULL, real[PATH_MAX], *prefix;
	size_t n = strlen(top);

	if (repo_find_root(".", &root) || !realpath(root, real)) {
		free(root);
		return xstrdup("");
	}
	free(root);
	if (strncmp(real, top, n - 1) || (real[n - 1] && real[n - 1] != '/'))
		return xstrdup("");
	prefix = xmalloc(strlen(real + n - 1) + 2);
	strcpy(prefix, real[n - 1] ? real + n : "");
	if (*prefix)
		strcat(prefix, "/");
	return prefix;
}

/* The walk: from the cache's commit when it can be, else from the start. */
static int walk(struct loader *l, const char *people, int cached)
{
	int rc;

	if (l->o->only_path) {
		struct strbuf path = STRBUF_INIT;
		strbuf_addf(&path, "%s%s", l->prefix, l->o->only_path);
		rc = gitstore_walk_file(l->g, path.buf, on_commit, l);
		strbuf_release(&path);
		return rc;
	}
	if (cached && !cache_read(l)) {
		memcpy(l->from, l->tip, sizeof(l->from));
		l->noted_from = l->h->reviews.n;
		rc = gitstore_walk_changes_after(l->g, people, l->tip, on_commit, l);
		if (rc == 0)
			return 0;
		history_release(l->h);
		release_files(l);
		l->tip[0] = l->from[0] = '\0';
		l->merges = 0;
		l->noted_from = 0;
		if (rc < 0 && !l->failed)
			return -1;
		l->failed = 0;       /* rewritten, or not as cached: from the start */
	}
	return gitstore_walk_changes(l->g, people, on_commit, l);
}

static int on_review(void *data, const struct gitstore_commit *c)
{
	loop_note(data, c);
	return 0;
}

/*
 * The closeouts every commit up to the tip reaches: those of the commits
 * after the cache's (a first-parent ancestor: walk() checked), added to
 * the cached ones; else all of them.  With no merge among the commits
 * the walk read, those are all the commits there are, and the walk has
 * noted their closeouts: no second walk.  Else the side branches' count
 * too, and they are read again in a walk of their own.
 */
static int read_reviews(struct loader *l, int cached)
{
	struct loop *r = &l->h->reviews;
	size_t i;
	int rc;

	r->git = 1;
	if (l->note && !l->merges) {
		loop_sort(r);
		return 0;
	}
	for (i = l->noted_from; i < r->n; i++)   /* noted in the walk: not arena */
		free(r->v[i].person);
	r->n = l->noted_from;
	if (!cached || gitstore_is_shallow(l->g))
		rc = gitstore_walk(l->g, on_review, r);
	else if (!*l->tip)
		rc = 0;             /* nothing yet */
	else
		rc = gitstore_walk_range(l->g, l->tip, *l->from ? l->from : NULL,
					 on_review, r);
	loop_sort(r);
	return rc < 0 ? -1 : 0;
}

int history_load(struct gitstore *g, const struct history_opts *o,
		 struct history *h)
{
	struct history_opts quiet = { NULL, 0 };
	struct strbuf people = STRBUF_INIT;
	struct loader l;
	int rc, cached;

	memset(h, 0, sizeof(*h));
	memset(&l, 0, sizeof(l));
	l.h = h;
	l.g = g;
	l.o = o ? o : &quiet;
	l.prefix = thread_prefix(g);
	/* A shallow clone's history grows at its start: read it whole. */
	cached = !l.o->only_path && !gitstore_is_shallow(g);
	l.note = cached;
	strbuf_addf(&people, "%speople/", l.prefix);
	rc = walk(&l, people.buf, cached);
	if (rc >= 0 && !l.o->only_path && read_reviews(&l, cached))
		rc = -1;
	if (l.walked >= 250)
		progress(&l, 1);
	if (!rc && cached && *l.tip && strcmp(l.tip, l.from))
		cache_write(&l);
	release_files(&l);
	free(l.prefix);
	strbuf_release(&people);
	if (rc < 0)
		history_release(h);
	return rc < 0 ? -1 : 0;
}

void history_release(struct history *h)
{
	size_t i;
	for (i = 0; i < h->ncommits; i++) {
		str_free(h, h->commits[i].subject);
		str_free(h, h->commits[i].person);
	}
	for (i = 0; i < h->nitems; i++) {
		str_free(h, h->items[i].path);
		str_free(h, h->items[i].handle);
		str_free(h, h->items[i].text);
		str_free(h, h->items[i].owner);
	}
	for (i = 0; i < h->nevents; i++) {
		str_free(h, h->events[i].old_text);
		str_free(h, h->events[i].new_text);
	}
	for (i = 0; i < h->reviews.n; i++)     /* loop_release frees the rest */
		if (in_arena(h, h->reviews.v[i].person))
			h->reviews.v[i].person = NULL;
	free(h->commits);
	free(h->items);
	free(h->events);
	loop_release(&h->reviews);
	free(h->arena);
	memset(h, 0, sizeof(*h));
}
