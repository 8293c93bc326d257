/*
 * stem.h - English word stems, for matching words across their forms:
 * "migrating", "migrated" and "migration" all stem to "migrat".
 *
 * The only user of libstemmer (Snowball's English, "Porter2"); thread cite
 * and thread search both stem through here, so the two agree on what a
 * word's stem is.
 */
#ifndef THREAD_STEM_H
#define THREAD_STEM_H

#include <stddef.h>

struct stemmer;

/* A stemmer, or NULL (printed) when libstemmer cannot make one. */
struct stemmer *stem_new(void);
void stem_free(struct stemmer *);

/* the English Snowball stem of word[0..len) (lowercase ASCII/UTF-8), valid
 * until the next call */
const char *stem_word(struct stemmer *, const char *word, size_t len,
		      size_t *out_len);

#endif
