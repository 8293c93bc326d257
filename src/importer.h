/*
 * importer.h - notes written elsewhere, as sessions of a person file
 * (thread import, thread-import(1)).
 *
 * Three shapes are read: a file per meeting whose name starts with its
 * date ("2024-11-13 John Appleseed.md", as Obsidian daily or meeting
 * notes are named), a file per person with one dated heading per
 * meeting ("# 2024-11-13", "## 13 Nov 2024"), and the report/manager
 * action headings of the dxw one-on-one template ("Actions for Jo").
 *
 * Headings become the sections they name (known titles and common
 * synonyms); checkboxes with an owner or a date become tasks, or asks
 * when someone else owns them.  Every other line is kept, verbatim,
 * under the session's Notes and reported, so nothing is lost: an
 * unmapped heading is kept as a level-4 heading, the source's front
 * matter as a fenced block.  Nothing here writes a file.
 */
#ifndef THREAD_IMPORTER_H
#define THREAD_IMPORTER_H

#include "model.h"
#include "strbuf.h"

#include <stddef.h>

struct import_session {
	int date;
	char *source;                   /* the file it came from */
	int line;                       /* where in it the meeting starts */
	struct strbuf title;            /* the heading's words after the date */
	struct strbuf sec[SEC__COUNT];  /* each section's lines */
	int ntasks, nasks;
};

struct importer {
	const char *handle;
	const char *name;        /* the person's name, for owners ("@Jo") */
	char *guessed_name;      /* from a file name, when none was given */
	struct import_session *s;
	size_t nr, alloc;
	struct strbuf kept;      /* "FILE:LINE: kept under Notes: ..." lines */
	int nkept;
};

void importer_init(struct importer *im, const char *handle, const char *name);
void importer_release(struct importer *im);

/* Read PATH, a file or a folder of .md files, into im->s.  0, or -1
 * with an error printed that names the file. */
int importer_add(struct importer *im, const char *path);

/* Sort the sessions by date; two on one day are refused (-1, printed). */
int importer_sort(struct importer *im);

/* A date in the shapes a heading or file name may start with:
 * 2024-11-13, 2024/11/13, 13 Nov 2024, Nov 13, 2024, an optional weekday
 * first.  Returns the bytes used (0 if none); sets *days. */
size_t import_date(const char *s, size_t len, int *days);

/* Append session s as "## DATE" and its sections.  With hide_private,
 * the Private section's lines are replaced by a count (for showing). */
void import_render(struct strbuf *out, const struct import_session *s,
		   int hide_private);

#endif
