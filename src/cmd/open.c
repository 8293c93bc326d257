/*
 * thread open - every open ledger item across the team, by checkpoint.
 *
 * Reads every person file, keeps the open tasks, asks, priorities and
 * reps that pass the filters, and prints them sorted by checkpoint, each
 * with its place, as text, JSON, or an iCalendar feed of checkpoints and
 * escalation checkpoints.  People are parsed one at a time and each kept
 * item is copied out, so memory follows the output, not the repository.
 *
 * The feed also keeps the items checked off lately, as cancelled events,
 * and names every item by its identity (identity.h), not by its line, so
 * that a calendar that read it before updates what it shows.
 */
#include "command.h"
#include "date.h"
#include "fields.h"
#include "ics.h"
#include "identity.h"
#include "pattern.h"
#include "person.h"
#include "strbuf.h"
#include "team.h"
#include "util.h"
#include "safeout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *opt_kind, *opt_person, *opt_owner, *opt_due_before, *opt_today;
static const char *opt_format = "text";
static int opt_overdue, opt_private;

static const char *const kinds[] = { "task", "ask", "priority", "rep", NULL };
static const char *const formats[] = { "text", "json", "ics", NULL };

/* How many days after its date the feed keeps the event of a checked
 * item, cancelled: long enough for a calendar to read it again, short
 * enough that the feed does not grow with the repository. */
#define ICS_DONE_DAYS 90

/* The alarm of an escalation checkpoint: 09:00 on its day. */
#define ICS_ALARM_TRIGGER "PT9H"

const char *const open_usage[] = {
	"thread open [--kind KIND] [--person HANDLE] [--owner HANDLE] [--overdue] "
	"[--due-before DATE] [--format text|json|ics] [--today DATE] [--include-private]",
	NULL
};

const struct option open_options[] = {
	OPT_CHOICE(0, "kind", &opt_kind, "KIND", "only this kind: task, ask, priority or rep",
		   kinds),
	OPT_STRING(0, "person", &opt_person, "HANDLE", "only items in this person's file",
		   COMPLETE_HANDLE),
	OPT_STRING(0, "owner", &opt_owner, "HANDLE",
		   "only items owned by (asks: sent to) HANDLE; 'me' is you", COMPLETE_HANDLE),
	OPT_FLAG(0, "overdue", &opt_overdue, "only items whose checkpoint is before today"),
	OPT_STRING(0, "due-before", &opt_due_before, "DATE",
		   "only items whose checkpoint is before DATE", COMPLETE_DATE),
	OPT_CHOICE(0, "format", &opt_format, "FORMAT", "output format: text, json or ics",
		   formats),
	OPT_STRING(0, "today", &opt_today, "DATE", "take DATE as today", COMPLETE_DATE),
	OPT_FLAG(0, "include-private", &opt_private, "also show items in ### Private sections"),
	OPT_END(),
};

/* What the options ask for, resolved once. */
struct filter {
	int kind;                /* an enum item_kind, or -1 for any */
	const char *person, *owner;
	int has_before, before;  /* --due-before: keep checkpoints before this day */
	const char *me;          /* the config's `me`, or NULL */
	int ics;                 /* an iCalendar feed: keep recent checked items */
};

/* One open item, copied out of its person so the person can be freed. */
struct entry {
	char *file;              /* as shown: a path from the current folder */
	char *handle;            /* the person whose file holds it */
	int line;
	enum item_kind kind;
	char *owner;             /* NULL when the item names nobody */
	char *text;              /* without inline fields, on one line */
	char *done_when;         /* NULL when absent */
	char *tags;              /* space-separated, "" when none */
	int has_due, due, has_escalate, escalate;
	int session;             /* the session's day, or -1 */
	int private;
	int done;                /* checked (only in an iCalendar feed) */
	char *id;                /* its identity (identity.h), or NULL */
};

struct list {
	struct entry *v;
	size_t n, alloc;
};

/* The item's text as one tidy line: fields stripped, every run of blanks
 * and line breaks (an item may span lines) made one space. */
static char *one_line(const struct text *t, int strip)
{
	struct strbuf raw = STRBUF_INIT, out = STRBUF_INIT;
	size_t i;

	if (strip)
		fields_strip(t->s, t->len, &raw);
	else
		strbuf_add(&raw, t->s, t->len);
	for (i = 0; i < raw.len; i++) {
		int blank = raw.buf[i] == ' ' || raw.buf[i] == '\t' ||
			    raw.buf[i] == '\n' || raw.buf[i] == '\r';
		if (blank && (!out.len || out.buf[out.len - 1] == ' '))
			continue;
		strbuf_addch(&out, blank ? ' ' : raw.buf[i]);
	}
	while (out.len && out.buf[out.len - 1] == ' ')
		strbuf_setlen(&out, out.len - 1);
	strbuf_release(&raw);
	return strbuf_detach(&out, NULL);
}

static int is_me(const struct filter *f, const char *h)
{
	return !strcmp(h, "me") || (f->me && !strcmp(h, f->me));
}

/* --owner me (or the config's me) finds @me and @<me> alike: both are you. */
static int owner_matches(const struct filter *f, const char *owner)
{
	if (!f->owner)
		return 1;
	if (!owner)
		return 0;
	if (is_me(f, f->owner))
		return is_me(f, owner);
	return !strcmp(owner, f->owner);
}

/* Does the feed keep the event of a checked item on `day`? */
static int done_kept(int day, int today)
{
	return day >= today - ICS_DONE_DAYS;
}

/* A checked item stays in the feed while one of its events is kept. */
static int done_wanted(const struct filter *f, const struct item *it, int today)
{
	return f->ics && ((it->due.ok && done_kept(it->due.days, today)) ||
			  (it->kind == ITEM_ASK && it->escalate.ok &&
			   done_kept(it->escalate.days, today)));
}

/* The filters apply to a checked item as they did while it was open, so
 * that a feed made with them learns it is done. */
static int wanted(const struct filter *f, const struct item *it, int today)
{
	if ((it->done && !done_wanted(f, it, today)) ||
	    !team_shows(it->private, opt_private))
		return 0;
	if (f->kind >= 0 && (int)it->kind != f->kind)
		return 0;
	if (!owner_matches(f, it->owner))
		return 0;
	/* An item with no checkpoint is never overdue nor due before a date. */
	if (opt_overdue && !(it->due.ok && it->due.days < today))
		return 0;
	if (f->has_before && !(it->due.ok && it->due.days < f->before))
		return 0;
	return 1;
}

static char *tag_list(const struct tag *t)
{
	struct strbuf sb = STRBUF_INIT;
	for (; t; t = t->next)
		strbuf_addf(&sb, "%s%s", sb.len ? " " : "", t->name);
	return strbuf_detach(&sb, NULL);
}

static void add_entry(struct list *l, const struct item *it, const struct session *s,
		      const struct person *p, const char *path, const char *id)
{
	struct entry *e;

	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	e = &l->v[l->n++];
	memset(e, 0, sizeof(*e));
	e->file = xstrdup(path);
	e->handle = xstrdup(p->handle);
	e->line = it->pos.line;
	e->kind = it->kind;
	e->owner = it->owner ? xstrdup(it->owner) : NULL;
	e->text = one_line(&it->text, 1);
	if (it->cont[CONT_DONE_WHEN].s)
		e->done_when = one_line(&it->cont[CONT_DONE_WHEN], 0);
	e->tags = tag_list(it->tags);
	e->has_due = it->due.ok;
	e->due = it->due.days;
	e->has_escalate = it->escalate.ok;
	e->escalate = it->escalate.days;
	e->session = s->date_ok ? s->date : -1;
	e->private = it->private;
	e->done = it->done;
	e->id = id ? xstrdup(id) : NULL;
}

static void add_person(struct list *l, const struct filter *f, int today,
		       const struct person *p, const char *path)
{
	const struct session *s;
	const struct item *it;

	for (s = p->sessions; s; s = s->next) {
		size_t n = 0, i;
		char **ids = NULL;

		for (it = s->items, i = 0; it; it = it->next, i++) {
			if (!wanted(f, it, today))
				continue;
			/* Identities are of all the session's items, kept or
			 * not, so that a filter never changes them; only a
			 * session with something to show needs them. */
			if (f->ics && !ids)
				ids = identity_session(p->handle, s, &n);
			add_entry(l, it, s, p, path, ids ? ids[i] : NULL);
		}
		identity_free(ids, n);
	}
}

/* Every wanted item of the team (or of --person).  0, or -1 when a person
 * file could not be read (printed; the others are still collected). */
static int collect(struct team *t, const struct filter *f, struct list *l)
{
	struct team_reader r;
	const char *path;
	struct person *p;
	size_t i;
	int rc = 0;

	if (f->person) {
		p = team_find(t, f->person, &path);
		if (!p)
			return -1;
		add_person(l, f, t->today, p, path);
		person_free(p);
		return 0;
	}
	if (team_read_start(&r, t))
		return -1;
	while (team_read_next(&r, &p, &path, &i)) {
		if (!p) {
			if (team_failed(t, i))
				rc = -1;
			continue;
		}
		add_person(l, f, t->today, p, path);
		person_free(p);
	}
	team_read_finish(&r);
	return rc;
}

/* By checkpoint; items without one last; then by place. */
static int by_checkpoint(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c;

	if (x->has_due != y->has_due)
		return y->has_due - x->has_due;
	if (x->has_due && x->due != y->due)
		return x->due < y->due ? -1 : 1;
	c = strcmp(x->file, y->file);
	if (c)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

static void free_list(struct list *l)
{
	size_t i;
	for (i = 0; i < l->n; i++) {
		struct entry *e = &l->v[i];
		free(e->file);
		free(e->handle);
		free(e->owner);
		free(e->text);
		free(e->done_when);
		free(e->tags);
		free(e->id);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* ---- text ---- */

/* "3 days past" for a checkpoint before today, "" otherwise. */
static void late_phrase(const struct entry *e, int today, char *buf, size_t size)
{
	int late = e->has_due ? today - e->due : 0;
	if (late > 0)
		snprintf(buf, size, "%d day%s past", late, late == 1 ? "" : "s");
	else
		buf[0] = '\0';
}

static int owner_width(const struct entry *e)
{
	return e->owner ? 1 + (int)strlen(e->owner) : 1;
}

static void print_line(const struct entry *e, int today, int wowner, int wlate)
{
	char late[32], due[11];

	if (e->has_due)
		date_format(e->due, due);
	else
		strcpy(due, "no date");
	safe_printf("%-10s  ", due);
	if (wlate) {   /* the column exists only when something is late */
		late_phrase(e, today, late, sizeof(late));
		safe_printf("%-*s  ", wlate, late);
	}
	safe_printf("%-8s  %s%-*s  %s  %s:%d%s\n", item_kind_name(e->kind), e->owner ? "@" : "-",
	       wowner - 1, e->owner ? e->owner : "", e->text, e->file, e->line,
	       e->private ? " (private)" : "");
}

/* One aligned line per item; widths from the longest owner and delay. */
static void print_text(const struct list *l, int today)
{
	int wowner = 0, wlate = 0;
	char late[32];
	size_t i;

	for (i = 0; i < l->n; i++) {
		int w = owner_width(&l->v[i]);
		late_phrase(&l->v[i], today, late, sizeof(late));
		wowner = w > wowner ? w : wowner;
		wlate = (int)strlen(late) > wlate ? (int)strlen(late) : wlate;
	}
	for (i = 0; i < l->n; i++)
		print_line(&l->v[i], today, wowner, wlate);
	if (!l->n)
		safe_fprintf(stderr, "%s: no open items\n", progname);
}

/* ---- json ---- */

static void json_str_or_null(struct strbuf *sb, const char *s)
{
	if (s)
		strbuf_add_json_str(sb, s, strlen(s));
	else
		strbuf_addstr(sb, "null");
}

static void json_date(struct strbuf *sb, int has, int days)
{
	char d[11];
	if (!has) {
		strbuf_addstr(sb, "null");
		return;
	}
	date_format(days, d);
	strbuf_addf(sb, "\"%s\"", d);
}

static void json_tags(struct strbuf *sb, const char *tags)
{
	const char *p = tags, *sp;

	strbuf_addch(sb, '[');
	while (*p) {
		sp = strchr(p, ' ');
		if (!sp)
			sp = p + strlen(p);
		if (p != tags)
			strbuf_addch(sb, ',');
		strbuf_add_json_str(sb, p, (size_t)(sp - p));
		p = *sp ? sp + 1 : sp;
	}
	strbuf_addch(sb, ']');
}

static void json_entry(struct strbuf *sb, const struct entry *e, int today)
{
	strbuf_addstr(sb, "{\"file\":");
	strbuf_add_json_str(sb, e->file, strlen(e->file));
	strbuf_addf(sb, ",\"line\":%d,\"person\":", e->line);
	strbuf_add_json_str(sb, e->handle, strlen(e->handle));
	strbuf_addstr(sb, ",\"session\":");
	json_date(sb, e->session >= 0, e->session);
	strbuf_addf(sb, ",\"kind\":\"%s\",\"owner\":", item_kind_name(e->kind));
	json_str_or_null(sb, e->owner);
	strbuf_addstr(sb, ",\"text\":");
	strbuf_add_json_str(sb, e->text, strlen(e->text));
	strbuf_addstr(sb, ",\"done_when\":");
	json_str_or_null(sb, e->done_when);
	strbuf_addstr(sb, ",\"tags\":");
	json_tags(sb, e->tags);
	strbuf_addstr(sb, ",\"due\":");
	json_date(sb, e->has_due, e->due);
	strbuf_addstr(sb, ",\"escalate\":");
	json_date(sb, e->has_escalate, e->escalate);
	if (e->has_due)
		strbuf_addf(sb, ",\"days_to_due\":%d,\"overdue\":%s", e->due - today,
			    e->due < today ? "true" : "false");
	else
		strbuf_addstr(sb, ",\"days_to_due\":null,\"overdue\":false");
	strbuf_addf(sb, ",\"private\":%s}", e->private ? "true" : "false");
}

static void print_json(const struct list *l, int today)
{
	struct strbuf sb = STRBUF_INIT;
	char d[11];
	size_t i;

	date_format(today, d);
	strbuf_addf(&sb, "{\"today\":\"%s\",\"count\":%zu,\"items\":[", d, l->n);
	for (i = 0; i < l->n; i++) {
		strbuf_addstr(&sb, i ? ",\n" : "\n");
		json_entry(&sb, &l->v[i], today);
	}
	strbuf_addstr(&sb, "\n]}\n");
	safe_write(stdout, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* ---- ics ---- */

enum event_kind { EV_CHECKPOINT, EV_ESCALATE };

/*
 * The item's identity and the event's kind: the same UID as long as the
 * item is the same item (thread-open(1)), whatever its line or date, so a
 * calendar that reads the feed again moves the event instead of adding
 * another one.
 */
static void event_uid(struct strbuf *sb, const struct entry *e, enum event_kind ev)
{
	strbuf_addf(sb, "%s-%s@thread", ev == EV_CHECKPOINT ? "checkpoint" : "escalate",
		    e->id);
}

/*
 * A revision number from the item's state alone, so the same files give
 * the same feed: it grows when the item is checked off and when the date
 * moves later, the two changes a calendar must not miss.
 */
static int event_sequence(const struct entry *e, int day)
{
	int after = e->session >= 0 && day > e->session ? day - e->session : 0;
	return 2 * after + e->done;
}

static void event_summary(struct strbuf *sb, const struct entry *e, enum event_kind ev)
{
	strbuf_addf(sb, "%s: %s (%s, %s%s)", ev == EV_CHECKPOINT ? "Checkpoint" : "Escalate",
		    e->text, item_kind_name(e->kind), e->owner ? "@" : "no owner",
		    e->owner ? e->owner : "");
}

static void event_description(struct strbuf *sb, const struct entry *e)
{
	char d[11];

	strbuf_addf(sb, "%s\n%s: %s%s\nIn the thread of: %s\n", e->text,
		    e->kind == ITEM_ASK ? "Asked of" : "Owner",
		    e->owner ? "@" : "", e->owner ? e->owner : "nobody", e->handle);
	if (e->has_due) {
		date_format(e->due, d);
		strbuf_addf(sb, "Checkpoint: %s\n", d);
	}
	if (e->has_escalate) {
		date_format(e->escalate, d);
		strbuf_addf(sb, "Escalate: %s\n", d);
	}
	if (e->done_when)
		strbuf_addf(sb, "Done when: %s\n", e->done_when);
	if (e->done)
		strbuf_addstr(sb, "Checked off: done.\n");
	/* From the repository root, not the current folder: a calendar has no cwd. */
	strbuf_addf(sb, "people/%s.md:%d", e->handle, e->line);
}

/* A reminder on the morning of an open escalation checkpoint. */
static void print_alarm(struct strbuf *out, const struct entry *e)
{
	struct strbuf sb = STRBUF_INIT;

	ics_prop(out, "BEGIN", "VALARM");
	ics_prop(out, "ACTION", "DISPLAY");
	ics_prop(out, "TRIGGER", ICS_ALARM_TRIGGER);
	event_summary(&sb, e, EV_ESCALATE);
	ics_text(out, "DESCRIPTION", sb.buf);
	ics_prop(out, "END", "VALARM");
	strbuf_release(&sb);
}

static void print_event(struct strbuf *out, const struct entry *e, enum event_kind ev,
			int day, int today)
{
	struct strbuf sb = STRBUF_INIT;

	ics_prop(out, "BEGIN", "VEVENT");
	event_uid(&sb, e, ev);
	ics_text(out, "UID", sb.buf);
	ics_midnight_utc(out, "DTSTAMP", today);
	ics_all_day(out, day);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%d", event_sequence(e, day));
	ics_prop(out, "SEQUENCE", sb.buf);
	/* A calendar removes a cancelled event: the item is done. */
	ics_prop(out, "STATUS", e->done ? "CANCELLED" : "CONFIRMED");
	strbuf_reset(&sb);
	event_summary(&sb, e, ev);
	ics_text(out, "SUMMARY", sb.buf);
	strbuf_reset(&sb);
	event_description(&sb, e);
	ics_text(out, "DESCRIPTION", sb.buf);
	/* Shown only under --include-private; a shared calendar should hide it. */
	if (e->private)
		ics_prop(out, "CLASS", "PRIVATE");
	/* A reminder, not a meeting: it should not show the day as busy. */
	ics_prop(out, "TRANSP", "TRANSPARENT");
	if (ev == EV_ESCALATE && !e->done)
		print_alarm(out, e);
	ics_prop(out, "END", "VEVENT");
	strbuf_release(&sb);
}

/* An open item's events, and a checked item's recent ones. */
static int event_kept(const struct entry *e, int day, int today)
{
	return !e->done || done_kept(day, today);
}

static void print_ics(const struct list *l, int today)
{
	struct strbuf out = STRBUF_INIT;
	size_t i;

	ics_prop(&out, "BEGIN", "VCALENDAR");
	ics_prop(&out, "VERSION", "2.0");
	ics_prop(&out, "PRODID", "-//thread//thread open//EN");
	ics_prop(&out, "CALSCALE", "GREGORIAN");
	ics_prop(&out, "METHOD", "PUBLISH");
	ics_text(&out, "X-WR-CALNAME", "thread checkpoints");
	for (i = 0; i < l->n; i++) {
		const struct entry *e = &l->v[i];
		if (e->has_due && event_kept(e, e->due, today))
			print_event(&out, e, EV_CHECKPOINT, e->due, today);
		if (e->kind == ITEM_ASK && e->has_escalate &&
		    event_kept(e, e->escalate, today))
			print_event(&out, e, EV_ESCALATE, e->escalate, today);
	}
	ics_prop(&out, "END", "VCALENDAR");
	fwrite(out.buf, 1, out.len, stdout);
	strbuf_release(&out);
}

/* ---- options ---- */

/* A handle option: "@dave" is accepted for "dave". */
static int handle_arg(const char *name, const char **value)
{
	if (!*value)
		return 0;
	if (**value == '@')
		(*value)++;
	if (!pattern_is_handle(*value, strlen(*value)))
		return error("%s must be a handle such as alice, not '%s'", name, *value);
	return 0;
}

static int make_filter(struct filter *f, const struct team *t)
{
	size_t k;

	memset(f, 0, sizeof(*f));
	f->kind = -1;
	for (k = 0; opt_kind && kinds[k]; k++)
		if (!strcmp(opt_kind, item_kind_name((enum item_kind)k)))
			f->kind = (int)k;
	if (handle_arg("--person", &opt_person) || handle_arg("--owner", &opt_owner))
		return -1;
	f->person = opt_person;
	f->owner = opt_owner;
	f->me = t->config.me;
	f->ics = !strcmp(opt_format, "ics");
	if (opt_due_before) {
		f->has_before = 1;
		if (date_parse(opt_due_before, strlen(opt_due_before), &f->before) != DATE_OK)
			return error("--due-before must be a date such as 2026-11-30, not '%s'",
				     opt_due_before);
	}
	return 0;
}

/* With nothing found, a typo in --owner would look like an empty list. */
static int check_owner(const struct team *t, const struct filter *f, const struct list *l)
{
	if (!f->owner || l->n || config_knows(&t->config, f->owner) ||
	    repo_has_person(&t->repo, f->owner))
		return 0;
	return error("no one is known as @%s: not me, no people/%s.md, not under people: in .thread.yaml",
		     f->owner, f->owner);
}

int cmd_open(int argc, const char **argv)
{
	struct team t;
	struct filter f;
	struct list l = { NULL, 0, 0 };
	int n, unread, rc = 2;

	n = parse_options(argc, argv, open_options, open_usage);
	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n) {
		error("unexpected argument '%s'; filter with --person HANDLE", argv[0]);
		return 2;
	}
	if (team_open(&t, opt_today))
		goto done;
	if (make_filter(&f, &t))
		goto done;
	unread = collect(&t, &f, &l);
	if ((unread && f.person) || check_owner(&t, &f, &l))
		goto done;
	if (l.n)   /* qsort() wants a valid pointer even for no elements */
		qsort(l.v, l.n, sizeof(*l.v), by_checkpoint);
	if (!strcmp(opt_format, "json"))
		print_json(&l, t.today);
	else if (!strcmp(opt_format, "ics"))
		print_ics(&l, t.today);
	else
		print_text(&l, t.today);
	/* A file that could not be read was reported; the rest is still shown. */
	rc = unread ? 2 : 0;
done:
	free_list(&l);
	team_close(&t);
	pattern_release();
	return rc;
}
