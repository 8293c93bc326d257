/*
 * thread growth HANDLE - one person's growth thread over time.
 *
 * Each session's Growth section names a skill, one rep to practise before
 * the next meeting and where it gets practised.  Read session by session
 * that is hard to follow; read here, oldest first, it is a story: each
 * skill focus (the sessions that kept the same skill), every rep of it and
 * whether it happened, and the exposure each one gave.
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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *opt_format = "markdown", *opt_today;
static int opt_private;
static const char *const formats[] = { "markdown", "json", NULL };

const char *const growth_usage[] = {
	"thread growth HANDLE [--format markdown|json] [--today DATE] [--include-private]",
	NULL
};

const struct option growth_options[] = {
	OPT_CHOICE(0, "format", &opt_format, "FORMAT",
		   "output format: markdown or json", formats),
	OPT_STRING(0, "today", &opt_today, "DATE",
		   "take this date as today (default $THREAD_TODAY, else the local date)",
		   COMPLETE_DATE),
	OPT_FLAG(0, "include-private", &opt_private,
		 "also show what is under a Private heading inside Growth"),
	OPT_END(),
};

static const char *const happened_keys[] = { "yes", "no", "not_yet_recorded" };

/* One session that has something in its Growth section. */
struct gsession {
	const struct session *s;
	const struct bullet *skill;      /* its first Skill: bullet, or NULL */
	char *key;                       /* the skill's name, "" when none */
};

/* Consecutive sessions on the same skill: [first, first + n). */
struct focus {
	size_t first, n;
	int reps[REP__COUNT];
};

struct growth {
	struct team *team;
	const struct person *p;
	const char *path;
	int today;
	const struct session *last;      /* the newest held session */
	struct gsession *v;
	size_t n, alloc;
	struct focus *f;
	size_t nf, af;
	int reps[REP__COUNT];
};

/* A bullet's text as a brief shows it (see fields_brief()), after `skip`
 * bytes of a "Skill:"-style prefix and the blanks after it. */
static void add_text(struct strbuf *sb, const struct text *t, size_t skip)
{
	struct text rest;

	while (skip < t->len && (t->s[skip] == ' ' || t->s[skip] == '\t'))
		skip++;
	rest.s = t->s + skip;
	rest.len = t->len - skip;
	fields_brief(sb, rest.s, rest.len, 0);
}

static size_t prefix_len(const struct text *t, const char *prefix)
{
	size_t n = strlen(prefix);
	return t->len >= n && !strncasecmp(t->s, prefix, n) ? n : 0;
}

/*
 * The name of a skill, for telling whether two sessions work on the same
 * one: the Skill: text up to a parenthesis or a semicolon, which is
 * where people write how the focus shifts ("...; next, explaining the
 * work to the wider org"), without trailing punctuation.
 */
static char *skill_key(const struct bullet *b)
{
	struct strbuf sb = STRBUF_INIT;
	size_t cut;

	if (!b)
		return xstrdup("");
	add_text(&sb, &b->text, prefix_len(&b->text, "skill:"));
	cut = strcspn(sb.buf, "(;");
	while (cut && strchr(" ,.:-", sb.buf[cut - 1]))
		cut--;
	strbuf_setlen(&sb, cut);
	return strbuf_detach(&sb, NULL);
}

static const struct item *rep_at(const struct session *s, int line)
{
	const struct item *it;
	for (it = s->items; it; it = it->next)
		if (it->kind == ITEM_REP && it->pos.line == line)
			return it;
	return NULL;
}

/* Did the rep happen?  Only a later meeting can say it did not. */
static enum rep_state happened(const struct growth *g, const struct session *s,
				 const struct item *it)
{
	return rep_state(it, s, g->last, g->today);
}

/* ---- Gathering ---- */

static int growth_bullets(const struct session *s)
{
	const struct section *sec;
	const struct bullet *b;
	int n = 0;
	for (sec = s->sections; sec; sec = sec->next)
		for (b = sec->kind == SEC_GROWTH ? sec->bullets : NULL; b; b = b->next)
			n += team_shows(b->private, opt_private);
	return n;
}

static const struct bullet *first_skill(const struct session *s)
{
	const struct section *sec;
	const struct bullet *b;

	for (sec = s->sections; sec; sec = sec->next)
		for (b = sec->kind == SEC_GROWTH ? sec->bullets : NULL; b; b = b->next)
			if (prefix_len(&b->text, "skill:") && !rep_at(s, b->pos.line) &&
			    team_shows(b->private, opt_private))
				return b;
	return NULL;
}

static void count_reps(struct growth *g, struct focus *f, const struct gsession *gs)
{
	const struct item *it;
	for (it = gs->s->items; it; it = it->next)
		if (it->kind == ITEM_REP && it->section == SEC_GROWTH &&
		    team_shows(it->private, opt_private)) {
			enum rep_state h = happened(g, gs->s, it);
			f->reps[h]++;
			g->reps[h]++;
		}
}

/* Sessions without a Growth section are not part of any focus: they
 * neither continue nor break one. */
static void gather(struct growth *g)
{
	const struct session *s;
	size_t i;

	for (s = g->p->sessions; s; s = s->next)
		if (s->date_ok && session_held(s))
			g->last = s;
	for (s = g->p->sessions; s; s = s->next) {
		if (!s->date_ok || !growth_bullets(s))
			continue;
		ALLOC_GROW(g->v, g->n + 1, g->alloc);
		g->v[g->n].s = s;
		g->v[g->n].skill = first_skill(s);
		g->v[g->n].key = skill_key(g->v[g->n].skill);
		g->n++;
	}
	for (i = 0; i < g->n; i++) {
		if (!g->nf || strcasecmp(g->v[i].key, g->v[g->f[g->nf - 1].first].key)) {
			ALLOC_GROW(g->f, g->nf + 1, g->af);
			memset(&g->f[g->nf], 0, sizeof(g->f[0]));
			g->f[g->nf++].first = i;
		}
		g->f[g->nf - 1].n++;
		count_reps(g, &g->f[g->nf - 1], &g->v[i]);
	}
}

static void growth_release(struct growth *g)
{
	size_t i;
	for (i = 0; i < g->n; i++)
		free(g->v[i].key);
	free(g->v);
	free(g->f);
}

/* ---- Markdown ---- */

static void md_place(struct strbuf *sb, const struct growth *g, int line)
{
	strbuf_addf(sb, " \xc2\xb7 %s:%d\n", g->path, line);    /* · */
}

static void md_counts(struct strbuf *sb, const int *reps)
{
	strbuf_addf(sb, "reps: %d yes, %d no, %d not yet recorded",
		    reps[REP_YES], reps[REP_NO], reps[REP_NOT_YET]);
}

static void md_rep(struct strbuf *sb, const struct growth *g,
		   const struct session *s, const struct item *it)
{
	enum rep_state h = happened(g, s, it);
	int left;

	strbuf_addstr(sb, "- Rep: ");
	fields_brief(sb, it->text.s, it->text.len, 1);
	strbuf_addf(sb, "\n  %s%s", it->owner ? "@" : "no owner",
		    it->owner ? it->owner : "");
	if (it->due.ok) {
		strbuf_addstr(sb, " \xc2\xb7 due ");
		strbuf_add_date(sb, it->due.days);
		/* How long is left matters only while it can still happen. */
		left = it->due.days - g->today;
		if (h == REP_NOT_YET && left >= 0)
			strbuf_addf(sb, left ? " (in %d day%s)" : " (today)", left,
				    left == 1 ? "" : "s");
		else if (h == REP_NOT_YET)
			strbuf_addf(sb, " (%d day%s past)", -left, left == -1 ? "" : "s");
	} else {
		strbuf_addstr(sb, " \xc2\xb7 no checkpoint");
	}
	strbuf_addf(sb, " \xc2\xb7 happened: %s", rep_state_name(h));
	md_place(sb, g, it->pos.line);
}

/* Does this Skill: line say more than the focus's name (the heading)? */
static int skill_says_more(const struct bullet *b, const char *key)
{
	struct strbuf t = STRBUF_INIT;
	int more;

	add_text(&t, &b->text, prefix_len(&b->text, "skill:"));
	more = strcasecmp(t.buf, key) != 0;
	strbuf_release(&t);
	return more;
}

/* A session's Growth bullets, in file order: the skill only when it says
 * more than the focus's name, each rep with whether it happened, the
 * exposure and any other note as written. */
static void md_session(struct strbuf *sb, const struct growth *g,
		       const struct gsession *gs, const char *key)
{
	const struct section *sec;
	const struct bullet *b;
	const struct item *it;

	strbuf_addstr(sb, "\n### ");
	strbuf_add_date(sb, gs->s->date);
	strbuf_addch(sb, '\n');
	for (sec = gs->s->sections; sec; sec = sec->next)
		for (b = sec->kind == SEC_GROWTH ? sec->bullets : NULL; b; b = b->next) {
			if (!team_shows(b->private, opt_private))
				continue;
			if ((it = rep_at(gs->s, b->pos.line))) {
				md_rep(sb, g, gs->s, it);
				continue;
			}
			if (b == gs->skill && !skill_says_more(b, key))
				continue;
			strbuf_addstr(sb, "- ");
			add_text(sb, &b->text, 0);
			md_place(sb, g, b->pos.line);
		}
}

static void md_focus(struct strbuf *sb, const struct growth *g, const struct focus *f)
{
	const struct gsession *first = &g->v[f->first];
	const struct gsession *last = &g->v[f->first + f->n - 1];
	size_t i;

	if (*first->key)
		strbuf_addf(sb, "\n## Skill: %s\n\n", first->key);
	else
		strbuf_addstr(sb, "\n## (no skill named)\n\n");
	strbuf_add_date(sb, first->s->date);
	if (f->n > 1) {
		strbuf_addstr(sb, " to ");
		strbuf_add_date(sb, last->s->date);
	}
	strbuf_addf(sb, ", %zu session%s; ", f->n, f->n == 1 ? "" : "s");
	md_counts(sb, f->reps);
	if (first->skill)
		md_place(sb, g, first->skill->pos.line);
	else
		strbuf_addch(sb, '\n');
	for (i = f->first; i < f->first + f->n; i++)
		md_session(sb, g, &g->v[i], first->key);
}

static void print_markdown(struct strbuf *sb, const struct growth *g)
{
	size_t i;

	strbuf_addf(sb, "# Growth: %s\n\n", g->p->name ? g->p->name : g->p->handle);
	if (!g->n) {
		strbuf_addf(sb, "No Growth section yet. Each session's Growth names a Skill:, one Rep: and its Exposure: (see thread new %s).\n",
			    g->p->handle);
		return;
	}
	strbuf_add_date(sb, g->v[0].s->date);
	if (g->n > 1) {
		strbuf_addstr(sb, " to ");
		strbuf_add_date(sb, g->v[g->n - 1].s->date);
	}
	strbuf_addf(sb, ": %zu session%s with a Growth section, %zu skill focus%s; ",
		    g->n, g->n == 1 ? "" : "s", g->nf, g->nf == 1 ? "" : "es");
	md_counts(sb, g->reps);
	strbuf_addstr(sb, ".\n");
	for (i = 0; i < g->nf; i++)
		md_focus(sb, g, &g->f[i]);
}

/* ---- JSON ---- */

/* {"text":...,"file":...,"line":N} for a bullet, its prefix dropped. */
static void js_bullet(struct strbuf *sb, const struct growth *g,
		      const struct bullet *b, const char *prefix)
{
	struct strbuf t = STRBUF_INIT;

	add_text(&t, &b->text, prefix ? prefix_len(&b->text, prefix) : 0);
	strbuf_addstr(sb, "{\"text\":");
	strbuf_add_json_str(sb, t.buf, t.len);
	strbuf_addch(sb, ',');
	strbuf_add_json_field(sb, "file", g->path);
	strbuf_addf(sb, ",\"line\":%d}", b->pos.line);
	strbuf_release(&t);
}

static void js_rep(struct strbuf *sb, const struct growth *g,
		   const struct session *s, const struct item *it)
{
	struct strbuf t = STRBUF_INIT;

	fields_brief(&t, it->text.s, it->text.len, 1);
	strbuf_addstr(sb, "{\"text\":");
	strbuf_add_json_str(sb, t.buf, t.len);
	strbuf_addch(sb, ',');
	strbuf_add_json_field(sb, "owner", it->owner);
	strbuf_addch(sb, ',');
	strbuf_add_json_date(sb, "due", it->due.ok, it->due.days);
	if (it->due.ok)
		strbuf_addf(sb, ",\"days_to_due\":%d", it->due.days - g->today);
	else
		strbuf_addstr(sb, ",\"days_to_due\":null");
	strbuf_addf(sb, ",\"done\":%s,", it->done ? "true" : "false");
	strbuf_add_json_field(sb, "happened", rep_state_name(happened(g, s, it)));
	strbuf_addch(sb, ',');
	strbuf_add_json_field(sb, "file", g->path);
	strbuf_addf(sb, ",\"line\":%d}", it->pos.line);
	strbuf_release(&t);
}

enum bullet_role { ROLE_REP, ROLE_EXPOSURE, ROLE_NOTE };

static enum bullet_role role_of(const struct gsession *gs, const struct bullet *b)
{
	if (rep_at(gs->s, b->pos.line))
		return ROLE_REP;
	if (prefix_len(&b->text, "exposure:"))
		return ROLE_EXPOSURE;
	return ROLE_NOTE;
}

/* The session's Growth bullets of one role, as a JSON array. */
static void js_role(struct strbuf *sb, const struct growth *g,
		    const struct gsession *gs, const char *key, enum bullet_role role)
{
	const struct section *sec;
	const struct bullet *b;
	int n = 0;

	strbuf_addf(sb, ",\"%s\":[", key);
	for (sec = gs->s->sections; sec; sec = sec->next)
		for (b = sec->kind == SEC_GROWTH ? sec->bullets : NULL; b; b = b->next) {
			if (b == gs->skill || role_of(gs, b) != role ||
			    !team_shows(b->private, opt_private))
				continue;
			strbuf_addstr(sb, n++ ? "," : "");
			if (role == ROLE_REP)
				js_rep(sb, g, gs->s, rep_at(gs->s, b->pos.line));
			else
				js_bullet(sb, g, b, role == ROLE_EXPOSURE ? "exposure:" : NULL);
		}
	strbuf_addch(sb, ']');
}

static void js_session(struct strbuf *sb, const struct growth *g,
		       const struct gsession *gs)
{
	strbuf_addch(sb, '{');
	strbuf_add_json_date(sb, "date", 1, gs->s->date);
	strbuf_addstr(sb, ",\"skill\":");
	if (gs->skill)
		js_bullet(sb, g, gs->skill, "skill:");
	else
		strbuf_addstr(sb, "null");
	js_role(sb, g, gs, "reps", ROLE_REP);
	js_role(sb, g, gs, "exposure", ROLE_EXPOSURE);
	js_role(sb, g, gs, "notes", ROLE_NOTE);
	strbuf_addch(sb, '}');
}

static void js_counts(struct strbuf *sb, const int *reps)
{
	int h;

	strbuf_addstr(sb, "\"reps\":{");
	for (h = 0; h < REP__COUNT; h++)
		strbuf_addf(sb, "%s\"%s\":%d", h ? "," : "", happened_keys[h], reps[h]);
	strbuf_addch(sb, '}');
}

static void js_focus(struct strbuf *sb, const struct growth *g, const struct focus *f)
{
	const struct gsession *first = &g->v[f->first];
	size_t i;

	strbuf_addch(sb, '{');
	strbuf_add_json_field(sb, "skill", *first->key ? first->key : NULL);
	strbuf_addch(sb, ',');
	strbuf_add_json_date(sb, "first", 1, first->s->date);
	strbuf_addch(sb, ',');
	strbuf_add_json_date(sb, "last", 1, g->v[f->first + f->n - 1].s->date);
	strbuf_addch(sb, ',');
	js_counts(sb, f->reps);
	strbuf_addstr(sb, ",\"sessions\":[");
	for (i = f->first; i < f->first + f->n; i++) {
		strbuf_addstr(sb, i > f->first ? ",\n" : "\n");
		js_session(sb, g, &g->v[i]);
	}
	strbuf_addstr(sb, "]}");
}

static void print_json(struct strbuf *sb, const struct growth *g)
{
	size_t i;

	strbuf_addch(sb, '{');
	strbuf_add_json_field(sb, "handle", g->p->handle);
	strbuf_addch(sb, ',');
	strbuf_add_json_field(sb, "name", g->p->name);
	strbuf_addch(sb, ',');
	strbuf_add_json_field(sb, "file", g->path);
	strbuf_addch(sb, ',');
	strbuf_add_json_date(sb, "today", 1, g->today);
	strbuf_addf(sb, ",\"sessions\":%zu,", g->n);
	js_counts(sb, g->reps);
	strbuf_addstr(sb, ",\n\"focuses\":[");
	for (i = 0; i < g->nf; i++) {
		strbuf_addstr(sb, i ? ",\n" : "\n");
		js_focus(sb, g, &g->f[i]);
	}
	strbuf_addstr(sb, "]}\n");
}

int cmd_growth(int argc, const char **argv)
{
	struct team team;
	struct growth g;
	struct strbuf out = STRBUF_INIT;
	struct person *p;
	int n, rc = 2;

	n = parse_options(argc, argv, growth_options, growth_usage);
	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n != 1) {
		error("name one person: thread growth HANDLE");
		print_usage(stderr, growth_options, growth_usage);
		return 2;
	}
	if (team_open(&team, opt_today)) {
		team_close(&team);
		return 2;
	}
	memset(&g, 0, sizeof(g));
	if ((p = team_find(&team, argv[0], &g.path))) {
		g.team = &team;
		g.p = p;
		g.today = team.today;
		gather(&g);
		(strcmp(opt_format, "json") ? print_markdown : print_json)(&out, &g);
		safe_write(stdout, out.buf, out.len);
		rc = 0;
		growth_release(&g);
		person_free(p);
	}
	strbuf_release(&out);
	team_close(&team);
	return rc;
}
