/*
 * command.h - the command table entry, shared by main (thread.c), the
 * help text and the completion generator.  Each command lives in its own
 * src/cmd/<name>.c and exposes its options table for usage and completion.
 */
#ifndef THREAD_COMMAND_H
#define THREAD_COMMAND_H

#include "options.h"

struct command {
	const char *name;
	int (*fn)(int argc, const char **argv);
	const struct option *options;
	const char *const *usage;
	const char *summary;
	enum complete_kind args;     /* what the positional arguments are */
	const char *words;           /* fixed first arguments, e.g. "install" */
};

extern const struct command commands[];
extern const size_t ncommands;

/* Returns the exit status: 0 clean, 1 findings, 2 usage or system error. */
int cmd_lint(int argc, const char **argv);
extern const struct option lint_options[];
extern const char *const lint_usage[];

int cmd_init(int argc, const char **argv);
extern const struct option init_options[];
extern const char *const init_usage[];

int cmd_add(int argc, const char **argv);
extern const struct option add_options[];
extern const char *const add_usage[];

int cmd_new(int argc, const char **argv);
extern const struct option new_options[];
extern const char *const new_usage[];

int cmd_import(int argc, const char **argv);
extern const struct option import_options[];
extern const char *const import_usage[];

int cmd_closeout(int argc, const char **argv);
extern const struct option closeout_options[];
extern const char *const closeout_usage[];
int cmd_draft(int argc, const char **argv);
extern const struct option draft_options[];
extern const char *const draft_usage[];

int cmd_provenance(int argc, const char **argv);
extern const struct option provenance_options[];
extern const char *const provenance_usage[];

int cmd_prep(int argc, const char **argv);
extern const struct option prep_options[];
extern const char *const prep_usage[];

int cmd_followup(int argc, const char **argv);
extern const struct option followup_options[];
extern const char *const followup_usage[];

int cmd_open(int argc, const char **argv);
extern const struct option open_options[];
extern const char *const open_usage[];

int cmd_digest(int argc, const char **argv);
extern const struct option digest_options[];
extern const char *const digest_usage[];

int cmd_growth(int argc, const char **argv);
extern const struct option growth_options[];
extern const char *const growth_usage[];

int cmd_done(int argc, const char **argv);
extern const struct option done_options[];
extern const char *const done_usage[];

int cmd_repeat_blockers(int argc, const char **argv);
extern const struct option repeat_blockers_options[];
extern const char *const repeat_blockers_usage[];

int cmd_log(int argc, const char **argv);
extern const struct option log_options[];
extern const char *const log_usage[];

int cmd_history(int argc, const char **argv);
extern const struct option history_options[];
extern const char *const history_usage[];

int cmd_stats(int argc, const char **argv);
extern const struct option stats_options[];
extern const char *const stats_usage[];

int cmd_status(int argc, const char **argv);
extern const struct option status_options[];
extern const char *const status_usage[];

int cmd_transcript(int argc, const char **argv);
extern const struct option transcript_options[];
extern const char *const transcript_usage[];

int cmd_search(int argc, const char **argv);
extern const struct option search_options[];
extern const char *const search_usage[];

int cmd_cite(int argc, const char **argv);
extern const struct option cite_options[];
extern const char *const cite_usage[];

int cmd_lsp(int argc, const char **argv);
extern const struct option lsp_options[];
extern const char *const lsp_usage[];

int cmd_hook(int argc, const char **argv);
extern const struct option hook_options[];
extern const char *const hook_usage[];

#endif
