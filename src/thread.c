/*
 * thread - turn 1:1 meetings into follow-through.
 *
 * main() only dispatches: one table of commands, one file per command in
 * src/cmd/.  Each command returns its exit status (0 clean, 1 findings,
 * 2 usage or system error).
 */
#include "command.h"
#include "completion.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#ifndef THREAD_VERSION
#define THREAD_VERSION "0.1.0"
#endif

static int cmd_help(int argc, const char **argv);

static const char *const help_usage[] = { "thread help [COMMAND]", NULL };
static const struct option help_options[] = { OPT_END() };

const struct command commands[] = {
	{ "init", cmd_init, init_options, init_usage,
	  "create or adopt a thread repository", COMPLETE_DIR, NULL },
	{ "add", cmd_add, add_options, add_usage,
	  "add a person file", COMPLETE_NONE, NULL },
	{ "new", cmd_new, new_options, new_usage,
	  "start a session in a person's thread", COMPLETE_HANDLE, NULL },
	{ "import", cmd_import, import_options, import_usage,
	  "bring notes written elsewhere into a person's thread", COMPLETE_HANDLE, NULL },
	{ "closeout", cmd_closeout, closeout_options, closeout_usage,
	  "commit a meeting with its transcript and provenance", COMPLETE_HANDLE, NULL },
	{ "draft", cmd_draft, draft_options, draft_usage,
	  "draft a session's notes from its transcript, for review", COMPLETE_HANDLE, NULL },
	{ "transcript", cmd_transcript, transcript_options, transcript_usage,
	  "show the numbered lines a transcript will have, writing nothing",
	  COMPLETE_FILE, "import" },
	{ "cite", cmd_cite, cite_options, cite_usage,
	  "find the transcript lines behind a session's notes", COMPLETE_HANDLE, NULL },
	{ "provenance", cmd_provenance, provenance_options, provenance_usage,
	  "show the transcript lines behind a ledger item", COMPLETE_FILE, NULL },
	{ "prep", cmd_prep, prep_options, prep_usage,
	  "the three-minute pre-brief for the next 1:1", COMPLETE_HANDLE, NULL },
	{ "followup", cmd_followup, followup_options, followup_usage,
	  "the same-day follow-up of a session", COMPLETE_HANDLE, NULL },
	{ "open", cmd_open, open_options, open_usage,
	  "open tasks, asks, priorities and reps across the team", COMPLETE_NONE, NULL },
	{ "digest", cmd_digest, digest_options, digest_usage,
	  "the weekly open-asks digest, by recipient", COMPLETE_NONE, NULL },
	{ "repeat-blockers", cmd_repeat_blockers, repeat_blockers_options,
	  repeat_blockers_usage, "blockers that keep coming back", COMPLETE_NONE, NULL },
	{ "growth", cmd_growth, growth_options, growth_usage,
	  "a person's growth thread over time", COMPLETE_HANDLE, NULL },
	{ "done", cmd_done, done_options, done_usage,
	  "check an item off in place", COMPLETE_HANDLE, NULL },
	{ "log", cmd_log, log_options, log_usage,
	  "closeouts as a timeline, from the git history", COMPLETE_HANDLE, NULL },
	{ "history", cmd_history, history_options, history_usage,
	  "one item's life: added, re-dated, handed over, checked off", COMPLETE_HANDLE, NULL },
	{ "stats", cmd_stats, stats_options, stats_usage,
	  "days to close, slips, escalations and cadence, per person and team",
	  COMPLETE_NONE, NULL },
	{ "search", cmd_search, search_options, search_usage,
	  "find words in the notes and transcripts, ranked", COMPLETE_NONE, NULL },
	{ "status", cmd_status, status_options, status_usage,
	  "where each 1:1 stands and what needs you today", COMPLETE_NONE, NULL },
	{ "lint", cmd_lint, lint_options, lint_usage,
	  "check person files against the format", COMPLETE_FILE, NULL },
	{ "lsp", cmd_lsp, lsp_options, lsp_usage,
	  "a language server for editors: lint as you type", COMPLETE_NONE, NULL },
	{ "hook", cmd_hook, hook_options, hook_usage,
	  "install the pre-commit hook", COMPLETE_NONE, "install" },
	{ "help", cmd_help, help_options, help_usage,
	  "show the usage of thread or of a command", COMPLETE_NONE, NULL },
};
const size_t ncommands = ARRAY_SIZE(commands);

static const struct command *find_command(const char *name)
{
	size_t i;
	for (i = 0; i < ncommands; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static void print_main_usage(FILE *out)
{
	size_t i;
	fputs("usage: thread [--version] [--help] COMMAND [ARGS]\n\n"
	      "Turn 1:1 meetings into follow-through: one Markdown file per person\n"
	      "in a git repository, checked and summarised by thread.\n\n"
	      "Commands:\n", out);
	for (i = 0; i < ncommands; i++)
		fprintf(out, "    %-12s %s\n", commands[i].name, commands[i].summary);
	fputs("\nSee 'thread help COMMAND', thread(1) and the file format in thread(5).\n",
	      out);
}

static int cmd_help(int argc, const char **argv)
{
	const struct command *c;
	int n = parse_options(argc, argv, help_options, help_usage);

	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (!n) {
		print_main_usage(stdout);
		return 0;
	}
	c = find_command(argv[0]);
	if (!c) {
		error("'%s' is not a thread command; see 'thread --help'", argv[0]);
		return 2;
	}
	print_usage(stdout, c->options, c->usage);
	printf("\nSee thread-%s(1) for the whole manual.\n", c->name);
	return 0;
}

static char progbuf[64];

/*
 * Every command's output ends here: a full disk or a closed pipe must not
 * pass for success, so stdout is flushed and closed and its errors
 * reported once, for all commands (as git does).
 */
static int finish(int rc)
{
	if (fflush(stdout) || ferror(stdout) || fclose(stdout)) {
		error("cannot write the output: %s", strerror(errno));
		return 2;
	}
	return rc;
}

int main(int argc, const char **argv)
{
	const struct command *c;

	if (argc < 2) {
		print_main_usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		print_main_usage(stdout);
		return finish(0);
	}
	if (!strcmp(argv[1], "--version")) {
		printf("thread %s\n", THREAD_VERSION);
		return finish(0);
	}
	if (!strncmp(argv[1], "--completion=", 13))
		return finish(completion_print(stdout, argv[1] + 13) ? 2 : 0);
	if (argv[1][0] == '-') {
		error("unknown option '%s'; see 'thread --help'", argv[1]);
		return 2;
	}
	c = find_command(argv[1]);
	if (!c) {
		error("'%s' is not a thread command; see 'thread --help'", argv[1]);
		return 2;
	}
	snprintf(progbuf, sizeof(progbuf), "thread %s", c->name);
	progname = progbuf;
	return finish(c->fn(argc - 1, argv + 1));
}
