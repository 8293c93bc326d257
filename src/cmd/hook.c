/*
 * thread hook install - run `thread lint --staged` before every commit.
 */
#include "command.h"
#include "gitstore.h"
#include "hook.h"
#include "util.h"

#include <string.h>

static int opt_force;

const char *const hook_usage[] = { "thread hook install [--force]", NULL };

const struct option hook_options[] = {
	OPT_FLAG(0, "force", &opt_force,
		 "install even over an earlier chained hook that was left behind"),
	OPT_END(),
};

int cmd_hook(int argc, const char **argv)
{
	struct gitstore *g = NULL;
	int n = parse_options(argc, argv, hook_options, hook_usage), rc;

	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n != 1 || strcmp(argv[0], "install")) {
		if (n)
			error("unknown subcommand '%s'", argv[0]);
		else
			error("say what to do: thread hook install");
		print_usage(stderr, hook_options, hook_usage);
		return 2;
	}
	if (gitstore_open(&g, "."))
		return 2;
	rc = hook_install(g, opt_force, 0) ? 2 : 0;
	gitstore_free(g);
	return rc;
}
