/*
 * options.h - command-line options declared as a table.
 *
 * Each command declares its options once, as an array of struct option
 * ending with OPT_END().  The same table parses argv, prints the usage
 * text, and generates the shell completions (completion.c), so the three
 * cannot disagree.  Option values live in the command's static storage.
 *
 * Accepted forms: --name=value, --name value, -n value, -nvalue, bundled
 * short flags (-qv), and "--" to end the options.  Options and arguments
 * may be mixed; arguments keep their order.
 */
#ifndef THREAD_OPTIONS_H
#define THREAD_OPTIONS_H

#include <stdio.h>

enum opt_type { OPT_END_T, OPT_FLAG_T, OPT_STRING_T, OPT_CHOICE_T, OPT_LIST_T };

/* The values of a repeatable option (OPT_LIST), in command-line order;
 * the strings are argv's.  Free v when done. */
struct opt_list {
	const char **v;
	size_t nr, alloc;
};

/* What a shell should offer for an option's value or an argument. */
enum complete_kind { COMPLETE_NONE, COMPLETE_FILE, COMPLETE_DIR, COMPLETE_DATE,
		     COMPLETE_HANDLE };

struct option {
	enum opt_type type;
	int short_name;          /* 0 when none */
	const char *long_name;
	void *value;             /* int * for flags; struct opt_list * for
				    lists; const char ** otherwise */
	const char *argh;        /* the value's name in usage, e.g. "DATE" */
	const char *help;
	const char *const *choices;   /* OPT_CHOICE: NULL-terminated */
	enum complete_kind complete;
};

#define OPT_FLAG(s, l, v, h) { OPT_FLAG_T, (s), (l), (v), NULL, (h), NULL, COMPLETE_NONE }
#define OPT_STRING(s, l, v, a, h, c) { OPT_STRING_T, (s), (l), (v), (a), (h), NULL, (c) }
#define OPT_CHOICE(s, l, v, a, h, ch) { OPT_CHOICE_T, (s), (l), (v), (a), (h), (ch), COMPLETE_NONE }
#define OPT_LIST(s, l, v, a, h, c) { OPT_LIST_T, (s), (l), (v), (a), (h), NULL, (c) }
#define OPT_END() { OPT_END_T, 0, NULL, NULL, NULL, NULL, NULL, COMPLETE_NONE }

enum { PARSE_OPT_HELP = -2, PARSE_OPT_ERROR = -1 };

/*
 * Parse argv[1..argc).  Options are stored through the table; the
 * remaining arguments are moved to argv[0..n) and n is returned.
 * -h/--help prints the usage on stdout and returns PARSE_OPT_HELP; a bad
 * option prints an error and the usage on stderr and returns
 * PARSE_OPT_ERROR.  `usage` is the synopsis line(s), NULL-terminated.
 */
int parse_options(int argc, const char **argv, const struct option *opts,
		  const char *const *usage);

void print_usage(FILE *out, const struct option *opts, const char *const *usage);

#endif
