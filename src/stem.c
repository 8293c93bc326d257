#include "stem.h"
#include "util.h"

#include <libstemmer.h>

struct stemmer {
	struct sb_stemmer *sb;
};

struct stemmer *stem_new(void)
{
	struct stemmer *s = xcalloc(1, sizeof(*s));
	s->sb = sb_stemmer_new("english", "UTF_8");
	if (!s->sb)
		die("out of memory");
	return s;
}

void stem_free(struct stemmer *s)
{
	if (!s)
		return;
	sb_stemmer_delete(s->sb);
	free(s);
}

const char *stem_word(struct stemmer *s, const char *word, size_t len, size_t *out_len)
{
	const sb_symbol *r = sb_stemmer_stem(s->sb, (const sb_symbol *)word, (int)len);
	if (!r) {    /* out of memory inside libstemmer: the word as it is */
		*out_len = len;
		return word;
	}
	*out_len = (size_t)sb_stemmer_length(s->sb);
	return (const char *)r;
}
