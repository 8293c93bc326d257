#include "lexicon.h"
#include "stem.h"
#include "util.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <wn.h>

/* WordNet's library keeps its open files and buffers in globals: two
 * lexicons in two threads must not be in it at once. */
static pthread_mutex_t wordnet_lock = PTHREAD_MUTEX_INITIALIZER;

/* build/gen/thesaurus.inc, made from data/thesaurus.tsv by the Makefile:
 * one string per line of equivalents, the words separated by tabs. */
static const char *const thesaurus_lines[] = {
#include "thesaurus.inc"
};

enum {
	/* A word's senses beyond its most common few are rare meanings
	 * ("review" as a magazine), which would relate it to everything. */
	SENSES = 3,
	MAX_LOOKUP = 64,
};

struct entry {
	char *word;              /* as given: lowercase, not stemmed */
	char *stem;
	size_t stem_len;
	long *ids;               /* sorted concept ids, once looked up */
	size_t nids;
	int looked_up;
};

struct lexicon {
	struct stemmer *stemmer;
	struct entry *table;     /* open addressing by word */
	size_t cap, n;
	/* thesaurus: stems of its words, each with its line's concept id */
	struct entry *thesaurus; /* sorted by stem */
	size_t nthesaurus;
	int thesaurus_read;
	int wordnet;             /* 0 not tried, 1 open, -1 unavailable */
};

static uint64_t hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	while (len--)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

struct lexicon *lexicon_new(void)
{
	struct lexicon *lex = xcalloc(1, sizeof(*lex));
	/* NULL only when out of memory (printed): stems are then the words */
	lex->stemmer = stem_new();
	return lex;
}

static void entry_release(struct entry *e)
{
	free(e->word);
	free(e->stem);
	free(e->ids);
}

void lexicon_free(struct lexicon *lex)
{
	size_t i;

	if (!lex)
		return;
	for (i = 0; i < lex->cap; i++)
		if (lex->table[i].word)
			entry_release(&lex->table[i]);
	for (i = 0; i < lex->nthesaurus; i++)
		entry_release(&lex->thesaurus[i]);
	free(lex->table);
	free(lex->thesaurus);
	stem_free(lex->stemmer);
	free(lex);
}

static char *stem_of(struct lexicon *lex, const char *w, size_t len, size_t *out_len)
{
	const char *s = w;

	*out_len = len;
	if (lex->stemmer)
		s = stem_word(lex->stemmer, w, len, out_len);
	return xstrndup(s, *out_len);
}

static void grow(struct lexicon *lex)
{
	size_t cap = lex->cap ? lex->cap * 2 : 256, i;
	struct entry *t = xcalloc(cap, sizeof(*t));

	for (i = 0; i < lex->cap; i++) {
		size_t j;
		if (!lex->table[i].word)
			continue;
		j = hash(lex->table[i].word, strlen(lex->table[i].word)) & (cap - 1);
		while (t[j].word)
			j = (j + 1) & (cap - 1);
		t[j] = lex->table[i];
	}
	free(lex->table);
	lex->table = t;
	lex->cap = cap;
}

/* The cache entry of a word, made (stemmed, not yet looked up) if new. */
static struct entry *entry_of(struct lexicon *lex, const char *w, size_t len)
{
	struct entry *e;
	size_t j;

	if ((lex->n + 1) * 2 > lex->cap)
		grow(lex);
	for (j = hash(w, len) & (lex->cap - 1); lex->table[j].word; j = (j + 1) & (lex->cap - 1))
		if (!strncmp(lex->table[j].word, w, len) && !lex->table[j].word[len])
			return &lex->table[j];
	e = &lex->table[j];
	e->word = xstrndup(w, len);
	e->stem = stem_of(lex, w, len, &e->stem_len);
	lex->n++;
	return e;
}

/* ---- the thesaurus ---- */

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->stem, y->stem);
	if (c)
		return c;
	return (x->ids[0] > y->ids[0]) - (x->ids[0] < y->ids[0]);
}

/* Each thesaurus word, by its stem, with the id of its line: thesaurus
 * ids are negative, WordNet's positive. */
static void read_thesaurus(struct lexicon *lex)
{
	size_t line, alloc = 0;

	lex->thesaurus_read = 1;
	for (line = 0; line < ARRAY_SIZE(thesaurus_lines); line++) {
		const char *p = thesaurus_lines[line];
		while (*p) {
			size_t len = strcspn(p, "\t");
			struct entry *e;
			if (len) {
				ALLOC_GROW(lex->thesaurus, lex->nthesaurus + 1, alloc);
				e = &lex->thesaurus[lex->nthesaurus++];
				memset(e, 0, sizeof(*e));
				e->word = xstrndup(p, len);
				e->stem = stem_of(lex, p, len, &e->stem_len);
				e->ids = xmalloc(sizeof(long));
				e->ids[0] = -(long)line - 1;
				e->nids = 1;
			}
			p += len;
			if (*p)
				p++;
		}
	}
	if (lex->nthesaurus > 1)
		qsort(lex->thesaurus, lex->nthesaurus, sizeof(*lex->thesaurus), cmp_entry);
}

/* ---- WordNet ---- */

static int quiet(char *msg)
{
	(void)msg;
	return -1;
}

/*
 * WordNet's library finds a word by a binary search of its index file
 * through stdio, every probe an lseek and a read: 40 system calls a word
 * and part of speech.  The same search over the file mapped into memory
 * (fmemopen) costs none, and only the pages it touches are read.  A file
 * that cannot be mapped is left as the library opened it.
 */
static void in_memory(FILE **fp)
{
	struct stat st;
	void *map;
	FILE *mem;

	if (!*fp || fstat(fileno(*fp), &st) || st.st_size <= 0)
		return;
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fileno(*fp), 0);
	if (map == MAP_FAILED)
		return;
	mem = fmemopen(map, (size_t)st.st_size, "r");
	if (!mem) {
		munmap(map, (size_t)st.st_size);
		return;
	}
	/* the mapping stays for the process, as WordNet's open files do */
	fclose(*fp);
	*fp = mem;
}

/* Open WordNet's files once, on first need; without them (no
 * wordnet-base), only the thesaurus and stems answer. */
static int wordnet_ready(struct lexicon *lex)
{
	if (!lex->wordnet) {
		int (*saved)(char *) = display_message;
		display_message = quiet;     /* its errors are not ours to print */
		if (OpenDB) {
			lex->wordnet = 1;
		} else if (!wninit()) {
			int pos;
			for (pos = 1; pos <= NUMPARTS; pos++)
				in_memory(&indexfps[pos]);
			lex->wordnet = 1;
		} else {
			lex->wordnet = -1;
		}
		display_message = saved;
	}
	return lex->wordnet > 0;
}

static void add_id(long **ids, size_t *n, size_t *alloc, long id)
{
	ALLOC_GROW(*ids, *n + 1, *alloc);
	(*ids)[(*n)++] = id;
}

static long synset_id(int pos, long offset)
{
	if (pos == SATELLITE)
		pos = ADJ;
	return offset * 8 + pos;
}

/* The concepts of one form of the word in one part of speech: its
 * commonest senses, their derivational forms, participles and similar
 * adjectives. */
static void wordnet_form(char *form, int pos, long **ids, size_t *n, size_t *alloc)
{
	IndexPtr idx = index_lookup(form, pos);
	int s;

	if (!idx)
		return;
	for (s = 0; s < idx->off_cnt && s < SENSES; s++) {
		SynsetPtr ss = read_synset(pos, (long)idx->offset[s], form);
		int p;
		if (!ss)
			continue;
		add_id(ids, n, alloc, synset_id(pos, ss->hereiam));
		for (p = 0; p < ss->ptrcount; p++) {
			int t = ss->ptrtyp[p];
			/* a derivation is between two words, not whole synsets */
			if (t == DERIVATION && ss->pfrm[p] && ss->pfrm[p] != ss->whichword)
				continue;
			if (t == DERIVATION || t == PPLPTR ||
			    (t == SIMPTR && pos == ADJ))
				add_id(ids, n, alloc, synset_id(ss->ppos[p], ss->ptroff[p]));
		}
		free_synset(ss);
	}
	free_index(idx);
}

static int wordnet_word(const char *w, size_t len)
{
	size_t i;
	if (len < 2 || len >= MAX_LOOKUP)
		return 0;
	for (i = 0; i < len; i++)
		if (!((w[i] >= 'a' && w[i] <= 'z') || w[i] == '-'))
			return 0;
	return 1;
}

static void wordnet_concepts(struct lexicon *lex, const char *w, size_t len,
			     long **ids, size_t *n, size_t *alloc)
{
	char word[MAX_LOOKUP], base[MAX_LOOKUP];
	int pos;

	if (!wordnet_word(w, len))
		return;
	pthread_mutex_lock(&wordnet_lock);
	if (!wordnet_ready(lex))
		goto done;
	memcpy(word, w, len);
	word[len] = '\0';
	for (pos = 1; pos <= NUMPARTS; pos++) {
		char *m;
		wordnet_form(word, pos, ids, n, alloc);
		/* its base forms: "delayed" is "delay", "approvals" "approval" */
		for (m = morphstr(word, pos); m; m = morphstr(NULL, pos)) {
			if (!strcmp(m, word) || strlen(m) >= sizeof(base))
				continue;
			strcpy(base, m);
			wordnet_form(base, pos, ids, n, alloc);
		}
	}
done:
	pthread_mutex_unlock(&wordnet_lock);
}

/* ---- concepts ---- */

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

static void thesaurus_concepts(struct lexicon *lex, const struct entry *e,
			       long **ids, size_t *n, size_t *alloc)
{
	size_t lo = 0, hi;

	if (!lex->thesaurus_read)
		read_thesaurus(lex);
	hi = lex->nthesaurus;
	while (lo < hi) {                /* the first entry with this stem */
		size_t mid = (lo + hi) / 2;
		if (strcmp(lex->thesaurus[mid].stem, e->stem) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < lex->nthesaurus && !strcmp(lex->thesaurus[lo].stem, e->stem); lo++)
		add_id(ids, n, alloc, lex->thesaurus[lo].ids[0]);
}

static void look_up(struct lexicon *lex, struct entry *e)
{
	size_t n = 0, alloc = 0, i, k = 0;
	long *ids = NULL;

	e->looked_up = 1;
	thesaurus_concepts(lex, e, &ids, &n, &alloc);
	if (!memchr(e->word, ' ', strlen(e->word)))
		wordnet_concepts(lex, e->word, strlen(e->word), &ids, &n, &alloc);
	if (n > 1)
		qsort(ids, n, sizeof(*ids), cmp_long);
	for (i = 0; i < n; i++)
		if (!k || ids[k - 1] != ids[i])
			ids[k++] = ids[i];
	e->ids = ids;
	e->nids = k;
}

const long *lexicon_concepts(struct lexicon *lex, const char *word, size_t len, size_t *n)
{
	struct entry *e = entry_of(lex, word, len);

	if (!e->looked_up)
		look_up(lex, e);
	*n = e->nids;
	return e->ids;
}

const char *lexicon_stem(struct lexicon *lex, const char *word, size_t len, size_t *out_len)
{
	struct entry *e = entry_of(lex, word, len);
	*out_len = e->stem_len;
	return e->stem;
}

static int share(const long *a, size_t na, const long *b, size_t nb)
{
	size_t i = 0, j = 0;
	while (i < na && j < nb) {
		if (a[i] == b[j])
			return 1;
		if (a[i] < b[j])
			i++;
		else
			j++;
	}
	return 0;
}

double lexicon_relate(struct lexicon *lex, const char *a, size_t alen,
		      const char *b, size_t blen)
{
	struct entry *x, *y;
	const long *xa, *ya;
	size_t nx, ny;

	if (alen == blen && !memcmp(a, b, alen))
		return 1.0;
	x = entry_of(lex, a, alen);
	y = entry_of(lex, b, blen);    /* may move x: the table can grow */
	x = entry_of(lex, a, alen);
	if (x->stem_len == y->stem_len && !memcmp(x->stem, y->stem, x->stem_len))
		return 1.0;
	xa = lexicon_concepts(lex, a, alen, &nx);
	ya = lexicon_concepts(lex, b, blen, &ny);
	return share(xa, nx, ya, ny) ? LEXICON_RELATED : 0;
}

int lexicon_wordnet_opened(const struct lexicon *lex)
{
	return lex->wordnet > 0;
}
