/*
 * thread cite HANDLE [--date D] [--write] - find the transcript lines
 * behind the notes of a session that point at none.
 *
 * Every item and bullet of the session (default the newest) without a
 * [t:] reference is matched against the session's transcript (cite.h):
 * the best span is printed with its score and its lines.  --write adds
 * the references that clear the threshold, at the end of each note's
 * first line, and changes no other byte: the person file is locked
 * before it is read and replaced atomically (atomic.h), so a thread done
 * meanwhile waits, and an editor's save meanwhile makes it refuse.
 * Notes under a Private heading are neither shown nor cited unless
 * --include-private.
 */
#include "atomic.h"
#include "cite.h"
#include "cite_run.h"
#include "command.h"
#include "date.h"
#include "person.h"
#include "safeout.h"
#include "strbuf.h"
#include "team.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *opt_date, *opt_format = "text";
static int opt_write, opt_private;
static const char *const formats[] = { "text", "json", NULL };

const char *const cite_usage[] = {
	"thread cite HANDLE [--date DATE] [--write] [--format text|json] [--include-private]",
	NULL
};

const struct option cite_options[] = {
	OPT_STRING(0, "date", &opt_date, "DATE",
		   "the session to cite (default the newest)", COMPLETE_DATE),
	OPT_FLAG(0, "write", &opt_write,
		 "add the references that clear the threshold to the file"),
	OPT_CHOICE(0, "format", &opt_format, "FORMAT", "output format: text or json",
		   formats),
	OPT_FLAG(0, "include-private", &opt_private,
		 "also the notes under a Private heading"),
	OPT_END(),
};

static const struct session *pick_session(const struct person *p, const char *path)
{
	const struct session *s, *last = NULL;
	int days = 0;

	if (opt_date && date_arg("--date", opt_date, &days))
		return NULL;
	for (s = p->sessions; s; s = s->next) {
		if (opt_date && s->date_ok && s->date == days)
			return s;
		last = s;
	}
	if (opt_date)
		error("%s has no session on %s (see the ## YYYY-MM-DD headings)", path, opt_date);
	else if (!last)
		error("%s has no session yet (start one with thread new %s)", path, p->handle);
	return opt_date ? NULL : last;
}

/* The lines m cites, in order: its span, and the recap's (or the
 * original's) when it has two. */
static int next_line(const struct cite_match *m, int n)
{
	int v[4], a, b, c, d;

	cite_spans(m, v);
	a = v[0], b = v[1], c = v[2], d = v[3];
	if (!n)
		return a;
	if (n < b || (c && n >= c && n < d))
		return n + 1;
	return c && n == b ? c : 0;
}

static void print_text(const struct cite_run *r, const char *path)
{
	struct strbuf ref = STRBUF_INIT;
	size_t i;
	int n;

	for (i = 0; i < r->n; i++) {
		const struct cite_note *c = &r->notes[i];
		const struct cite_match *m = &c->m;

		strbuf_reset(&ref);
		if (m->verdict == CITE_NONE) {
			safe_printf("%s:%d -> none: it shares no word with the transcript\n",
				    path, c->line);
			continue;
		}
		cite_ref(&ref, m);
		if (m->verdict == CITE_OK)
			safe_printf("%s:%d -> %s %.2f\n", path, c->line, ref.buf, m->score);
		else if (m->verdict == CITE_WEAK && m->score < CITE_THRESHOLD)
			safe_printf("%s:%d -> none: the best, %s, scores %.2f, under %.2f\n",
				    path, c->line, ref.buf, m->score, CITE_THRESHOLD);
		else if (m->verdict == CITE_WEAK)
			safe_printf("%s:%d -> none: the best, %s, shares a single word with it\n",
				    path, c->line, ref.buf);
		else
			safe_printf("%s:%d -> none: %s (%.2f) and [t:%d] match nearly as well\n",
				    path, c->line, ref.buf, m->score, m->other);
		for (n = next_line(m, 0); n; n = next_line(m, n)) {
			size_t wl, tl;
			const char *who = cite_line_speaker(r->ix, n, &wl);
			const char *text = cite_line_text(r->ix, n, &tl);
			safe_printf("    %d  %.*s%s%.*s\n", n, (int)wl, who, wl ? ": " : "",
				    (int)tl, text);
		}
	}
	strbuf_release(&ref);
}

/* "[3,5],[40,40]": the spans a cited note's reference names, in order;
 * none for a note not cited. */
static void add_spans(struct strbuf *sb, const struct cite_match *m)
{
	int n, first = 0;

	if (m->verdict != CITE_OK)
		return;
	for (n = next_line(m, 0); n; n = next_line(m, n)) {
		if (!first)
			first = n;
		if (next_line(m, n) != n + 1) {
			strbuf_addf(sb, "%s[%d,%d]", first == next_line(m, 0) ? "" : ",", first, n);
			first = 0;
		}
	}
}

static void print_json(const struct cite_run *r, const char *path,
		       const struct session *s, int written)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int n;

	strbuf_addstr(&sb, "{");
	strbuf_add_json_field(&sb, "file", path);
	strbuf_addf(&sb, ",\"line\":%d,", s->pos.line);
	strbuf_add_json_field(&sb, "transcript", s->transcript);
	strbuf_addf(&sb, ",\"threshold\":%.2f,\"written\":%d,\"notes\":[", CITE_THRESHOLD,
		    written);
	for (i = 0; i < r->n; i++) {
		const struct cite_note *c = &r->notes[i];
		const struct cite_match *m = &c->m;

		strbuf_addf(&sb, "%s{\"line\":%d,", i ? "," : "", c->line);
		strbuf_add_json_field(&sb, "section", section_name(c->section));
		strbuf_addf(&sb, ",\"verdict\":\"%s\",\"score\":%.3f,\"ref\":",
			    cite_verdict_name(m->verdict), m->score);
		if (m->verdict == CITE_OK) {
			strbuf_addch(&sb, '"');
			cite_ref(&sb, m);
			strbuf_addch(&sb, '"');
		} else {
			strbuf_addstr(&sb, "null");
		}
		strbuf_addf(&sb, ",\"first\":%d,\"last\":%d,\"spans\":[", m->first, m->last);
		add_spans(&sb, m);
		strbuf_addstr(&sb, "],\"lines\":[");
		for (n = next_line(m, 0); n; n = next_line(m, n)) {
			size_t wl, tl;
			const char *who = cite_line_speaker(r->ix, n, &wl);
			const char *text = cite_line_text(r->ix, n, &tl);
			strbuf_addf(&sb, "%s{\"n\":%d,\"speaker\":", n > next_line(m, 0) ? "," : "", n);
			strbuf_add_json_str(&sb, who, wl);
			strbuf_addstr(&sb, ",\"text\":");
			strbuf_add_json_str(&sb, text, tl);
			strbuf_addch(&sb, '}');
		}
		strbuf_addstr(&sb, "]}");
	}
	strbuf_addstr(&sb, "]}\n");
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_release(&sb);
}

/* How many notes under a Private heading were left out. */
static int private_left_out(const struct session *s)
{
	const struct section *sec;
	const struct bullet *b;
	const struct item *it;
	int n = 0;

	if (opt_private)
		return 0;
	for (sec = s->sections; sec; sec = sec->next)
		for (b = sec->bullets; b; b = b->next)
			n += b->private;
	for (it = s->items; it; it = it->next)
		n += it->private && it->blocker;   /* nested: not a bullet */
	return n;
}

static int cite(struct team *t, const char *handle)
{
	struct strbuf buf = STRBUF_INIT;
	struct file_lock lock = FILE_LOCK_INIT;
	struct cite_run r = CITE_RUN_INIT;
	const struct session *s;
	struct person *p = NULL;
	char *path = NULL;
	int rc = 2, written = 0, hidden;

	if (team_lock_person(t->root, handle, &lock, &buf, &path))
		goto done;
	if (!(p = person_read(path, handle, buf.buf, buf.len))) {
		rc = 1;
		goto done;
	}
	if (!(s = pick_session(p, path)) ||
	    cite_run(&r, t, p, path, s, NULL, 0, opt_private))
		goto done;
	if (opt_write && (written = cite_apply(&buf, r.notes, r.n)) > 0 &&
	    lock_replace(&lock, buf.buf, buf.len))
		goto done;
	if (!strcmp(opt_format, "json"))
		print_json(&r, path, s, written);
	else
		print_text(&r, path);
	fflush(stdout);
	hidden = private_left_out(s);
	if (hidden)
		fprintf(stderr, "%d %s under a Private heading left out (--include-private shows %s)\n",
			hidden, hidden == 1 ? "note" : "notes", hidden == 1 ? "it" : "them");
	if (opt_write)
		safe_fprintf(stderr, "%s: %d %s added\n", path, written,
			     written == 1 ? "reference" : "references");
	rc = 0;
done:
	cite_run_release(&r);
	lock_release(&lock);
	person_free(p);
	free(path);
	strbuf_release(&buf);
	return rc;
}

int cmd_cite(int argc, const char **argv)
{
	struct team t;
	int n, rc;

	n = parse_options(argc, argv, cite_options, cite_usage);
	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n != 1) {
		error("name one person: thread cite HANDLE");
		return 2;
	}
	if (team_open(&t, NULL)) {
		team_close(&t);
		return 2;
	}
	rc = cite(&t, argv[0]);
	team_close(&t);
	return rc;
}
