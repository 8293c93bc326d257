/*
 * thread prep HANDLE - the three-minute pre-brief for the next 1:1.
 *
 * Read just before the meeting, so it is short and in the order the
 * meeting goes: when the last 1:1 was (and whether the cadence slipped),
 * what to review first (open asks, then open tasks and priorities, each
 * with its checkpoint and how far off it is), the growth rep to ask
 * about, what the last meeting said to start with, what happened in the
 * last three sessions, and the blockers that keep coming back.  Every
 * line says where in the thread it comes from, so one keystroke in an
 * editor gets the details.
 */
#include "command.h"
#include "fields.h"
#include "date.h"
#include "person.h"
#include "repeat.h"
#include "strbuf.h"
#include "team.h"
#include "util.h"
#include "safeout.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *opt_format = "markdown", *opt_today;
static int opt_private;
static const char *const formats[] = { "markdown", "json", NULL };

const char *const prep_usage[] = {
	"thread prep HANDLE [--format markdown|json] [--today DATE] [--include-private]",
	NULL
};

const struct option prep_options[] = {
	OPT_CHOICE(0, "format", &opt_format, "FORMAT",
		   "output format: markdown or json", formats),
	OPT_STRING(0, "today", &opt_today, "DATE",
		   "take this date as today (default $THREAD_TODAY, else the local date)",
		   COMPLETE_DATE),
	OPT_FLAG(0, "include-private", &opt_private,
		 "also show what the Private sections say"),
	OPT_END(),
};

/* How many held sessions the "what happened lately" part looks back. */
#define RECENT_SESSIONS 3
/* A history line longer than this (in characters) is shortened. */
#define SHORT_LINE 100

/* A ledger item and the session it was written in. */
struct entry {
	const struct item *it;
	const struct session *s;
};

struct entries {
	struct entry *v;
	size_t n, alloc;
};

struct prep {
	struct team *team;
	const struct person *p;
	const char *path;
	int today;
	const struct session **held;     /* held, dated sessions, oldest first */
	size_t nheld, aheld;
	const struct session *last;      /* the newest held session, or NULL */
	const struct session *upcoming;  /* a newer one not held yet, or NULL */
	int has_next, next_date, slipped;
	struct entries asks, work, reps;
	const struct session *rep_session;
	struct repeat_list repeats;
};

/* A bullet's text as a brief shows it (see fields_brief()). */
static void add_plain(struct strbuf *sb, const struct text *t)
{
	fields_brief(sb, t->s, t->len, 0);
}

/* Is s[0..len) a word a line should not end on ("owner in the…")? */
static int weak_word(const char *s, size_t len)
{
	static const char *const weak[] = { "a", "an", "and", "as", "at", "but",
		"by", "for", "from", "in", "of", "on", "or", "the", "to", "with", NULL };
	size_t i;

	for (i = 0; weak[i]; i++)
		if (strlen(weak[i]) == len && !strncasecmp(s, weak[i], len))
			return 1;
	return 0;
}

/* Back off a cut at `end` past words it should not end on. */
static size_t drop_weak(const char *s, size_t end)
{
	size_t w;

	while (end > 0) {
		w = end;
		while (w > 0 && s[w - 1] != ' ')
			w--;
		if (!w || !weak_word(s + w, end - w))
			break;
		end = w - 1;
	}
	return end;
}

/* Where a cut before `limit` may go: after a clause ("; ", ". ", ": ",
 * "? ") in the second half, else after a comma late in the line, else
 * after a word: whole clauses read better than cut ones. */
static size_t cut_at(const char *s, size_t limit)
{
	size_t i, clause = 0, comma = 0, word = 0;

	for (i = 1; i + 1 < limit; i++) {
		if (s[i + 1] != ' ')
			continue;
		if (strchr(";.:?", s[i]))
			clause = i;
		else if (s[i] == ',')
			comma = i;
		else if (s[i] != ' ')
			word = i + 1;
	}
	if (clause >= limit / 2)
		return clause;
	if (comma >= limit * 3 / 5)
		return comma;
	return word ? drop_weak(s, word) : limit;
}

/* A cut inside parentheses leaves "(add-to-cart may drop…": cut before
 * the open one instead, unless that leaves too little. */
static size_t outside_parens(const char *s, size_t cut, size_t limit)
{
	size_t i, open = 0;
	int depth = 0;

	for (i = 0; i < cut; i++) {
		if (s[i] == '(' && !depth++)
			open = i;
		else if (s[i] == ')' && depth)
			depth--;
	}
	if (depth && open >= limit / 2)
		return drop_weak(s, open > 0 ? open - 1 : 0);
	return cut;
}

/* Text shortened to SHORT_LINE characters, for history lines: the file
 * and line that follow it lead to the rest. */
static void add_short(struct strbuf *sb, const struct text *t)
{
	struct strbuf full = STRBUF_INIT;
	size_t i, chars = 0, limit = 0;

	add_plain(&full, t);
	for (i = 0; i < full.len; i++)
		if (((unsigned char)full.buf[i] & 0xc0) != 0x80 && chars++ == SHORT_LINE)
			limit = i;
	if (limit) {
		strbuf_setlen(&full, outside_parens(full.buf, cut_at(full.buf, limit), limit));
		while (full.len && strchr(" ,;:.", full.buf[full.len - 1]))
			strbuf_setlen(&full, full.len - 1);
		strbuf_addstr(&full, "\xe2\x80\xa6");    /* … */
	}
	strbuf_addbuf(sb, &full);
	strbuf_release(&full);
}

/* "today", "in 3 days", or for a day gone by "2 days ago" (an event)
 * or "3 days past" (a checkpoint). */
static void add_days(struct strbuf *sb, int days, const char *gone)
{
	int n = days < 0 ? -days : days;

	if (!days)
		strbuf_addstr(sb, "today");
	else if (days > 0)
		strbuf_addf(sb, "in %d day%s", n, n == 1 ? "" : "s");
	else
		strbuf_addf(sb, "%d day%s %s", n, n == 1 ? "" : "s", gone);
}

static const char *cadence_name(int days)
{
	static char buf[32];
	switch (days) {
	case 7: return "weekly";
	case 14: return "biweekly";
	case 30: return "monthly";
	}
	snprintf(buf, sizeof(buf), "every %d days", days);
	return buf;
}

static int is_me(const struct prep *pr, const char *owner)
{
	return owner && (!strcmp(owner, "me") || !strcmp(owner, team_me(pr->team)));
}

/* The escalation status of an open ask, as thread digest words it. */
static const char *ask_status(const struct item *it, int today)
{
	if (it->escalate.ok && today >= it->escalate.days)
		return "escalate now";
	if (it->due.ok && today > it->due.days)
		return "past checkpoint";
	return "on track";
}

/* Did the rep happen?  Only a later meeting can say it did not. */
static const char *rep_happened(const struct prep *pr, const struct entry *e)
{
	return rep_state_name(rep_state(e->it, e->s, pr->last, pr->today));
}

/* ---- Gathering ---- */

static void add_entry(struct entries *l, const struct item *it,
		      const struct session *s)
{
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n].it = it;
	l->v[l->n++].s = s;
}

/* Soonest checkpoint first; items without one last; then file order. */
static int by_checkpoint(const void *a, const void *b)
{
	const struct item *x = ((const struct entry *)a)->it;
	const struct item *y = ((const struct entry *)b)->it;
	int dx = x->due.ok ? x->due.days : INT_MAX;
	int dy = y->due.ok ? y->due.days : INT_MAX;

	if (dx != dy)
		return dx < dy ? -1 : 1;
	return x->pos.line - y->pos.line;
}

static void gather_sessions(struct prep *pr)
{
	const struct session *s;

	for (s = pr->p->sessions; s; s = s->next) {
		if (!s->date_ok)
			continue;
		if (session_held(s)) {
			ALLOC_GROW(pr->held, pr->nheld + 1, pr->aheld);
			pr->held[pr->nheld++] = s;
			pr->last = s;
			pr->upcoming = NULL;
		} else {
			pr->upcoming = s;
		}
	}
	/* A session started ahead of the meeting says when it is; else the
	 * cadence does. */
	if (pr->upcoming) {
		pr->has_next = 1;
		pr->next_date = pr->upcoming->date;
	} else if (pr->last) {
		pr->has_next = 1;
		pr->next_date = pr->last->date + pr->p->cadence_days;
	}
	pr->slipped = pr->last && pr->today - pr->last->date > pr->p->cadence_days;
}

static void gather_items(struct prep *pr)
{
	const struct session *s;
	const struct item *it;

	for (s = pr->p->sessions; s; s = s->next)
		for (it = s->items; it; it = it->next) {
			if (it->done || !team_shows(it->private, opt_private))
				continue;
			if (it->kind == ITEM_ASK)
				add_entry(&pr->asks, it, s);
			else if (it->kind != ITEM_REP)
				add_entry(&pr->work, it, s);
		}
	if (pr->asks.n)
		qsort(pr->asks.v, pr->asks.n, sizeof(struct entry), by_checkpoint);
	if (pr->work.n)
		qsort(pr->work.v, pr->work.n, sizeof(struct entry), by_checkpoint);
}

/* The reps of the newest held session that set any: the ones the coming
 * meeting asks about. */
static void gather_reps(struct prep *pr)
{
	const struct item *it;
	size_t i;

	for (i = pr->nheld; i-- > 0 && !pr->reps.n;) {
		for (it = pr->held[i]->items; it; it = it->next)
			if (it->kind == ITEM_REP && team_shows(it->private, opt_private))
				add_entry(&pr->reps, it, pr->held[i]);
		if (pr->reps.n)
			pr->rep_session = pr->held[i];
	}
}

static void prep_gather(struct prep *pr)
{
	const struct config *c = &pr->team->config;

	gather_sessions(pr);
	gather_items(pr);
	gather_reps(pr);
	{
		struct repeat_opts o = { c->repeat_window, c->repeat_min, 0, 0,
					 c->repeat_threshold, 0, opt_private };
		struct repeat_engine *e = repeat_new(&o);
		repeat_add_person(e, pr->p, pr->path);
		repeat_find(e, &pr->repeats);
		repeat_free(e);
	}
}

static void prep_release(struct prep *pr)
{
	free(pr->held);
	free(pr->asks.v);
	free(pr->work.v);
	free(pr->reps.v);
	repeat_list_release(&pr->repeats);
}

/* The first "Skill:" bullet of a session's Growth section. */
static const struct bullet *skill_of(const struct session *s)
{
	const struct section *sec;
	const struct bullet *b;

	for (sec = s->sections; sec; sec = sec->next)
		if (sec->kind == SEC_GROWTH)
			for (b = sec->bullets; b; b = b->next)
				if (b->text.len >= 6 && !strncasecmp(b->text.s, "skill:", 6))
					return b;
	return NULL;
}

static size_t recent_start(const struct prep *pr)
{
	return pr->nheld > RECENT_SESSIONS ? pr->nheld - RECENT_SESSIONS : 0;
}

/* ---- Markdown ---- */

static void md_place(struct strbuf *sb, const struct prep *pr, int line)
{
	strbuf_addf(sb, " \xc2\xb7 %s:%d\n", pr->path, line);    /* · */
}

static void md_header(struct strbuf *sb, const struct prep *pr)
{
	const char *name = pr->p->name ? pr->p->name : pr->p->handle;

	strbuf_addf(sb, "# Prep: %s", name);
	if (pr->has_next) {
		strbuf_addstr(sb, ", next 1:1 ");
		strbuf_add_date(sb, pr->next_date);
		strbuf_addstr(sb, " (");
		add_days(sb, pr->next_date - pr->today, "past");
		strbuf_addch(sb, ')');
	}
	strbuf_addstr(sb, "\n\n");
	if (!pr->last) {
		strbuf_addf(sb, "No 1:1 held yet: nothing to review. Start the first one with: thread new %s\n",
			    pr->p->handle);
		return;
	}
	strbuf_addstr(sb, "Last 1:1: ");
	strbuf_add_date(sb, pr->last->date);
	strbuf_addstr(sb, ", ");
	add_days(sb, pr->last->date - pr->today, "ago");
	strbuf_addf(sb, "; cadence %s", cadence_name(pr->p->cadence_days));
	md_place(sb, pr, pr->last->pos.line);
	if (pr->slipped)
		strbuf_addf(sb, "\n> Warning: the cadence slipped: the last 1:1 was %d days ago, on a %s cadence. Hold the next one now.\n",
			    pr->today - pr->last->date, cadence_name(pr->p->cadence_days));
}

static void md_owner(struct strbuf *sb, const struct prep *pr, const char *owner)
{
	if (!owner)
		strbuf_addstr(sb, "no owner");
	else
		strbuf_addf(sb, "@%s", is_me(pr, owner) ? "me" : owner);
}

static void md_checkpoint(struct strbuf *sb, const char *what,
			  const struct datefield *d, int today)
{
	strbuf_addf(sb, " \xc2\xb7 %s ", what);
	strbuf_add_date(sb, d->days);
	strbuf_addstr(sb, " (");
	add_days(sb, d->days - today, "past");
	strbuf_addch(sb, ')');
}

/* One item on two short lines: what, then who, when and where. */
static void md_item(struct strbuf *sb, const struct prep *pr,
		    const struct entry *e, const char *label)
{
	const struct item *it = e->it;

	strbuf_addf(sb, "- %s", label);
	fields_brief(sb, it->text.s, it->text.len, 1);
	strbuf_addstr(sb, "\n  ");
	md_owner(sb, pr, it->owner);
	if (it->due.ok)
		md_checkpoint(sb, "due", &it->due, pr->today);
	else
		strbuf_addstr(sb, " \xc2\xb7 no checkpoint");
	if (it->kind == ITEM_ASK && it->escalate.ok)
		md_checkpoint(sb, "escalate", &it->escalate, pr->today);
	if (it->kind == ITEM_ASK)
		strbuf_addf(sb, " \xc2\xb7 %s", ask_status(it, pr->today));
	if (it->kind == ITEM_REP)
		strbuf_addf(sb, " \xc2\xb7 happened: %s", rep_happened(pr, e));
	if (it->private)
		strbuf_addstr(sb, " \xc2\xb7 private");
	md_place(sb, pr, it->pos.line);
}

static void md_list(struct strbuf *sb, const struct prep *pr,
		    const struct entries *l)
{
	/* Asks have a section of their own; the others say what they are. */
	static const char *const labels[] = { "Task: ", "", "Priority: ", "Rep: " };
	size_t i;

	for (i = 0; i < l->n; i++)
		md_item(sb, pr, &l->v[i], labels[l->v[i].it->kind]);
}

static void md_entries(struct strbuf *sb, const struct prep *pr,
		       const char *title, const struct entries *l)
{
	strbuf_addf(sb, "\n## %s\n", title);
	md_list(sb, pr, l);
	if (!l->n)
		strbuf_addstr(sb, "- none open\n");
}

static void md_growth(struct strbuf *sb, const struct prep *pr)
{
	const struct bullet *skill;

	if (!pr->rep_session) {
		strbuf_addstr(sb, "\n## Growth rep\n- none set yet\n");
		return;
	}
	strbuf_addstr(sb, "\n## Growth rep (from ");
	strbuf_add_date(sb, pr->rep_session->date);
	strbuf_addstr(sb, ")\n");
	if ((skill = skill_of(pr->rep_session))) {
		strbuf_addstr(sb, "- ");
		add_plain(sb, &skill->text);
		md_place(sb, pr, skill->pos.line);
	}
	md_list(sb, pr, &pr->reps);
}

static void md_bullets(struct strbuf *sb, const struct prep *pr,
		       const struct session *s, enum section_kind kind,
		       int dated, int shorten)
{
	const struct section *sec;
	const struct bullet *b;

	for (sec = s->sections; sec; sec = sec->next) {
		if (sec->kind != kind)
			continue;
		for (b = sec->bullets; b; b = b->next) {
			if (!team_shows(b->private, opt_private))
				continue;
			strbuf_addstr(sb, "- ");
			if (dated) {
				strbuf_add_date(sb, s->date);
				strbuf_addstr(sb, ": ");
			}
			(shorten ? add_short : add_plain)(sb, &b->text);
			md_place(sb, pr, b->pos.line);
		}
	}
}

/* The last session's bullets of one section under a heading, or `none`
 * when it has none; with `none` NULL, nothing at all then. */
static void md_last(struct strbuf *sb, const struct prep *pr, const char *title,
		    enum section_kind kind, const char *none)
{
	size_t start = sb->len, before;

	strbuf_addf(sb, "\n## %s (from ", title);
	strbuf_add_date(sb, pr->last->date);
	strbuf_addstr(sb, ")\n");
	before = sb->len;
	md_bullets(sb, pr, pr->last, kind, 0, 0);
	if (sb->len == before && none)
		strbuf_addstr(sb, none);
	else if (sb->len == before)
		strbuf_setlen(sb, start);
}

static void md_blockers(struct strbuf *sb, const struct prep *pr)
{
	const struct blocker *b;
	size_t i, before;

	strbuf_addstr(sb, "\n### Blockers\n");
	before = sb->len;
	for (i = recent_start(pr); i < pr->nheld; i++)
		for (b = pr->held[i]->blockers; b; b = b->next) {
			if (!team_shows(b->private, opt_private))
				continue;
			strbuf_addstr(sb, "- ");
			strbuf_add_date(sb, pr->held[i]->date);
			strbuf_addstr(sb, ": ");
			add_short(sb, &b->text);
			if (b->resolved)
				strbuf_addstr(sb, " (resolved)");
			md_place(sb, pr, b->pos.line);
		}
	if (sb->len == before)
		strbuf_addstr(sb, "- none\n");
}

static void md_recent_kind(struct strbuf *sb, const struct prep *pr,
			   const char *title, enum section_kind kind)
{
	size_t i, before;

	strbuf_addf(sb, "\n### %s\n", title);
	before = sb->len;
	/* Private notes are asked for, and are often what to watch for in
	 * the meeting: shown whole. */
	for (i = recent_start(pr); i < pr->nheld; i++)
		md_bullets(sb, pr, pr->held[i], kind, 1, kind != SEC_PRIVATE);
	if (sb->len == before)
		strbuf_addstr(sb, "- none\n");
}

static void md_recent(struct strbuf *sb, const struct prep *pr)
{
	size_t n = pr->nheld - recent_start(pr);

	if (n == 1)
		strbuf_addstr(sb, "\n## Last session (");
	else
		strbuf_addf(sb, "\n## Last %zu sessions (", n);
	strbuf_add_date(sb, pr->held[recent_start(pr)]->date);
	if (n > 1) {
		strbuf_addstr(sb, " to ");
		strbuf_add_date(sb, pr->last->date);
	}
	strbuf_addstr(sb, ")\n");
	md_recent_kind(sb, pr, "Wins", SEC_WINS);
	md_recent_kind(sb, pr, "Decisions", SEC_DECISIONS);
	md_blockers(sb, pr);
	if (opt_private)
		md_recent_kind(sb, pr, "Private", SEC_PRIVATE);
}

static void md_repeats(struct strbuf *sb, const struct prep *pr)
{
	int window = pr->team->config.repeat_window;
	size_t i, j;

	if ((size_t)window > pr->nheld)
		window = (int)pr->nheld;
	strbuf_addstr(sb, "\n## Repeating blockers\n");
	for (i = 0; i < pr->repeats.n; i++) {
		const struct repeat *r = &pr->repeats.v[i];
		strbuf_addstr(sb, "- ");
		fields_brief(sb, r->label, strlen(r->label), 0);
		strbuf_addf(sb, "\n  %d of the last %d sessions%s:", r->nsessions,
			    window, r->consecutive ? ", in a row" : "");
		for (j = 0; j < r->nhits; j++) {
			strbuf_addstr(sb, j ? ", " : " ");
			strbuf_add_date(sb, r->hits[j].date);
			strbuf_addf(sb, " (%s:%d)", r->hits[j].path, r->hits[j].line);
		}
		strbuf_addstr(sb, r->routed ? "; routed as an ask with an escalation checkpoint\n"
					   : "; not routed: make it an ask with an escalation checkpoint\n");
	}
	if (!pr->repeats.n)
		strbuf_addstr(sb, "- none\n");
}

static void print_markdown(struct strbuf *sb, const struct prep *pr)
{
	md_header(sb, pr);
	if (!pr->last)
		return;
	md_entries(sb, pr, "Review first: open asks", &pr->asks);
	md_entries(sb, pr, "Open tasks and priorities", &pr->work);
	md_growth(sb, pr);
	md_last(sb, pr, "Next 1:1 starts with", SEC_NEXT, "- nothing was written down\n");
	md_last(sb, pr, "Notes", SEC_NOTES, NULL);
	md_recent(sb, pr);
	md_repeats(sb, pr);
}

/* ---- JSON ---- */

static void js_text(struct strbuf *sb, const char *key, const struct text *t,
		    int ledger)
{
	struct strbuf plain = STRBUF_INIT;

	fields_brief(&plain, t->s, t->len, ledger);
	strbuf_addf(sb, "\"%s\":", key);
	strbuf_add_json_str(sb, plain.buf, plain.len);
	strbuf_release(&plain);
}

static void js_days(struct strbuf *sb, const char *key,
		    const struct datefield *d, int today)
{
	if (d->ok)
		strbuf_addf(sb, "\"%s\":%d", key, d->days - today);
	else
		strbuf_addf(sb, "\"%s\":null", key);
}

static void js_place(struct strbuf *sb, const struct prep *pr,
		     const struct session *s, int line)
{
	strbuf_add_json_date(sb, "session", 1, s->date);
	strbuf_addch(sb, ',');
	strbuf_add_json_field(sb, "file", pr->path);
	strbuf_addf(sb, ",\"line\":%d}", line);
}

static void js_item(struct strbuf *sb, const struct prep *pr, const struct entry *e)
{
	const struct item *it = e->it;

	strbuf_addf(sb, "{\"kind\":\"%s\",", item_kind_name(it->kind));
	js_text(sb, "text", &it->text, 1);
	strbuf_addch(sb, ',');
	strbuf_add_json_field(sb, "owner", it->owner);
	strbuf_addf(sb, ",\"mine\":%s,", is_me(pr, it->owner) ? "true" : "false");
	strbuf_add_json_date(sb, "due", it->due.ok, it->due.days);
	strbuf_addch(sb, ',');
	strbuf_add_json_date(sb, "escalate", it->escalate.ok, it->escalate.days);
	strbuf_addch(sb, ',');
	js_days(sb, "days_to_due", &it->due, pr->today);
	strbuf_addch(sb, ',');
	js_days(sb, "days_to_escalate", &it->escalate, pr->today);
	strbuf_addch(sb, ',');
	strbuf_add_json_field(sb, "status", it->kind == ITEM_ASK ? ask_status(it, pr->today) : NULL);
	strbuf_addch(sb, ',');
	strbuf_add_json_field(sb, "happened", it->kind == ITEM_REP ? rep_happened(pr, e) : NULL);
	strbuf_addf(sb, ",\"private\":%s,", it->private ? "true" : "false");
	js_place(sb, pr, e->s, it->pos.line);
}

static void js_entries(struct strbuf *sb, const struct prep *pr,
		       const char *key, const struct entries *l)
{
	size_t i;

	strbuf_addf(sb, "\"%s\":[", key);
	for (i = 0; i < l->n; i++) {
		strbuf_addstr(sb, i ? ",\n" : "\n");
		js_item(sb, pr, &l->v[i]);
	}
	strbuf_addstr(sb, "]");
}

static void js_bullet(struct strbuf *sb, const struct prep *pr,
		      const struct session *s, const struct bullet *b)
{
	strbuf_addch(sb, '{');
	js_text(sb, "text", &b->text, 0);
	strbuf_addch(sb, ',');
	js_place(sb, pr, s, b->pos.line);
}

/* Bullets of `kind` in held sessions [from, nheld), as a JSON array. */
static void js_bullets(struct strbuf *sb, const struct prep *pr, const char *key,
		       size_t from, enum section_kind kind)
{
	const struct section *sec;
	const struct bullet *b;
	size_t i;
	int n = 0;

	strbuf_addf(sb, "\"%s\":[", key);
	for (i = from; i < pr->nheld; i++)
		for (sec = pr->held[i]->sections; sec; sec = sec->next)
			for (b = sec->kind == kind ? sec->bullets : NULL; b; b = b->next) {
				if (!team_shows(b->private, opt_private))
					continue;
				strbuf_addstr(sb, n++ ? ",\n" : "\n");
				js_bullet(sb, pr, pr->held[i], b);
			}
	strbuf_addch(sb, ']');
}

static void js_header(struct strbuf *sb, const struct prep *pr)
{
	strbuf_addstr(sb, "{");
	strbuf_add_json_field(sb, "handle", pr->p->handle);
	strbuf_addch(sb, ',');
	strbuf_add_json_field(sb, "name", pr->p->name);
	strbuf_addch(sb, ',');
	strbuf_add_json_field(sb, "file", pr->path);
	strbuf_addch(sb, ',');
	strbuf_add_json_date(sb, "today", 1, pr->today);
	strbuf_addf(sb, ",\"cadence_days\":%d,\n\"last_session\":", pr->p->cadence_days);
	if (pr->last) {
		strbuf_addch(sb, '{');
		strbuf_add_json_date(sb, "date", 1, pr->last->date);
		strbuf_addf(sb, ",\"line\":%d,\"days_ago\":%d}", pr->last->pos.line,
			    pr->today - pr->last->date);
	} else {
		strbuf_addstr(sb, "null");
	}
	strbuf_addstr(sb, ",\n\"next_session\":");
	if (pr->has_next) {
		strbuf_addch(sb, '{');
		strbuf_add_json_date(sb, "date", 1, pr->next_date);
		strbuf_addf(sb, ",\"days\":%d,\"started\":%s}", pr->next_date - pr->today,
			    pr->upcoming ? "true" : "false");
	} else {
		strbuf_addstr(sb, "null");
	}
	strbuf_addf(sb, ",\n\"cadence_slipped\":%s,\n", pr->slipped ? "true" : "false");
}

static void js_growth(struct strbuf *sb, const struct prep *pr)
{
	const struct bullet *skill;

	strbuf_addstr(sb, "\"growth_rep\":");
	if (!pr->rep_session) {
		strbuf_addstr(sb, "null");
		return;
	}
	strbuf_addch(sb, '{');
	strbuf_add_json_date(sb, "session", 1, pr->rep_session->date);
	strbuf_addstr(sb, ",\"skill\":");
	if ((skill = skill_of(pr->rep_session))) {
		/* The key says it is the skill; the text need not. */
		struct text name = skill->text;
		name.s += 6;
		name.len -= 6;
		strbuf_addch(sb, '{');
		js_text(sb, "text", &name, 0);
		strbuf_addch(sb, ',');
		js_place(sb, pr, pr->rep_session, skill->pos.line);
	} else
		strbuf_addstr(sb, "null");
	strbuf_addch(sb, ',');
	js_entries(sb, pr, "reps", &pr->reps);
	strbuf_addch(sb, '}');
}

/* ,"tags":[...]: the text shown may have lost the tags written last. */
static void js_tags(struct strbuf *sb, const struct tag *t)
{
	strbuf_addstr(sb, ",\"tags\":[");
	for (; t; t = t->next) {
		strbuf_add_json_str(sb, t->name, strlen(t->name));
		if (t->next)
			strbuf_addch(sb, ',');
	}
	strbuf_addch(sb, ']');
}

static void js_blockers(struct strbuf *sb, const struct prep *pr)
{
	const struct blocker *b;
	size_t i;
	int n = 0;

	strbuf_addstr(sb, "\"blockers\":[");
	for (i = recent_start(pr); i < pr->nheld; i++)
		for (b = pr->held[i]->blockers; b; b = b->next) {
			if (!team_shows(b->private, opt_private))
				continue;
			strbuf_addstr(sb, n++ ? ",\n{" : "\n{");
			js_text(sb, "text", &b->text, 0);
			js_tags(sb, b->tags);
			strbuf_addf(sb, ",\"resolved\":%s,", b->resolved ? "true" : "false");
			js_place(sb, pr, pr->held[i], b->pos.line);
		}
	strbuf_addch(sb, ']');
}

static void js_recent(struct strbuf *sb, const struct prep *pr)
{
	size_t i, from = recent_start(pr);

	strbuf_addstr(sb, "\"recent\":{\"sessions\":[");
	for (i = from; i < pr->nheld; i++) {
		strbuf_addstr(sb, i > from ? ",\"" : "\"");
		strbuf_add_date(sb, pr->held[i]->date);
		strbuf_addch(sb, '"');
	}
	strbuf_addstr(sb, "],\n");
	js_bullets(sb, pr, "wins", from, SEC_WINS);
	strbuf_addstr(sb, ",\n");
	js_bullets(sb, pr, "decisions", from, SEC_DECISIONS);
	strbuf_addstr(sb, ",\n");
	js_blockers(sb, pr);
	strbuf_addstr(sb, ",\n");
	/* The key is always there; what is in it only when asked for. */
	js_bullets(sb, pr, "private", opt_private ? from : pr->nheld, SEC_PRIVATE);
	strbuf_addch(sb, '}');
}

static void js_repeats(struct strbuf *sb, const struct prep *pr)
{
	struct strbuf brief = STRBUF_INIT;
	size_t i, j;

	strbuf_addstr(sb, "\"repeating_blockers\":[");
	for (i = 0; i < pr->repeats.n; i++) {
		const struct repeat *r = &pr->repeats.v[i];
		strbuf_addstr(sb, i ? ",\n{" : "\n{");
		strbuf_reset(&brief);
		fields_brief(&brief, r->label, strlen(r->label), 0);
		strbuf_add_json_field(sb, "label", brief.buf);
		strbuf_addf(sb, ",\"nsessions\":%d,\"streak\":%d,\"consecutive\":%s,"
			    "\"routed\":%s,\"blockers\":[", r->nsessions, r->streak,
			    r->consecutive ? "true" : "false", r->routed ? "true" : "false");
		for (j = 0; j < r->nhits; j++) {
			char date[11];
			date_format(r->hits[j].date, date);
			strbuf_addstr(sb, j ? ",{" : "{");
			strbuf_reset(&brief);
			fields_brief(&brief, r->hits[j].text, strlen(r->hits[j].text), 0);
			strbuf_add_json_field(sb, "text", brief.buf);
			strbuf_addf(sb, ",\"date\":\"%s\",", date);
			strbuf_add_json_field(sb, "file", r->hits[j].path);
			strbuf_addf(sb, ",\"line\":%d}", r->hits[j].line);
		}
		strbuf_addstr(sb, "]}");
	}
	strbuf_addch(sb, ']');
	strbuf_release(&brief);
}

static void print_json(struct strbuf *sb, const struct prep *pr)
{
	js_header(sb, pr);
	js_entries(sb, pr, "open_asks", &pr->asks);
	strbuf_addstr(sb, ",\n");
	js_entries(sb, pr, "open_tasks_and_priorities", &pr->work);
	strbuf_addstr(sb, ",\n");
	js_growth(sb, pr);
	strbuf_addstr(sb, ",\n\"next\":");
	if (pr->last) {
		strbuf_addch(sb, '{');
		strbuf_add_json_date(sb, "session", 1, pr->last->date);
		strbuf_addch(sb, ',');
		js_bullets(sb, pr, "items", pr->nheld - 1, SEC_NEXT);
		strbuf_addch(sb, '}');
	} else {
		strbuf_addstr(sb, "null");
	}
	strbuf_addstr(sb, ",\n");
	js_bullets(sb, pr, "notes", pr->last ? pr->nheld - 1 : pr->nheld, SEC_NOTES);
	strbuf_addstr(sb, ",\n");
	js_recent(sb, pr);
	strbuf_addstr(sb, ",\n");
	js_repeats(sb, pr);
	strbuf_addstr(sb, "}\n");
}

int cmd_prep(int argc, const char **argv)
{
	struct team team;
	struct prep pr;
	struct strbuf out = STRBUF_INIT;
	struct person *p;
	int n, rc = 2;

	n = parse_options(argc, argv, prep_options, prep_usage);
	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n != 1) {
		error("name one person: thread prep HANDLE");
		print_usage(stderr, prep_options, prep_usage);
		return 2;
	}
	if (team_open(&team, opt_today)) {
		team_close(&team);
		return 2;
	}
	memset(&pr, 0, sizeof(pr));
	if ((p = team_find(&team, argv[0], &pr.path))) {
		pr.team = &team;
		pr.p = p;
		pr.today = team.today;
		prep_gather(&pr);
		(strcmp(opt_format, "json") ? print_markdown : print_json)(&out, &pr);
		safe_write(stdout, out.buf, out.len);
		rc = 0;
		prep_release(&pr);
		person_free(p);
	}
	strbuf_release(&out);
	team_close(&team);
	return rc;
}
