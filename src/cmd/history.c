/*
 * thread history FILE:LINE | HANDLE TEXT - one item's life, from git.
 *
 * The item is named in the work tree, as thread done names it, then found
 * among the items the history tracks (history.h): in the same file and
 * session, with the same normalised text or else the most alike.  Its
 * events are printed oldest first, then how long it was open, across how
 * many of the person's sessions, and how often its checkpoint moved.
 */
#include "command.h"
#include "date.h"
#include "diag.h"
#include "fields.h"
#include "gitstore.h"
#include "history.h"
#include "person.h"
#include "repo.h"
#include "similar.h"
#include "strbuf.h"
#include "team.h"
#include "util.h"
#include "safeout.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* An edited text longer than this (in characters) is shortened. */
#define SHORT_TEXT 48

static const char *opt_format = "text", *opt_today;
static int shallow;              /* a shallow clone: the JSON says so */
static const char *const formats[] = { "text", "json", NULL };
static int opt_private;

const char *const history_usage[] = {
	"thread history FILE:LINE [--format text|json] [--today DATE] [--include-private]",
	"thread history HANDLE TEXT [--format text|json] [--today DATE] [--include-private]",
	NULL
};

const struct option history_options[] = {
	OPT_CHOICE(0, "format", &opt_format, "FORMAT", "output format: text or json",
		   formats),
	OPT_STRING(0, "today", &opt_today, "DATE",
		   "count days open and sessions up to DATE", COMPLETE_DATE),
	OPT_FLAG(0, "include-private", &opt_private,
		 "also an item under a Private heading"),
	OPT_END(),
};

/* The item as the work tree has it. */
struct target {
	char *file;              /* as shown: the path given, or found */
	char *rel;               /* people/HANDLE.md, from the repository root */
	char *handle;
	struct strbuf buf;       /* the file */
	struct person *p;
	const struct item *it;
	const struct session *s;
};

/* ---- naming the item in the work tree ---- */

static void plain(const struct item *it, struct strbuf *out)
{
	strbuf_reset(out);
	fields_strip(it->text.s, it->text.len, out);
}

/* The path of `file` from the work tree's root, which must be
 * people/HANDLE.md; NULL (printed) otherwise. */
static char *relative_path(struct gitstore *g, const char *file)
{
	char real[PATH_MAX], top[PATH_MAX];
	size_t n;
	const char *rel;

	if (!realpath(file, real)) {
		error("cannot read %s: %s", file, strerror(errno));
		return NULL;
	}
	if (!realpath(gitstore_workdir(g), top)) {
		error("cannot find the work tree %s: %s", gitstore_workdir(g), strerror(errno));
		return NULL;
	}
	n = strlen(top);
	rel = real + n + 1;
	if (strncmp(real, top, n) || real[n] != '/' || strncmp(rel, "people/", 7) ||
	    strchr(rel + 7, '/') || strlen(rel) < 11 || strcmp(rel + strlen(rel) - 3, ".md")) {
		error("%s is not a person file of this repository (people/HANDLE.md)", file);
		return NULL;
	}
	return xstrdup(rel);
}

static int by_line(struct gitstore *g, const char *arg, struct target *t)
{
	const struct session *s;
	const struct item *it;
	struct repo_item ri;
	int line;

	if (repo_parse_item(arg, REPO_READ, &ri))
		return 2;
	t->file = xstrdup(ri.path);
	line = ri.line;
	repo_item_release(&ri);
	if (strbuf_read_file(&t->buf, t->file, 16 * 1024 * 1024)) {
		error("cannot read %s: %s", t->file, strerror(errno));
		return 2;
	}
	t->rel = relative_path(g, t->file);
	if (!t->rel)
		return 2;
	t->handle = xstrndup(t->rel + 7, strlen(t->rel + 7) - 3);
	t->p = person_parse(t->handle, t->buf.buf, t->buf.len, NULL);
	for (s = t->p->sessions; s; s = s->next)
		for (it = s->items; it; it = it->next)
			if (it->pos.line == line) {
				t->it = it;
				t->s = s;
			}
	if (!t->it) {
		error("%s:%d is not a task, ask, priority or rep (give the line of its '- [ ]')",
		      t->file, line);
		return 1;
	}
	return 0;
}

static int by_text(struct gitstore *g, const char *handle, const char *needle,
		   struct target *t)
{
	const unsigned flags = opt_private ? TEAM_MATCH_PRIVATE : 0;
	char *root = NULL;
	int n, rc = 1;

	if (repo_find_root(".", &root)) {
		error("not inside a thread repository; run thread init first");
		return 2;
	}
	if (repo_read_person(root, handle, REPO_READ, &t->buf, &t->file)) {
		free(root);
		return 2;
	}
	free(root);
	t->rel = relative_path(g, t->file);
	if (!t->rel)
		return 2;
	t->handle = xstrdup(handle);
	t->p = person_parse(handle, t->buf.buf, t->buf.len, NULL);
	n = team_match_items(t->p, needle, flags, &t->it, &t->s);
	if (n == 1) {
		rc = 0;
	} else if (!n) {
		error("no item of %s matches '%s'", handle, needle);
	} else {
		t->it = NULL;
		error("'%s' matches %d items of %s. Name one by its line:", needle, n, handle);
		team_list_matches(t->p, needle, flags, "history", t->file);
	}
	return rc;
}

/* ---- finding it in the history ---- */

/*
 * The tracked item of the same file and session: the same normalised
 * text, else the most alike (at least HISTORY_LIKENESS), comparing the
 * words of the texts without their fields, so that an owner or a date
 * changed in the work tree does not count against it.  One still in
 * the file is preferred to one deleted (the line was put back in the work
 * tree but not committed); of two that read the same, the one last seen
 * on the same line.  -1 if none.
 */
static int find_tracked(const struct history *h, const struct target *t)
{
	struct strbuf want = STRBUF_INIT, norm = STRBUF_INIT;
	struct simset *sim = simset_new(HISTORY_LIKENESS);
	int best[2][2] = { { -1, -1 }, { -1, -1 } };    /* [deleted][exact?0:1] */
	double best_sim[2] = { 0, 0 };
	int me, pass, found = -1;
	size_t i;

	history_normalise(t->it->text.s, t->it->text.len, &want);
	me = simset_add(sim, want.buf, want.len);
	for (i = 0; i < h->nitems; i++) {
		const struct hist_item *it = &h->items[i];
		int gone = it->deleted >= 0;
		double s;

		if (strcmp(it->path, t->rel) || it->session != t->s->date)
			continue;
		history_normalise(it->text, strlen(it->text), &norm);
		if (!strcmp(norm.buf, want.buf)) {
			/* Of two that read the same, the one on this line. */
			if (best[gone][0] < 0 || it->line == t->it->pos.line)
				best[gone][0] = (int)i;
			continue;
		}
		s = simset_similarity(sim, me, simset_add(sim, norm.buf, norm.len));
		if (s >= HISTORY_LIKENESS && s >= best_sim[gone]) {
			best[gone][1] = (int)i;
			best_sim[gone] = s;
		}
	}
	for (pass = 0; pass < 4 && found < 0; pass++)
		found = best[pass / 2][pass % 2];
	simset_free(sim);
	strbuf_release(&want);
	strbuf_release(&norm);
	return found;
}

/* ---- the life ---- */

struct life {
	const struct hist_item *it;
	int idx;
	const struct hist_event **ev;
	size_t nev;
	int first_owner_known;
	const char *first_owner;     /* as added */
	const char *first_text;
	int start, end, open;        /* days; open: still open at the end */
	int days, sessions, moves;
	int changed;                 /* the work tree differs from the last commit */
};

static void gather(const struct history *h, int idx, const struct target *t,
		   int today, struct life *l)
{
	const struct hist_item *it = &h->items[idx];
	const struct session *s;
	size_t i;

	memset(l, 0, sizeof(*l));
	l->it = it;
	l->idx = idx;
	l->ev = xcalloc(h->nevents ? h->nevents : 1, sizeof(*l->ev));
	l->first_owner = it->owner;
	l->first_text = it->text;
	for (i = 0; i < h->nevents; i++) {
		const struct hist_event *e = &h->events[i];
		if (e->item != idx)
			continue;
		l->ev[l->nev++] = e;
		if (e->kind == EV_OWNER && !l->first_owner_known) {
			l->first_owner = e->old_text;
			l->first_owner_known = 1;
		}
		if (e->kind == EV_EDITED && l->first_text == it->text)
			l->first_text = e->old_text;
		if (e->kind == EV_REDATED && e->old_due >= 0 && e->new_due >= 0)
			l->moves++;
	}
	l->start = h->commits[it->added].day;
	if (it->closed >= 0)
		l->end = h->commits[it->closed].day;
	else if (it->deleted >= 0)
		l->end = h->commits[it->deleted].day;
	else
		l->end = today;
	l->open = it->closed < 0 && it->deleted < 0;
	l->changed = it->deleted >= 0 || !it->done != !t->it->done ||
		     strlen(it->text) != t->it->text.len ||
		     memcmp(it->text, t->it->text.s, t->it->text.len);
	l->days = l->end - l->start;
	if (l->days < 0)
		l->days = 0;
	for (s = t->p->sessions; s; s = s->next)
		if (s->date_ok && s->date > it->session && s->date <= l->end &&
		    session_held(s))
			l->sessions++;
}

/* s shortened to SHORT_TEXT characters; when it is cut, from the word
 * before `diff` (where it differs from the other text), so an edit at the
 * end still shows. */
static void add_short(struct strbuf *sb, const char *s, size_t diff)
{
	size_t len = strlen(s), i, from = 0, chars = 0, cut = len;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			chars++;
	if (chars <= SHORT_TEXT) {
		strbuf_addstr(sb, s);
		return;
	}
	if (diff > SHORT_TEXT / 2) {
		/* Back to the start of the word before the one that differs. */
		from = diff < len ? diff : len;
		while (from > 0 && s[from - 1] != ' ')
			from--;
		while (from > 0 && s[from - 1] == ' ')
			from--;
		while (from > 0 && s[from - 1] != ' ')
			from--;
		strbuf_addstr(sb, "\xe2\x80\xa6");    /* … */
	}
	for (i = from, chars = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && chars++ == SHORT_TEXT) {
			cut = i;
			break;
		}
	if (cut < len) {
		size_t at = cut;
		while (at > from && s[at - 1] != ' ')
			at--;
		if (at > from + SHORT_TEXT / 2)
			cut = at;
		while (cut > from && strchr(" ,;:.", s[cut - 1]))
			cut--;
	}
	strbuf_add(sb, s + from, cut - from);
	if (cut < len)
		strbuf_addstr(sb, "\xe2\x80\xa6");
}

static void add_edit(struct strbuf *sb, const char *old_raw, const char *new_raw)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	size_t d = 0;

	fields_strip(old_raw, strlen(old_raw), &a);
	fields_strip(new_raw, strlen(new_raw), &b);
	while (d < a.len && d < b.len && a.buf[d] == b.buf[d])
		d++;
	strbuf_addstr(sb, "text edited: \"");
	add_short(sb, a.buf, d);
	strbuf_addstr(sb, "\" -> \"");
	add_short(sb, b.buf, d);
	strbuf_addch(sb, '"');
	strbuf_release(&a);
	strbuf_release(&b);
}

static void text_event(struct strbuf *sb, const struct history *h,
		       const struct life *l, const struct hist_event *e)
{
	const struct hist_commit *c = &h->commits[e->commit];

	strbuf_add_date(sb, c->day);
	strbuf_addf(sb, "  %.7s  ", c->id);
	switch (e->kind) {
	case EV_ADDED:
		strbuf_addstr(sb, "added in the ");
		strbuf_add_date(sb, l->it->session);
		strbuf_addstr(sb, " session");
		if (l->first_owner)
			strbuf_addf(sb, ": @%s", l->first_owner);
		if (e->new_due >= 0) {
			strbuf_addstr(sb, l->first_owner ? ", due " : ": due ");
			strbuf_add_date(sb, e->new_due);
		}
		break;
	case EV_CLOSED:
		strbuf_addstr(sb, "checked off");
		break;
	case EV_REOPENED:
		strbuf_addstr(sb, "reopened");
		break;
	case EV_REDATED:
		if (e->old_due < 0) {
			strbuf_addstr(sb, "checkpoint set: due ");
			strbuf_add_date(sb, e->new_due);
		} else if (e->new_due < 0) {
			strbuf_addstr(sb, "checkpoint removed (was ");
			strbuf_add_date(sb, e->old_due);
			strbuf_addch(sb, ')');
		} else {
			strbuf_addstr(sb, "checkpoint moved ");
			strbuf_add_date(sb, e->old_due);
			strbuf_addstr(sb, " -> ");
			strbuf_add_date(sb, e->new_due);
		}
		break;
	case EV_OWNER:
		if (!e->old_text)
			strbuf_addf(sb, "owner set: @%s", e->new_text);
		else if (!e->new_text)
			strbuf_addf(sb, "owner @%s removed", e->old_text);
		else
			strbuf_addf(sb, "owner @%s -> @%s", e->old_text, e->new_text);
		break;
	case EV_EDITED:
		add_edit(sb, e->old_text, e->new_text);
		break;
	case EV_DELETED:
		strbuf_addstr(sb, "deleted");
		break;
	}
	strbuf_addch(sb, '\n');
}

static const char *plural(int n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void text_summary(struct strbuf *sb, const struct life *l)
{
	const struct hist_item *it = l->it;

	if (l->open) {
		strbuf_addf(sb, "open for %d %s so far (since ", l->days,
			    plural(l->days, "day", "days"));
		strbuf_add_date(sb, l->start);
		strbuf_addch(sb, ')');
	} else {
		strbuf_addf(sb, "open %d %s (", l->days, plural(l->days, "day", "days"));
		strbuf_add_date(sb, l->start);
		strbuf_addstr(sb, " to ");
		strbuf_add_date(sb, l->end);
		strbuf_addch(sb, ')');
		if (it->closed < 0)
			strbuf_addstr(sb, ", then deleted");
	}
	if (l->sessions)
		strbuf_addf(sb, ", across %d %s of %s", l->sessions,
			    plural(l->sessions, "session", "sessions"), it->handle);
	else
		strbuf_addf(sb, ", no later session of %s", it->handle);
	if (l->moves)
		strbuf_addf(sb, "; the checkpoint moved %d %s", l->moves,
			    plural(l->moves, "time", "times"));
	else if (it->first_due >= 0 || it->due >= 0)
		strbuf_addstr(sb, "; the checkpoint never moved");
	strbuf_addch(sb, '\n');
}

static void print_text(struct strbuf *sb, const struct history *h,
		       const struct life *l, const struct target *t)
{
	struct strbuf text = STRBUF_INIT;
	size_t i;

	plain(t->it, &text);
	strbuf_addf(sb, "%s:%d  %s: %s\n", t->file, t->it->pos.line,
		    item_kind_name(t->it->kind), text.buf);
	for (i = 0; i < l->nev; i++)
		text_event(sb, h, l, l->ev[i]);
	text_summary(sb, l);
	if (l->changed)
		strbuf_addstr(sb, "the work tree has changes to it that are not committed yet\n");
	strbuf_release(&text);
}

/* ---- json ---- */

static void json_stripped(struct strbuf *sb, const char *key, const char *raw)
{
	struct strbuf s = STRBUF_INIT;
	if (raw)
		fields_strip(raw, strlen(raw), &s);
	strbuf_add_json_field(sb, key, raw ? s.buf : NULL);
	strbuf_release(&s);
}

static void json_event(struct strbuf *sb, const struct history *h,
		       const struct life *l, const struct hist_event *e, int first)
{
	const struct hist_commit *c = &h->commits[e->commit];
	char date[11];

	date_format(c->day, date);
	strbuf_addf(sb, "%s{\"date\":\"%s\",\"commit\":\"%s\",\"event\":\"%s\"",
		    first ? "\n" : ",\n", date, c->id, hist_kind_name(e->kind));
	switch (e->kind) {
	case EV_ADDED:
		strbuf_addch(sb, ',');
		strbuf_add_json_date(sb, "session", 1, l->it->session);
		strbuf_addch(sb, ',');
		strbuf_add_json_field(sb, "owner", l->first_owner);
		strbuf_addch(sb, ',');
		strbuf_add_json_date(sb, "due", e->new_due >= 0, e->new_due);
		strbuf_addch(sb, ',');
		json_stripped(sb, "text", l->first_text);
		break;
	case EV_REDATED:
		strbuf_addch(sb, ',');
		strbuf_add_json_date(sb, "from", e->old_due >= 0, e->old_due);
		strbuf_addch(sb, ',');
		strbuf_add_json_date(sb, "to", e->new_due >= 0, e->new_due);
		break;
	case EV_OWNER:
		strbuf_addch(sb, ',');
		strbuf_add_json_field(sb, "from", e->old_text);
		strbuf_addch(sb, ',');
		strbuf_add_json_field(sb, "to", e->new_text);
		break;
	case EV_EDITED:
		strbuf_addch(sb, ',');
		json_stripped(sb, "from", e->old_text);
		strbuf_addch(sb, ',');
		json_stripped(sb, "to", e->new_text);
		break;
	default:
		break;
	}
	strbuf_addch(sb, '}');
}

static void print_json(struct strbuf *sb, const struct history *h,
		       const struct life *l, const struct target *t)
{
	const struct hist_item *it = l->it;
	const struct item *cur = t->it;
	struct strbuf text = STRBUF_INIT;
	size_t i;

	plain(cur, &text);
	strbuf_addstr(sb, shallow ? "{\"shallow\":true," : "{");
	strbuf_addstr(sb, "\"item\":{");
	strbuf_add_json_field(sb, "file", t->file);
	strbuf_addf(sb, ",\"line\":%d,", cur->pos.line);
	strbuf_add_json_field(sb, "person", t->handle);
	strbuf_addch(sb, ',');
	strbuf_add_json_date(sb, "session", 1, t->s->date);
	strbuf_addf(sb, ",\"kind\":\"%s\",", item_kind_name(cur->kind));
	strbuf_add_json_field(sb, "owner", cur->owner);
	strbuf_addch(sb, ',');
	strbuf_add_json_field(sb, "text", text.buf);
	strbuf_addch(sb, ',');
	strbuf_add_json_date(sb, "due", cur->due.ok, cur->due.days);
	strbuf_addch(sb, ',');
	strbuf_add_json_date(sb, "escalate", cur->escalate.ok, cur->escalate.days);
	strbuf_addf(sb, ",\"done\":%s},\n\"events\":[", cur->done ? "true" : "false");
	for (i = 0; i < l->nev; i++)
		json_event(sb, h, l, l->ev[i], !i);
	strbuf_addstr(sb, l->nev ? "\n],\n\"summary\":{" : "],\n\"summary\":{");
	strbuf_add_json_date(sb, "added", 1, l->start);
	strbuf_addch(sb, ',');
	strbuf_add_json_date(sb, "closed", it->closed >= 0, l->end);
	strbuf_addch(sb, ',');
	strbuf_add_json_date(sb, "deleted", it->deleted >= 0,
			     it->deleted >= 0 ? h->commits[it->deleted].day : 0);
	strbuf_addf(sb, ",\"open\":%s,\"days_open\":%d,\"sessions\":%d,"
		    "\"checkpoint_moves\":%d,\"checkpoint_slips\":%d,\"uncommitted\":%s}}\n",
		    l->open ? "true" : "false", l->days, l->sessions, l->moves,
		    it->nslips, l->changed ? "true" : "false");
	strbuf_release(&text);
}

/* ---- the command ---- */

static void target_release(struct target *t)
{
	person_free(t->p);
	free(t->file);
	free(t->rel);
	free(t->handle);
	strbuf_release(&t->buf);
}

int cmd_history(int argc, const char **argv)
{
	struct history_opts o = { NULL, 0 };
	struct target t;
	struct strbuf out = STRBUF_INIT;
	struct gitstore *g = NULL;
	struct history h;
	struct life l;
	int n, today, idx, rc;

	memset(&t, 0, sizeof(t));
	strbuf_init(&t.buf, 0);
	n = parse_options(argc, argv, history_options, history_usage);
	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n < 1 || n > 2 || (n == 2 && !*argv[1])) {
		print_usage(stderr, history_options, history_usage);
		return 2;
	}
	if (date_today(opt_today, &today))
		return 2;
	if (gitstore_open(&g, "."))
		return 2;
	rc = n == 1 ? by_line(g, argv[0], &t) : by_text(g, argv[0], argv[1], &t);
	if (rc)
		goto done;
	if (!team_shows(t.it->private, opt_private)) {
		error("%s:%d is under a Private heading: its history is shown only with --include-private",
		      t.file, t.it->pos.line);
		rc = 1;
		goto done;
	}
	rc = 2;
	o.only_path = t.rel;
	o.progress = isatty(STDERR_FILENO);
	if (history_load(g, &o, &h))
		goto done;
	shallow = gitstore_is_shallow(g);
	idx = t.s->date_ok ? find_tracked(&h, &t) : -1;
	if (idx < 0) {
		char date[11];
		if (t.s->date_ok) {
			date_format(t.s->date, date);
			error("%s:%d: not committed yet: no commit of %s has this %s in its %s session; "
			      "its history starts with the commit that adds it (thread closeout %s)",
			      t.file, t.it->pos.line, t.rel, item_kind_name(t.it->kind), date,
			      t.handle);
		} else {
			error("%s:%d: its session has no valid date, so it has no history",
			      t.file, t.it->pos.line);
		}
		rc = 1;
	} else {
		gather(&h, idx, &t, today, &l);
		if (!strcmp(opt_format, "json"))
			print_json(&out, &h, &l, &t);
		else
			print_text(&out, &h, &l, &t);
		safe_write(stdout, out.buf, out.len);
		free(l.ev);
		rc = 0;
	}
	history_release(&h);
done:
	target_release(&t);
	gitstore_free(g);
	strbuf_release(&out);
	return rc;
}
