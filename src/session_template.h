/*
 * session_template.h - the recap template of a new session.
 *
 * thread new appends it to start a meeting; thread draft appends it
 * filled with candidates from the transcript.  Every section of the
 * recap, its expected shape as a comment (so a fresh session holds no
 * ledger item and no lint error), and a Review list that starts the
 * meeting from the thread: the last Next list, every open ask, task and
 * priority (named with its place, never copied as a ledger item), and
 * the growth rep to check.
 */
#ifndef THREAD_SESSION_TEMPLATE_H
#define THREAD_SESSION_TEMPLATE_H

#include "model.h"
#include "strbuf.h"

/*
 * Append "## DATE[ TYPE]" and the template for p's next session to out.
 * `transcript` (or NULL) is written as the session's Transcript: line;
 * fill (or NULL) is indexed by section kind: lines to add under each
 * section's shape comment.
 */
void session_template(struct strbuf *out, const struct person *p,
		      const char *date, const char *type, const char *transcript,
		      const struct strbuf *fill);

/*
 * out = the person file `old` with that session appended: every byte of
 * old is kept, a blank line is added before the session when there is
 * none, and the session's lines end as the file's do (LF, CRLF or CR).
 * Returns the line number of the session's heading.
 */
int session_append(struct strbuf *out, const struct strbuf *old,
		   const struct person *p, const char *date, const char *type,
		   const char *transcript, const struct strbuf *fill);

#endif
