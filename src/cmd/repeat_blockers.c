/*
 * thread repeat-blockers - the blockers that keep coming back.
 *
 * Reads every person (or one), keeps the blockers of each one's last
 * sessions, groups those that say the same thing, and reports each
 * pattern with its sessions and what the ledger did about it: a blocker
 * seen three weeks running needs routing and an escalation checkpoint.
 */
#include "command.h"
#include "date.h"
#include "fields.h"
#include "person.h"
#include "repeat.h"
#include "strbuf.h"
#include "team.h"
#include "util.h"
#include "safeout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *opt_person, *opt_last, *opt_min, *opt_since, *opt_today,
		  *opt_format = "text";
static int opt_all_people, opt_private;
static const char *const formats[] = { "text", "json", NULL };

const char *const repeat_blockers_usage[] = {
	"thread repeat-blockers [--person HANDLE] [--last N] [--min K] [--since DATE]\n"
	"                              [--all-people] [--format text|json] [--include-private]",
	NULL
};

const struct option repeat_blockers_options[] = {
	OPT_STRING(0, "person", &opt_person, "HANDLE", "only this person's thread",
		   COMPLETE_HANDLE),
	OPT_STRING(0, "last", &opt_last, "N",
		   "the last N sessions of each person (default repeat.window, 3)",
		   COMPLETE_NONE),
	OPT_STRING(0, "min", &opt_min, "K",
		   "sessions a pattern needs (default repeat.min, 2)", COMPLETE_NONE),
	OPT_STRING(0, "since", &opt_since, "DATE",
		   "only sessions on or after DATE (all of them, unless --last)",
		   COMPLETE_DATE),
	OPT_FLAG(0, "all-people", &opt_all_people,
		 "find patterns across the team, not only within each thread"),
	OPT_CHOICE(0, "format", &opt_format, "FORMAT", "output format: text or json",
		   formats),
	OPT_STRING(0, "today", &opt_today, "DATE", "judge dates as of this day",
		   COMPLETE_DATE),
	OPT_FLAG(0, "include-private", &opt_private,
		 "also read blockers written under a Private heading"),
	OPT_END(),
};

static int number(const char *opt, const char *v, int *out)
{
	char *end;
	long n = strtol(v, &end, 10);
	if (*end || end == v || n < 1 || n > 100000)
		return error("%s must be a whole number above 0, not '%s'", opt, v);
	*out = (int)n;
	return 0;
}

static int read_opts(const struct team *t, struct repeat_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->window = t->config.repeat_window;
	o->min = t->config.repeat_min;
	o->threshold = t->config.repeat_threshold;
	o->across_people = opt_all_people;
	o->include_private = opt_private;
	if (opt_since) {
		if (date_arg("--since", opt_since, &o->since))
			return -1;
		o->has_since = 1;
		o->window = 0;        /* every session since then... */
	}
	if (opt_last && number("--last", opt_last, &o->window))
		return -1;            /* ...unless a window is asked for too */
	if (opt_min && number("--min", opt_min, &o->min))
		return -1;
	if (o->min < 2)
		o->min = 2;           /* one session alone repeats nothing */
	return 0;
}

static int collect(struct team *t, struct repeat_engine *e)
{
	struct team_reader r;
	const char *path;
	struct person *p;
	size_t i;
	int rc = 0;

	if (opt_person) {
		if (!(p = team_find(t, opt_person, &path)))
			return -1;
		repeat_add_person(e, p, path);
		person_free(p);
		return 0;
	}
	if (team_read_start(&r, t))
		return -1;
	while (team_read_next(&r, &p, &path, &i))
		if (p) {
			repeat_add_person(e, p, path);
			person_free(p);
		} else if (team_failed(t, i)) {
			rc = -1;   /* reported; the others are still read */
		}
	team_read_finish(&r);
	return rc;
}

/* ---- text ---- */

static void add_brief(struct strbuf *sb, const char *text, size_t max)
{
	size_t start = sb->len;
	fields_brief(sb, text, strlen(text), 0);
	if (sb->len - start > max) {
		size_t cut = start + max;
		while (cut > start && sb->buf[cut] != ' ')
			cut--;
		strbuf_setlen(sb, cut > start ? cut : start + max);
		strbuf_addstr(sb, "...");
	}
}

static void add_people(struct strbuf *sb, const struct repeat *r)
{
	size_t i, j;
	for (i = 0; i < r->nhits; i++) {
		for (j = 0; j < i; j++)
			if (r->hits[j].person == r->hits[i].person)
				break;
		if (j == i)
			strbuf_addf(sb, "%s%s", i ? ", " : "", r->hits[i].handle);
	}
}

static void text_ledger(struct strbuf *sb, const struct repeat *r)
{
	const struct repeat_hit *h = &r->hits[r->nhits - 1];

	if (r->routed) {
		strbuf_addf(sb, "   ledger: routed as an ask to @%s, escalation checkpoint ",
			    h->ask_owner ? h->ask_owner : "?");
		strbuf_add_date(sb, h->ask_escalate);
		strbuf_addf(sb, " (%s:%d)\n", h->path, h->ask_line);
	} else if (h->ask_line) {
		strbuf_addf(sb, "   ledger: its ask (@%s) has no escalation checkpoint; add escalate:YYYY-MM-DD at %s:%d\n",
			    h->ask_owner ? h->ask_owner : "no owner", h->path, h->ask_line);
	} else {
		strbuf_addf(sb, "   ledger: not routed to anyone; route it under %s:%d as\n     - [ ] ask: ",
			    h->path, h->line);
		add_brief(sb, r->label, 70);
		strbuf_addf(sb, " @%s due:YYYY-MM-DD escalate:YYYY-MM-DD\n",
			    h->who ? h->who : "WHO");
	}
}

static const char *times(int n)
{
	static char buf[32];
	if (n == 1)
		return "once";
	if (n == 2)
		return "twice";
	snprintf(buf, sizeof(buf), "%d times", n);
	return buf;
}

/* What routing did: the seed's rule is to route a repeating blocker with
 * an escalation checkpoint, then watch the next 2-3 meetings. */
static void text_routing(struct strbuf *sb, const struct repeat *r)
{
	strbuf_addstr(sb, "   routing: ");
	if (!r->route) {
		strbuf_addstr(sb, "never routed: add an ask with an escalation checkpoint\n");
		return;
	}
	strbuf_addstr(sb, "routed ");
	strbuf_add_date(sb, r->route->date);
	strbuf_addf(sb, " to @%s (%s:%d); ", r->route->ask_owner, r->route->path,
		    r->route->ask_line);
	switch (r->verdict) {
	case REPEAT_RECURRED:
		strbuf_addf(sb, "recurred %s since: routing did not fix it"
			    " \xe2\x80\x94 look for the real constraint\n", times(r->recurred));
		break;
	case REPEAT_STOPPED:
		if (r->recurred)
			strbuf_addf(sb, "recurred %s since, then stopped: none in the last %d sessions\n",
				    times(r->recurred), r->quiet);
		else
			strbuf_addf(sb, "no recurrence in the %d sessions since routing\n",
				    r->since_routing);
		break;
	default:
		if (r->since_routing == 1)
			strbuf_addstr(sb, "too early to tell (1 session since)\n");
		else
			strbuf_addstr(sb, "too early to tell (no session since)\n");
	}
}

/* Across people: the dependency they share, to raise once, upward. */
static void text_dependency(struct strbuf *sb, const struct repeat *r)
{
	if (!r->dep_handle && !r->dep_words)
		return;
	strbuf_addstr(sb, "   shared dependency: ");
	if (r->dep_handle)
		strbuf_addf(sb, "@%s%s", r->dep_handle, r->dep_words ? ": " : "");
	if (r->dep_words)
		strbuf_addstr(sb, r->dep_words);
	strbuf_addf(sb, " \xe2\x80\x94 %d people, %d sessions; raise it once, upward\n",
		    r->npeople, r->nsessions);
}

static void print_text(struct strbuf *sb, const struct repeat_list *l,
		       const struct repeat_opts *o)
{
	size_t i, j;

	if (o->window == 1)
		strbuf_addf(sb, "%zu repeating %s in the last session of %s",
			    l->n, l->n == 1 ? "blocker" : "blockers",
			    opt_person ? opt_person : "each person");
	else if (o->window)
		strbuf_addf(sb, "%zu repeating %s in the last %d sessions of %s",
			    l->n, l->n == 1 ? "blocker" : "blockers", o->window,
			    opt_person ? opt_person : "each person");
	else
		strbuf_addf(sb, "%zu repeating %s", l->n, l->n == 1 ? "blocker" : "blockers");
	if (o->has_since) {
		strbuf_addstr(sb, " since ");
		strbuf_add_date(sb, o->since);
	}
	strbuf_addf(sb, " (at least %d sessions%s)\n", o->min,
		    o->across_people ? ", across people" : "");
	for (i = 0; i < l->n; i++) {
		const struct repeat *r = &l->v[i];
		strbuf_addf(sb, "\n%zu. ", i + 1);
		add_brief(sb, r->label, 100);
		strbuf_addstr(sb, "\n   ");
		add_people(sb, r);
		strbuf_addf(sb, ": %d sessions", r->nsessions);
		if (r->npeople > 1)
			strbuf_addf(sb, " across %d people", r->npeople);
		if (r->npeople == 1 && r->consecutive)
			strbuf_addstr(sb, " in a row");
		else if (r->streak >= 2)
			strbuf_addf(sb, ", %d in a row for one person", r->streak);
		strbuf_addstr(sb, ", first ");
		strbuf_add_date(sb, r->first);
		strbuf_addstr(sb, ", last ");
		strbuf_add_date(sb, r->last);
		strbuf_addch(sb, '\n');
		for (j = 0; j < r->nhits; j++) {
			strbuf_addstr(sb, "   ");
			strbuf_add_date(sb, r->hits[j].date);
			strbuf_addf(sb, "  %s:%d  ", r->hits[j].path, r->hits[j].line);
			add_brief(sb, r->hits[j].text, 70);
			strbuf_addch(sb, '\n');
		}
		text_ledger(sb, r);
		text_routing(sb, r);
		text_dependency(sb, r);
	}
}

/* ---- json ---- */

static void js_routing(struct strbuf *sb, const struct repeat *r)
{
	strbuf_addch(sb, ',');
	strbuf_add_json_date(sb, "routed_on", r->route != NULL, r->route ? r->route->date : 0);
	strbuf_addch(sb, ',');
	strbuf_add_json_field(sb, "routed_to", r->route ? r->route->ask_owner : NULL);
	if (r->route)
		strbuf_addf(sb, ",\"sessions_since_routing\":%d,\"recurrences_since_routing\":%d,",
			    r->since_routing, r->recurred);
	else
		strbuf_addstr(sb, ",\"sessions_since_routing\":null,\"recurrences_since_routing\":null,");
	strbuf_add_json_field(sb, "verdict", repeat_verdict_name(r->verdict));
	strbuf_addf(sb, ",\"open_now\":%s,\"dependency\":", r->open_now ? "true" : "false");
	if (r->dep_handle || r->dep_words) {
		strbuf_addch(sb, '{');
		strbuf_add_json_field(sb, "handle", r->dep_handle);
		strbuf_addch(sb, ',');
		strbuf_add_json_field(sb, "words", r->dep_words);
		strbuf_addf(sb, ",\"people\":%d,\"sessions\":%d}", r->npeople, r->nsessions);
	} else {
		strbuf_addstr(sb, "null");
	}
}

static void js_pattern(struct strbuf *sb, const struct repeat *r)
{
	const struct repeat_hit *h = &r->hits[r->nhits - 1];
	size_t j;

	strbuf_addch(sb, '{');
	strbuf_add_json_field(sb, "label", r->label);
	strbuf_addf(sb, ",\"sessions\":%d,\"people\":%d,\"streak\":%d,\"consecutive\":%s,",
		    r->nsessions, r->npeople, r->streak, r->consecutive ? "true" : "false");
	strbuf_add_json_date(sb, "first", 1, r->first);
	strbuf_addch(sb, ',');
	strbuf_add_json_date(sb, "last", 1, r->last);
	strbuf_addf(sb, ",\"routed\":%s,\"ask\":", r->routed ? "true" : "false");
	if (h->ask_line) {
		strbuf_addch(sb, '{');
		strbuf_add_json_field(sb, "file", h->path);
		strbuf_addf(sb, ",\"line\":%d,", h->ask_line);
		strbuf_add_json_field(sb, "owner", h->ask_owner);
		strbuf_addch(sb, ',');
		if (h->ask_escalate >= 0)
			strbuf_add_json_date(sb, "escalate", 1, h->ask_escalate);
		else
			strbuf_addstr(sb, "\"escalate\":null");
		strbuf_addch(sb, '}');
	} else {
		strbuf_addstr(sb, "null");
	}
	js_routing(sb, r);
	strbuf_addstr(sb, ",\"blockers\":[");
	for (j = 0; j < r->nhits; j++) {
		strbuf_addstr(sb, j ? ",{" : "{");
		strbuf_add_json_field(sb, "person", r->hits[j].handle);
		strbuf_addch(sb, ',');
		strbuf_add_json_field(sb, "file", r->hits[j].path);
		strbuf_addf(sb, ",\"line\":%d,", r->hits[j].line);
		strbuf_add_json_date(sb, "date", 1, r->hits[j].date);
		strbuf_addch(sb, ',');
		strbuf_add_json_field(sb, "text", r->hits[j].text);
		strbuf_addch(sb, '}');
	}
	strbuf_addstr(sb, "]}");
}

static void print_json(struct strbuf *sb, const struct repeat_list *l,
		       const struct repeat_opts *o)
{
	size_t i;

	strbuf_addf(sb, "{\"window\":%d,\"min\":%d,\"threshold\":%.2f,\"across_people\":%s,",
		    o->window, o->min, o->threshold, o->across_people ? "true" : "false");
	if (o->has_since)
		strbuf_add_json_date(sb, "since", 1, o->since);
	else
		strbuf_addstr(sb, "\"since\":null");
	strbuf_addstr(sb, ",\"patterns\":[");
	for (i = 0; i < l->n; i++) {
		strbuf_addstr(sb, i ? ",\n" : "\n");
		js_pattern(sb, &l->v[i]);
	}
	strbuf_addstr(sb, "]}\n");
}

int cmd_repeat_blockers(int argc, const char **argv)
{
	struct team team;
	struct repeat_opts o;
	struct repeat_engine *e = NULL;
	struct repeat_list l = REPEAT_LIST_INIT;
	struct strbuf out = STRBUF_INIT;
	int n, unread, rc = 2;

	n = parse_options(argc, argv, repeat_blockers_options, repeat_blockers_usage);
	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n) {
		error("unexpected argument '%s' (name a person with --person)", argv[0]);
		return 2;
	}
	if (team_open(&team, opt_today) || read_opts(&team, &o))
		goto done;
	e = repeat_new(&o);
	if ((unread = collect(&team, e)) && opt_person)
		goto done;
	repeat_find(e, &l);
	if (!strcmp(opt_format, "json"))
		print_json(&out, &l, &o);
	else
		print_text(&out, &l, &o);
	safe_write(stdout, out.buf, out.len);
	rc = unread ? 2 : 0;
done:
	repeat_list_release(&l);
	repeat_free(e);
	strbuf_release(&out);
	team_close(&team);
	return rc;
}
