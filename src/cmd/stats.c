/*
 * thread stats - how the loop is kept, per person and for the team.
 *
 * From the git history (history.h): days to close tasks and asks, items
 * open and overdue now, checkpoints that slipped, asks that passed their
 * escalation checkpoint.  From the current files (team.h): blockers that
 * repeat (repeat.h) and sessions held against the cadence.
 */
#include "command.h"
#include "atomic.h"
#include "date.h"
#include "gitstore.h"
#include "history.h"
#include "loop.h"
#include "person.h"
#include "repeat.h"
#include "strbuf.h"
#include "team.h"
#include "util.h"
#include "safeout.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *opt_person, *opt_since, *opt_today, *opt_format = "text";
static const char *const formats[] = { "text", "json", NULL };

const char *const stats_usage[] = {
	"thread stats [--person HANDLE] [--since DATE] [--format text|json] [--today DATE]",
	NULL
};

const struct option stats_options[] = {
	OPT_STRING(0, "person", &opt_person, "HANDLE", "only this person",
		   COMPLETE_HANDLE),
	OPT_STRING(0, "since", &opt_since, "DATE",
		   "count what was closed, slipped and held on or after DATE",
		   COMPLETE_DATE),
	OPT_CHOICE(0, "format", &opt_format, "FORMAT", "output format: text or json",
		   formats),
	OPT_STRING(0, "today", &opt_today, "DATE", "judge dates as of this day",
		   COMPLETE_DATE),
	OPT_END(),
};

/* Days-to-close bins: 0-2, 3-6, 7-13, 14-27, 28-55, 56+. */
enum { NBINS = 6, NKINDS = 4 };
static const int bin_low[NBINS] = { 0, 3, 7, 14, 28, 56 };

struct dist {
	int *v;                  /* days, sorted before use */
	size_t n, alloc;
	int bins[NBINS];
};

struct figures {
	struct dist close[2];    /* ITEM_TASK, ITEM_ASK */
	int open[NKINDS], overdue[NKINDS];
	int slip_items, slipped, slips;
	int esc_asks, esc_closed, esc_open;   /* passed: closed late, open late */
	int repeat;
	/* over the whole thread (repeat_story): patterns whose latest session
	 * is the person's latest, and the sessions each stopped one lasted */
	int repeat_open;
	struct dist repeat_runs;
	int cadence_days;        /* 0 for the team */
	int from;                /* start of the cadence period, -1: none */
	int held, expected;
	/* of the sessions held: closed out, within 24 hours (loop.h), and
	 * days from the meeting to its closeout */
	int reviewed, on_time;
	struct dist review;
};

struct row {
	char *handle;
	struct figures f;
};

struct ctx {
	int today, has_since, since;
	int shallow;             /* a shallow clone: the JSON says so */
	const struct loop *loop; /* the closeouts: the history's, or own_loop */
	struct loop own_loop;
	struct row *rows;
	size_t nrows;
};

/* ---- figures ---- */

static void dist_add(struct dist *d, int days)
{
	int b = NBINS - 1;
	ALLOC_GROW(d->v, d->n + 1, d->alloc);
	d->v[d->n++] = days;
	while (b > 0 && days < bin_low[b])
		b--;
	d->bins[b]++;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The p-th percentile by nearest rank: the value at rank ceil(p/100 * n). */
static int percentile(const struct dist *d, int p)
{
	size_t rank = (size_t)(((unsigned long long)p * d->n + 99) / 100);
	return d->v[rank ? rank - 1 : 0];
}

/* a of b as a rounded percentage, -1 when b is 0. */
static int percent(int a, int b)
{
	return b > 0 ? (int)((200LL * a + b) / (2LL * b)) : -1;
}

static int cmp_row(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->handle, ((const struct row *)b)->handle);
}

static struct row *row_of(struct ctx *c, const char *handle)
{
	struct row key;
	key.handle = (char *)handle;
	return bsearch(&key, c->rows, c->nrows, sizeof(*c->rows), cmp_row);
}

/*
 * What stats takes from a person file as it is now: its cadence, the
 * dates of its held sessions (in file order) and its repeating blockers.
 * It is all it needs of the file, so it is what the cache keeps.
 */
struct file_figs {
	int cadence_days;        /* 0: the default weekly */
	int *held;
	size_t nheld, alloc;
	int repeat;
	int repeat_open;         /* repeating blockers back in the latest session */
	int *runs;               /* sessions run by each one that stopped */
	size_t nruns, runs_alloc;
};

/* Into the row's figures: what the file says of repeating blockers. */
static void repeat_figures(const struct file_figs *ff, struct figures *f)
{
	size_t i;

	f->repeat = ff->repeat;
	f->repeat_open = ff->repeat_open;
	for (i = 0; i < ff->nruns; i++)
		dist_add(&f->repeat_runs, ff->runs[i]);
}

static void file_figs_release(struct file_figs *ff)
{
	free(ff->held);
	free(ff->runs);
}

static int *copy_ints(const int *v, size_t n)
{
	int *c = xcalloc(n ? n : 1, sizeof(int));
	if (n)
		memcpy(c, v, n * sizeof(int));
	return c;
}

/* *to = a copy of *from that owns its arrays. */
static void file_figs_copy(struct file_figs *to, const struct file_figs *from)
{
	*to = *from;
	to->held = copy_ints(from->held, from->nheld);
	to->alloc = from->nheld;
	to->runs = copy_ints(from->runs, from->nruns);
	to->runs_alloc = from->nruns;
}

/* Sessions held in the period, against the cadence. */
static void cadence(struct ctx *c, const char *handle, const struct file_figs *ff,
		    struct figures *f)
{
	int start = c->has_since ? c->since : -1, held_today = 0;
	size_t i;

	f->cadence_days = ff->cadence_days > 0 ? ff->cadence_days : 7;
	if (!c->has_since)
		for (i = 0; i < ff->nheld; i++)
			if (ff->held[i] <= c->today && (start < 0 || ff->held[i] < start))
				start = ff->held[i];
	f->from = start;
	if (start < 0 || start > c->today)
		return;
	for (i = 0; i < ff->nheld; i++) {
		int d = ff->held[i];
		const struct loop_review *r;
		if (d < start || d > c->today)
			continue;
		r = loop_review(c->loop, handle, d);
		f->held++;
		held_today |= d == c->today;
		if (r) {
			f->reviewed++;
			f->on_time += loop_review_on_time(r);
			dist_add(&f->review, r->day - d);
		}
	}
	/* The cadence dates start, start + cadence, ... before today; a
	 * meeting due today is not missed, so today's counts once held. */
	f->expected = c->today > start ? (c->today - start - 1) / f->cadence_days + 1 : 0;
	if ((c->today - start) % f->cadence_days == 0 && held_today)
		f->expected++;
}

static int repeat_patterns(const struct team *t, const struct person *p,
			   const char *path)
{
	struct repeat_opts o;
	struct repeat_engine *e;
	struct repeat_list l = REPEAT_LIST_INIT;
	int n;

	memset(&o, 0, sizeof(o));
	o.window = t->config.repeat_window;
	o.min = t->config.repeat_min;
	o.threshold = t->config.repeat_threshold;
	e = repeat_new(&o);
	repeat_add_person(e, p, path);
	repeat_find(e, &l);
	n = (int)l.n;
	repeat_list_release(&l);
	repeat_free(e);
	return n;
}

/*
 * What became of the person's repeating blockers, over the whole thread:
 * how many are open now (back in the latest held session), and how many
 * sessions each one that stopped (absent from the last two) had run.
 */
static void repeat_story(const struct team *t, const struct person *p,
			 const char *path, struct file_figs *ff)
{
	struct repeat_opts o;
	struct repeat_engine *e;
	struct repeat_list l = REPEAT_LIST_INIT;
	size_t i;

	memset(&o, 0, sizeof(o));
	o.min = t->config.repeat_min;
	o.threshold = t->config.repeat_threshold;
	e = repeat_new(&o);
	repeat_add_person(e, p, path);
	repeat_find(e, &l);
	for (i = 0; i < l.n; i++)
		if (l.v[i].open_now)
			ff->repeat_open++;
		else if (l.v[i].quiet >= 2) {
			ALLOC_GROW(ff->runs, ff->nruns + 1, ff->runs_alloc);
			ff->runs[ff->nruns++] = l.v[i].nsessions;
		}
	repeat_list_release(&l);
	repeat_free(e);
}

static void file_figs_of(const struct team *t, const struct person *p,
			 const char *path, struct file_figs *ff)
{
	const struct session *s;

	memset(ff, 0, sizeof(*ff));
	ff->cadence_days = p->cadence_days;
	for (s = p->sessions; s; s = s->next)
		if (s->date_ok && session_held(s)) {
			ALLOC_GROW(ff->held, ff->nheld + 1, ff->alloc);
			ff->held[ff->nheld++] = s->date;
		}
	ff->repeat = repeat_patterns(t, p, path);
	repeat_story(t, p, path, ff);
}

/* ---- the cache of what the files say ----
 *
 * Parsing every person file, and finding its repeating blockers, is most
 * of a run once the history is cached; a file's figures depend only on
 * its bytes and the repeat settings.  So .git/thread/stats.cache keeps
 * them keyed by each file's length and a 128-bit hash of its bytes:
 * every run still reads every file (an edit not yet committed counts at
 * once), and parses only those that changed.  A cache that is missing,
 * damaged or of another version or settings is ignored and written again.
 */

#define FIGS_MAGIC "thread stats cache 2 " THREAD_VERSION "\n"

struct figs_entry {
	char *handle;
	uint64_t len, h1, h2;
	struct file_figs ff;
};

struct figs_cache {
	char *path;              /* NULL: no cache (not under git) */
	uint64_t settings[3];    /* repeat window, min, threshold's bits */
	struct figs_entry *v;    /* read: sorted by handle */
	size_t n, alloc;
	struct figs_entry *out;  /* this run's, in handle order */
	size_t nout, out_alloc;
	int changed;
};

/* Two independent 64-bit hashes over 8-byte words: an accidental match
 * of both is out of reach. */
static void hash_bytes(const char *p, size_t len, uint64_t *h1, uint64_t *h2)
{
	uint64_t a = 14695981039346656037ULL, b = 0x9e3779b97f4a7c15ULL, w;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		a = (a ^ w) * 1099511628211ULL;
		b = ((b + w * 0xc2b2ae3d27d4eb4fULL) << 31 |
		     (b + w * 0xc2b2ae3d27d4eb4fULL) >> 33) * 0x165667b19e3779f9ULL;
	}
	for (; i < len; i++) {
		a = (a ^ (unsigned char)p[i]) * 1099511628211ULL;
		b = (b ^ (unsigned char)p[i]) * 0x100000001b3ULL + 0x27d4eb2f165667c5ULL;
	}
	*h1 = a ^ len;
	*h2 = b ^ (len * 0xff51afd7ed558ccdULL);
}

static void put64(struct strbuf *sb, uint64_t v)
{
	strbuf_add(sb, &v, sizeof(v));
}

static uint64_t get64(const char **p, const char *end, int *bad)
{
	uint64_t v = 0;
	if (*bad || (size_t)(end - *p) < 8) {
		*bad = 1;
		return 0;
	}
	memcpy(&v, *p, 8);
	*p += 8;
	return v;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct figs_entry *)a)->handle,
		      ((const struct figs_entry *)b)->handle);
}

static void release_entries(struct figs_entry *v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		free(v[i].handle);
		file_figs_release(&v[i].ff);
	}
	free(v);
}

/* Read the cache; anything wrong leaves it empty. */
static void figs_read(struct figs_cache *fc)
{
	struct strbuf sb = STRBUF_INIT;
	size_t magic = strlen(FIGS_MAGIC), i, k;
	const char *p, *end;
	int bad = 0;

	if (strbuf_read_file(&sb, fc->path, (size_t)1 << 30) || sb.len < magic + 8 ||
	    memcmp(sb.buf, FIGS_MAGIC, magic))
		goto done;
	p = sb.buf + magic;
	end = sb.buf + sb.len - 8;
	{
		uint64_t sum, h2;
		hash_bytes(sb.buf, sb.len - 8, &sum, &h2);
		if (memcmp(&sum, end, 8))
			goto done;
	}
	for (k = 0; k < 3; k++)
		if (get64(&p, end, &bad) != fc->settings[k])
			bad = 1;
	fc->n = fc->alloc = (size_t)get64(&p, end, &bad);
	if (bad || fc->n > (size_t)(end - p) / 48) {
		fc->n = 0;
		goto done;
	}
	fc->v = xcalloc(fc->n ? fc->n : 1, sizeof(*fc->v));
	for (i = 0; i < fc->n && !bad; i++) {
		struct figs_entry *e = &fc->v[i];
		uint64_t hl = get64(&p, end, &bad);
		if (bad || hl > (uint64_t)(end - p) || memchr(p, '\0', (size_t)hl)) {
			bad = 1;
			break;
		}
		e->handle = xstrndup(p, (size_t)hl);
		p += hl;
		e->len = get64(&p, end, &bad);
		e->h1 = get64(&p, end, &bad);
		e->h2 = get64(&p, end, &bad);
		e->ff.cadence_days = (int)get64(&p, end, &bad);
		e->ff.repeat = (int)get64(&p, end, &bad);
		e->ff.nheld = (size_t)get64(&p, end, &bad);
		if (bad || e->ff.nheld > (size_t)(end - p) / 8) {
			e->ff.nheld = 0;
			bad = 1;
			break;
		}
		e->ff.held = xcalloc(e->ff.nheld ? e->ff.nheld : 1, sizeof(int));
		for (k = 0; k < e->ff.nheld; k++)
			e->ff.held[k] = (int)get64(&p, end, &bad);
		e->ff.repeat_open = (int)get64(&p, end, &bad);
		e->ff.nruns = (size_t)get64(&p, end, &bad);
		if (bad || e->ff.nruns > (size_t)(end - p) / 8) {
			e->ff.nruns = 0;
			bad = 1;
			break;
		}
		e->ff.runs = xcalloc(e->ff.nruns ? e->ff.nruns : 1, sizeof(int));
		for (k = 0; k < e->ff.nruns; k++)
			e->ff.runs[k] = (int)get64(&p, end, &bad);
		if (i && strcmp(fc->v[i - 1].handle, e->handle) >= 0)
			bad = 1;     /* written sorted: bsearch needs it */
	}
	if (bad || p != end) {
		release_entries(fc->v, fc->n);
		fc->v = NULL;
		fc->n = fc->alloc = 0;
	}
done:
	strbuf_release(&sb);
}

/* This run's figures of handle's file, for the cache to keep (a copy). */
static void figs_keep(struct figs_cache *fc, const char *handle, uint64_t len,
		      uint64_t h1, uint64_t h2, struct file_figs *ff)
{
	struct figs_entry *e;

	ALLOC_GROW(fc->out, fc->nout + 1, fc->out_alloc);
	e = &fc->out[fc->nout++];
	e->handle = xstrdup(handle);
	e->len = len;
	e->h1 = h1;
	e->h2 = h2;
	file_figs_copy(&e->ff, ff);
}

static void figs_write(struct figs_cache *fc)
{
	struct strbuf sb = STRBUF_INIT;
	uint64_t sum, h2;
	size_t i, k;

	if (!fc->path || (!fc->changed && fc->nout == fc->n))
		return;
	qsort(fc->out, fc->nout, sizeof(*fc->out), cmp_entry);
	strbuf_addstr(&sb, FIGS_MAGIC);
	for (k = 0; k < 3; k++)
		put64(&sb, fc->settings[k]);
	put64(&sb, fc->nout);
	for (i = 0; i < fc->nout; i++) {
		const struct figs_entry *e = &fc->out[i];
		put64(&sb, strlen(e->handle));
		strbuf_addstr(&sb, e->handle);
		put64(&sb, e->len);
		put64(&sb, e->h1);
		put64(&sb, e->h2);
		put64(&sb, (uint64_t)(int64_t)e->ff.cadence_days);
		put64(&sb, (uint64_t)(int64_t)e->ff.repeat);
		put64(&sb, e->ff.nheld);
		for (k = 0; k < e->ff.nheld; k++)
			put64(&sb, (uint64_t)(int64_t)e->ff.held[k]);
		put64(&sb, (uint64_t)(int64_t)e->ff.repeat_open);
		put64(&sb, e->ff.nruns);
		for (k = 0; k < e->ff.nruns; k++)
			put64(&sb, (uint64_t)(int64_t)e->ff.runs[k]);
	}
	hash_bytes(sb.buf, sb.len, &sum, &h2);
	put64(&sb, sum);
	/* a cache not written costs the next run time, never a result */
	if (make_parent_dirs(fc->path) || atomic_write(fc->path, sb.buf, sb.len, 0600))
		warning("the stats cache was not written; the next run reads every person file again");
	strbuf_release(&sb);
}

static void figs_release(struct figs_cache *fc)
{
	release_entries(fc->v, fc->n);
	release_entries(fc->out, fc->nout);
	free(fc->path);
	memset(fc, 0, sizeof(*fc));
}

/*
 * The figures of the i-th person file: from the cache when its bytes are
 * the same, else parsed.  0, 1 when it is not a person (a bad name or
 * link, which lint reports), -1 when it cannot be read (printed, as
 * team_person prints it).
 */
static int file_figs(struct team *t, size_t i, struct figs_cache *fc,
		     struct file_figs *ff)
{
	struct person_file *f = &t->repo.files[i];
	struct strbuf sb = STRBUF_INIT;
	struct figs_entry key, *hit;
	struct person *p;
	uint64_t h1, h2;
	int rc = -1;

	if (!f->valid_handle || f->symlink_outside || f->dangling)
		return 1;
	if (!f->path) {
		char *people = path_join(t->root, "people");
		f->path = path_join(people, f->name);
		free(people);
	}
	if (strbuf_read_file(&sb, f->path, 16 * 1024 * 1024)) {
		error("cannot read %s: %s", f->path, strerror(errno));
		goto done;
	}
	hash_bytes(sb.buf, sb.len, &h1, &h2);
	key.handle = f->handle;
	hit = fc->n ? bsearch(&key, fc->v, fc->n, sizeof(*fc->v), cmp_entry) : NULL;
	if (hit && hit->len == sb.len && hit->h1 == h1 && hit->h2 == h2) {
		file_figs_copy(ff, &hit->ff);
	} else {
		if (!(p = person_read(f->path, f->handle, sb.buf, sb.len)))
			goto done;
		file_figs_of(t, p, f->path, ff);
		person_free(p);
		fc->changed = 1;
	}
	figs_keep(fc, f->handle, sb.len, h1, h2, ff);
	rc = 0;
done:
	strbuf_release(&sb);
	return rc;
}

/* The people with a file, sorted by handle, with what the files say. */
static int read_people(struct ctx *c, struct team *t, struct figs_cache *fc)
{
	struct file_figs ff;
	const char *path;
	struct person *p;
	size_t i;
	int rc = 0;

	if (opt_person) {
		if (!(p = team_find(t, opt_person, &path)))
			return -1;
		c->rows = xcalloc(1, sizeof(*c->rows));
		c->rows[0].handle = xstrdup(opt_person);
		c->nrows = 1;
		file_figs_of(t, p, path, &ff);
		cadence(c, opt_person, &ff, &c->rows[0].f);
		repeat_figures(&ff, &c->rows[0].f);
		file_figs_release(&ff);
		person_free(p);
		return 0;
	}
	if (fc->path)
		figs_read(fc);
	c->rows = xcalloc(t->repo.nfiles ? t->repo.nfiles : 1, sizeof(*c->rows));
	for (i = 0; i < t->repo.nfiles; i++) {
		struct row *r;
		int got = file_figs(t, i, fc, &ff);
		if (got) {
			if (got < 0)
				rc = -1;   /* reported; the others are still counted */
			continue;
		}
		r = &c->rows[c->nrows++];
		r->handle = xstrdup(t->repo.files[i].handle);
		cadence(c, r->handle, &ff, &r->f);
		repeat_figures(&ff, &r->f);
		file_figs_release(&ff);
	}
	qsort(c->rows, c->nrows, sizeof(*c->rows), cmp_row);
	return rc;
}

static int on_or_after(const struct ctx *c, const struct history *h, int commit)
{
	return !c->has_since || h->commits[commit].day >= c->since;
}

/* What the history says, item by item. */
static void read_history(struct ctx *c, const struct history *h)
{
	char *born_done = xcalloc(h->nitems ? h->nitems : 1, 1);
	char *had_due = xcalloc(h->nitems ? h->nitems : 1, 1);
	int *slips = xcalloc(h->nitems ? h->nitems : 1, sizeof(int));
	size_t i;

	for (i = 0; i < h->nevents; i++) {
		const struct hist_event *e = &h->events[i];
		const struct hist_item *it = &h->items[e->item];
		if (e->kind == EV_CLOSED && e->commit == it->added)
			born_done[e->item] = 1;
		if (e->kind == EV_REDATED && e->new_due >= 0)
			had_due[e->item] = 1;
		/* As history.c counts nslips: a checkpoint moved later. */
		if (e->kind == EV_REDATED && e->old_due >= 0 && e->new_due > e->old_due &&
		    on_or_after(c, h, e->commit))
			slips[e->item]++;
	}
	for (i = 0; i < h->nitems; i++) {
		const struct hist_item *it = &h->items[i];
		struct row *r = row_of(c, it->handle);
		struct figures *f;
		int open, closed_in;

		if (!r)
			continue;
		f = &r->f;
		open = !it->done && it->deleted < 0;
		closed_in = it->closed >= 0 && on_or_after(c, h, it->closed);
		if (open) {
			f->open[it->kind]++;
			if (it->due >= 0 && it->due < c->today)
				f->overdue[it->kind]++;
		}
		if ((it->kind == ITEM_TASK || it->kind == ITEM_ASK) && closed_in &&
		    it->closed != it->added)
			dist_add(&f->close[it->kind],
				 h->commits[it->closed].day - h->commits[it->added].day);
		if (born_done[i])
			continue;         /* never open in the history */
		if (had_due[i] || it->first_due >= 0 || it->due >= 0) {
			int alive = (it->closed < 0 || on_or_after(c, h, it->closed)) &&
				    (it->deleted < 0 || on_or_after(c, h, it->deleted));
			if (alive) {
				f->slip_items++;
				f->slipped += slips[i] > 0;
				f->slips += slips[i];
			}
		}
		if (it->kind == ITEM_ASK && it->escalate >= 0) {
			if (closed_in) {
				f->esc_asks++;
				f->esc_closed += h->commits[it->closed].day > it->escalate;
			} else if (open) {
				f->esc_asks++;
				f->esc_open += it->escalate < c->today;
			}
		}
	}
	free(born_done);
	free(had_due);
	free(slips);
}

static void add_figures(struct figures *to, const struct figures *f)
{
	size_t k, j;

	for (k = 0; k < 2; k++)
		for (j = 0; j < f->close[k].n; j++)
			dist_add(&to->close[k], f->close[k].v[j]);
	for (k = 0; k < NKINDS; k++) {
		to->open[k] += f->open[k];
		to->overdue[k] += f->overdue[k];
	}
	to->slip_items += f->slip_items;
	to->slipped += f->slipped;
	to->slips += f->slips;
	to->esc_asks += f->esc_asks;
	to->esc_closed += f->esc_closed;
	to->esc_open += f->esc_open;
	to->repeat += f->repeat;
	to->repeat_open += f->repeat_open;
	for (j = 0; j < f->repeat_runs.n; j++)
		dist_add(&to->repeat_runs, f->repeat_runs.v[j]);
	to->held += f->held;
	to->expected += f->expected;
	to->reviewed += f->reviewed;
	to->on_time += f->on_time;
	for (j = 0; j < f->review.n; j++)
		dist_add(&to->review, f->review.v[j]);
}

static void sort_figures(struct figures *f)
{
	size_t k;
	for (k = 0; k < 2; k++)
		if (f->close[k].n > 1)
			qsort(f->close[k].v, f->close[k].n, sizeof(int), cmp_int);
	if (f->review.n > 1)
		qsort(f->review.v, f->review.n, sizeof(int), cmp_int);
	if (f->repeat_runs.n > 1)
		qsort(f->repeat_runs.v, f->repeat_runs.n, sizeof(int), cmp_int);
}

static void release_figures(struct figures *f)
{
	free(f->close[0].v);
	free(f->close[1].v);
	free(f->review.v);
	free(f->repeat_runs.v);
}

/* ---- text ---- */

/* Does the terminal take UTF-8?  The locale's name says so (thread never
 * calls setlocale()): the first of LC_ALL, LC_CTYPE and LANG that is set. */
static int utf8_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vars); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strcasestr(v, "utf-8") || strcasestr(v, "utf8");
	}
	return 0;
}

/* One character per bin, as high as its count against the fullest bin. */
static void add_spread(struct strbuf *sb, const struct dist *d, int utf8)
{
	static const char *const blocks[] = { "\u2581", "\u2582", "\u2583", "\u2584",
		"\u2585", "\u2586", "\u2587", "\u2588" };
	static const char ascii[] = ":-=+*#%@";
	int max = 0, b;

	if (!d->n) {
		strbuf_addch(sb, '-');
		return;
	}
	for (b = 0; b < NBINS; b++)
		if (d->bins[b] > max)
			max = d->bins[b];
	for (b = 0; b < NBINS; b++) {
		int level = (d->bins[b] * 8 + max - 1) / max;     /* 0..8 */
		if (!level)
			strbuf_addch(sb, utf8 ? ' ' : '.');
		else if (utf8)
			strbuf_addstr(sb, blocks[level - 1]);
		else
			strbuf_addch(sb, ascii[level - 1]);
	}
}

/* A table of strings, its columns padded to their widest cell. */
struct table {
	const char *align;       /* 'l' or 'r' per column */
	size_t ncols;
	struct strbuf *cells;    /* row-major */
	size_t ncells, alloc;
};

static struct strbuf *cell(struct table *t)
{
	struct strbuf *sb;
	ALLOC_GROW(t->cells, t->ncells + 1, t->alloc);
	sb = &t->cells[t->ncells++];
	strbuf_init(sb, 0);
	return sb;
}

static void cellf(struct table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void cellf(struct table *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(cell(t), fmt, ap);
	va_end(ap);
}

/* Display width: one column per UTF-8 character. */
static size_t width(const struct strbuf *sb)
{
	size_t i, w = 0;
	for (i = 0; i < sb->len; i++)
		w += ((unsigned char)sb->buf[i] & 0xc0) != 0x80;
	return w;
}

static void table_print(struct strbuf *out, struct table *t)
{
	size_t *w = xcalloc(t->ncols, sizeof(*w));
	size_t i, j;

	for (i = 0; i < t->ncells; i++)
		if (width(&t->cells[i]) > w[i % t->ncols])
			w[i % t->ncols] = width(&t->cells[i]);
	for (i = 0; i < t->ncells; i += t->ncols) {
		size_t start = out->len;
		for (j = 0; j < t->ncols; j++) {
			const struct strbuf *c = &t->cells[i + j];
			size_t pad = w[j] - width(c);
			if (j)
				strbuf_addstr(out, "  ");
			if (t->align[j] == 'r')
				strbuf_addf(out, "%*s", (int)pad, "");
			strbuf_addbuf(out, c);
			if (t->align[j] != 'r')
				strbuf_addf(out, "%*s", (int)pad, "");
		}
		while (out->len > start && out->buf[out->len - 1] == ' ')
			strbuf_setlen(out, out->len - 1);
		strbuf_addch(out, '\n');
	}
	for (i = 0; i < t->ncells; i++)
		strbuf_release(&t->cells[i]);
	free(t->cells);
	free(w);
}

static void close_cells(struct table *t, const struct dist *d, int utf8)
{
	cellf(t, "%zu", d->n);
	if (d->n) {
		cellf(t, "%d", percentile(d, 50));
		cellf(t, "%d", percentile(d, 90));
	} else {
		cellf(t, "-");
		cellf(t, "-");
	}
	add_spread(cell(t), d, utf8);
}

static void close_row(struct table *t, const char *who, const struct figures *f,
		      int utf8)
{
	cellf(t, "%s", who);
	close_cells(t, &f->close[ITEM_TASK], utf8);
	close_cells(t, &f->close[ITEM_ASK], utf8);
}

static void of_cell(struct table *t, int a, int b)
{
	if (b > 0)
		cellf(t, "%d of %d (%d%%)", a, b, percent(a, b));
	else
		cellf(t, "%d of %d", a, b);
}

static void loop_row(struct table *t, const char *who, const struct figures *f)
{
	cellf(t, "%s", who);
	cellf(t, "%d/%d/%d/%d", f->open[0], f->open[1], f->open[2], f->open[3]);
	cellf(t, "%d/%d/%d/%d", f->overdue[0], f->overdue[1], f->overdue[2], f->overdue[3]);
	of_cell(t, f->slipped, f->slip_items);
	cellf(t, "%d", f->slips);
	cellf(t, "%d of %d", f->esc_closed + f->esc_open, f->esc_asks);
	cellf(t, "%d", f->repeat);
	if (f->expected)
		of_cell(t, f->held, f->expected);
	else
		cellf(t, "-");
}

/* Repeating blockers over the whole thread: open now, stopped, and the
 * median sessions one ran before it stopped. */
static void repeat_row(struct table *t, const char *who, const struct figures *f)
{
	cellf(t, "%s", who);
	cellf(t, "%d", f->repeat_open);
	cellf(t, "%zu", f->repeat_runs.n);
	if (f->repeat_runs.n)
		cellf(t, "%d", percentile(&f->repeat_runs, 50));
	else
		cellf(t, "-");
}

/* Sessions held, closed out, within 24 hours; median days to closeout. */
static void review_row(struct table *t, const char *who, const struct figures *f)
{
	cellf(t, "%s", who);
	cellf(t, "%d", f->held);
	of_cell(t, f->reviewed, f->held);
	of_cell(t, f->on_time, f->held);
	if (f->review.n)
		cellf(t, "%d", percentile(&f->review, 50));
	else
		cellf(t, "-");
}

static void print_repeat_story(struct strbuf *out, const struct ctx *c,
			       const struct figures *team)
{
	static const char *const head[] = { "person", "repeating now", "stopped",
		"median sessions before stopping" };
	struct table t = { "lrrr", ARRAY_SIZE(head), NULL, 0, 0 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(head); i++)
		cellf(&t, "%s", head[i]);
	for (i = 0; i < c->nrows; i++)
		repeat_row(&t, c->rows[i].handle, &c->rows[i].f);
	if (!opt_person)
		repeat_row(&t, "team", team);
	strbuf_addch(out, '\n');
	table_print(out, &t);
}

static void print_text(struct strbuf *out, const struct ctx *c,
		       const struct figures *team)
{
	static const char *const head1[] = { "person", "tasks", "median", "p90", "spread",
		"asks", "median", "p90", "spread" };
	static const char *const head2[] = { "person", "open", "overdue",
		"slipped", "slips", "escalated", "repeating", "cadence kept" };
	struct table t1 = { "lrrrlrrrl", ARRAY_SIZE(head1), NULL, 0, 0 };
	static const char *const head3[] = { "person", "held", "closed out",
		"within 24h", "median days" };
	struct table t2 = { "llllrlrl", ARRAY_SIZE(head2), NULL, 0, 0 };
	struct table t3 = { "lrllr", ARRAY_SIZE(head3), NULL, 0, 0 };
	int utf8 = utf8_locale();
	size_t i;

	strbuf_addstr(out, "As of ");
	strbuf_add_date(out, c->today);
	if (c->has_since) {
		strbuf_addstr(out, ", since ");
		strbuf_add_date(out, c->since);
	} else {
		strbuf_addstr(out, ", over the whole history");
	}
	strbuf_addstr(out, "\n\n");
	for (i = 0; i < ARRAY_SIZE(head1); i++)
		cellf(&t1, "%s", head1[i]);
	for (i = 0; i < ARRAY_SIZE(head2); i++)
		cellf(&t2, "%s", head2[i]);
	for (i = 0; i < ARRAY_SIZE(head3); i++)
		cellf(&t3, "%s", head3[i]);
	for (i = 0; i < c->nrows; i++) {
		close_row(&t1, c->rows[i].handle, &c->rows[i].f, utf8);
		loop_row(&t2, c->rows[i].handle, &c->rows[i].f);
		review_row(&t3, c->rows[i].handle, &c->rows[i].f);
	}
	if (!opt_person) {
		close_row(&t1, "team", team, utf8);
		loop_row(&t2, "team", team);
		review_row(&t3, "team", team);
	}
	table_print(out, &t1);
	strbuf_addch(out, '\n');
	table_print(out, &t2);
	strbuf_addch(out, '\n');
	table_print(out, &t3);
	print_repeat_story(out, c, team);
	strbuf_addstr(out, "\nspread: tasks or asks closed in 0-2, 3-6, 7-13, 14-27, 28-55 and 56+ days\n"
		      "open, overdue: tasks/asks/priorities/reps\n"
		      "closed out: sessions held in the period that have their closeout commit;"
		      " within 24h: by the end of the day after the meeting\n");
}

/* ---- json ---- */

static void js_close(struct strbuf *sb, const char *key, const struct dist *d)
{
	int b;

	strbuf_addf(sb, "\"%s\":{\"closed\":%zu,", key, d->n);
	if (d->n)
		strbuf_addf(sb, "\"median\":%d,\"p90\":%d,", percentile(d, 50),
			    percentile(d, 90));
	else
		strbuf_addstr(sb, "\"median\":null,\"p90\":null,");
	strbuf_addstr(sb, "\"histogram\":[");
	for (b = 0; b < NBINS; b++)
		strbuf_addf(sb, "%s%d", b ? "," : "", d->bins[b]);
	strbuf_addstr(sb, "]}");
}

static void js_kinds(struct strbuf *sb, const char *key, const int *n)
{
	int k, total = 0;

	strbuf_addf(sb, "\"%s\":{", key);
	for (k = 0; k < NKINDS; k++) {
		strbuf_addf(sb, "\"%s\":%d,", item_kind_name((enum item_kind)k), n[k]);
		total += n[k];
	}
	strbuf_addf(sb, "\"total\":%d}", total);
}

static void js_percent(struct strbuf *sb, int a, int b)
{
	if (b > 0)
		strbuf_addf(sb, "\"percent\":%d", percent(a, b));
	else
		strbuf_addstr(sb, "\"percent\":null");
}

static void js_repeat_story(struct strbuf *sb, const struct figures *f)
{
	strbuf_addf(sb, "\n \"repeating_open_now\":%d,\"repeating_stopped\":%zu,"
		    "\"median_sessions_before_stopping\":", f->repeat_open, f->repeat_runs.n);
	if (f->repeat_runs.n)
		strbuf_addf(sb, "%d,", percentile(&f->repeat_runs, 50));
	else
		strbuf_addstr(sb, "null,");
}

static void js_figures(struct strbuf *sb, const struct figures *f)
{
	js_close(sb, "tasks", &f->close[ITEM_TASK]);
	strbuf_addch(sb, ',');
	js_close(sb, "asks", &f->close[ITEM_ASK]);
	strbuf_addstr(sb, ",\n ");
	js_kinds(sb, "open", f->open);
	strbuf_addch(sb, ',');
	js_kinds(sb, "overdue", f->overdue);
	strbuf_addf(sb, ",\n \"slips\":{\"items\":%d,\"slipped\":%d,", f->slip_items,
		    f->slipped);
	js_percent(sb, f->slipped, f->slip_items);
	strbuf_addf(sb, ",\"slips\":%d},\n \"escalations\":{\"asks\":%d,\"passed\":%d,"
		    "\"passed_closed\":%d,\"passed_open\":%d},\n \"repeating_blockers\":%d,",
		    f->slips, f->esc_asks, f->esc_closed + f->esc_open, f->esc_closed,
		    f->esc_open, f->repeat);
	js_repeat_story(sb, f);
	strbuf_addstr(sb, "\n \"cadence\":{");
	if (f->cadence_days) {
		strbuf_addf(sb, "\"days\":%d,", f->cadence_days);
		strbuf_add_json_date(sb, "from", f->from >= 0, f->from);
	} else {
		strbuf_addstr(sb, "\"days\":null,\"from\":null");
	}
	strbuf_addf(sb, ",\"held\":%d,\"expected\":%d,", f->held, f->expected);
	js_percent(sb, f->held, f->expected);
	strbuf_addf(sb, "},\n \"closeouts\":{\"held\":%d,\"closed_out\":%d,"
		    "\"within_24h\":%d,\"median_days\":", f->held, f->reviewed, f->on_time);
	if (f->review.n)
		strbuf_addf(sb, "%d,\"max_days\":%d}}", percentile(&f->review, 50),
			    f->review.v[f->review.n - 1]);
	else
		strbuf_addstr(sb, "null,\"max_days\":null}}");
}

static void print_json(struct strbuf *sb, const struct ctx *c,
		       const struct figures *team)
{
	size_t i;
	int b;

	strbuf_addstr(sb, c->shallow ? "{\"shallow\":true," : "{");
	strbuf_add_json_date(sb, "today", 1, c->today);
	strbuf_addch(sb, ',');
	strbuf_add_json_date(sb, "since", c->has_since, c->since);
	strbuf_addstr(sb, ",\"bins\":[");
	for (b = 0; b < NBINS; b++)
		strbuf_addf(sb, "%s%d", b ? "," : "", bin_low[b]);
	strbuf_addstr(sb, "],\n\"people\":[");
	for (i = 0; i < c->nrows; i++) {
		strbuf_addstr(sb, i ? ",\n{" : "\n{");
		strbuf_add_json_field(sb, "person", c->rows[i].handle);
		strbuf_addstr(sb, ",\n ");
		js_figures(sb, &c->rows[i].f);
	}
	strbuf_addstr(sb, "],\n\"team\":{\n ");
	js_figures(sb, team);
	strbuf_addstr(sb, "}\n");
}

/* ---- the command ---- */

int cmd_stats(int argc, const char **argv)
{
	struct history_opts o = { NULL, 0 };
	struct strbuf out = STRBUF_INIT, path = STRBUF_INIT;
	struct gitstore *g = NULL;
	struct history h;
	struct team team;
	struct figures all;
	struct ctx c;
	struct figs_cache figs;
	int n, rc = 2, loaded = 0, unread = 0;
	size_t i;

	memset(&c, 0, sizeof(c));
	memset(&figs, 0, sizeof(figs));
	memset(&h, 0, sizeof(h));
	memset(&all, 0, sizeof(all));
	memset(&team, 0, sizeof(team));
	n = parse_options(argc, argv, stats_options, stats_usage);
	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n) {
		error("unexpected argument '%s' (name a person with --person)", argv[0]);
		return 2;
	}
	if (opt_since) {
		if (date_arg("--since", opt_since, &c.since))
			return 2;
		c.has_since = 1;
	}
	if (team_open(&team, opt_today))
		goto done;
	c.today = team.today;
	c.loop = &c.own_loop;
	if (opt_person) {
		if (loop_load(&c.own_loop, team.root) ||
		    (unread = read_people(&c, &team, &figs)))
			goto done;
		strbuf_addf(&path, "people/%s.md", opt_person);
		o.only_path = path.buf;
	}
	n = gitstore_find(&g, ".");
	if (n < 0)
		goto done;
	if (n == 0) {
		o.progress = isatty(STDERR_FILENO);
		if (history_load(g, &o, &h))
			goto done;
		loaded = 1;
		c.shallow = gitstore_is_shallow(g);
		if (!opt_person)
			c.loop = &h.reviews;   /* kept in the history's cache */
	}
	if (!opt_person) {
		if (g) {
			strbuf_addf(&path, "%sthread/stats.cache", gitstore_gitdir(g));
			figs.path = strbuf_detach(&path, NULL);
		}
		figs.settings[0] = (uint64_t)(int64_t)team.config.repeat_window;
		figs.settings[1] = (uint64_t)(int64_t)team.config.repeat_min;
		memcpy(&figs.settings[2], &team.config.repeat_threshold, sizeof(double));
		unread = read_people(&c, &team, &figs);
		figs_write(&figs);
	}
	if (n == 0)
		read_history(&c, &h);
	else
		warning("not in a git repository: there is no history to count");
	for (i = 0; i < c.nrows; i++) {
		sort_figures(&c.rows[i].f);
		add_figures(&all, &c.rows[i].f);
	}
	sort_figures(&all);
	if (!strcmp(opt_format, "json"))
		print_json(&out, &c, &all);
	else
		print_text(&out, &c, &all);
	safe_write(stdout, out.buf, out.len);
	rc = unread ? 2 : 0;
done:
	if (loaded)
		history_release(&h);
	for (i = 0; i < c.nrows; i++) {
		release_figures(&c.rows[i].f);
		free(c.rows[i].handle);
	}
	free(c.rows);
	loop_release(&c.own_loop);
	figs_release(&figs);
	release_figures(&all);
	gitstore_free(g);
	team_close(&team);
	strbuf_release(&out);
	strbuf_release(&path);
	return rc;
}
