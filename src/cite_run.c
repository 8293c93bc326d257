#include "cite_run.h"
#include "names.h"
#include "repo.h"
#include "transcript_load.h"
#include "util.h"

#include <errno.h>
#include <string.h>

struct namer {
	struct names names;
	const char *me;
};

/* A handle's name, or NULL when thread knows none (names_of() gives the
 * handle back). */
static const char *name_of(void *data, const char *handle)
{
	struct namer *n = data;
	const char *h = !strcmp(handle, "me") ? n->me : handle;
	const char *name = names_of(&n->names, h);
	return strcmp(name, h) ? name : NULL;
}

static int read_transcript(struct cite_run *r, const char *root, const char *path,
			   const struct session *s)
{
	char *full;
	int rc = 0;

	if (!s->transcript)
		return error("%s:%d: this session has no Transcript: line, so there is nothing to cite (attach the recording with thread closeout --transcript FILE)",
			     path, s->pos.line);
	if (repo_check_path(root, s->transcript, REPO_READ))
		return -1;
	full = path_join(root, s->transcript);
	if (strbuf_read_file(&r->transcript, full, TRANSCRIPT_FILE_MAX) < 0)
		rc = error("%s:%d: cannot read the transcript %s: %s (check the Transcript: line)",
			   path, s->transcript_pos.line, s->transcript, strerror(errno));
	free(full);
	return rc;
}

int cite_run(struct cite_run *r, struct team *t, const struct person *p,
	     const char *path, const struct session *s, const char *transcript,
	     size_t len, int include_private)
{
	struct namer n;

	if (!transcript) {
		if (read_transcript(r, t->root, path, s))
			return -1;
		transcript = r->transcript.buf;
		len = r->transcript.len;
	}
	if (!(r->st = stem_new()))
		return -1;
	r->ix = cite_index_new(r->st, transcript, len);
	names_init(&n.names, t, p->handle);
	n.me = team_me(t);
	cite_names(r->ix, s, p->handle, p->name ? p->name : names_of(&n.names, p->handle),
		   name_of, &n);
	{
		const char *me = name_of(&n, "me");
		if (me)
			cite_name(r->ix, "me", me);
	}
	names_release(&n.names);
	r->n = cite_session(r->ix, s, include_private, &r->notes);
	return 0;
}

void cite_run_release(struct cite_run *r)
{
	free(r->notes);
	cite_index_free(r->ix);
	stem_free(r->st);
	strbuf_release(&r->transcript);
	r->notes = NULL;
	r->ix = NULL;
	r->st = NULL;
	r->n = 0;
}
