/*
 * transcript_load.h - the one way a command imports a transcript file for
 * a person: read it, build the speaker map from the person's speakers:
 * (thread(5) TRANSCRIPTS) and the --speaker ID=NAME options, import it
 * (transcript.h) and print every problem.  thread closeout and thread
 * transcript import both come here, so a preview shows exactly the lines
 * a closeout commits.
 */
#ifndef THREAD_TRANSCRIPT_LOAD_H
#define THREAD_TRANSCRIPT_LOAD_H

#include "model.h"
#include "strbuf.h"
#include "transcript.h"

struct transcript_request {
	const char *path;             /* the file, as the user named it */
	const char *root;             /* the repository, for @handles; or NULL */
	const char *handle;           /* whose file, or NULL */
	const struct person *person;  /* its speakers: apply; or NULL */
	const char *person_path;      /* for messages */
	const char *const *speakers;  /* --speaker values, "ID=NAME" */
	size_t nspeakers;
};

/* The largest transcript file read. */
#define TRANSCRIPT_FILE_MAX (64 * 1024 * 1024)

/*
 * Import rq->path, appending the canonical lines to `out`; `info` (may be
 * NULL) as for transcript_import_map().  A NAME of "@handle" is written
 * as that person's name (their file's name:, else the handle).  Returns
 * the number of lines, or -1 with every problem printed and `out` as it
 * was; -2 when a --speaker value is malformed (a usage error, printed).
 */
int transcript_load(const struct transcript_request *rq, struct strbuf *out,
		    struct transcript_info *info);

#endif
