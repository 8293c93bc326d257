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
#include "fields.h"
#include "person.h"
#include "repo.h"
#include "strbuf.h"
#include "team.h"
#include "util.h"
#include "safeout.h"

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

/* The recap template: every section, its expected shape as a comment so a
 * fresh session holds no ledger item and no lint error. */
static const char *const template_sections[][2] = {
	{ "Wins", "- what happened, specifically" },
	{ "Blockers", "- the blocker, in their words\n"
		      "  - [ ] task: the next step @HANDLE due:YYYY-MM-DD\n"
		      "    Done when: ...\n"
		      "  - [ ] ask: what, from whom @who due:YYYY-MM-DD escalate:YYYY-MM-DD" },
	{ "Priorities", "- [ ] one of the top three @HANDLE due:YYYY-MM-DD\n  Why: ..." },
	{ "Tasks", "- [ ] what @HANDLE due:YYYY-MM-DD\n  Done when: ..." },
	{ "Asks", "- [ ] what, from whom @who due:YYYY-MM-DD escalate:YYYY-MM-DD\n"
		  "  Done when: ...\n  Message: one sentence" },
	{ "Feedback", "- the context, an example, and what better looks like" },
	{ "Growth", "- Skill: one skill\n- [ ] Rep: one observable rep @HANDLE due:YYYY-MM-DD\n"
		    "- Exposure: where they practise it" },
	{ "Decisions", "- what was decided, and what changes because of it" },
	{ "Risks", "- what could break the plan; early signal: ..." },
	{ "Notes", "anything else worth keeping, in any shape; prep shows the last session's" },
	{ "Private", "stays in this file: no follow-up or digest shows it" },
	{ "Next", "- what the next 1:1 starts with" },
};

/* A copy into the new session is escaped as output is (safeout.h): the
 * file is not a terminal, but a control sequence copied into it would
 * be shown by every later prep, cat or git diff, and spread with each
 * new session.  "\e[31m" in the Review list shows it is there to fix. */
static void add_plain(struct strbuf *sb, const struct text *t)
{
	struct strbuf plain = STRBUF_INIT;

	fields_strip(t->s, t->len, &plain);
	strbuf_add_safe(sb, plain.buf, plain.len);
	strbuf_release(&plain);
}

/* Each review_* adds the lines of one kind that are private (or not):
 * private ones go under a "#### Private" heading of the Review list, so
 * copying an item forward never makes it shared (thread(5) PRIVACY). */
static void review_next(struct strbuf *sb, const struct session *last, int private)
{
	const struct section *sec;
	const struct bullet *b;
	char date[11];

	if (!last || !last->date_ok)
		return;
	date_format(last->date, date);
	for (sec = last->sections; sec; sec = sec->next) {
		if (sec->kind != SEC_NEXT)
			continue;
		for (b = sec->bullets; b; b = b->next) {
			if (b->private != private)
				continue;
			strbuf_addf(sb, "- Next (from %s): ", date);
			add_plain(sb, &b->text);
			strbuf_addch(sb, '\n');
		}
	}
}

/* Items are named by their path from the repository root, since the
 * notes outlive the folder this command ran in. */
static void review_open(struct strbuf *sb, const struct person *p,
			enum item_kind kind, int private)
{
	static const char *const label[] = { "Open task", "Open ask",
					     "Open priority", NULL };
	const struct session *s;
	const struct item *it;
	char date[11];

	for (s = p->sessions; s; s = s->next)
		for (it = s->items; it; it = it->next) {
			if (it->done || it->kind != kind || it->private != private)
				continue;
			strbuf_addf(sb, "- %s: ", label[kind]);
			add_plain(sb, &it->text);
			strbuf_addf(sb, " (%s%s", it->owner ? "@" : "no owner",
				    it->owner ? it->owner : "");
			if (it->due.ok) {
				date_format(it->due.days, date);
				strbuf_addf(sb, ", due %s", date);
			}
			if (it->escalate.ok) {
				date_format(it->escalate.days, date);
				strbuf_addf(sb, ", escalate %s", date);
			}
			strbuf_addf(sb, ") at people/%s.md:%d\n", p->handle, it->pos.line);
		}
}

static void review_rep(struct strbuf *sb, const struct session *last, int private)
{
	const struct item *it;
	char date[11];

	if (!last || !last->date_ok)
		return;
	date_format(last->date, date);
	for (it = last->items; it; it = it->next) {
		if (it->kind != ITEM_REP || it->private != private)
			continue;
		strbuf_addf(sb, "- Growth rep (from %s): ", date);
		add_plain(sb, &it->text);
		strbuf_addstr(sb, " (did it happen?)\n");
	}
}

static const struct session *newest(const struct person *p)
{
	const struct session *s, *last = NULL;
	for (s = p->sessions; s; s = s->next)
		last = s;
	return last;
}

static void append_session(struct strbuf *out, const struct person *p,
			   const char *date)
{
	const struct session *last = newest(p);
	struct strbuf review[2] = { STRBUF_INIT, STRBUF_INIT };
	size_t i;
	int private;

	for (private = 0; private <= 1; private++) {
		review_next(&review[private], last, private);
		review_open(&review[private], p, ITEM_ASK, private);
		review_open(&review[private], p, ITEM_TASK, private);
		review_open(&review[private], p, ITEM_PRIORITY, private);
		review_rep(&review[private], last, private);
	}

	strbuf_addf(out, "## %s%s%s\n\n### Review\n", date, opt_type ? " " : "",
		    opt_type ? opt_type : "");
	if (review[0].len || review[1].len)
		strbuf_addstr(out, review[0].buf);
	else
		strbuf_addstr(out, "<!-- nothing carried over: the first session -->\n");
	if (review[1].len)
		strbuf_addf(out, "\n#### Private\n%s", review[1].buf);
	for (i = 0; i < ARRAY_SIZE(template_sections); i++) {
		const char *shape = template_sections[i][1];
		struct strbuf s = STRBUF_INIT;
		const char *h;
		/* The template says HANDLE; this person's handle reads better. */
		for (h = shape; *h; h++) {
			if (!strncmp(h, "HANDLE", 6)) {
				strbuf_addstr(&s, p->handle);
				h += 5;
			} else {
				strbuf_addch(&s, *h);
			}
		}
		strbuf_addf(out, "\n### %s\n<!-- %s -->\n", template_sections[i][0], s.buf);
		strbuf_release(&s);
	}
	strbuf_release(&review[0]);
	strbuf_release(&review[1]);
}

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

	strbuf_addbuf(&out, &buf);
	while (out.len && (out.buf[out.len - 1] == '\n' || out.buf[out.len - 1] == '\r' ||
			   out.buf[out.len - 1] == ' '))
		strbuf_setlen(&out, out.len - 1);
	strbuf_addstr(&out, out.len ? "\n\n" : "");
	line = pos_of_offset(out.buf, out.len).line;
	append_session(&out, p, date);
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
