/* Unit tests: how close in meaning two words are (lexicon.c): Snowball
 * stems, WordNet synonyms and derivations, the workplace thesaurus, and
 * that WordNet is opened only when a word is looked up. */
#include "lexicon.h"
#include "tap.h"

#include <stdlib.h>
#include <time.h>
#include <sys/resource.h>

static double relate(struct lexicon *lex, const char *a, const char *b)
{
	return lexicon_relate(lex, a, strlen(a), b, strlen(b));
}

#define RELATED(lex, a, b, want) \
	ok(relate(lex, a, b) == (want), "'%s' ~ '%s' is %.1f (%.2f)", a, b, \
	   (double)(want), relate(lex, a, b))

static long max_rss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void test_lazy(void)
{
	struct lexicon *lex = lexicon_new();
	struct timespec t0, t1;
	long rss0 = max_rss_kb();

	ok(!lexicon_wordnet_opened(lex), "a new lexicon has not opened WordNet");
	/* the same word and the same stem need no dictionary */
	RELATED(lex, "approvals", "approvals", 1.0);
	RELATED(lex, "migrating", "migrated", 1.0);
	ok(!lexicon_wordnet_opened(lex), "nor have words of one stem");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	relate(lex, "decide", "decision");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ok(lexicon_wordnet_opened(lex), "the first lookup opens WordNet");
	printf("# first WordNet lookup: %.1f ms, max RSS %ld -> %ld KiB\n",
	       (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
	       rss0, max_rss_kb());
	lexicon_free(lex);
}

static void test_wordnet(void)
{
	struct lexicon *lex = lexicon_new();

	/* one Snowball stem */
	RELATED(lex, "approve", "approval", 1.0);
	RELATED(lex, "reviewer", "review", 1.0);
	/* WordNet alone (the thesaurus has none of these) */
	RELATED(lex, "decide", "decision", LEXICON_RELATED);
	RELATED(lex, "tardy", "late", LEXICON_RELATED);
	RELATED(lex, "approve", "sanction", LEXICON_RELATED);
	RELATED(lex, "hire", "employ", LEXICON_RELATED);
	/* and with the thesaurus */
	RELATED(lex, "slow", "sluggish", LEXICON_RELATED);
	RELATED(lex, "delayed", "late", LEXICON_RELATED);
	/* different things stay apart */
	RELATED(lex, "vpn", "database", 0.0);
	RELATED(lex, "access", "review", 0.0);
	RELATED(lex, "slow", "access", 0.0);
	RELATED(lex, "license", "laptop", 0.0);
	RELATED(lex, "dpa", "terms", 0.0);
	lexicon_free(lex);
}

static void test_thesaurus(void)
{
	struct lexicon *lex = lexicon_new();
	size_t n;

	RELATED(lex, "perms", "permissions", LEXICON_RELATED);
	RELATED(lex, "perms", "access", LEXICON_RELATED);
	RELATED(lex, "env", "environment", LEXICON_RELATED);
	RELATED(lex, "req", "requisition", LEXICON_RELATED);
	RELATED(lex, "ci", "pipeline", LEXICON_RELATED);
	RELATED(lex, "tos", "terms", LEXICON_RELATED);
	RELATED(lex, "pr", "pull request", LEXICON_RELATED);
	ok(lexicon_concepts(lex, "pull request", 12, &n) && n > 0,
	   "a two-word phrase of the thesaurus has concepts");
	ok(!lexicon_concepts(lex, "pull quest", 10, &n) || !n,
	   "a phrase the thesaurus does not list has none");
	lexicon_free(lex);
}

int main(void)
{
	test_lazy();
	test_wordnet();
	test_thesaurus();
	return done_testing();
}
