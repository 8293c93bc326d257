/*
 * session_template.c - the recap template of a new session
 * (session_template.h), shared by thread new and thread draft.
 */
#include "session_template.h"
#include "lines.h"
#include "date.h"
#include "fields.h"
#include "safeout.h"
#include "util.h"

#include <string.h>

/* The recap template: every section, its expected shape as a comment so a
 * fresh session holds no ledger item and no lint error. */
static const struct { enum section_kind kind; const char *name, *shape; } template_sections[] = {
	{ SEC_WINS, "Wins", "- what happened, specifically" },
	{ SEC_BLOCKERS, "Blockers", "- the blocker, in their words\n"
		      "  - [ ] task: the next step @HANDLE due:YYYY-MM-DD\n"
		      "    Done when: ...\n"
		      "  - [ ] ask: what, from whom @who due:YYYY-MM-DD escalate:YYYY-MM-DD" },
	{ SEC_PRIORITIES, "Priorities", "- [ ] one of the top three @HANDLE due:YYYY-MM-DD\n  Why: ..." },
	{ SEC_TASKS, "Tasks", "- [ ] what @HANDLE due:YYYY-MM-DD\n  Done when: ..." },
	{ SEC_ASKS, "Asks", "- [ ] what, from whom @who due:YYYY-MM-DD escalate:YYYY-MM-DD\n"
		  "  Done when: ...\n  Message: one sentence" },
	{ SEC_FEEDBACK, "Feedback", "- the context, an example, and what better looks like" },
	{ SEC_GROWTH, "Growth", "- Skill: one skill\n- [ ] Rep: one observable rep @HANDLE due:YYYY-MM-DD\n"
		    "- Exposure: where they practise it" },
	{ SEC_DECISIONS, "Decisions", "- what was decided, and what changes because of it" },
	{ SEC_RISKS, "Risks", "- what could break the plan; early signal: ..." },
	{ SEC_NOTES, "Notes", "anything else worth keeping, in any shape; prep shows the last session's" },
	{ SEC_PRIVATE, "Private", "stays in this file: no follow-up or digest shows it" },
	{ SEC_NEXT, "Next", "- what the next 1:1 starts with" },
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

void session_template(struct strbuf *out, const struct person *p,
		      const char *date, const char *type, const char *transcript,
		      const struct strbuf *fill)
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

	strbuf_addf(out, "## %s%s%s\n", date, type ? " " : "", type ? type : "");
	if (transcript)
		strbuf_addf(out, "Transcript: %s\n", transcript);
	strbuf_addstr(out, "\n### Review\n");
	if (review[0].len || review[1].len)
		strbuf_addstr(out, review[0].buf);
	else
		strbuf_addstr(out, "<!-- nothing carried over: the first session -->\n");
	if (review[1].len)
		strbuf_addf(out, "\n#### Private\n%s", review[1].buf);
	for (i = 0; i < ARRAY_SIZE(template_sections); i++) {
		const char *shape = template_sections[i].shape;
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
		strbuf_addf(out, "\n### %s\n<!-- %s -->\n", template_sections[i].name, s.buf);
		if (fill)
			strbuf_addbuf(out, &fill[template_sections[i].kind]);
		strbuf_release(&s);
	}
	strbuf_release(&review[0]);
	strbuf_release(&review[1]);
}


static int ends_with(const struct strbuf *sb, const char *s, size_t at)
{
	size_t n = strlen(s);
	return at >= n && !memcmp(sb->buf + at - n, s, n);
}

int session_append(struct strbuf *out, const struct strbuf *old,
		   const struct person *p, const char *date, const char *type,
		   const char *transcript, const struct strbuf *fill)
{
	struct strbuf session = STRBUF_INIT;
	const char *eol = line_ending_at(old->buf, old->buf + old->len);
	size_t n = strlen(eol);
	int line;

	strbuf_addbuf(out, old);
	if (out->len && out->buf[out->len - 1] != '\n' && out->buf[out->len - 1] != '\r')
		strbuf_addstr(out, eol);
	if (out->len && !ends_with(out, eol, out->len - n))
		strbuf_addstr(out, eol);        /* a blank line before the heading */
	line = (int)line_of_offset(out->buf, out->len);
	session_template(&session, p, date, type, transcript, fill);
	strbuf_add_lines(out, session.buf, session.len, eol);
	strbuf_release(&session);
	return line;
}
