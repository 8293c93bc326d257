/*
 * stem.h - the only user of libstemmer: the English Snowball stem of a
 * word, so that "escalating" and "escalation" are one word to a search.
 */
#ifndef THREAD_STEM_H
#define THREAD_STEM_H

#include <stddef.h>

struct stemmer;

struct stemmer *stem_new(void);
void stem_free(struct stemmer *);
/* the English Snowball stem of word[0..len) (lowercase ASCII/UTF-8), valid until the next call */
const char *stem_word(struct stemmer *, const char *word, size_t len, size_t *out_len);

#endif
