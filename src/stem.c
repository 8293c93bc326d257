#include "stem.h"
#include "util.h"

#include <libstemmer.h>
#include <stdlib.h>

struct stemmer {
	struct sb_stemmer *sb;
};

struct stemmer *stem_new(void)
{
	struct stemmer *s = xcalloc(1, sizeof(*s));

	/* NULL encoding is UTF-8; only running out of memory fails. */
	s->sb = sb_stemmer_new("english", NULL);
	if (!s->sb) {
		free(s);
		error("cannot start the English stemmer (libstemmer): out of memory");
		return NULL;
	}
	return s;
}

void stem_free(struct stemmer *s)
{
	if (!s)
		return;
	sb_stemmer_delete(s->sb);
	free(s);
}

const char *stem_word(struct stemmer *s, const char *word, size_t len,
		      size_t *out_len)
{
	const sb_symbol *r;

	/* libstemmer takes an int length; no word is that long, but a
	 * pasted blob could be: such a "word" is its own stem. */
	if (len > 1024 || !(r = sb_stemmer_stem(s->sb, (const sb_symbol *)word, (int)len))) {
		*out_len = len;
		return word;
	}
	*out_len = (size_t)sb_stemmer_length(s->sb);
	return (const char *)r;
}
