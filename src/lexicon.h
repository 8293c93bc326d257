/*
 * lexicon.h - how close in meaning two words are.
 *
 * The only user of WordNet (wn.h, -lwordnet; Debian's wordnet-dev and
 * wordnet-base): a word's meanings are the WordNet synsets of its most
 * common senses, with their derivational forms ("approve"/"approval") and,
 * for adjectives, the similar ones ("delayed"/"late").  On top of WordNet,
 * thread's own workplace thesaurus (data/thesaurus.tsv, compiled into the
 * binary) knows what a dictionary does not: "PR" is a pull request,
 * "perms" are permissions are access.  Words also meet by their Snowball
 * stem (stem.h), so "approvals" is "approval".
 *
 * WordNet's data files are opened on the first lookup that needs them, so
 * a run that never asks opens nothing; each word is looked up once and
 * cached.
 */
#ifndef THREAD_LEXICON_H
#define THREAD_LEXICON_H

#include <stddef.h>

/* What a synonym, derivational form or thesaurus equivalent is worth,
 * next to 1.0 for the same word or stem. */
#define LEXICON_RELATED 0.6

struct lexicon;

/* Never fails: WordNet's database (/usr/share/wordnet, wn.h, -lwordnet) is opened
 * lazily on the first lookup; without it only the thesaurus is known.  The caller
 * owns the lexicon and frees it with lexicon_free().  Not thread-safe (WordNet's
 * library has global state): use one from one thread. */
struct lexicon *lexicon_new(void);
void lexicon_free(struct lexicon *);
/* How close in meaning two words are (lowercase UTF-8 as written, not stemmed):
 * 1.0 the same word or Snowball stem; LEXICON_RELATED (a constant < 1, e.g. 0.6)
 * a WordNet synonym, derivational form ("approve"/"approval"), or an equivalent in
 * thread's workplace thesaurus ("perms"/"permissions"/"access"); 0 otherwise.
 * Lookups are cached per word. */
double lexicon_relate(struct lexicon *, const char *a, size_t alen, const char *b, size_t blen);

/*
 * For matching many words fast: the meanings of a word as a sorted array
 * of concept ids (WordNet synsets and thesaurus lines), *n of them, valid
 * until the lexicon is freed.  Two different stems are related exactly
 * when their concept arrays share an id.  A phrase of two words ("pull
 * request") has concepts when the thesaurus lists it.
 */
const long *lexicon_concepts(struct lexicon *, const char *word, size_t len, size_t *n);

/* The Snowball stem of word, valid until the lexicon is freed. */
const char *lexicon_stem(struct lexicon *, const char *word, size_t len, size_t *out_len);

/* Whether WordNet's database has been opened (for tests: a run that never
 * looks a word up must not open it). */
int lexicon_wordnet_opened(const struct lexicon *);

#endif
