/*
 * config.h - the repository settings in .thread.yaml.
 *
 * A missing file means the defaults.  config_load() reports problems with
 * the file as `config` findings in `d` and keeps the defaults for what it
 * could not read; it returns -1 only when the file exists but cannot be
 * read.  The config owns its strings; config_release() frees them.
 */
#ifndef THREAD_CONFIG_H
#define THREAD_CONFIG_H

#include "arena.h"
#include "diag.h"

#define CONFIG_FILE ".thread.yaml"
/* The mode of a new file in people/ or transcripts/ unless files: mode:
 * says otherwise: notes are private (see thread(5)). */
#define NOTES_MODE 0600

struct config {
	struct arena arena;
	int present;             /* the file exists */
	const char *me;          /* the manager's handle, or NULL */
	const char **people;     /* extra handles that may hold asks */
	const char **people_names;  /* their names, or NULL (people: { dave: Dave }) */
	size_t npeople;
	int followup_words;      /* default 120 */
	int escalate_after;      /* working days from an ask's due: to the
				  * escalate: thread draft gives it; default 2 */
	int repeat_window;       /* default 3 */
	int repeat_min;          /* default 2 */
	double repeat_threshold; /* how alike two blockers must be: 0..1, default 0.4 */
	unsigned files_mode;     /* new notes files; default NOTES_MODE */
	const char *sendmail;    /* the command followup --send runs, or NULL:
				  * "sendmail -t" */
	struct severities sev;
};

void config_init(struct config *c);
int config_load(struct config *c, const char *path, struct diag_list *d);
/* The same from the bytes of a .thread.yaml (say, as staged). */
void config_load_buffer(struct config *c, const char *buf, size_t len,
			struct diag_list *d);
void config_release(struct config *c);
/* The settings of the repository at root: the overlay's .thread.yaml
 * (repo.h) when it has one, else the file's (config_load()). */
struct repo_overlay;
int config_load_overlay(struct config *c, const char *root,
			const struct repo_overlay *o, struct diag_list *d);

/* files: mode: of the .thread.yaml of the repository at root, or
 * NOTES_MODE when it has none or it cannot be read (lint says why). */
unsigned config_files_mode(const char *root);

/* Is `handle` me, @me's target, or listed under people:? */
int config_knows(const struct config *c, const char *handle);

/* The name people: gives `handle`, or NULL. */
const char *config_name(const struct config *c, const char *handle);

#endif
