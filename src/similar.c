#include "similar.h"
#include "lexicon.h"
#include "strbuf.h"
#include "util.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum {
	SAMPLE = 6,      /* members of a group a new text is compared with */
	CAND_CAP = 24,   /* groups remembered per word (the most recent) */
	MAX_WORD = 48,
	MAX_TEXT_WORDS = 64,    /* words of a headline compared */
};

/* Texts imagined without any given word (see weight()). */
#define PRIOR 20.0
/* What a related word (lexicon.h) counts for, next to 1 for the same
 * stem: below it, and above LEXICON_RELATED, which would make "db" and
 * "database" less alike than two words of one stem by more than a
 * spelling deserves. */
#define RELATED 0.7
/* What a likeness on a single shared word is worth (simset_similarity). */
#define ONE_WORD 0.5

/* A member's mean likeness to a group, as a share of the threshold. */
#define LINK_MEAN 0.8


/* ---- the words ---- */

/* Function words, and what every blocker says ("still waiting on ..."),
 * which tell one blocker from another no better than "the" does. */
static const char *const stop_words[] = {
	"a", "about", "after", "again", "ago", "all", "already", "also",
	"am", "an", "and", "another", "any", "anything", "are", "aren",
	"around", "as", "ask", "at", "away", "back", "be", "because", "been",
	"before", "being", "block", "blocker", "but", "by", "can", "cannot",
	"cant", "could", "couldn", "d", "day", "did", "didn", "do", "doe",
	"doesn", "don", "due", "each", "eg", "else", "etc", "even", "ever",
	"every", "few", "first", "for", "from", "get", "give", "given", "go",
	"got", "had", "hadn", "half", "has", "hasn", "have", "haven", "he",
	"her", "here", "him", "his", "how", "i", "ie", "in", "into", "is",
	"isn", "it", "its", "just", "keep", "last", "ll", "lot", "lots", "m",
	"make", "may", "me", "might", "more", "must", "my", "need", "new",
	"next", "no", "none", "nor", "not", "nothing", "now", "of", "off",
	"on", "one", "only", "onto", "or", "other", "our", "out", "over",
	"pend", "per", "put", "re", "really", "s", "second", "set", "should",
	"shouldn", "since", "so", "some", "still", "super", "sure", "t",
	"than", "that", "the", "their", "them", "then", "there", "these",
	"they", "third", "this", "those", "three", "till", "to", "today",
	"too", "two", "under", "until", "up", "us", "ve", "very", "via",
	"wa", "wait", "was", "wasn", "we", "week", "were", "weren", "what",
	"when", "where", "which", "who", "why", "will", "with", "without",
	"wk", "wks", "won", "wont", "would", "yesterday", "yet", "you",
	"your",
};

static int in_list(const char *w, const char *const *list, size_t n)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(w, list[mid]);
		if (!c)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* ---- what words mean ---- */

/*
 * One lexicon for the whole process, never freed: its cache of stems
 * and meanings then serves every set of texts, and thread history makes
 * one small set per session it reads.  What it hands out stays valid;
 * the lock makes it safe from sets in several threads.
 */
static struct lexicon *lexicon;
static pthread_mutex_t lexicon_lock = PTHREAD_MUTEX_INITIALIZER;

static const long *meanings(const char *w, size_t len, size_t *n)
{
	const long *ids;

	pthread_mutex_lock(&lexicon_lock);
	if (!lexicon)
		lexicon = lexicon_new();
	ids = lexicon_concepts(lexicon, w, len, n);
	pthread_mutex_unlock(&lexicon_lock);
	return ids;
}

static const char *stem_of(const char *w, size_t len, size_t *out_len)
{
	const char *st;

	pthread_mutex_lock(&lexicon_lock);
	if (!lexicon)
		lexicon = lexicon_new();
	st = lexicon_stem(lexicon, w, len, out_len);
	pthread_mutex_unlock(&lexicon_lock);
	return st;
}

/* ---- interning: words to small integers ---- */

struct dict {
	char **key;
	int *id;
	size_t cap, n;
	char **names;            /* id -> word */
	size_t names_alloc;
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static void dict_grow(struct dict *d)
{
	size_t cap = d->cap ? d->cap * 2 : 1024, i;
	char **key = xcalloc(cap, sizeof(*key));
	int *id = xcalloc(cap, sizeof(*id));

	for (i = 0; i < d->cap; i++) {
		size_t j;
		if (!d->key[i])
			continue;
		for (j = hash(d->key[i]) & (cap - 1); key[j]; j = (j + 1) & (cap - 1))
			;
		key[j] = d->key[i];
		id[j] = d->id[i];
	}
	free(d->key);
	free(d->id);
	d->key = key;
	d->id = id;
	d->cap = cap;
}

static int intern(struct dict *d, const char *w)
{
	size_t j;

	if ((d->n + 1) * 2 > d->cap)
		dict_grow(d);
	for (j = hash(w) & (d->cap - 1); d->key[j]; j = (j + 1) & (d->cap - 1))
		if (!strcmp(d->key[j], w))
			return d->id[j];
	d->key[j] = xstrdup(w);
	d->id[j] = (int)d->n;
	ALLOC_GROW(d->names, d->n + 1, d->names_alloc);
	d->names[d->n] = d->key[j];
	return (int)d->n++;
}

static void dict_release(struct dict *d)
{
	size_t i;
	for (i = 0; i < d->cap; i++)
		free(d->key[i]);
	free(d->key);
	free(d->id);
	free(d->names);
}

/* ---- texts ---- */

struct word {
	int id;                  /* of its Snowball stem (or "tk:" ticket) */
	const long *concepts;    /* its meanings (lexicon.h), sorted */
	size_t nconcepts;
	int from_handle;         /* only part of an @handle's name */
	int ticket;              /* a ticket id such as infra-4471 */
};

struct text {
	struct word *words;      /* sorted by id, unique */
	int nwords;
	int *tags, *handles;     /* sorted ids */
	int ntags, nhandles;
};

struct cluster {
	int sample[SAMPLE];
	int nsample;
};

struct simset {
	double threshold;
	struct dict dict;
	int *df;                 /* word id -> texts that have it */
	size_t df_alloc;
	double *weights;         /* word id -> weight(), for weights_n texts */
	size_t weights_n;
	struct text *texts;
	size_t n, alloc;
	int *parent;
	int *group;
	struct cluster *clusters;    /* by root text */
	int **postings;              /* key -> recent group roots */
	int *npostings;
	size_t postings_alloc;
	struct concept_keys {        /* concept id -> key, while grouping */
		long *concept;
		int *key;
		size_t cap, n;
	} ckeys;
};

struct simset *simset_new(double threshold)
{
	struct simset *s = xcalloc(1, sizeof(*s));
	s->threshold = threshold;
	return s;
}

struct collect {
	struct simset *s;
	struct word *words;
	int nwords, alloc_words;
	int *tags, ntags, alloc_tags;
	int *handles, nhandles, alloc_handles;
	int in_handle;           /* reading the parts of an @handle */
	char prev[MAX_WORD + 1]; /* the word before, for two-word phrases */
	int prev_at;             /* its index in words, or -1 */
};

static void add_word(struct collect *c, const char *w, size_t len,
		     const long *concepts, size_t nconcepts)
{
	char key[MAX_WORD * 2 + 2];
	size_t alloc = (size_t)c->alloc_words;

	memcpy(key, w, len);
	key[len] = '\0';
	ALLOC_GROW(c->words, (size_t)c->nwords + 1, alloc);
	c->alloc_words = (int)alloc;
	c->words[c->nwords].id = intern(&c->s->dict, key);
	c->words[c->nwords].concepts = concepts;
	c->words[c->nwords].nconcepts = nconcepts;
	c->words[c->nwords].from_handle = c->in_handle;
	c->words[c->nwords++].ticket = !strncmp(key, "tk:", 3);
}

static void add_id(struct collect *c, int **v, int *n, int *alloc_n, const char *w)
{
	size_t alloc = (size_t)*alloc_n;
	ALLOC_GROW(*v, (size_t)*n + 1, alloc);
	*alloc_n = (int)alloc;
	(*v)[(*n)++] = intern(&c->s->dict, w);
}

/*
 * Two words the workplace thesaurus knows as one ("pull request",
 * "build pipeline") become one word, which then meets "PR" or "CI".
 */
static int take_phrase(struct collect *c, const char *w, size_t len)
{
	char phrase[MAX_WORD * 2 + 2];
	size_t plen = strlen(c->prev), n;
	const long *concepts;

	if (c->prev_at < 0 || c->prev_at != c->nwords - 1 || !plen)
		return 0;
	memcpy(phrase, c->prev, plen);
	phrase[plen] = ' ';
	memcpy(phrase + plen + 1, w, len);
	concepts = meanings(phrase, plen + 1 + len, &n);
	if (!n)
		return 0;
	c->nwords--;
	add_word(c, phrase, plen + 1 + len, concepts, n);
	c->prev_at = -1;
	return 1;
}

/* One word as typed: stemmed, with its meanings, unless it says nothing. */
static void take_word(struct collect *c, const char *raw, size_t len)
{
	char w[MAX_WORD + 1];
	const char *st;
	const long *concepts;
	size_t i, stlen, n;

	if (!len || len > MAX_WORD)
		return;
	for (i = 0; i < len; i++)
		w[i] = (char)tolower((unsigned char)raw[i]);
	w[len] = '\0';
	for (i = 0; i < len && isdigit((unsigned char)w[i]); i++)
		;
	if (i == len)
		return;                  /* numbers: counts, days, sizes */
	if (in_list(w, stop_words, ARRAY_SIZE(stop_words)))
		return;
	st = stem_of(w, len, &stlen);
	if (stlen <= MAX_WORD) {
		char sw[MAX_WORD + 1];
		memcpy(sw, st, stlen);
		sw[stlen] = '\0';
		if (in_list(sw, stop_words, ARRAY_SIZE(stop_words)))
			return;
	}
	if (take_phrase(c, w, len))
		return;
	memcpy(c->prev, w, len + 1);
	c->prev_at = c->nwords;
	concepts = meanings(w, len, &n);
	add_word(c, st, stlen, concepts, n);
}

static int word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* Dashes, quotes and the like typed as UTF-8 ("—", "’", no-break space):
 * the length of the separator at s, or 0. */
static size_t typographic(const unsigned char *s, size_t len)
{
	if (len >= 3 && s[0] == 0xe2 && s[1] == 0x80 && s[2] >= 0x90 && s[2] <= 0xa7)
		return 3;
	if (len >= 2 && s[0] == 0xc2 && s[1] == 0xa0)
		return 2;
	return 0;
}

/* "#access" or "@infra-team": the name, and its parts as words. */
static size_t take_marked(struct collect *c, const char *s, size_t len, int tag)
{
	char name[MAX_WORD + 2];
	size_t i = 1, k, start;

	while (i < len && (word_byte((unsigned char)s[i]) || strchr("-_./", s[i])))
		i++;
	while (i > 1 && strchr("-_./", s[i - 1]))
		i--;
	if (i == 1 || i - 1 > MAX_WORD)
		return i;
	name[0] = tag ? '#' : '@';
	for (k = 1; k < i; k++)
		name[k] = (char)tolower((unsigned char)s[k]);
	name[i] = '\0';
	if (tag)
		add_id(c, &c->tags, &c->ntags, &c->alloc_tags, name);
	else
		add_id(c, &c->handles, &c->nhandles, &c->alloc_handles, name);
	/* A name's parts are words too: "@infra-team" meets "infra". */
	c->in_handle = !tag;
	for (start = 1, k = 1; k <= i; k++)
		if (k == i || strchr("-_./", s[k])) {
			take_word(c, s + start, k - start);
			start = k + 1;
		}
	c->in_handle = 0;
	return i;
}

/* "INFRA-4471": a ticket names its problem better than any word. */
static size_t take_ticket(struct collect *c, const char *s, size_t len)
{
	char name[MAX_WORD + 4] = "tk:";
	size_t i = 0, k;

	while (i < len && isalpha((unsigned char)s[i]))
		i++;
	if (!i || i + 1 >= len || s[i] != '-' || !isdigit((unsigned char)s[i + 1]))
		return 0;
	for (k = i + 1; k < len && isdigit((unsigned char)s[k]); k++)
		;
	if (k < len && word_byte((unsigned char)s[k]))
		return 0;
	if (k > MAX_WORD)
		return 0;
	for (size_t j = 0; j < k; j++)
		name[3 + j] = (char)tolower((unsigned char)s[j]);
	name[3 + k] = '\0';
	add_word(c, name, strlen(name), NULL, 0);
	take_word(c, s, i);
	return k;
}

static size_t word_end(const char *s, size_t len, size_t i)
{
	while (i < len && word_byte((unsigned char)s[i]) &&
	       !typographic((const unsigned char *)s + i, len - i))
		i++;
	return i;
}

/* "on-call", "sign-off": one word when the lexicon knows it as one. */
static int take_compound(struct collect *c, const char *raw, size_t len)
{
	char w[MAX_WORD + 1];
	const char *st;
	const long *concepts;
	size_t i, n, stlen;

	if (len > MAX_WORD)
		return 0;
	for (i = 0; i < len; i++)
		w[i] = (char)tolower((unsigned char)raw[i]);
	w[len] = '\0';
	concepts = meanings(w, len, &n);
	if (!n)
		return 0;
	st = stem_of(w, len, &stlen);
	c->prev[0] = '\0';
	add_word(c, st, stlen, concepts, n);
	return 1;
}

static void tokenize(struct collect *c, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t j, n;
		if (s[i] == '[' && i + 3 <= len && !memcmp(s + i, "[t:", 3)) {
			const char *close = memchr(s + i, ']', len - i);
			i = close ? (size_t)(close - s) + 1 : len;
		} else if ((s[i] == '#' || s[i] == '@') &&
			   (!i || !word_byte((unsigned char)s[i - 1]))) {
			i += take_marked(c, s + i, len - i, s[i] == '#');
		} else if ((n = typographic((const unsigned char *)s + i, len - i))) {
			i += n;
		} else if (word_byte((unsigned char)s[i])) {
			if ((n = take_ticket(c, s + i, len - i))) {
				i += n;
				continue;
			}
			j = word_end(s, len, i);
			if (j + 1 < len && s[j] == '-' && word_byte((unsigned char)s[j + 1]) &&
			    take_compound(c, s + i, word_end(s, len, j + 1) - i)) {
				i = word_end(s, len, j + 1);
				continue;
			}
			take_word(c, s + i, j - i);
			i = j;
		} else {
			i++;
		}
	}
}

static int cmp_word(const void *a, const void *b)
{
	const struct word *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int unique_words(struct word *w, int n)
{
	int i, k = 0;
	if (n > 1)                /* qsort may not be handed NULL, even for 0 */
		qsort(w, (size_t)n, sizeof(*w), cmp_word);
	for (i = 0; i < n; i++) {
		if (k && w[k - 1].id == w[i].id)
			w[k - 1].from_handle &= w[i].from_handle;
		else
			w[k++] = w[i];
	}
	return k;
}

static int unique_ints(int *v, int n)
{
	int i, k = 0;
	if (n > 1)
		qsort(v, (size_t)n, sizeof(*v), cmp_int);
	for (i = 0; i < n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

/* The end of the clause starting at `from`: a ':', ';' or a dash between
 * spaces, which in notes separate a headline from its details. */
static size_t clause_end(const char *s, size_t len, size_t from)
{
	size_t i;
	for (i = from; i < len; i++) {
		/* "[t:3]", "10:30" and "https://" are not clause breaks */
		if ((s[i] == ':' || s[i] == ';') && (i + 1 == len || s[i + 1] == ' '))
			return i;
		if (s[i] == ' ' && i + 2 < len && (s[i + 1] == '-' ||
		    (i + 4 < len && !memcmp(s + i + 1, "\xe2\x80\x94", 3))) &&
		    (s[i + 2] == ' ' || s[i + 4] == ' '))
			return i;
	}
	return len;
}

/*
 * Notes put the blocker first and the details after ("Waiting on prod DB
 * access from infra: INFRA-4471 has had no response since 10-20"), and
 * the details would drown the likeness.  The words come from the first
 * clause that says something; tags, tickets and handles from all of it.
 */
static void tokenize_headline(struct collect *c, const char *text, size_t len)
{
	struct collect all = *c;
	size_t from = 0;

	all.words = NULL;
	all.nwords = all.alloc_words = 0;
	tokenize(&all, text, len);        /* for its tags, handles, tickets */
	c->tags = all.tags, c->ntags = all.ntags, c->alloc_tags = all.alloc_tags;
	c->handles = all.handles, c->nhandles = all.nhandles;
	c->alloc_handles = all.alloc_handles;
	while (from < len) {
		size_t end = clause_end(text, len, from);
		struct collect part = { .s = c->s, .prev_at = -1 };

		tokenize(&part, text + from, end - from);
		free(part.tags);
		free(part.handles);
		int said = 0;
		for (int k = 0; k < part.nwords; k++)
			said += !part.words[k].from_handle;
		if (said >= 2 || (end == len && !c->nwords)) {
			free(c->words);
			c->words = part.words;
			c->nwords = part.nwords;
			c->alloc_words = part.alloc_words;
			break;
		}
		free(part.words);
		from = end + 1;
	}
	/* tickets anywhere are strong evidence: keep them */
	for (int k = 0; k < all.nwords; k++)
		if (!strncmp(c->s->dict.names[all.words[k].id], "tk:", 3)) {
			size_t alloc = (size_t)c->alloc_words;
			ALLOC_GROW(c->words, (size_t)c->nwords + 1, alloc);
			c->alloc_words = (int)alloc;
			c->words[c->nwords++] = all.words[k];
		}
	free(all.words);
}

int simset_add(struct simset *s, const char *text, size_t len)
{
	struct collect c = { .s = s, .prev_at = -1 };
	struct text *t;
	int k;

	tokenize_headline(&c, text, len);
	ALLOC_GROW(s->texts, s->n + 1, s->alloc);
	t = &s->texts[s->n];
	t->words = c.words;
	t->nwords = unique_words(c.words, c.nwords);
	t->tags = c.tags;
	t->ntags = unique_ints(c.tags, c.ntags);
	t->handles = c.handles;
	t->nhandles = unique_ints(c.handles, c.nhandles);
	if (s->dict.n > s->df_alloc) {
		size_t old = s->df_alloc;
		ALLOC_GROW(s->df, s->dict.n, s->df_alloc);
		memset(s->df + old, 0, (s->df_alloc - old) * sizeof(*s->df));
	}
	for (k = 0; k < t->nwords; k++)
		s->df[t->words[k].id]++;
	return (int)s->n++;
}

static int share(const int *a, int na, const int *b, int nb)
{
	int i = 0, j = 0;
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

static int share_concept(const struct word *x, const struct word *y)
{
	size_t i = 0, j = 0;
	while (i < x->nconcepts && j < y->nconcepts) {
		if (x->concepts[i] == y->concepts[j])
			return 1;
		if (x->concepts[i] < y->concepts[j])
			i++;
		else
			j++;
	}
	return 0;
}

/*
 * What a word tells: a word most texts have ("access", "review" in a
 * team of access requests) tells little, a word few have (a system's
 * name) much.  PRIOR imagined texts without the word keep a small set
 * from reading too much into counts of one or two.
 */
static double idf(const struct simset *s, size_t id)
{
	double df = id < s->df_alloc ? s->df[id] : 0;
	return log(((double)s->n + PRIOR) / (df + 1.0));
}

/* idf() of a word, from the table simset_cluster() made if still valid */
static double weight(const struct simset *s, const struct word *w)
{
	if (s->weights && s->weights_n == s->n)
		return s->weights[w->id];
	return idf(s, (size_t)w->id);
}

/*
 * The weighted Dice likeness of two texts' words, where a word meets the
 * same stem in full and a related one (lexicon.h) at RELATED.
 * A text has a handful of words, so the pairing is by trying them all.
 */
double simset_similarity(const struct simset *s, int a, int b)
{
	const struct text *x = &s->texts[a], *y = &s->texts[b];
	double wx[MAX_TEXT_WORDS], wy[MAX_TEXT_WORDS];
	char used_x[MAX_TEXT_WORDS] = { 0 }, used_y[MAX_TEXT_WORDS] = { 0 };
	double total = 0, both = 0, plain = 0, sim;
	int agree = 0;
	int nx = x->nwords < MAX_TEXT_WORDS ? x->nwords : MAX_TEXT_WORDS;
	int ny = y->nwords < MAX_TEXT_WORDS ? y->nwords : MAX_TEXT_WORDS;
	int i, j;

	if (share(x->tags, x->ntags, y->tags, y->ntags))
		return 1.0;
	for (i = 0; i < nx; i++)
		total += wx[i] = weight(s, &x->words[i]);
	for (j = 0; j < ny; j++)
		total += wy[j] = weight(s, &y->words[j]);
	/* the same stems first */
	for (i = 0; i < nx; i++)
		for (j = 0; j < ny; j++)
			if (!used_y[j] && x->words[i].id == y->words[j].id) {
				if (x->words[i].ticket)
					return 1.0;      /* the same ticket: the same blocker */
				used_x[i] = used_y[j] = 1;
				/* a name in both is the handle bonus below */
				if (x->words[i].from_handle && y->words[j].from_handle)
					break;
				both += wx[i] + wy[j];
				plain += wx[i];
				agree++;
				break;
			}
	/* then words of a related meaning, below a match in full */
	for (i = 0; i < nx; i++)
		for (j = 0; j < ny && !used_x[i]; j++)
			if (!used_y[j] && share_concept(&x->words[i], &y->words[j])) {
				used_x[i] = used_y[j] = 1;
				if (x->words[i].from_handle && y->words[j].from_handle)
					continue;
				both += RELATED * (wx[i] + wy[j]);
				plain += wx[i];
				agree++;
			}
	sim = total > 0 ? both / total : 0;
	/* One word in common is a shared system ("VPN slow" / "no VPN
	 * access") or a shared kind of trouble ("no AWS access" / "no
	 * Salesforce login"), not yet the same problem: that takes the
	 * thing and what is wrong with it, two words. */
	if (agree < 2 && nx > 1 && ny > 1)
		sim *= ONE_WORD;
	/* The same person or team named in both strengthens a likeness that
	 * the other words already show; it never makes one on its own. */
	if (plain > 0 && share(x->handles, x->nhandles, y->handles, y->nhandles))
		sim += 0.15;
	return sim > 1 ? 1 : sim;
}

/* ---- grouping ---- */

static int find(int *parent, int i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

/* Join the groups of a and b; the root keeps a sample of both. */
static int join(struct simset *s, int a, int b)
{
	int ra = find(s->parent, a), rb = find(s->parent, b), k;
	struct cluster *ca, *cb;

	if (ra == rb)
		return ra;
	if (rb < ra) {
		int t = ra;
		ra = rb;
		rb = t;
	}
	s->parent[rb] = ra;
	ca = &s->clusters[ra];
	cb = &s->clusters[rb];
	for (k = 0; k < cb->nsample && ca->nsample < SAMPLE; k++)
		ca->sample[ca->nsample++] = cb->sample[k];
	return ra;
}

/* The key of a meaning: after the dictionary's ids, one per concept met. */
static int concept_key(struct simset *s, long concept)
{
	struct concept_keys *m = &s->ckeys;
	size_t j;

	if ((m->n + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 1024, i;
		long *ids = xcalloc(cap, sizeof(*ids));
		int *key = xmalloc(cap * sizeof(*key));
		for (i = 0; i < m->cap; i++) {
			if (!m->concept[i])
				continue;
			for (j = (size_t)m->concept[i] * 0x9e3779b97f4a7c15ULL >> 20 & (cap - 1);
			     ids[j]; j = (j + 1) & (cap - 1))
				;
			ids[j] = m->concept[i];
			key[j] = m->key[i];
		}
		free(m->concept);
		free(m->key);
		m->concept = ids;
		m->key = key;
		m->cap = cap;
	}
	/* concept ids are never 0: WordNet's are offset * 8 + pos, ours < 0 */
	for (j = (size_t)concept * 0x9e3779b97f4a7c15ULL >> 20 & (m->cap - 1);
	     m->concept[j]; j = (j + 1) & (m->cap - 1))
		if (m->concept[j] == concept)
			return m->key[j];
	m->concept[j] = concept;
	m->key[j] = (int)(s->dict.n + m->n++);
	return m->key[j];
}

/* Keys of the inverted index: the ids of a text's words and tags (one
 * dictionary holds both; a tag keeps its '#', so never meets a word), and
 * of their meanings, so that related words meet too. */
static void keys_of(struct simset *s, const struct text *t, int *keys, int *n)
{
	int i;
	size_t k;
	*n = 0;
	for (i = 0; i < t->nwords; i++) {
		keys[(*n)++] = t->words[i].id;
		for (k = 0; k < t->words[i].nconcepts; k++)
			keys[(*n)++] = concept_key(s, t->words[i].concepts[k]);
	}
	for (i = 0; i < t->ntags; i++)
		keys[(*n)++] = t->tags[i];
}

static void post(struct simset *s, int key, int root)
{
	int *list, *n;

	if ((size_t)key >= s->postings_alloc) {
		size_t old = s->postings_alloc, cap = old ? old : 256;
		while (cap <= (size_t)key)
			cap *= 2;
		s->postings = xrealloc(s->postings, cap * sizeof(*s->postings));
		s->npostings = xrealloc(s->npostings, cap * sizeof(*s->npostings));
		memset(s->postings + old, 0, (cap - old) * sizeof(*s->postings));
		memset(s->npostings + old, 0, (cap - old) * sizeof(*s->npostings));
		s->postings_alloc = cap;
	}
	if (!s->postings[key])
		s->postings[key] = xmalloc(CAND_CAP * sizeof(int));
	list = s->postings[key];
	n = &s->npostings[key];
	if (*n && find(s->parent, list[(*n - 1) % CAND_CAP]) == root)
		return;
	list[*n % CAND_CAP] = root;   /* a ring: the most recent groups */
	(*n)++;
}

/*
 * Does text i belong to the group?  Like one of its members, and not
 * unlike the rest: without the second test, one loose likeness would
 * chain unrelated blockers into one group.
 */
static int belongs(const struct simset *s, int i, const struct cluster *cl)
{
	double best = 0, sum = 0;
	int m;
	for (m = 0; m < cl->nsample; m++) {
		double sim = simset_similarity(s, i, cl->sample[m]);
		sum += sim;
		if (sim > best)
			best = sim;
	}
	return best >= s->threshold && sum / cl->nsample >= s->threshold * LINK_MEAN;
}

static void place(struct simset *s, int i, int *keys, int *seen)
{
	const struct text *t = &s->texts[i];
	int nkeys, k, c, root;

	keys_of(s, t, keys, &nkeys);
	s->parent[i] = i;
	s->clusters[i].sample[0] = i;
	s->clusters[i].nsample = 1;
	for (k = 0; k < nkeys; k++) {
		int key = keys[k], n;
		if ((size_t)key >= s->postings_alloc || !s->postings[key])
			continue;
		n = s->npostings[key] < CAND_CAP ? s->npostings[key] : CAND_CAP;
		for (c = 0; c < n; c++) {
			int g = find(s->parent, s->postings[key][c]);
			const struct cluster *cl;
			if (g == find(s->parent, i) || seen[g] == i + 1)
				continue;
			seen[g] = i + 1;
			cl = &s->clusters[g];
			if (belongs(s, i, cl))
				join(s, g, i);
		}
	}
	root = find(s->parent, i);
	for (k = 0; k < nkeys; k++)
		post(s, keys[k], root);
}

void simset_cluster(struct simset *s)
{
	int *keys, *seen;
	size_t i, maxkeys = 1;

	free(s->parent);
	free(s->group);
	free(s->clusters);
	s->parent = xcalloc(s->n ? s->n : 1, sizeof(int));
	s->group = xcalloc(s->n ? s->n : 1, sizeof(int));
	s->clusters = xcalloc(s->n ? s->n : 1, sizeof(*s->clusters));
	seen = xcalloc(s->n ? s->n : 1, sizeof(int));
	for (i = 0; i < s->postings_alloc; i++)
		free(s->postings[i]);    /* grouping again starts afresh */
	free(s->postings);
	free(s->npostings);
	s->postings = NULL;
	s->npostings = NULL;
	s->postings_alloc = 0;
	for (i = 0; i < s->n; i++) {
		size_t nk = (size_t)s->texts[i].ntags;
		for (int k = 0; k < s->texts[i].nwords; k++)
			nk += 1 + s->texts[i].words[k].nconcepts;
		if (nk > maxkeys)
			maxkeys = nk;
	}
	keys = xcalloc(maxkeys, sizeof(int));
	/* the weights, once for all the comparisons to come */
	free(s->weights);
	s->weights = xmalloc((s->dict.n ? s->dict.n : 1) * sizeof(*s->weights));
	for (i = 0; i < s->dict.n; i++)
		s->weights[i] = idf(s, i);
	s->weights_n = s->n;
	for (i = 0; i < s->n; i++)
		place(s, (int)i, keys, seen);
	for (i = 0; i < s->n; i++)
		s->group[i] = find(s->parent, (int)i);   /* roots are the smallest */
	free(keys);
	free(seen);
}

int simset_group(const struct simset *s, int i)
{
	return s->group[i];
}

void simset_words(const struct simset *s, int i, struct strbuf *out)
{
	const struct text *t = &s->texts[i];
	int k;
	for (k = 0; k < t->nwords; k++)
		strbuf_addf(out, "%s%s", k ? " " : "", s->dict.names[t->words[k].id]);
}

void simset_free(struct simset *s)
{
	size_t i;
	if (!s)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->texts[i].words);
		free(s->texts[i].tags);
		free(s->texts[i].handles);
	}
	for (i = 0; i < s->postings_alloc; i++)
		free(s->postings[i]);
	free(s->postings);
	free(s->npostings);
	free(s->ckeys.concept);
	free(s->ckeys.key);
	free(s->df);
	free(s->weights);
	free(s->texts);
	free(s->parent);
	free(s->group);
	free(s->clusters);
	dict_release(&s->dict);
	free(s);
}
