#include "options.h"
#include "strbuf.h"
#include "util.h"

#include <string.h>

static const struct option *find_long(const struct option *o, const char *name,
				      size_t len)
{
	for (; o->type != OPT_END_T; o++)
		if (o->long_name && strlen(o->long_name) == len &&
		    !strncmp(o->long_name, name, len))
			return o;
	return NULL;
}

static const struct option *find_short(const struct option *o, int c)
{
	for (; o->type != OPT_END_T; o++)
		if (o->short_name && o->short_name == c)
			return o;
	return NULL;
}

static void opt_name(char *buf, size_t n, const struct option *o)
{
	if (o->long_name)
		snprintf(buf, n, "--%s", o->long_name);
	else
		snprintf(buf, n, "-%c", o->short_name);
}

static int set_value(const struct option *o, const char *arg)
{
	char name[64];
	const char *const *c;

	opt_name(name, sizeof(name), o);
	if (o->type == OPT_LIST_T) {
		struct opt_list *l = o->value;
		ALLOC_GROW(l->v, l->nr + 1, l->alloc);
		l->v[l->nr++] = arg;
		return 0;
	}
	if (o->type == OPT_CHOICE_T) {
		for (c = o->choices; *c; c++)
			if (!strcmp(*c, arg))
				break;
		if (!*c) {
			struct strbuf list = STRBUF_INIT;
			for (c = o->choices; *c; c++)
				strbuf_addf(&list, "%s%s", *c,
					    !c[1] ? "" : c[2] ? ", " : " or ");
			error("%s must be %s, not '%s'", name, list.buf, arg);
			strbuf_release(&list);
			return -1;
		}
	}
	*(const char **)o->value = arg;
	return 0;
}

/* Handle one option whose value may be `inline_arg` or the next argv. */
static int take(const struct option *o, const char *inline_arg, int *i,
		int argc, const char **argv)
{
	char name[64];

	opt_name(name, sizeof(name), o);
	if (o->type == OPT_FLAG_T) {
		if (inline_arg)
			return error("%s takes no value", name);
		*(int *)o->value = 1;
		return 0;
	}
	if (inline_arg)
		return set_value(o, inline_arg);
	if (*i + 1 >= argc)
		return error("%s needs a value (%s)", name, o->argh);
	return set_value(o, argv[++*i]);
}

static int parse_short(const struct option *opts, int *i, int argc,
		       const char **argv)
{
	const char *p = argv[*i] + 1;
	for (; *p; p++) {
		const struct option *o = find_short(opts, *p);
		if (*p == 'h' && !o)
			return PARSE_OPT_HELP;
		if (!o)
			return error("unknown option '-%c'", *p);
		if (o->type != OPT_FLAG_T)
			return take(o, p[1] ? p + 1 : NULL, i, argc, argv);
		*(int *)o->value = 1;
	}
	return 0;
}

static int parse_long(const struct option *opts, int *i, int argc,
		      const char **argv)
{
	const char *name = argv[*i] + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct option *o = find_long(opts, name, len);

	if (!o && len == 4 && !strncmp(name, "help", 4))
		return PARSE_OPT_HELP;
	if (!o)
		return error("unknown option '--%.*s'", (int)len, name);
	return take(o, eq ? eq + 1 : NULL, i, argc, argv);
}

int parse_options(int argc, const char **argv, const struct option *opts,
		  const char *const *usage)
{
	int i, n = 0, rc = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			while (++i < argc)
				argv[n++] = argv[i];
			break;
		}
		if (a[0] != '-' || !a[1])
			argv[n++] = a;       /* "-" alone is an argument */
		else if (a[1] == '-')
			rc = parse_long(opts, &i, argc, argv);
		else
			rc = parse_short(opts, &i, argc, argv);
		if (rc)
			break;
	}
	if (rc == PARSE_OPT_HELP) {
		print_usage(stdout, opts, usage);
		return PARSE_OPT_HELP;
	}
	if (rc) {
		print_usage(stderr, opts, usage);
		return PARSE_OPT_ERROR;
	}
	return n;
}

void print_usage(FILE *out, const struct option *opts, const char *const *usage)
{
	const struct option *o;
	int first = 1;

	for (; *usage; usage++, first = 0)
		fprintf(out, "%s %s\n", first ? "usage:" : "   or:", *usage);
	fputc('\n', out);
	for (o = opts; o->type != OPT_END_T; o++) {
		char left[80];
		int n = 0;
		if (o->short_name)
			n += snprintf(left + n, sizeof(left) - (size_t)n, "-%c%s",
				      o->short_name, o->long_name ? ", " : "");
		else
			n += snprintf(left + n, sizeof(left) - (size_t)n, "    ");
		if (o->long_name)
			n += snprintf(left + n, sizeof(left) - (size_t)n, "--%s",
				      o->long_name);
		if (o->type != OPT_FLAG_T)
			snprintf(left + n, sizeof(left) - (size_t)n, " <%s>", o->argh);
		if (strlen(left) > 24)
			fprintf(out, "    %s\n    %-24s  %s\n", left, "", o->help);
		else
			fprintf(out, "    %-24s  %s\n", left, o->help);
	}
	fprintf(out, "    %-24s  %s\n", "-h, --help", "show this help");
}
