/*
 * thread digest - the weekly open-asks digest, grouped by recipient.
 *
 * Every open ask of the team, under the handle it was sent to (yours
 * first: those are the asks you owe), each with the person it is for,
 * its checkpoint, its escalation checkpoint and where it stands against
 * them.  The text form is Markdown, to paste into a weekly note.
 */
#include "command.h"
#include "date.h"
#include "fields.h"
#include "names.h"
#include "pattern.h"
#include "person.h"
#include "strbuf.h"
#include "team.h"
#include "util.h"
#include "safeout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *opt_format = "text", *opt_today;
static int opt_private, opt_nudges;

static const char *const formats[] = { "text", "json", NULL };

const char *const digest_usage[] = {
	"thread digest [--format text|json] [--today DATE] [--include-private]",
	"thread digest --nudges [--format text|json] [--today DATE]", NULL
};

const struct option digest_options[] = {
	OPT_CHOICE(0, "format", &opt_format, "FORMAT", "output format: text or json",
		   formats),
	OPT_STRING(0, "today", &opt_today, "DATE", "take DATE as today", COMPLETE_DATE),
	OPT_FLAG(0, "include-private", &opt_private, "also show asks in ### Private sections"),
	OPT_FLAG(0, "nudges", &opt_nudges,
		 "one short message per recipient, ready to paste or send"),
	OPT_END(),
};

/* Worst last, so a count line can list them from the worst down. */
enum status { ST_ON_TRACK, ST_PAST_CHECKPOINT, ST_ESCALATE_NOW, ST__COUNT };
static const char *const status_text[] = { "on track", "past checkpoint", "escalate now" };
static const char *const status_json[] = { "on_track", "past_checkpoint", "escalate_now" };

/* Groups sort in this order: the manager, named recipients, nobody. */
enum group { G_ME, G_NAMED, G_NOBODY };

struct ask {
	char *file;              /* as shown: a path from the current folder */
	char *handle;            /* the person it is for: whose file holds it */
	int line;
	enum group group;
	char *recipient;         /* NULL for G_ME and G_NOBODY */
	char *text;
	char *message;           /* its Message: line, one line, or NULL */
	int has_due, due, has_escalate, escalate;
	enum status status;
	int private;
};

struct asks {
	struct ask *v;
	size_t n, alloc;
};

/* The rule: escalate now from the escalation date on; else past
 * checkpoint once the checkpoint has gone by; else on track. */
static enum status status_of(const struct item *it, int today)
{
	if (it->escalate.ok && today >= it->escalate.days)
		return ST_ESCALATE_NOW;
	if (it->due.ok && today > it->due.days)
		return ST_PAST_CHECKPOINT;
	return ST_ON_TRACK;
}

/* Free text (a Message: line) as one line: blanks and line breaks made
 * one space, nothing removed. */
static char *spaced(const struct text *t)
{
	struct strbuf out = STRBUF_INIT;
	size_t i;

	for (i = 0; i < t->len; i++) {
		char c = t->s[i];
		int blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
		if (blank && (!out.len || out.buf[out.len - 1] == ' '))
			continue;
		strbuf_addch(&out, blank ? ' ' : c);
	}
	while (out.len && out.buf[out.len - 1] == ' ')
		strbuf_setlen(&out, out.len - 1);
	return strbuf_detach(&out, NULL);
}

/* The ask's text as one line, fields stripped, runs of blanks and line
 * breaks (it may span lines) made one space. */
static char *one_line(const struct text *t)
{
	struct strbuf raw = STRBUF_INIT;
	struct text plain;
	char *out;

	fields_strip(t->s, t->len, &raw);
	plain.s = raw.buf;
	plain.len = raw.len;
	out = spaced(&plain);
	strbuf_release(&raw);
	return out;
}

static enum group group_of(const struct team *t, const char *owner)
{
	if (!owner)
		return G_NOBODY;
	if (!strcmp(owner, "me") || (t->config.me && !strcmp(owner, t->config.me)))
		return G_ME;
	return G_NAMED;
}

static void add_ask(struct asks *l, const struct team *t, const struct item *it,
		    const struct person *p, const char *path)
{
	struct ask *a;

	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	a = &l->v[l->n++];
	memset(a, 0, sizeof(*a));
	a->file = xstrdup(path);
	a->handle = xstrdup(p->handle);
	a->line = it->pos.line;
	a->group = group_of(t, it->owner);
	a->recipient = a->group == G_NAMED ? xstrdup(it->owner) : NULL;
	a->text = one_line(&it->text);
	a->message = it->cont[CONT_MESSAGE].s ? spaced(&it->cont[CONT_MESSAGE]) : NULL;
	a->has_due = it->due.ok;
	a->due = it->due.days;
	a->has_escalate = it->escalate.ok;
	a->escalate = it->escalate.days;
	a->status = status_of(it, t->today);
	a->private = it->private;
}

/* Every open ask shown.  0, or -1 when a person file could not be read
 * (printed; the others are still collected). */
static int collect(struct team *t, struct asks *l)
{
	const struct session *s;
	const struct item *it;
	struct team_reader r;
	struct person *p;
	const char *path;
	size_t i;
	int rc = 0;

	if (team_read_start(&r, t))
		return -1;
	while (team_read_next(&r, &p, &path, &i)) {
		if (!p) {
			if (team_failed(t, i))
				rc = -1;
			continue;
		}
		for (s = p->sessions; s; s = s->next)
			for (it = s->items; it; it = it->next)
				if (it->kind == ITEM_ASK && !it->done &&
				    team_shows(it->private, opt_private))
					add_ask(l, t, it, p, path);
		person_free(p);
	}
	team_read_finish(&r);
	return rc;
}

static int same_group(const struct ask *x, const struct ask *y)
{
	return x->group == y->group &&
	       (x->group != G_NAMED || !strcmp(x->recipient, y->recipient));
}

/* By recipient (you first), then by checkpoint (none last), then place. */
static int by_recipient(const void *a, const void *b)
{
	const struct ask *x = a, *y = b;
	int c;

	if (x->group != y->group)
		return (int)x->group - (int)y->group;
	if (x->group == G_NAMED && (c = strcmp(x->recipient, y->recipient)))
		return c;
	if (x->has_due != y->has_due)
		return y->has_due - x->has_due;
	if (x->has_due && x->due != y->due)
		return x->due < y->due ? -1 : 1;
	if ((c = strcmp(x->file, y->file)))
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

static void free_asks(struct asks *l)
{
	size_t i;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].file);
		free(l->v[i].handle);
		free(l->v[i].recipient);
		free(l->v[i].text);
		free(l->v[i].message);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* The end of the group that starts at v[i]. */
static size_t group_end(const struct asks *l, size_t i)
{
	size_t j = i + 1;
	while (j < l->n && same_group(&l->v[i], &l->v[j]))
		j++;
	return j;
}

static void count_status(const struct asks *l, size_t from, size_t to, int *count)
{
	size_t i;
	memset(count, 0, ST__COUNT * sizeof(*count));
	for (i = from; i < to; i++)
		count[l->v[i].status]++;
}

/* ---- text ---- */

/* "in 3 days", "today", "3 days past": how far a date is from today. */
static void add_relative(struct strbuf *sb, int day, int today)
{
	int d = day - today;
	if (!d)
		strbuf_addstr(sb, "today");
	else if (d > 0)
		strbuf_addf(sb, "in %d day%s", d, d == 1 ? "" : "s");
	else
		strbuf_addf(sb, "%d day%s past", -d, d == -1 ? "" : "s");
}

static void add_dated(struct strbuf *sb, const char *what, int has, int day, int today)
{
	char d[11];
	if (!has) {
		strbuf_addf(sb, "no %s date", what);
		return;
	}
	date_format(day, d);
	strbuf_addf(sb, "%s %s (", what, d);
	add_relative(sb, day, today);
	strbuf_addch(sb, ')');
}

/* "3 open asks: 1 escalate now, 2 on track", worst first; with groups,
 * "8 open asks for 5 recipients: ...". */
static void add_counts(struct strbuf *sb, size_t n, const int *count, size_t groups)
{
	int st, first = 1;

	strbuf_addf(sb, "%zu open ask%s", n, n == 1 ? "" : "s");
	if (groups)
		strbuf_addf(sb, " for %zu recipient%s", groups, groups == 1 ? "" : "s");
	for (st = ST__COUNT - 1; st >= 0; st--) {
		if (!count[st])
			continue;
		strbuf_addf(sb, "%s%d %s", first ? ": " : ", ", count[st], status_text[st]);
		first = 0;
	}
}

static void add_heading(struct strbuf *sb, const struct team *t, const struct ask *a)
{
	if (a->group == G_ME)
		strbuf_addf(sb, "## @%s%s\n", team_me(t), t->config.me ? " (me)" : "");
	else if (a->group == G_NAMED)
		strbuf_addf(sb, "## @%s\n", a->recipient);
	else
		strbuf_addstr(sb, "## No recipient\n");
}

static void add_ask_text(struct strbuf *sb, const struct ask *a, int today)
{
	strbuf_addf(sb, "- [%s] %s\n  for %s; ", status_text[a->status], a->text, a->handle);
	add_dated(sb, "checkpoint", a->has_due, a->due, today);
	strbuf_addstr(sb, "; ");
	add_dated(sb, "escalate", a->has_escalate, a->escalate, today);
	strbuf_addf(sb, "; %s:%d%s\n", a->file, a->line, a->private ? " (private)" : "");
}

static void print_text(const struct asks *l, const struct team *t)
{
	struct strbuf sb = STRBUF_INIT;
	int count[ST__COUNT];
	size_t i, end, groups = 0;
	char d[11];

	for (i = 0; i < l->n; i = group_end(l, i))
		groups++;
	date_format(t->today, d);
	strbuf_addf(&sb, "# Open asks, %s\n\n", d);
	count_status(l, 0, l->n, count);
	if (l->n)
		add_counts(&sb, l->n, count, groups);
	else
		strbuf_addstr(&sb, "No open asks");
	strbuf_addstr(&sb, ".\n");
	for (i = 0; i < l->n; i = end) {
		end = group_end(l, i);
		strbuf_addch(&sb, '\n');
		add_heading(&sb, t, &l->v[i]);
		count_status(l, i, end, count);
		add_counts(&sb, end - i, count, 0);
		strbuf_addstr(&sb, ".\n\n");
		for (; i < end; i++)
			add_ask_text(&sb, &l->v[i], t->today);
	}
	safe_write(stdout, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* ---- json ---- */

static void json_date(struct strbuf *sb, const char *key, int has, int day, int today)
{
	char d[11];
	if (!has) {
		strbuf_addf(sb, ",\"%s\":null,\"days_to_%s\":null", key, key);
		return;
	}
	date_format(day, d);
	strbuf_addf(sb, ",\"%s\":\"%s\",\"days_to_%s\":%d", key, d, key, day - today);
}

static void json_counts(struct strbuf *sb, size_t n, const int *count)
{
	int st;
	strbuf_addf(sb, "\"count\":%zu", n);
	for (st = 0; st < ST__COUNT; st++)
		strbuf_addf(sb, ",\"%s\":%d", status_json[st], count[st]);
}

static void json_ask(struct strbuf *sb, const struct ask *a, int today)
{
	strbuf_addstr(sb, "{\"file\":");
	strbuf_add_json_str(sb, a->file, strlen(a->file));
	strbuf_addf(sb, ",\"line\":%d,\"person\":", a->line);
	strbuf_add_json_str(sb, a->handle, strlen(a->handle));
	strbuf_addstr(sb, ",\"text\":");
	strbuf_add_json_str(sb, a->text, strlen(a->text));
	json_date(sb, "due", a->has_due, a->due, today);
	json_date(sb, "escalate", a->has_escalate, a->escalate, today);
	strbuf_addf(sb, ",\"status\":\"%s\",\"private\":%s}", status_json[a->status],
		    a->private ? "true" : "false");
}

static void json_group(struct strbuf *sb, const struct asks *l, size_t from, size_t to,
		       const struct team *t)
{
	const struct ask *a = &l->v[from];
	int count[ST__COUNT];
	size_t i;

	strbuf_addstr(sb, "{\"recipient\":");
	if (a->group == G_ME)
		strbuf_add_json_str(sb, team_me(t), strlen(team_me(t)));
	else if (a->group == G_NAMED)
		strbuf_add_json_str(sb, a->recipient, strlen(a->recipient));
	else
		strbuf_addstr(sb, "null");
	strbuf_addf(sb, ",\"me\":%s,", a->group == G_ME ? "true" : "false");
	count_status(l, from, to, count);
	json_counts(sb, to - from, count);
	strbuf_addstr(sb, ",\"asks\":[");
	for (i = from; i < to; i++) {
		strbuf_addstr(sb, "\n");
		json_ask(sb, &l->v[i], t->today);
		if (i + 1 < to)
			strbuf_addch(sb, ',');
	}
	strbuf_addstr(sb, "]}");
}

static void print_json(const struct asks *l, const struct team *t)
{
	struct strbuf sb = STRBUF_INIT;
	int count[ST__COUNT];
	size_t i, end;
	char d[11];

	date_format(t->today, d);
	count_status(l, 0, l->n, count);
	strbuf_addf(&sb, "{\"today\":\"%s\",", d);
	json_counts(&sb, l->n, count);
	strbuf_addstr(&sb, ",\"recipients\":[");
	for (i = 0; i < l->n; i = end) {
		end = group_end(l, i);
		strbuf_addstr(&sb, i ? ",\n" : "\n");
		json_group(&sb, l, i, end, t);
	}
	strbuf_addstr(&sb, "\n]}\n");
	safe_write(stdout, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* ---- --nudges: one message per recipient ---- */

/* What the nudge asks: the ask's Message: line, else its text, with
 * @handles said as names (the recipient's as "you"). */
static void nudge_says(struct names *nm, const struct ask *a, struct strbuf *out)
{
	const char *m = a->message && *a->message ? a->message : a->text;
	names_say(nm, m, strlen(m), out);
}

static void nudge_dates(struct strbuf *sb, const struct ask *a, int today)
{
	char d[11];

	if (a->has_due) {
		date_format(a->due, d);
		strbuf_addf(sb, "checkpoint %s (", d);
		add_relative(sb, a->due, today);
		strbuf_addch(sb, ')');
	} else {
		strbuf_addstr(sb, "no checkpoint");
	}
	if (a->has_escalate) {
		date_format(a->escalate, d);
		strbuf_addf(sb, "; I'll escalate on %s (", d);
		add_relative(sb, a->escalate, today);
		strbuf_addch(sb, ')');
	}
}

static void nudge_text(struct strbuf *sb, struct team *t, const struct asks *l,
		       size_t from, size_t to)
{
	struct names nm;
	size_t i;

	names_init(&nm, t, l->v[from].recipient);
	strbuf_addf(sb, "\n---- to @%s (%zu ask%s)\n\nHi %s,\n\n"
		    "A short nudge on what I asked of you:\n\n", l->v[from].recipient,
		    to - from, to - from == 1 ? "" : "s", names_of(&nm, l->v[from].recipient));
	for (i = from; i < to; i++) {
		const struct ask *a = &l->v[i];
		strbuf_addstr(sb, "- ");
		nudge_says(&nm, a, sb);
		strbuf_addf(sb, "\n  For %s; ", names_of(&nm, a->handle));
		nudge_dates(sb, a, t->today);
		strbuf_addstr(sb, ".\n");
	}
	strbuf_addstr(sb, "\nThanks!\n");
	names_release(&nm);
}

static void nudge_json(struct strbuf *sb, struct team *t, const struct asks *l,
		       size_t from, size_t to)
{
	struct strbuf says = STRBUF_INIT, msg = STRBUF_INIT;
	struct names nm;
	size_t i;

	names_init(&nm, t, l->v[from].recipient);
	strbuf_addstr(sb, "{\"recipient\":");
	strbuf_add_json_str(sb, l->v[from].recipient, strlen(l->v[from].recipient));
	strbuf_addstr(sb, ",\"name\":");
	strbuf_add_json_str(sb, names_of(&nm, l->v[from].recipient),
			    strlen(names_of(&nm, l->v[from].recipient)));
	strbuf_addstr(sb, ",\"asks\":[");
	for (i = from; i < to; i++) {
		strbuf_reset(&says);
		nudge_says(&nm, &l->v[i], &says);
		strbuf_addstr(sb, i > from ? ",\n{\"file\":" : "\n{\"file\":");
		strbuf_add_json_str(sb, l->v[i].file, strlen(l->v[i].file));
		strbuf_addf(sb, ",\"line\":%d,\"person\":", l->v[i].line);
		strbuf_add_json_str(sb, l->v[i].handle, strlen(l->v[i].handle));
		strbuf_addstr(sb, ",\"says\":");
		strbuf_add_json_str(sb, says.buf, says.len);
		json_date(sb, "due", l->v[i].has_due, l->v[i].due, t->today);
		json_date(sb, "escalate", l->v[i].has_escalate, l->v[i].escalate, t->today);
		strbuf_addch(sb, '}');
	}
	names_release(&nm);
	nudge_text(&msg, t, l, from, to);
	strbuf_addstr(sb, "],\"message\":");
	/* the text form without its "---- to" line */
	{
		const char *body = strstr(msg.buf, "Hi ");
		strbuf_add_json_str(sb, body, strlen(body));
	}
	strbuf_addch(sb, '}');
	strbuf_release(&says);
	strbuf_release(&msg);
}

/*
 * A nudge goes to someone else, so only asks to a named recipient, never
 * one under a Private heading: the asks I owe and those with no one to
 * send to are only counted.
 */
static void print_nudges(const struct asks *l, struct team *t)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, end, mine = 0, nobody = 0, sent = 0;
	int json = !strcmp(opt_format, "json");
	char d[11];

	date_format(t->today, d);
	if (json)
		strbuf_addf(&sb, "{\"today\":\"%s\",\"nudges\":[", d);
	else
		strbuf_addf(&sb, "# Nudges, %s\n", d);
	for (i = 0; i < l->n; i = end) {
		end = group_end(l, i);
		if (l->v[i].group != G_NAMED) {
			*(l->v[i].group == G_ME ? &mine : &nobody) += end - i;
			continue;
		}
		if (json) {
			strbuf_addstr(&sb, sent ? ",\n" : "\n");
			nudge_json(&sb, t, l, i, end);
		} else {
			nudge_text(&sb, t, l, i, end);
		}
		sent++;
	}
	if (json) {
		strbuf_addf(&sb, "\n],\"mine\":%zu,\"no_recipient\":%zu}\n", mine, nobody);
	} else {
		if (!sent)
			strbuf_addstr(&sb, "\nNo open ask to nudge anyone about.\n");
		if (mine || nobody)
			strbuf_addf(&sb, "\n(Not nudged: %zu ask%s you owe, %zu with no recipient; see thread digest.)\n",
				    mine, mine == 1 ? "" : "s", nobody);
	}
	safe_write(stdout, sb.buf, sb.len);
	strbuf_release(&sb);
}

int cmd_digest(int argc, const char **argv)
{
	struct team t;
	struct asks l = { NULL, 0, 0 };
	int n, unread, rc = 2;

	n = parse_options(argc, argv, digest_options, digest_usage);
	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n) {
		error("unexpected argument '%s'; the digest covers the whole team", argv[0]);
		return 2;
	}
	if (opt_nudges && opt_private) {
		error("nudges are messages to someone else and never carry a private ask: drop --include-private");
		return 2;
	}
	if (team_open(&t, opt_today))
		goto done;
	unread = collect(&t, &l);
	if (l.n)   /* qsort() wants a valid pointer even for no elements */
		qsort(l.v, l.n, sizeof(*l.v), by_recipient);
	if (opt_nudges)
		print_nudges(&l, &t);
	else if (!strcmp(opt_format, "json"))
		print_json(&l, &t);
	else
		print_text(&l, &t);
	/* A file that could not be read was reported; the rest is still shown. */
	rc = unread ? 2 : 0;
done:
	free_asks(&l);
	team_close(&t);
	pattern_release();
	return rc;
}
