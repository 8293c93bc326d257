/*
 * thread log [HANDLE] - the commits that changed person files, newest first.
 *
 * Read from the git history (history.h): each closeout with its person,
 * session, the items it added, closed and re-dated, and whether it carries
 * a transcript; each commit made by hand too, with the person its file
 * names and its subject.
 */
#include "command.h"
#include "date.h"
#include "gitstore.h"
#include "history.h"
#include "pattern.h"
#include "strbuf.h"
#include "util.h"
#include "safeout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *opt_since, *opt_format = "text";
static const char *const formats[] = { "text", "json", NULL };

const char *const log_usage[] = {
	"thread log [HANDLE] [--since DATE] [--format text|json]", NULL
};

const struct option log_options[] = {
	OPT_STRING(0, "since", &opt_since, "DATE", "only closeouts on or after DATE",
		   COMPLETE_DATE),
	OPT_CHOICE(0, "format", &opt_format, "FORMAT", "output format: text or json",
		   formats),
	OPT_END(),
};

static const char *who(const struct hist_commit *c)
{
	return c->person ? c->person : "?";
}

static void text_line(struct strbuf *sb, const struct hist_commit *c)
{
	size_t start = sb->len;

	strbuf_add_date(sb, c->day);
	strbuf_addf(sb, "  %.7s  %s", c->id, who(c));
	if (c->npeople > 1)
		strbuf_addf(sb, " +%d", c->npeople - 1);
	while (sb->len - start < 33)           /* the person column */
		strbuf_addch(sb, ' ');
	strbuf_addch(sb, ' ');
	if (c->session >= 0) {
		strbuf_addstr(sb, "session ");
		strbuf_add_date(sb, c->session);
	} else {
		strbuf_addstr(sb, c->closeout ? "                  " : "by hand           ");
	}
	strbuf_addf(sb, "  +%d added, %d closed, %d re-dated%s", c->added, c->closed,
		    c->redated, c->transcript ? ", transcript" : "");
	if (!c->closeout)
		strbuf_addf(sb, ": %s", c->subject);
	strbuf_addch(sb, '\n');
}

static void json_item(struct strbuf *sb, const struct hist_commit *c, int first)
{
	char date[11];

	date_format(c->day, date);
	strbuf_addf(sb, "%s{\"date\":\"%s\",\"commit\":\"%s\",", first ? "\n" : ",\n",
		    date, c->id);
	strbuf_add_json_field(sb, "person", c->person);
	strbuf_addf(sb, ",\"people\":%d,\"closeout\":%s,", c->npeople,
		    c->closeout ? "true" : "false");
	strbuf_add_json_date(sb, "session", c->session >= 0, c->session);
	strbuf_addf(sb, ",\"added\":%d,\"closed\":%d,\"redated\":%d,\"transcript\":%s,",
		    c->added, c->closed, c->redated, c->transcript ? "true" : "false");
	strbuf_add_json_field(sb, "subject", c->subject);
	strbuf_addch(sb, '}');
}

static int wanted(const struct hist_commit *c, const char *handle, int since,
		  int has_since)
{
	if (has_since && c->day < since)
		return 0;
	return !handle || (c->person && !strcmp(c->person, handle));
}

int cmd_log(int argc, const char **argv)
{
	struct history_opts o = { NULL, 0 };
	struct strbuf out = STRBUF_INIT, path = STRBUF_INIT;
	struct gitstore *g = NULL;
	struct history h;
	int n, since = 0, has_since = 0, rc = 2, json, shown = 0;
	const char *handle = NULL;
	size_t i;

	n = parse_options(argc, argv, log_options, log_usage);
	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n > 1) {
		error("name at most one person: thread log [HANDLE]");
		return 2;
	}
	if (n) {
		handle = argv[0];
		if (!pattern_is_handle(handle, strlen(handle))) {
			error("'%s' is not a valid handle", handle);
			return 2;
		}
		strbuf_addf(&path, "people/%s.md", handle);
		o.only_path = path.buf;
	}
	if (opt_since) {
		if (date_arg("--since", opt_since, &since))
			return 2;
		has_since = 1;
	}
	if (gitstore_open(&g, "."))
		return 2;
	o.progress = isatty(STDERR_FILENO);
	if (history_load(g, &o, &h))
		goto done;
	json = !strcmp(opt_format, "json");
	if (json)
		strbuf_addstr(&out, gitstore_is_shallow(g) ? "{\"shallow\":true,\"commits\":["
							   : "{\"commits\":[");
	for (i = h.ncommits; i-- > 0;) {
		const struct hist_commit *c = &h.commits[i];
		if (!wanted(c, handle, since, has_since))
			continue;
		if (json)
			json_item(&out, c, !shown);
		else
			text_line(&out, c);
		shown++;
	}
	if (json)
		strbuf_addstr(&out, shown ? "\n]}\n" : "]}\n");
	else if (!shown)
		safe_fprintf(stderr, "%s: no commit changed %s\n", progname,
			     handle ? path.buf : "a person file");
	safe_write(stdout, out.buf, out.len);
	history_release(&h);
	rc = 0;
done:
	gitstore_free(g);
	strbuf_release(&out);
	strbuf_release(&path);
	return rc;
}
