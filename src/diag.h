/*
 * diag.h - lint findings: the rule table, per-file finding lists, and
 * their rendering as text or JSON.
 *
 * Every rule has a stable id (part of the public interface, see thread(5)),
 * a default severity and a one-line description.  The effective severity
 * of each rule comes from a `struct severities` (defaults overridden by
 * .thread.yaml); a finding of a rule set to `off` is dropped when added.
 *
 * A `struct diag_list` collects one file's findings; it owns their
 * messages.  The printer streams lists out file by file, so memory stays
 * flat however many files are linted.
 */
#ifndef THREAD_DIAG_H
#define THREAD_DIAG_H

#include "strbuf.h"
#include <stdio.h>

enum severity { SEV_OFF = 0, SEV_WARNING, SEV_ERROR };

enum rule_id {
	R_FRONT_MATTER, R_OWNER, R_CHECKPOINT, R_ASK_ESCALATION,
	R_ESCALATION_ORDER, R_DATE, R_TRANSCRIPT_RANGE, R_TRANSCRIPT_MISSING,
	R_CONSENT, R_UNKNOWN_HANDLE, R_BLOCKER_UNCONVERTED, R_DONE_WHEN,
	R_PRIORITY_COUNT, R_PRIORITY_WHY, R_GROWTH_INCOMPLETE, R_NEXT_MISSING,
	R_SESSION_ORDER, R_OVERDUE, R_ESCALATION_DUE, R_CADENCE,
	R_CONFIG, R_ENCODING, R_FILE_NAME, R_SYMLINK, R_TOO_LARGE, R_TOO_COMPLEX,
	R_PRIVATE_HEADING, R_UNTRACKED_ITEM, R_UNCITED, R_DRAFT_UNREVIEWED,
	R__COUNT
};

struct rule_info {
	const char *id;
	enum severity severity;  /* default */
	int time_based;          /* depends on today: never an error */
	const char *summary;
};

extern const struct rule_info rule_table[R__COUNT];

const char *severity_name(enum severity s);
/* Rule by id, or -1. */
int rule_lookup(const char *id);

struct severities {
	enum severity of[R__COUNT];
};
void severities_default(struct severities *s);

struct diag {
	int line, col;
	enum rule_id rule;
	enum severity severity;
	size_t msg;              /* offset into the list's text */
	size_t fix;              /* 1 + offset into the text of what it
				    suggests writing instead (unknown-handle:
				    the handle), 0: nothing */
};

struct diag_list {
	struct diag *v;
	size_t nr, alloc;
	struct strbuf text;
	const struct severities *sev;
};

void diag_list_init(struct diag_list *l, const struct severities *sev);
void diag_list_clear(struct diag_list *l);   /* empty, keep capacity */
void diag_list_release(struct diag_list *l);
/* Add a finding; with l NULL (a reader that does not lint), or its rule
 * off, it is dropped and NULL returned.  The pointer is good until the
 * next diag_add. */
struct diag *diag_add(struct diag_list *l, enum rule_id rule, int line, int col,
		      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* What finding d (NULL: nothing) suggests writing instead, for editors'
 * quick fixes: the machine-readable half of its message. */
void diag_suggest(struct diag_list *l, struct diag *d, const char *text);
/* That text, or NULL. */
const char *diag_suggestion(const struct diag_list *l, const struct diag *d);
/* Sort by line, column, then rule. */
void diag_sort(struct diag_list *l);
const char *diag_message(const struct diag_list *l, const struct diag *d);

enum diag_format { DIAG_TEXT, DIAG_JSON };

struct diag_printer {
	FILE *out;
	enum diag_format format;
	int color;
	size_t errors, warnings, files;
	int printed_any;         /* JSON: a finding was written */
};

void diag_printer_init(struct diag_printer *p, FILE *out,
		       enum diag_format format, int color);
/* Print (and count) one file's sorted findings under the name `path`. */
void diag_print(struct diag_printer *p, const char *path,
		const struct diag_list *l);
/* Close the output (the JSON document) and print the summary line on
 * stderr unless quiet. */
void diag_printer_finish(struct diag_printer *p, int quiet);

#endif
