/*
 * markdown.h - the only user of cmark.  Walks a person file's Markdown
 * body and fills in the person's sessions, sections, ledger items and
 * blockers (model.h), reporting `date` problems on the way.
 *
 * The body is body[0..len), whose first line is the file's line
 * line_offset + 1 (the front matter comes before it).  Text in the model
 * points into the person's arena, not into body.
 */
#ifndef THREAD_MARKDOWN_H
#define THREAD_MARKDOWN_H

#include "diag.h"
#include "model.h"

/* Where each line of a body starts (lines.h's line ends), the empty
 * line after a final line ending included: read once by the caller,
 * with its other checks of the bytes. */
struct line_index {
	size_t *start;
	size_t n, alloc;
};

void markdown_read(struct person *p, struct diag_list *d, const char *body,
		   size_t len, int line_offset, const struct line_index *lines);

#endif
