/*
 * test-draft-score.c - how well thread draft finds what a manager writes
 * down, measured on labelled transcripts.
 *
 * For each NAME.truth of a set (tests/draft/, written apart from the
 * engine, and tests/draft-dev/, the examples it was developed on), the
 * transcript NAME.{txt,vtt,srt,json} is imported as thread transcript
 * import does and drafted; a candidate matches a truth row of the same
 * kind that lists one of its cited lines (or a line next to one), each
 * row at most once.  Precision and recall per kind are printed as TAP
 * comments; `ok` asserts only the targets for tasks and asks
 * together (below), which the engine meets on both sets.  The other
 * kinds have no target: their figures are printed, not asserted.
 *
 * DRAFT_SCORE_VERBOSE=1 prints every candidate and every missed row.
 */
#include "date.h"
#include "draft.h"
#include "strbuf.h"
#include "tap.h"
#include "transcript.h"
#include "util.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

/* The targets for tasks and asks together. */
#define TARGET_RECALL    0.8
#define TARGET_PRECISION 0.6

enum { K_TASKASK = DRAFT__COUNT, K__COUNT };

struct row {
	int kind;
	long lines[16];
	int nlines;
	int matched;
	char text[256];
};

struct meeting {
	char handle[128], name[128], manager[128];
	char speaker_id[4][128], speaker_to[4][128];   /* # speaker: ID = handle */
	struct transcript_speaker speakers[4];
	size_t nspeakers;
	int date, cadence;
	struct draft_known known[32];
	char known_h[32][128], known_n[32][128];
	size_t nknown;
	struct row rows[256];
	int nrows;
};

struct tally {
	int found[K__COUNT], right[K__COUNT], truth[K__COUNT], hit[K__COUNT];
};

static int verbose;

static int kind_of(const char *s)
{
	int k;
	for (k = 0; k < DRAFT__COUNT; k++)
		if (!strcmp(s, draft_kind_name((enum draft_kind)k)))
			return k;
	return -1;
}

/* "# person: kenji (Kenji Watanabe)" and friends. */
static void header(struct meeting *m, const char *line)
{
	char a[128] = "", b[128] = "";

	if (sscanf(line, "# person: %63s (%127[^)])", a, b) >= 1) {
		snprintf(m->handle, sizeof(m->handle), "%s", a);
		snprintf(m->name, sizeof(m->name), "%s", b);
	} else if (sscanf(line, "# manager: %127s (%127[^)])", a, b) >= 1) {
		/* the manager is not a third party: only their name is kept */
		snprintf(m->manager, sizeof(m->manager), "%s", b[0] ? b : a);
	} else if (sscanf(line, "# speaker: %63[^=]= %127s", a, b) == 2 &&
		   m->nspeakers < 4) {
		/* as --speaker ID=NAME would name them: the person's name for
		 * the person, the manager's for the manager */
		size_t n = strlen(a);
		while (n && a[n - 1] == ' ')
			a[--n] = 0;
		snprintf(m->speaker_id[m->nspeakers], 128, "%s", a);
		snprintf(m->speaker_to[m->nspeakers], 128, "%s",
			 !strcmp(b, m->handle) ? m->name : m->manager);
		m->nspeakers++;
	} else if (sscanf(line, "# date: %127s", a) == 1) {
		date_parse(a, strlen(a), &m->date);
	} else if (sscanf(line, "# cadence: %127s", a) == 1) {
		m->cadence = !strcmp(a, "biweekly") || !strcmp(a, "fortnightly") ? 14 :
			     !strcmp(a, "monthly") ? 28 : 7;
	} else if (sscanf(line, "# known: %127[^\n]", a) == 1) {
		char *save = NULL, *h;
		for (h = strtok_r(a, ", ", &save); h && m->nknown < 32;
		     h = strtok_r(NULL, ", ", &save)) {
			snprintf(m->known_h[m->nknown], 128, "%s", h);
			m->known[m->nknown].handle = m->known_h[m->nknown];
			m->known[m->nknown].name = NULL;
			m->nknown++;
		}
	} else if (sscanf(line, "# name: %63s = %127[^\n]", a, b) == 2) {
		size_t i;
		for (i = 0; i < m->nknown; i++)
			if (!strcmp(m->known_h[i], a)) {
				snprintf(m->known_n[i], 128, "%s", b);
				m->known[i].name = m->known_n[i];
			}
	}
}

static int read_truth(const char *path, struct meeting *m)
{
	struct strbuf sb = STRBUF_INIT;
	char *line, *save = NULL;

	memset(m, 0, sizeof(*m));
	m->cadence = 7;
	if (strbuf_read_file(&sb, path, 0) < 0)
		return -1;
	for (line = strtok_r(sb.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[5], *p = line;
		int n = 0;
		if (*line == '#') {
			header(m, line);
			continue;
		}
		while (n < 5) {
			f[n++] = p;
			if (!(p = strchr(p, '\t')))
				break;
			*p++ = 0;
		}
		if (n < 2 || kind_of(f[0]) < 0 || m->nrows >= 256)
			continue;
		{
			struct row *r = &m->rows[m->nrows++];
			char *q = f[1];
			memset(r, 0, sizeof(*r));
			r->kind = kind_of(f[0]);
			while (*q && r->nlines < 16) {
				r->lines[r->nlines++] = strtol(q, &q, 10);
				while (*q && (*q < '0' || *q > '9'))
					q++;
			}
			snprintf(r->text, sizeof(r->text), "%s", n >= 5 ? f[4] : "");
		}
	}
	strbuf_release(&sb);
	return 0;
}

static int cites(const struct row *r, const struct draft_candidate *c)
{
	int i;
	for (i = 0; i < r->nlines; i++)
		if (r->lines[i] >= c->first - 1 && r->lines[i] <= c->last + 1)
			return 1;
	return 0;
}

/* The first unmatched row of the kind (or of tasks and asks, for
 * K_TASKASK) that the candidate cites. */
static struct row *match(struct meeting *m, const struct draft_candidate *c, int group)
{
	int i;
	for (i = 0; i < m->nrows; i++) {
		struct row *r = &m->rows[i];
		int same = group ? (r->kind == DRAFT_TASK || r->kind == DRAFT_ASK)
				 : r->kind == (int)c->kind;
		if (same && !(r->matched & (group ? 2 : 1)) && cites(r, c)) {
			r->matched |= group ? 2 : 1;
			return r;
		}
	}
	return NULL;
}

static int load_transcript(const char *dir, const char *stem, struct meeting *m,
			   struct strbuf *out)
{
	static const char *const ext[] = { ".txt", ".vtt", ".srt", ".json" };
	struct transcript_error err;
	size_t i, k;

	for (i = 0; i < ARRAY_SIZE(ext); i++) {
		struct strbuf raw = STRBUF_INIT;
		char path[1024];
		snprintf(path, sizeof(path), "%s/%s%s", dir, stem, ext[i]);
		if (strbuf_read_file(&raw, path, 64 << 20) < 0) {
			strbuf_release(&raw);
			continue;
		}
		for (k = 0; k < m->nspeakers; k++)
			m->speakers[k] = (struct transcript_speaker){ m->speaker_id[k],
								      m->speaker_to[k], 1 };
		if (transcript_import_map(path, raw.buf, raw.len, TRANSCRIPT_AUTO,
					  m->speakers, m->nspeakers, out, &err, NULL) < 0) {
			printf("# %s: %s\n", path, err.message);
			strbuf_release(&raw);
			return -1;
		}
		strbuf_release(&raw);
		return 0;
	}
	return -1;
}

static void score_one(const char *dir, const char *stem, struct tally *t)
{
	struct strbuf tx = STRBUF_INIT;
	struct draft d = DRAFT_INIT;
	struct meeting *m = xcalloc(1, sizeof(*m));
	char path[1024];
	size_t i;
	int k;

	snprintf(path, sizeof(path), "%s/%s.truth", dir, stem);
	if (read_truth(path, m) || load_transcript(dir, stem, m, &tx)) {
		ok(0, "%s/%s: the truth and its transcript are read", dir, stem);
		goto done;
	}
	{
		struct draft_input in = { tx.buf, tx.len, m->handle,
					  m->name[0] ? m->name : NULL, m->date,
					  m->cadence, 2, m->known, m->nknown };
		draft_extract(&in, &d);
	}
	for (i = 0; i < d.nr; i++) {
		const struct draft_candidate *c = &d.v[i];
		struct row *r;
		if (c->skeleton)
			continue;
		t->found[c->kind]++;
		if ((r = match(m, c, 0)))
			t->right[c->kind]++;
		if (c->kind == DRAFT_TASK || c->kind == DRAFT_ASK) {
			t->found[K_TASKASK]++;
			if (match(m, c, 1))
				t->right[K_TASKASK]++;
		}
		if (verbose)
			printf("# %s %s %ld-%ld @%s [%s] %s\n", r ? "  " : "FP", draft_kind_name(c->kind),
			       c->first, c->last, c->owner ? c->owner : "-", c->cue, c->text);
	}
	for (k = 0; k < m->nrows; k++) {
		const struct row *r = &m->rows[k];
		t->truth[r->kind]++;
		t->hit[r->kind] += r->matched & 1;
		if (r->kind == DRAFT_TASK || r->kind == DRAFT_ASK) {
			t->truth[K_TASKASK]++;
			t->hit[K_TASKASK] += (r->matched & 2) != 0;
		}
		if (verbose && !(r->matched & 1))
			printf("# MISS %s %ld %s\n", draft_kind_name((enum draft_kind)r->kind),
			       r->lines[0], r->text);
	}
done:
	draft_release(&d);
	strbuf_release(&tx);
	free(m);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Score every NAME.truth of dir; 0 when the set is not there. */
static int score_set(const char *dir, struct tally *t)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	char *names[512];
	int n = 0, i;

	if (!dh)
		return 0;
	while ((e = readdir(dh)) && n < 512) {
		size_t len = strlen(e->d_name);
		if (len > 6 && !strcmp(e->d_name + len - 6, ".truth"))
			names[n++] = xstrndup(e->d_name, len - 6);
	}
	closedir(dh);
	qsort(names, (size_t)n, sizeof(*names), cmp);
	for (i = 0; i < n; i++) {
		if (verbose)
			printf("# == %s/%s\n", dir, names[i]);
		score_one(dir, names[i], t);
		free(names[i]);
	}
	return n;
}

static double ratio(int a, int b)
{
	return b ? (double)a / b : 0;
}

static void print(const char *set, const struct tally *t)
{
	int k;
	for (k = 0; k < K__COUNT; k++)
		if (t->truth[k] || k != DRAFT_FEEDBACK)   /* feedback is not labelled */
			printf("# %s %-9s precision %.2f (%d/%d)  recall %.2f (%d/%d)\n", set,
		       k == K_TASKASK ? "tasks/asks" : draft_kind_name((enum draft_kind)k),
		       ratio(t->right[k], t->found[k]), t->right[k], t->found[k],
		       ratio(t->hit[k], t->truth[k]), t->hit[k], t->truth[k]);
}

int main(void)
{
	struct tally dev, lab;
	int n;

	verbose = getenv("DRAFT_SCORE_VERBOSE") != NULL;
	memset(&dev, 0, sizeof(dev));
	memset(&lab, 0, sizeof(lab));

	n = score_set("tests/draft-dev", &dev);
	ok(n > 0, "the development examples are there (%d)", n);
	print("dev", &dev);
	ok(ratio(dev.hit[K_TASKASK], dev.truth[K_TASKASK]) >= TARGET_RECALL,
	   "dev: tasks/asks recall >= %.1f", TARGET_RECALL);
	ok(ratio(dev.right[K_TASKASK], dev.found[K_TASKASK]) >= TARGET_PRECISION,
	   "dev: tasks/asks precision >= %.1f", TARGET_PRECISION);

	n = score_set("tests/draft", &lab);
	printf("# labelled set: %d transcripts\n", n);
	if (n) {
		print("labelled", &lab);
		ok(ratio(lab.hit[K_TASKASK], lab.truth[K_TASKASK]) >= TARGET_RECALL,
		   "labelled: tasks/asks recall >= %.1f", TARGET_RECALL);
		ok(ratio(lab.right[K_TASKASK], lab.found[K_TASKASK]) >= TARGET_PRECISION,
		   "labelled: tasks/asks precision >= %.1f", TARGET_PRECISION);
	}
	return done_testing();
}
