/*
 * lines.h - where a line of a person file ends.
 *
 * cmark (and YAML) end a line at LF, at CRLF and at a lone CR.  Every
 * position thread computes - the line a finding points at, the line
 * `done` rewrites, the session a closeout adds its Transcript: line to -
 * counts lines the same way, or a file with a stray CR would have its
 * sections read from the wrong lines.  Nothing here allocates.
 */
#ifndef THREAD_LINES_H
#define THREAD_LINES_H

#include <stddef.h>

/* The end of the line that starts at p (its line ending, or end); *next
 * is set to where the following line starts (end when there is none). */
const char *line_end(const char *p, const char *end, const char **next);

/* Offset in buf of the start of line `line` (1-based), or -1 when the
 * text has fewer lines. */
long line_start(const char *buf, size_t len, long line);

/* 1-based line of byte offset `off` (off <= len). */
long line_of_offset(const char *buf, size_t off);

/* How the line that starts at p ends: "\r\n", "\r" or "\n" ("\n" when
 * it has no ending).  A line added next to it ends the same way. */
const char *line_ending_at(const char *p, const char *end);

struct strbuf;
/* Append s[0..len), whose lines end in LF, with `eol` endings instead. */
void strbuf_add_lines(struct strbuf *out, const char *s, size_t len, const char *eol);

#endif
