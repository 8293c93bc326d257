/*
 * thread lsp - a language server for person files and .thread.yaml:
 * lint's findings as the editor types, and the outline of sessions.
 * The protocol is spoken on stdin and stdout (lsp.h).
 */
#include "command.h"
#include "lsp.h"
#include "util.h"

#include <signal.h>
#include <unistd.h>

static int opt_stdio;

const char *const lsp_usage[] = { "thread lsp [--stdio]", NULL };

const struct option lsp_options[] = {
	/* what VS Code's clients and others pass to a server on stdio */
	OPT_FLAG(0, "stdio", &opt_stdio,
		 "speak on stdin and stdout (the only way; accepted for clients that ask)"),
	OPT_END(),
};

int cmd_lsp(int argc, const char **argv)
{
	int n = parse_options(argc, argv, lsp_options, lsp_usage);

	if (n == PARSE_OPT_HELP)
		return 0;
	if (n < 0)
		return 2;
	if (n) {
		error("thread lsp takes no arguments; an editor starts it and speaks on stdin and stdout");
		return 2;
	}
	/* a client that goes away is an end of input, not a signal */
	signal(SIGPIPE, SIG_IGN);
	return lsp_serve(STDIN_FILENO, STDOUT_FILENO);
}
