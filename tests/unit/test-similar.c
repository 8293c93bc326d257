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
	words_are("Waiting on prod DB access from infra",
		  "production databas access infrastructur");
	/* "granted" and "access" are one concept: access */
	words_are("blocked: infra hasn't granted DB access yet",
		  "infrastructur access databas");
	words_are("Approvals pending; approved? approval", "approv");
	words_are("INFRA-4471 still open [t:3-4] #access @dave",
		  "tk:infra-4471 infrastructur open access dave");
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
}

struct labelled {
	char **group;
	char **text;
	int n, alloc;
};

static int load(struct labelled *l, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	size_t alloc = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *tab = strchr(line, '\t'), *nl = strchr(line, '\n');
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
	fclose(f);
	return 0;
}

/* Pairwise precision and recall: of the pairs put together, how many
 * belong together; of those that belong together, how many were put so. */
static void test_labelled(void)
{
	struct labelled l = { 0 };
	struct simset *s = simset_new(SIMILAR_THRESHOLD);
	long tp = 0, fp = 0, fn = 0;
	int i, j, groups = 0;

	ok(!load(&l, "tests/repeat/labelled.tsv"), "the labelled set reads");
	for (i = 0; i < l.n; i++)
		simset_add(s, l.text[i], strlen(l.text[i]));
	simset_cluster(s);
	for (i = 0; i < l.n; i++) {
		int first = 1;
		for (j = 0; j < i; j++)
			first &= strcmp(l.group[i], l.group[j]) != 0;
		groups += first;
		for (j = i + 1; j < l.n; j++) {
			int same = !strcmp(l.group[i], l.group[j]);
			int put = simset_group(s, i) == simset_group(s, j);
			tp += same && put;
			fp += !same && put;
			fn += same && !put;
		}
	}
	ok(l.n >= 150 && groups >= 30, "at least 150 phrasings in 30 groups (%d in %d)",
	   l.n, groups);
	{
		double p = tp + fp ? (double)tp / (double)(tp + fp) : 1;
		double r = tp + fn ? (double)tp / (double)(tp + fn) : 1;
		printf("# labelled set: %d phrasings, %d groups; pairs: %ld true, %ld false, %ld missed\n",
		       l.n, groups, tp, fp, fn);
		printf("# precision %.3f, recall %.3f\n", p, r);
		/* Guards at the operating point (threshold 0.4), which favours
		 * precision: a pattern a manager is shown must be real. */
		ok(p >= 0.95, "precision %.3f is at least 0.95", p);
		ok(r >= 0.09, "recall %.3f is at least 0.09", r);
	}
	if (getenv("SIMILAR_DEBUG"))
		for (i = 0; i < l.n; i++)
			for (j = i + 1; j < l.n; j++) {
				int same = !strcmp(l.group[i], l.group[j]);
				int put = simset_group(s, i) == simset_group(s, j);
				if (same != put)
					printf("# %s: %s | %s | %s (%.2f)\n", same ? "MISSED" : "FALSE",
					       l.group[i], l.text[i], l.text[j],
					       simset_similarity(s, i, j));
			}
	for (i = 0; i < l.n; i++) {
		free(l.group[i]);
		free(l.text[i]);
	}
	free(l.group);
	free(l.text);
	simset_free(s);
}

int main(void)
{
	test_words();
	test_pairs();
	test_labelled();
	return done_testing();
}
