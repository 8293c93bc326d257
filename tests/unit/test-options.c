/* Unit tests: the options table parser (options.c). */
#include "options.h"
#include "tap.h"

static const char *format, *today;
static int quiet, verbose;
static const char *const formats[] = { "text", "json", NULL };
static const char *const usage[] = { "test [options] [ARG...]", NULL };
static const struct option opts[] = {
	OPT_CHOICE(0, "format", &format, "FORMAT", "text or json", formats),
	OPT_STRING('t', "today", &today, "DATE", "the day", COMPLETE_DATE),
	OPT_FLAG('q', "quiet", &quiet, "be quiet"),
	OPT_FLAG('v', "verbose", &verbose, "say more"),
	OPT_END(),
};

static int run(int argc, const char **argv)
{
	format = today = NULL;
	quiet = verbose = 0;
	return parse_options(argc, argv, opts, usage);
}

int main(void)
{
	const char *a1[] = { "x", "one", "--format=json", "two", "--today", "2026-01-02", "-qv", NULL };
	const char *a2[] = { "x", "-t2026-03-04", "--", "--format", NULL };
	const char *a3[] = { "x", "--format", "xml", NULL };
	const char *a4[] = { "x", "--nope", NULL };
	const char *a5[] = { "x", "--today", NULL };
	const char *a6[] = { "x", "--quiet=yes", NULL };
	const char *a7[] = { "x", "-", "-h", NULL };
	int n;

	n = run(7, a1);
	is_int(n, 2, "two arguments among the options");
	ok(n == 2 && !strcmp(a1[0], "one") && !strcmp(a1[1], "two"), "arguments keep their order");
	is_str(format, "json", "--name=value");
	is_str(today, "2026-01-02", "--name value");
	ok(quiet && verbose, "bundled short flags");

	n = run(4, a2);
	is_str(today, "2026-03-04", "-nvalue");
	ok(n == 1 && !strcmp(a2[0], "--format"), "-- ends the options");

	fclose(stderr);   /* the errors below print usage there */
	is_int(run(3, a3), PARSE_OPT_ERROR, "a choice outside the list is refused");
	is_int(run(2, a4), PARSE_OPT_ERROR, "an unknown option is refused");
	is_int(run(2, a5), PARSE_OPT_ERROR, "a missing value is refused");
	is_int(run(2, a6), PARSE_OPT_ERROR, "a flag with a value is refused");
	{
		FILE *saved = stdout;
		stdout = fopen("/dev/null", "w");
		n = run(3, a7);
		fclose(stdout);
		stdout = saved;
	}
	is_int(n, PARSE_OPT_HELP, "-h asks for help, and '-' alone is an argument");
	return done_testing();
}
