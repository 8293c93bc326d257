/*
 * thread status - the loop's `git status`.
 *
 * One line per person: the last 1:1 and how long ago, when the next is
 * due by the cadence, whether the last one was closed out (and within 24
 * hours, loop.h) and followed up, the open tasks and asks with how many
 * are past their checkpoint or escalation, and a blocker that keeps
 * coming back.  Then what needs you today: meetings held but not closed
 * out, follow-ups not sent, escalations due, 1:1s overdue.
 *
 * What is under a Private heading is neither counted nor listed.  It
 * reads the files and one walk over the commit messages (loop.h), so it
 * stays fast on a long history.
 */
#include "command.h"
#include "date.h"
#include "fields.h"
#include "loop.h"
#include "person.h"
#include "repeat.h"
#include "strbuf.h"
#include "team.h"
#include "util.h"
#include "safeout.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *opt_person, *opt_format = "text", *opt_today, *opt_color = "auto";
static const char *const formats[] = { "text", "json", NULL };
static const char *const colors[] = { "auto", "always", "never", NULL };

const char *const status_usage[] = {
	"thread status [--person HANDLE] [--format text|json] [--color WHEN] [--today DATE]",
	NULL
};

const struct option status_options[] = {
	OPT_STRING(0, "person", &opt_person, "HANDLE", "only this person",
		   COMPLETE_HANDLE),
	OPT_CHOICE(0, "format", &opt_format, "FORMAT", "output format: text or json",
		   formats),
	OPT_CHOICE(0, "color", &opt_color, "WHEN",
		   "colour the output: auto, always or never", colors),
	OPT_STRING(0, "today", &opt_today, "DATE", "take DATE as today", COMPLETE_DATE),
	OPT_END(),
};

/* Something that needs you today, in the order they are listed. */
enum need_kind { NEED_CLOSEOUT, NEED_FOLLOWUP, NEED_ESCALATE, NEED_OVERDUE };
static const char *const need_json[] = { "closeout", "followup", "escalate", "overdue" };

struct need {
	enum need_kind kind;
	char *handle;
	char *file;              /* as shown, for NEED_ESCALATE */
	int line;
	int day;                 /* session, escalation or due date */
	char *text;              /* the ask, for NEED_ESCALATE */
	char *to;                /* its recipient, or NULL */
	int mine;                /* an ask I owe: I do it, no one to escalate to */
};

struct row {
	char *handle;
	int held, last, next_due, cadence;
	int reviewed, review_day, on_time;
	int followup_sent, sent_day, sent_minute;
	char *sent_to;
	int tasks, tasks_late, asks, asks_late, escalate;
	char *repeating;         /* the blocker's wording, or NULL */
	int repeat_sessions;
};

struct status {
	struct team team;
	struct loop loop;
	int today, color;
	struct row *rows;
	size_t nrows, rows_alloc;
	struct need *needs;
	size_t nneeds, needs_alloc;
};

/* ---- reading ---- */

static char *brief(const struct text *t)
{
	struct strbuf sb = STRBUF_INIT;
	char *c;

	fields_strip(t->s, t->len, &sb);
	for (c = sb.buf; *c; c++)
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
	return strbuf_detach(&sb, NULL);
}

static struct need *add_need(struct status *st, enum need_kind kind,
			     const char *handle, int day)
{
	struct need *n;

	ALLOC_GROW(st->needs, st->nneeds + 1, st->needs_alloc);
	n = &st->needs[st->nneeds++];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->handle = xstrdup(handle);
	n->day = day;
	return n;
}

static void count_items(struct status *st, struct row *r, const struct person *p,
			const char *path)
{
	const struct session *s;
	const struct item *it;

	for (s = p->sessions; s; s = s->next)
		for (it = s->items; it; it = it->next) {
			int late = it->due.ok && it->due.days < st->today;
			if (it->done || !team_shows(it->private, 0))
				continue;
			if (it->kind == ITEM_TASK) {
				r->tasks++;
				r->tasks_late += late;
			} else if (it->kind == ITEM_ASK) {
				struct need *n;
				r->asks++;
				r->asks_late += late;
				if (!it->escalate.ok || it->escalate.days > st->today)
					continue;
				r->escalate++;
				n = add_need(st, NEED_ESCALATE, p->handle, it->escalate.days);
				n->file = xstrdup(path);
				n->line = it->pos.line;
				n->text = brief(&it->text);
				n->to = it->owner ? xstrdup(it->owner) : NULL;
				n->mine = it->owner && (!strcmp(it->owner, "me") ||
							!strcmp(it->owner, team_me(&st->team)));
			}
		}
}

static void find_repeating(struct status *st, struct row *r, const struct person *p,
			   const char *path)
{
	struct repeat_opts o;
	struct repeat_engine *e;
	struct repeat_list l = REPEAT_LIST_INIT;

	memset(&o, 0, sizeof(o));
	o.window = st->team.config.repeat_window;
	o.min = st->team.config.repeat_min;
	o.threshold = st->team.config.repeat_threshold;
	e = repeat_new(&o);
	repeat_add_person(e, p, path);
	repeat_find(e, &l);
	if (l.n) {
		struct text t = { l.v[0].label, strlen(l.v[0].label) };
		r->repeating = brief(&t);
		r->repeat_sessions = l.v[0].nsessions;
	}
	repeat_list_release(&l);
	repeat_free(e);
}

static void read_person(struct status *st, const struct person *p, const char *path)
{
	const struct session *last = loop_last_held(p, st->today);
	const struct loop_review *rv;
	struct row *r;

	ALLOC_GROW(st->rows, st->nrows + 1, st->rows_alloc);
	r = &st->rows[st->nrows++];
	memset(r, 0, sizeof(*r));
	r->handle = xstrdup(p->handle);
	r->cadence = p->cadence_days > 0 ? p->cadence_days : 7;
	r->next_due = -1;
	if (last) {
		r->held = 1;
		r->last = last->date;
		r->next_due = loop_next_due(p, st->today);
		if ((rv = loop_review(&st->loop, p->handle, last->date))) {
			r->reviewed = 1;
			r->review_day = rv->day;
			r->on_time = loop_review_on_time(rv);
		}
		r->followup_sent = last->followup_sent;
		r->sent_day = last->followup_day;
		r->sent_minute = last->followup_minute;
		r->sent_to = last->followup_to ? xstrdup(last->followup_to) : NULL;
		if (!r->reviewed)
			add_need(st, NEED_CLOSEOUT, p->handle, last->date);
		if (!r->followup_sent)
			add_need(st, NEED_FOLLOWUP, p->handle, last->date);
	}
	count_items(st, r, p, path);
	find_repeating(st, r, p, path);
	if (r->next_due >= 0 && r->next_due < st->today)
		add_need(st, NEED_OVERDUE, p->handle, r->next_due);
}

static int read_team(struct status *st)
{
	const char *path;
	struct person *p;
	size_t i;
	int rc = 0;

	if (opt_person) {
		if (!(p = team_find(&st->team, opt_person, &path)))
			return -1;
		read_person(st, p, path);
		person_free(p);
		return 0;
	}
	for (i = 0; i < st->team.repo.nfiles; i++) {
		if (!st->team.repo.files[i].valid_handle ||
		    !(p = team_person(&st->team, i, &path))) {
			if (team_failed(&st->team, i))
				rc = -1;   /* printed; the others are still shown */
			continue;
		}
		read_person(st, p, path);
		person_free(p);
	}
	return rc;
}

static int cmp_need(const void *a, const void *b)
{
	const struct need *x = a, *y = b;
	int c;

	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	if (x->day != y->day)
		return (x->day > y->day) - (x->day < y->day);
	if ((c = strcmp(x->handle, y->handle)))
		return c;
	return x->line - y->line;
}

/* ---- text ---- */

static void paint(struct status *st, struct strbuf *sb, const char *color,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void paint(struct status *st, struct strbuf *sb, const char *color,
		  const char *fmt, ...)
{
	va_list ap;

	if (st->color)
		strbuf_addstr(sb, color);
	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	if (st->color)
		strbuf_addstr(sb, "\033[0m");
}

#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define BOLD "\033[1m"

static void add_safe(struct strbuf *sb, const char *s)
{
	strbuf_add_safe(sb, s, strlen(s));
}

static void add_days_ago(struct strbuf *sb, int days)
{
	if (days == 0)
		strbuf_addstr(sb, "today");
	else if (days == 1)
		strbuf_addstr(sb, "yesterday");
	else
		strbuf_addf(sb, "%d days ago", days);
}

static void text_items(struct status *st, struct strbuf *sb, const struct row *r)
{
	strbuf_addf(sb, "; %d open task%s", r->tasks, r->tasks == 1 ? "" : "s");
	if (r->tasks_late)
		paint(st, sb, YELLOW, " (%d past checkpoint)", r->tasks_late);
	strbuf_addf(sb, ", %d open ask%s", r->asks, r->asks == 1 ? "" : "s");
	if (r->asks_late || r->escalate) {
		strbuf_addstr(sb, " (");
		if (r->asks_late)
			paint(st, sb, YELLOW, "%d past checkpoint", r->asks_late);
		if (r->asks_late && r->escalate)
			strbuf_addstr(sb, ", ");
		if (r->escalate)
			paint(st, sb, RED, "%d to escalate", r->escalate);
		strbuf_addch(sb, ')');
	}
}

static void text_row(struct status *st, struct strbuf *sb, const struct row *r)
{
	paint(st, sb, BOLD, "%s", r->handle);
	strbuf_addstr(sb, ": ");
	if (!r->held) {
		strbuf_addstr(sb, "no 1:1 held yet");
	} else {
		strbuf_addstr(sb, "last 1:1 ");
		strbuf_add_date(sb, r->last);
		strbuf_addstr(sb, " (");
		add_days_ago(sb, st->today - r->last);
		strbuf_addstr(sb, "); ");
		if (r->next_due < st->today) {
			struct strbuf due = STRBUF_INIT;
			strbuf_add_date(&due, r->next_due);
			paint(st, sb, RED, "overdue by %d day%s (due %s)",
			      st->today - r->next_due, st->today - r->next_due == 1 ? "" : "s",
			      due.buf);
			strbuf_release(&due);
		} else {
			strbuf_addstr(sb, "next due ");
			strbuf_add_date(sb, r->next_due);
		}
		strbuf_addstr(sb, "; ");
		if (!r->reviewed)
			paint(st, sb, RED, "not closed out");
		else if (r->on_time)
			paint(st, sb, GREEN, "closed out within 24h");
		else
			paint(st, sb, YELLOW, "closed out late (%d days after)",
			      r->review_day - r->last);
		strbuf_addstr(sb, "; ");
		if (r->followup_sent)
			paint(st, sb, GREEN, "follow-up sent");
		else
			paint(st, sb, RED, "follow-up not sent");
	}
	text_items(st, sb, r);
	if (r->repeating) {
		strbuf_addf(sb, "; repeating blocker (%d sessions): ", r->repeat_sessions);
		add_safe(sb, r->repeating);
	}
	strbuf_addch(sb, '\n');
}

static void text_need(struct strbuf *sb, const struct need *n)
{
	char date[11];

	date_format(n->day, date);
	switch (n->kind) {
	case NEED_CLOSEOUT:
		strbuf_addf(sb, "  close out %s's 1:1 of %s:  thread closeout %s --date %s\n",
			    n->handle, date, n->handle, date);
		break;
	case NEED_FOLLOWUP:
		strbuf_addf(sb, "  send %s the follow-up of %s:  thread followup %s --date %s --send\n",
			    n->handle, date, n->handle, date);
		break;
	case NEED_ESCALATE:
		if (n->mine) {
			strbuf_addf(sb, "  you owe this, escalation was due %s: ", date);
			add_safe(sb, n->text);
			strbuf_addstr(sb, "  ");
			add_safe(sb, n->file);
			strbuf_addf(sb, ":%d\n", n->line);
			break;
		}
		strbuf_addstr(sb, "  escalate ");
		if (n->to) {
			strbuf_addch(sb, '@');
			add_safe(sb, n->to);
			strbuf_addch(sb, ' ');
		}
		strbuf_addf(sb, "(due %s): ", date);
		add_safe(sb, n->text);
		strbuf_addstr(sb, "  ");
		add_safe(sb, n->file);
		strbuf_addf(sb, ":%d\n", n->line);
		break;
	case NEED_OVERDUE:
		strbuf_addf(sb, "  hold the 1:1 with %s, due %s:  thread new %s\n",
			    n->handle, date, n->handle);
		break;
	}
}

static void print_text(struct status *st, struct strbuf *sb)
{
	size_t i;

	strbuf_addstr(sb, "As of ");
	strbuf_add_date(sb, st->today);
	strbuf_addstr(sb, "\n\n");
	for (i = 0; i < st->nrows; i++)
		text_row(st, sb, &st->rows[i]);
	if (!st->nrows)
		strbuf_addstr(sb, "No one yet: add a person with thread add HANDLE\n");
	if (!st->nneeds) {
		strbuf_addstr(sb, "\nNothing needs you today.\n");
		return;
	}
	strbuf_addstr(sb, "\n");
	paint(st, sb, BOLD, "What needs you today:");
	strbuf_addch(sb, '\n');
	for (i = 0; i < st->nneeds; i++)
		text_need(sb, &st->needs[i]);
}

/* ---- json ---- */

static void js_row(struct strbuf *sb, const struct row *r, int today)
{
	char date[11];

	strbuf_addstr(sb, "{");
	strbuf_add_json_field(sb, "person", r->handle);
	strbuf_addch(sb, ',');
	strbuf_add_json_date(sb, "last", r->held, r->last);
	if (r->held)
		strbuf_addf(sb, ",\"days_since\":%d,", today - r->last);
	else
		strbuf_addstr(sb, ",\"days_since\":null,");
	strbuf_addf(sb, "\"cadence_days\":%d,", r->cadence);
	strbuf_add_json_date(sb, "next_due", r->held, r->next_due);
	strbuf_addf(sb, ",\"overdue\":%s,\"closed_out\":%s,",
		    r->held && r->next_due < today ? "true" : "false",
		    r->reviewed ? "true" : "false");
	strbuf_add_json_date(sb, "closed_out_on", r->reviewed, r->review_day);
	if (r->reviewed)
		strbuf_addf(sb, ",\"closeout_days\":%d,\"closed_out_within_24h\":%s",
			    r->review_day - r->last, r->on_time ? "true" : "false");
	else
		strbuf_addstr(sb, ",\"closeout_days\":null,\"closed_out_within_24h\":null");
	strbuf_addf(sb, ",\"followup_sent\":%s,\"followup_sent_at\":",
		    r->followup_sent ? "true" : "false");
	if (r->followup_sent) {
		date_format(r->sent_day, date);
		strbuf_addf(sb, "\"%s %02d:%02d\"", date, r->sent_minute / 60,
			    r->sent_minute % 60);
	} else {
		strbuf_addstr(sb, "null");
	}
	strbuf_addch(sb, ',');
	strbuf_add_json_field(sb, "followup_to", r->sent_to);
	strbuf_addf(sb, ",\"tasks\":{\"open\":%d,\"past_checkpoint\":%d},"
		    "\"asks\":{\"open\":%d,\"past_checkpoint\":%d,\"escalation_due\":%d},",
		    r->tasks, r->tasks_late, r->asks, r->asks_late, r->escalate);
	strbuf_add_json_field(sb, "repeating_blocker", r->repeating);
	strbuf_addch(sb, '}');
}

static void js_need(struct strbuf *sb, const struct need *n)
{
	strbuf_addf(sb, "{\"kind\":\"%s\",", need_json[n->kind]);
	strbuf_add_json_field(sb, "person", n->handle);
	strbuf_addch(sb, ',');
	strbuf_add_json_date(sb, n->kind == NEED_ESCALATE ? "escalate" :
			     n->kind == NEED_OVERDUE ? "due" : "session", 1, n->day);
	if (n->kind == NEED_ESCALATE) {
		strbuf_addch(sb, ',');
		strbuf_add_json_field(sb, "file", n->file);
		strbuf_addf(sb, ",\"line\":%d,", n->line);
		strbuf_add_json_field(sb, "text", n->text);
		strbuf_addch(sb, ',');
		strbuf_add_json_field(sb, "to", n->to);
		strbuf_addf(sb, ",\"mine\":%s", n->mine ? "true" : "false");
	}
	strbuf_addch(sb, '}');
}

static void print_json(struct status *st, struct strbuf *sb)
{
	size_t i;

	strbuf_addch(sb, '{');
	strbuf_add_json_date(sb, "today", 1, st->today);
	strbuf_addstr(sb, ",\"people\":[");
	for (i = 0; i < st->nrows; i++) {
		strbuf_addstr(sb, i ? ",\n" : "\n");
		js_row(sb, &st->rows[i], st->today);
	}
	strbuf_addstr(sb, "],\n\"needs\":[");
	for (i = 0; i < st->nneeds; i++) {
		strbuf_addstr(sb, i ? ",\n" : "\n");
		js_need(sb, &st->needs[i]);
	}
	strbuf_addstr(sb, "]}\n");
}

/* ---- the command ---- */

static int want_color(void)
{
	const char *no = getenv("NO_COLOR");
	if ((no && *no) || !strcmp(opt_color, "never"))
		return 0;
	return !strcmp(opt_color, "always") || isatty(STDOUT_FILENO);
}

static void release(struct status *st)
{
	size_t i;

	for (i = 0; i < st->nrows; i++) {
		free(st->rows[i].handle);
		free(st->rows[i].sent_to);
		free(st->rows[i].repeating);
	}
	for (i = 0; i < st->nneeds; i++) {
		free(st->needs[i].handle);
		free(st->needs[i].file);
		free(st->needs[i].text);
		free(st->needs[i].to);
	}
	free(st->rows);
	free(st->needs);
	loop_release(&st->loop);
	team_close(&st->team);
}

int cmd_status(int argc, const char **argv)
{
	struct status st;
	struct strbuf out = STRBUF_INIT;
	int n, rc = 2, unread;

	n = parse_options(argc, argv, status_options, status_usage);
	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n) {
		error("unexpected argument '%s' (name a person with --person)", argv[0]);
		return 2;
	}
	memset(&st, 0, sizeof(st));
	if (team_open(&st.team, opt_today))
		goto done;
	st.today = st.team.today;
	if (loop_load(&st.loop, st.team.root))
		goto done;
	if ((unread = read_team(&st)) && opt_person)
		goto done;
	if (st.nneeds > 1)
		qsort(st.needs, st.nneeds, sizeof(*st.needs), cmp_need);
	if (!strcmp(opt_format, "json")) {
		print_json(&st, &out);
		safe_write(stdout, out.buf, out.len);
	} else {
		/* The user's text went through strbuf_add_safe(); what is left
		 * unescaped is the colour written here. */
		st.color = want_color();
		print_text(&st, &out);
		fwrite(out.buf, 1, out.len, stdout);
	}
	rc = unread ? 2 : 0;
done:
	release(&st);
	strbuf_release(&out);
	return rc;
}
