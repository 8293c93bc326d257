#include "pattern.h"
#include "util.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>

/* Inputs here are single lines of notes: a few thousand steps suffice for
 * any honest one, and these limits bound the hostile ones. */
enum { MATCH_LIMIT = 1000000, DEPTH_LIMIT = 10000 };

enum pat { PAT_HANDLE, PAT_FIELD, PAT__COUNT };

static const char *const sources[PAT__COUNT] = {
	[PAT_HANDLE] = "^[a-z0-9][a-z0-9._-]{0,63}$",
	/*
	 * One pass finds every inline field.  An '@' after a letter, digit
	 * or dot is part of an e-mail address, not a handle; a '#' must
	 * start a word; due:/escalate: must start a word.
	 */
	[PAT_FIELD] =
		"(?<![A-Za-z0-9._%+@-])@(?<h>[A-Za-z0-9][A-Za-z0-9._-]*)"
		"|(?<![A-Za-z0-9_-])(?<k>due|escalate):(?<d>[^\\s,;)\\]]*)"
		"|(?<![^\\s(\\[])#(?<t>[A-Za-z0-9][A-Za-z0-9_/-]*)",
};

/*
 * Files are parsed on several threads at once.  The compiled patterns
 * and the match context are shared, read-only once made (under `lock`,
 * the first time any is needed); each thread matches into its own match
 * data, freed when the thread ends.
 */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int ready;
static pcre2_code *code[PAT__COUNT];
static int group_h, group_k, group_d, group_t;   /* PAT_FIELD's groups */
static pcre2_match_context *mctx;
static _Thread_local pcre2_match_data *md;
static pthread_key_t md_key;
static pthread_once_t md_once = PTHREAD_ONCE_INIT;

static void compile(enum pat p)
{
	int err;
	PCRE2_SIZE off;

	code[p] = pcre2_compile((PCRE2_SPTR)sources[p], PCRE2_ZERO_TERMINATED,
				0, &err, &off, NULL);
	if (!code[p])
		die("internal error: pattern %d does not compile at %zu", p,
		    (size_t)off);
	if (p == PAT_FIELD) {
		group_h = pcre2_substring_number_from_name(code[p], (PCRE2_SPTR)"h");
		group_k = pcre2_substring_number_from_name(code[p], (PCRE2_SPTR)"k");
		group_d = pcre2_substring_number_from_name(code[p], (PCRE2_SPTR)"d");
		group_t = pcre2_substring_number_from_name(code[p], (PCRE2_SPTR)"t");
	}
	/* JIT is an optimisation: where it is unavailable, interpret. */
	pcre2_jit_compile(code[p], PCRE2_JIT_COMPLETE);
}

static void free_md(void *m)
{
	pcre2_match_data_free(m);
}

static void make_md_key(void)
{
	if (pthread_key_create(&md_key, free_md))
		die("cannot create a thread key");
}

static pcre2_code *compiled(enum pat p)
{
	int i;

	if (!atomic_load_explicit(&ready, memory_order_acquire)) {
		pthread_mutex_lock(&lock);
		if (!atomic_load_explicit(&ready, memory_order_relaxed)) {
			for (i = 0; i < PAT__COUNT; i++)
				compile(i);
			mctx = pcre2_match_context_create(NULL);
			if (!mctx)
				die("out of memory");
			pcre2_set_match_limit(mctx, MATCH_LIMIT);
			pcre2_set_depth_limit(mctx, DEPTH_LIMIT);
			atomic_store_explicit(&ready, 1, memory_order_release);
		}
		pthread_mutex_unlock(&lock);
	}
	if (!md) {
		pthread_once(&md_once, make_md_key);
		md = pcre2_match_data_create(16, NULL);
		if (!md || pthread_setspecific(md_key, md))
			die("out of memory");
	}
	return code[p];
}

/*
 * The patterns are ASCII and compiled in byte mode (no PCRE2_UTF): a file
 * with invalid UTF-8 is reported by the encoding rule and still linted,
 * and byte mode keeps matching on such text well defined.
 */
static int match(enum pat p, const char *s, size_t len, size_t from)
{
	/* compiled() also creates md and mctx: call it before reading them. */
	pcre2_code *c = compiled(p);
	int rc = pcre2_match(c, (PCRE2_SPTR)s, len, from, 0, md, mctx);
	if (rc >= 0)
		return 1;
	return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

int pattern_is_handle(const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < len; i++)   /* a NUL would end the file name */
		if (!s[i])
			return 0;
	return match(PAT_HANDLE, s, len, 0) == 1;
}

static int group(int n, size_t *start, size_t *end)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	if (n <= 0 || ov[2 * n] == PCRE2_UNSET)
		return 0;
	*start = ov[2 * n];
	*end = ov[2 * n + 1];
	return 1;
}

int pattern_next_field(const char *s, size_t len, size_t from,
		       struct field_match *m)
{
	size_t ks = 0, ke = 0;
	int rc = match(PAT_FIELD, s, len, from);

	if (rc <= 0)
		return rc;
	m->start = pcre2_get_ovector_pointer(md)[0];
	if (group(group_h, &m->vstart, &m->vend)) {
		m->kind = FIELD_HANDLE;
		/* "@dave." ends a sentence: the dot is not part of the handle. */
		while (m->vend > m->vstart &&
		       (s[m->vend - 1] == '.' || s[m->vend - 1] == '-'))
			m->vend--;
	} else if (group(group_t, &m->vstart, &m->vend)) {
		m->kind = FIELD_TAG;
	} else {
		group(group_k, &ks, &ke);
		group(group_d, &m->vstart, &m->vend);
		m->kind = s[ks] == 'd' ? FIELD_DUE : FIELD_ESCALATE;
		if (m->vend > m->vstart && s[m->vend - 1] == '.')
			m->vend--;
	}
	return 1;
}

struct user_pattern {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
};

struct user_pattern *pattern_user_compile(const char *src)
{
	struct user_pattern *up;
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	int err;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
				      PCRE2_CASELESS | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
				      &err, &off, NULL);

	if (!c) {
		pcre2_get_error_message(err, msg, sizeof(msg));
		error("the pattern '%s' is not a valid PCRE2 regular expression: %s at offset %zu",
		      src, (const char *)msg, (size_t)off);
		return NULL;
	}
	pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
	up = xcalloc(1, sizeof(*up));
	up->code = c;
	up->md = pcre2_match_data_create_from_pattern(c, NULL);
	up->mctx = pcre2_match_context_create(NULL);
	if (!up->md || !up->mctx)
		die("out of memory");
	pcre2_set_match_limit(up->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(up->mctx, DEPTH_LIMIT);
	return up;
}

int pattern_user_match(struct user_pattern *up, const char *s, size_t len)
{
	int rc = pcre2_match(up->code, (PCRE2_SPTR)s, len, 0, 0, up->md, up->mctx);
	if (rc >= 0)
		return 1;
	return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

void pattern_user_free(struct user_pattern *up)
{
	if (!up)
		return;
	pcre2_code_free(up->code);
	pcre2_match_data_free(up->md);
	pcre2_match_context_free(up->mctx);
	free(up);
}

void pattern_release(void)
{
	size_t i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < PAT__COUNT; i++) {
		pcre2_code_free(code[i]);
		code[i] = NULL;
	}
	pcre2_match_context_free(mctx);
	mctx = NULL;
	atomic_store_explicit(&ready, 0, memory_order_release);
	pthread_mutex_unlock(&lock);
	if (md) {
		pthread_setspecific(md_key, NULL);
		pcre2_match_data_free(md);
		md = NULL;
	}
}
