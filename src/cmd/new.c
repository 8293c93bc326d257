/*
 * thread new HANDLE [--date D] [--type T] [--edit] - start a session.
 *
 * Appends a dated session with every section of the recap template, and a
 * Review list that starts the meeting from the thread: the last Next
 * list, every open ask, task and priority (named with its place, never
 * copied as a ledger item), and the growth rep to check.
 */
#include "atomic.h"
#include "command.h"
#include "date.h"
#include "diag.h"
#include "person.h"
#include "repo.h"
#include "strbuf.h"
#include "team.h"
#include "util.h"
#include "safeout.h"
#include "session_template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *opt_date, *opt_type;
static int opt_edit;

const char *const new_usage[] = {
	"thread new HANDLE [--date YYYY-MM-DD] [--type TYPE] [--edit]", NULL
};

const struct option new_options[] = {
	OPT_STRING(0, "date", &opt_date, "DATE", "the session's date (default today)",
		   COMPLETE_DATE),
	OPT_STRING(0, "type", &opt_type, "TYPE",
		   "a word after the date, such as skip-level or walking", COMPLETE_NONE),
	OPT_FLAG(0, "edit", &opt_edit, "open $VISUAL or $EDITOR at the new session"),
	OPT_END(),
};

static int check_date(const struct person *p, const char *date, int days)
{
	const struct session *s, *latest = NULL;
	char d[11];

	for (s = p->sessions; s; s = s->next) {
		if (!s->date_ok)
			continue;
		if (s->date == days)
			return error("there is already a session on %s (line %d)",
				     date, s->pos.line);
		if (!latest || s->date >= latest->date)
			latest = s;
	}
	if (latest && latest->date > days) {
		date_format(latest->date, d);
		return error("%s is before the newest session, %s (line %d); sessions run oldest first",
			     date, d, latest->pos.line);
	}
	return 0;
}

static int edit(const char *path, int line)
{
	const char *editor = getenv("VISUAL");
	struct strbuf cmd = STRBUF_INIT;
	int rc;

	if (!editor || !*editor)
		editor = getenv("EDITOR");
	if (!editor || !*editor)
		editor = "vi";
	/* Through the shell, so EDITOR may carry arguments ("code --wait"). */
	strbuf_addf(&cmd, "%s \"$@\"", editor);
	{
		char lineno[16];
		const char *args[] = { "/bin/sh", "-c", cmd.buf, editor, lineno, path, NULL };
		snprintf(lineno, sizeof(lineno), "+%d", line);
		rc = run_command(args);
	}
	strbuf_release(&cmd);
	return rc ? error("the editor (%s) failed", editor) : 0;
}

int cmd_new(int argc, const char **argv)
{
	struct strbuf buf = STRBUF_INIT, out = STRBUF_INIT;
	struct file_lock lock = FILE_LOCK_INIT;
	struct person *p = NULL;
	char *root = NULL, *path = NULL, date[11];
	int n, days, line, rc = 2;

	n = parse_options(argc, argv, new_options, new_usage);
	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n != 1) {
		error("name one person: thread new HANDLE");
		return 2;
	}
	if (opt_type && (strchr(opt_type, '\n') || strchr(opt_type, '#'))) {
		error("--type must be a word such as skip-level");
		return 2;
	}
	if (opt_date ? date_arg("--date", opt_date, &days) : date_today(NULL, &days))
		return 2;
	date_format(days, date);
	if (repo_find_root(".", &root)) {
		error("not inside a thread repository; run thread init first");
		return 2;
	}
	/* Locked before it is read: a thread done meanwhile is not lost. */
	if (team_lock_person(root, argv[0], &lock, &buf, &path) ||
	    !(p = person_read(path, argv[0], buf.buf, buf.len)))
		goto done;
	if (check_date(p, date, days))
		goto done;

	line = session_append(&out, &buf, p, date, opt_type, NULL, NULL);
	if (lock_replace(&lock, out.buf, out.len))
		goto done;
	lock_release(&lock);     /* the editor may take its time */
	safe_printf("%s:%d: new session %s\n", path, line, date);
	rc = 0;
	if (opt_edit && edit(path, line))
		rc = 2;
done:
	lock_release(&lock);
	person_free(p);
	free(root);
	free(path);
	strbuf_release(&buf);
	strbuf_release(&out);
	return rc;
}
