/*
 * cite_run.h - thread cite on one session of a person file: the glue
 * between the engine (cite.h) and the repository, shared by thread cite
 * and thread closeout --cite so that both cite alike.
 *
 * The transcript is the session's Transcript: file, read from the
 * repository (never through a link that leads outside it), or the bytes
 * the caller has (closeout's, about to be committed).  Each @handle is
 * matched by its person's name (names.h); the person's own handle and
 * @me too.
 */
#ifndef THREAD_CITE_RUN_H
#define THREAD_CITE_RUN_H

#include "cite.h"
#include "strbuf.h"
#include "team.h"

struct cite_run {
	struct stemmer *st;
	struct cite_index *ix;
	struct strbuf transcript;
	struct cite_note *notes;
	size_t n;
};
#define CITE_RUN_INIT { NULL, NULL, STRBUF_INIT, NULL, 0 }

/*
 * Match the notes of session s of person p (people/HANDLE.md of team t)
 * without a reference.  `transcript` (len bytes) is the canonical
 * transcript, or NULL to read the session's Transcript: file.  0, or -1
 * printed (no Transcript: line, a file that cannot be read).
 */
int cite_run(struct cite_run *r, struct team *t, const struct person *p,
	     const char *path, const struct session *s, const char *transcript,
	     size_t len, int include_private);
void cite_run_release(struct cite_run *r);

#endif
