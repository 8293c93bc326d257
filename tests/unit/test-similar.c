/* Unit tests: grouping blockers that say the same thing (similar.c), and
 * its precision and recall on the labelled set tests/repeat/labelled.tsv. */
#include "similar.h"
#include "strbuf.h"
#include "tap.h"

#include <stdlib.h>

static int same_group(const char *a, const char *b)
{
	struct simset *s = simset_new(SIMILAR_THRESHOLD);
	int x = simset_add(s, a, strlen(a)), y = simset_add(s, b, strlen(b)), r;
	simset_cluster(s);
	r = simset_group(s, x) == simset_group(s, y);
	simset_free(s);
	return r;
}

static void words_are(const char *text, const char *want)
{
	struct simset *s = simset_new(SIMILAR_THRESHOLD);
	struct strbuf sb = STRBUF_INIT;
	simset_words(s, simset_add(s, text, strlen(text)), &sb);
	is_str(sb.buf, want, "words of '%s'", text);
	strbuf_release(&sb);
	simset_free(s);
}

static void test_words(void)
{
	/* Snowball stems; "waiting", "on", "from" say nothing */
	words_are("Waiting on prod DB access from infra", "prod db access infra");
	words_are("blocked: infra hasn't granted DB access yet",
		  "infra grant db access");
	words_are("Approvals pending; approved? approval", "approv");
	words_are("INFRA-4471 still open [t:3-4] #access @dave",
		  "tk:infra-4471 infra open access dave");
	/* what the thesaurus knows as one word stays one */
	words_are("pull requests waiting on the on-call SRE",
		  "pull requests on-cal sre");
}

static void test_pairs(void)
{
	ok(same_group("Waiting on prod DB access from infra",
		      "still no prod database access (infra)"), "paraphrase 1 ~ 2");
	ok(same_group("Waiting on prod DB access from infra",
		      "blocked: infra hasn't granted DB access yet"), "paraphrase 1 ~ 3");
	ok(same_group("still no prod database access (infra)",
		      "blocked: infra hasn't granted DB access yet"), "paraphrase 2 ~ 3");
	ok(!same_group("Waiting on prod DB access from infra",
		       "staging database is broken again"), "one shared word is not enough");
	ok(!same_group("waiting on design review from @design-lead",
		       "waiting on security review from @security"), "two different reviews");
	ok(same_group("budget #q1-plan", "hiring plan #q1-plan"), "a shared #tag is one blocker");
	ok(same_group("INFRA-4471 stuck", "nothing moves on INFRA-4471"), "a shared ticket");
	ok(!same_group("@dave is out", "@dave is busy with the launch"),
	   "a shared @handle alone is not a likeness");
	/* the lexicon: WordNet's derivations and synonyms, the workplace
	 * thesaurus (each apart under the suffix rules before it) */
	ok(same_group("pricing decision pending", "nobody has decided on pricing"),
	   "decision and decided: a derivation");
	ok(same_group("the release is tardy", "release late again"), "tardy and late: synonyms");
	ok(same_group("CI pipeline red on main", "build pipeline failing on main"),
	   "CI is the build pipeline, red is failing");
	ok(same_group("waiting on a req for the backend role",
		      "backend requisition not approved"), "a req is a requisition");
}

struct labelled {
	char **group;
	char **text;
	int n;
	int held_out;            /* the first held-out phrasing, or n */
};

/* GROUP<TAB>PHRASING lines; a comment naming "held-out" starts the part
 * the matcher was not developed on. */
static int load(struct labelled *l, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	size_t alloc = 0;

	if (!f)
		return -1;
	l->held_out = -1;
	while (fgets(line, sizeof(line), f)) {
		char *tab = strchr(line, '\t'), *nl = strchr(line, '\n');
		if (line[0] == '#' && strstr(line, "held-out") && l->held_out < 0)
			l->held_out = l->n;
		if (line[0] == '#' || !tab)
			continue;
		if (nl)
			*nl = '\0';
		*tab = '\0';
		if ((size_t)l->n >= alloc) {
			alloc = alloc ? alloc * 2 : 256;
			l->group = realloc(l->group, alloc * sizeof(char *));
			l->text = realloc(l->text, alloc * sizeof(char *));
		}
		l->group[l->n] = strdup(line);
		l->text[l->n++] = strdup(tab + 1);
	}
	if (l->held_out < 0)
		l->held_out = l->n;
	fclose(f);
	return 0;
}

struct score {
	long tp, fp, fn;
	int groups;
	double p, r;
};

/* Pairwise precision and recall of grouping phrasings [from, to) at a
 * threshold: of the pairs put together, how many belong together; of
 * those that belong together, how many were put so. */
static struct score score(const struct labelled *l, int from, int to,
			  double threshold, int debug)
{
	struct simset *s = simset_new(threshold);
	struct score sc = { 0 };
	int i, j;

	for (i = from; i < to; i++)
		simset_add(s, l->text[i], strlen(l->text[i]));
	simset_cluster(s);
	for (i = from; i < to; i++) {
		int first = 1;
		for (j = from; j < i; j++)
			first &= strcmp(l->group[i], l->group[j]) != 0;
		sc.groups += first;
		for (j = i + 1; j < to; j++) {
			int same = !strcmp(l->group[i], l->group[j]);
			int put = simset_group(s, i - from) == simset_group(s, j - from);
			sc.tp += same && put;
			sc.fp += !same && put;
			sc.fn += same && !put;
			if (debug && same != put)
				printf("# %s: %s | %s | %s (%.2f)\n", same ? "MISSED" : "FALSE",
				       l->group[i], l->text[i], l->text[j],
				       simset_similarity(s, i - from, j - from));
		}
	}
	sc.p = sc.tp + sc.fp ? (double)sc.tp / (double)(sc.tp + sc.fp) : 1;
	sc.r = sc.tp + sc.fn ? (double)sc.tp / (double)(sc.tp + sc.fn) : 1;
	simset_free(s);
	return sc;
}

static void curve(const struct labelled *l, int from, int to, const char *part)
{
	int k;
	printf("# %s: threshold precision recall\n", part);
	for (k = 0; k <= 10; k++) {
		double t = 0.2 + 0.05 * k;
		struct score sc = score(l, from, to, t, 0);
		printf("#   %.2f %.3f %.3f%s\n", t, sc.p, sc.r,
		       t > SIMILAR_THRESHOLD - 0.001 && t < SIMILAR_THRESHOLD + 0.001 ?
		       "  (the default)" : "");
	}
}

static struct score report(const struct labelled *l, int from, int to, const char *part)
{
	struct score sc = score(l, from, to, SIMILAR_THRESHOLD, 0);
	printf("# %s: %d phrasings, %d groups; pairs: %ld true, %ld false, %ld missed\n",
	       part, to - from, sc.groups, sc.tp, sc.fp, sc.fn);
	printf("# %s: precision %.3f, recall %.3f at the default threshold %.2f\n",
	       part, sc.p, sc.r, SIMILAR_THRESHOLD);
	return sc;
}

/*
 * Grouping takes texts one by one, so a group forms around whoever came
 * first; the result must not hang much on that order.  A part of the set
 * in 8 fixed shuffles: the spread of precision and recall (a figure, not
 * a guard: the file's order, each group together, is the kindest).
 */
static void shuffles(const struct labelled *l, int from, int to, const char *part)
{
	struct labelled p = { 0 };
	double pmin = 1, pmax = 0, rmin = 1, rmax = 0;
	unsigned long long seed = 12345;
	int round, i;

	p.n = p.held_out = to - from;
	p.group = malloc((size_t)p.n * sizeof(char *));
	p.text = malloc((size_t)p.n * sizeof(char *));
	for (round = 0; round < 8; round++) {
		struct score sc;
		for (i = 0; i < p.n; i++) {
			p.group[i] = l->group[from + i];
			p.text[i] = l->text[from + i];
		}
		for (i = p.n - 1; i > 0; i--) {
			int j;
			char *t;
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			j = (int)((seed >> 33) % (unsigned long long)(i + 1));
			t = p.group[i], p.group[i] = p.group[j], p.group[j] = t;
			t = p.text[i], p.text[i] = p.text[j], p.text[j] = t;
		}
		sc = score(&p, 0, p.n, SIMILAR_THRESHOLD, 0);
		pmin = sc.p < pmin ? sc.p : pmin;
		pmax = sc.p > pmax ? sc.p : pmax;
		rmin = sc.r < rmin ? sc.r : rmin;
		rmax = sc.r > rmax ? sc.r : rmax;
	}
	printf("# %s in 8 shuffled orders: precision %.3f-%.3f, recall %.3f-%.3f\n",
	       part, pmin, pmax, rmin, rmax);
	free(p.group);
	free(p.text);
}

static void test_labelled(void)
{
	struct labelled l = { 0 };
	struct score whole;
	int i;

	ok(!load(&l, "tests/repeat/labelled.tsv"), "the labelled set reads");
	whole = report(&l, 0, l.n, "whole set");
	ok(l.n >= 150 && whole.groups >= 30, "at least 150 phrasings in 30 groups (%d in %d)",
	   l.n, whole.groups);
	if (l.held_out < l.n) {
		report(&l, 0, l.held_out, "developed-on part");
		report(&l, l.held_out, l.n, "held-out part");
	}
	shuffles(&l, 0, l.n, "whole set");
	if (l.held_out < l.n) {
		shuffles(&l, 0, l.held_out, "developed-on part");
		shuffles(&l, l.held_out, l.n, "held-out part");
	}
	curve(&l, 0, l.n, "whole set");
	if (l.held_out < l.n) {
		curve(&l, 0, l.held_out, "developed-on part");
		curve(&l, l.held_out, l.n, "held-out part");
	}
	/* Guards at the operating point, which favours precision: a pattern
	 * a manager is shown must be real. */
	ok(whole.p >= 0.9, "precision %.3f is at least 0.9", whole.p);
	/* The target is 0.7; the words alone do not get there (see
	 * the curve).  This guards what they reach: the suffix rules that
	 * came before reached 0.085. */
	ok(whole.r >= 0.12, "recall %.3f is at least 0.12", whole.r);
	if (whole.r < 0.7)
		printf("# recall %.3f is below the target 0.7\n", whole.r);
	if (getenv("SIMILAR_DEBUG"))
		score(&l, 0, l.held_out, getenv("SIMILAR_DEBUG_T") ? atof(getenv("SIMILAR_DEBUG_T")) : SIMILAR_THRESHOLD, 1);
	for (i = 0; i < l.n; i++) {
		free(l.group[i]);
		free(l.text[i]);
	}
	free(l.group);
	free(l.text);
}

int main(void)
{
	test_words();
	test_pairs();
	test_labelled();
	return done_testing();
}
