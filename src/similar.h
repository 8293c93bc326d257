/*
 * similar.h - group short texts (blockers) that say the same thing in
 * different words.
 *
 * Each text becomes a set of words: lowercased, without stop words or
 * the filler every blocker has ("waiting", "still", "blocked"), each by
 * its Snowball stem and its meanings (lexicon.h: WordNet and thread's
 * workplace thesaurus, so "perms" meets "access" and "PR" "pull request").
 * A word weighs by how few texts have it: a word most blockers share
 * counts little, a rare specific noun much.  Two texts are alike by the
 * weighted Dice overlap of their words, a word meeting the same stem in
 * full and a related one (a synonym, a derivation, a thesaurus
 * equivalent) at 0.7; texts that agree on only one word (the same
 * system, or the same kind of trouble, but not both) count half.  A shared @handle adds a little, and a shared #tag or
 * ticket makes them the same blocker.
 *
 * Grouping never compares every text with every other: texts are taken
 * one by one and compared only with a few members of the groups that
 * already share a word with them (an inverted index from words to
 * groups, keyed by stems and by meanings), so the work grows about
 * linearly with the number of texts.
 *
 * A struct simset owns copies of everything it is given.
 */
#ifndef THREAD_SIMILAR_H
#define THREAD_SIMILAR_H

#include <stddef.h>

struct simset;

#define SIMILAR_THRESHOLD 0.4    /* the default of repeat.threshold */

struct simset *simset_new(double threshold);
void simset_free(struct simset *s);

/* Add a text; returns its index (0, 1, ...). */
int simset_add(struct simset *s, const char *text, size_t len);

/* Group every text added so far; afterwards simset_group() answers. */
void simset_cluster(struct simset *s);
/* The group of text i: the index of the first text of its group. */
int simset_group(const struct simset *s, int i);
/* The similarity of texts a and b, from 0 to 1. */
double simset_similarity(const struct simset *s, int a, int b);

/* Append the normalised words of text i to out, space-separated (for
 * tests and for explaining a grouping). */
struct strbuf;
void simset_words(const struct simset *s, int i, struct strbuf *out);

#endif
