/*
 * thread draft HANDLE --transcript FILE - a first draft of a session's
 * notes, from the meeting's transcript, for the manager to review.
 *
 * The transcript is imported as thread closeout imports it (the same
 * formats, consent rule and speaker map: transcript_load.h) into
 * transcripts/HANDLE/DATE.txt.  The session for DATE is appended with the
 * recap template (session_template.h), or an existing session that is
 * still the template is filled in, and each candidate the engine found
 * (draft.h) becomes an ordinary line of its section, citing its
 * transcript lines and ending in "(draft)".  Rule draft-unreviewed keeps
 * closeout from committing until each marker is gone: accepted, edited or
 * deleted.  Nothing is committed, and no line already in the file is
 * changed: a session with notes of its own is refused, not merged into.
 *
 * The person file is locked from before it is read to after it is
 * replaced, so a thread done or new meanwhile is not lost (atomic.h).
 */
#include "atomic.h"
#include "command.h"
#include "config.h"
#include "date.h"
#include "draft.h"
#include "lines.h"
#include "names.h"
#include "person.h"
#include "repo.h"
#include "safeout.h"
#include "session_template.h"
#include "strbuf.h"
#include "team.h"
#include "transcript_load.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *opt_date, *opt_transcript, *opt_format = "markdown";
static struct opt_list opt_speakers;
static int opt_dry_run;

static const char *const formats[] = { "markdown", "json", NULL };

const char *const draft_usage[] = {
	"thread draft HANDLE --transcript FILE [--date DATE] [--speaker ID=NAME]... [--dry-run] [--format markdown|json]",
	NULL
};

const struct option draft_options[] = {
	OPT_STRING(0, "transcript", &opt_transcript, "FILE",
		   "the meeting's transcript (.txt, .vtt, .srt or .json)", COMPLETE_FILE),
	OPT_STRING(0, "date", &opt_date, "DATE", "the session's date (default today)",
		   COMPLETE_DATE),
	OPT_LIST(0, "speaker", &opt_speakers, "ID=NAME",
		 "name a transcript speaker (an id, its prefix, or Speaker N): @handle or a name",
		 COMPLETE_NONE),
	OPT_FLAG(0, "dry-run", &opt_dry_run, "show the draft, write nothing"),
	OPT_CHOICE(0, "format", &opt_format, "FORMAT",
		   "print the session as markdown, or the candidates as json", formats),
	OPT_END(),
};

struct draft_run {
	struct team t;
	const char *handle;
	char *path;                      /* people/HANDLE.md as opened */
	struct file_lock lock;
	struct strbuf old_person, new_person;
	struct person *p;
	const struct session *s;         /* the still-empty session, or NULL */
	int date;
	char day[11];
	char *transcript_rel, *transcript_path;
	struct strbuf old_transcript, transcript;
	int had_transcript;
	struct draft d;
	int first_line;                  /* of the drafted session */
};

/* ---- the session ---- */

static int pick_session(struct draft_run *r)
{
	const struct session *s, *newest = NULL;
	char d[11];

	for (s = r->p->sessions; s; s = s->next) {
		if (s->date_ok && s->date == r->date) {
			if (session_held(s))
				return error("%s:%d: the %s session already has notes; thread draft only fills a session that is still the template (draft another date, or write this one by hand)",
					     r->path, s->pos.line, r->day);
			r->s = s;
			return 0;
		}
		if (s->date_ok && (!newest || s->date > newest->date))
			newest = s;
	}
	if (newest && newest->date > r->date) {
		date_format(newest->date, d);
		return error("%s is before the newest session, %s (%s:%d); sessions run oldest first",
			     r->day, d, r->path, newest->pos.line);
	}
	return 0;
}

/* ---- the transcript ---- */

static int import(struct draft_run *r)
{
	struct transcript_request rq = { opt_transcript, r->t.root, r->handle, r->p,
					 r->path, opt_speakers.v, opt_speakers.nr };

	if (r->p->consent != CONSENT_RECORDED)
		return error("%s's consent is '%s', not 'recorded': no transcript is kept, so there is nothing to draft from (once they agree, set consent: recorded in %s)",
			     r->p->name ? r->p->name : r->handle, "notes-only", r->path);
	if (r->s && r->s->transcript)
		r->transcript_rel = xstrdup(r->s->transcript);
	else {
		r->transcript_rel = xmalloc(strlen(r->handle) + 30);
		sprintf(r->transcript_rel, "transcripts/%s/%s.txt", r->handle, r->day);
	}
	/* Written: a link, ".." or "/" is refused. */
	if (repo_check_path(r->t.root, r->transcript_rel, REPO_WRITE))
		return -1;
	r->transcript_path = path_join(r->t.root, r->transcript_rel);
	if (transcript_load(&rq, &r->transcript, NULL) < 0)
		return -1;
	if (!strbuf_read_file(&r->old_transcript, r->transcript_path, TRANSCRIPT_FILE_MAX)) {
		r->had_transcript = 1;
		if (strcmp(r->old_transcript.buf, r->transcript.buf))
			return error("%s already holds a different transcript of %s; draft from that one, or move it away first",
				     r->transcript_path, r->day);
	} else if (errno != ENOENT) {
		return error("cannot read %s: %s", r->transcript_path, strerror(errno));
	}
	return 0;
}

/* ---- the candidates ---- */

/* Everyone an ask can be routed to: people/ and people: in .thread.yaml. */
static void known_people(struct draft_run *r, struct names *n,
			 struct draft_known **out, size_t *nr)
{
	const struct config *c = &r->t.config;
	size_t i, k = 0;

	*out = xcalloc(r->t.repo.nfiles + c->npeople + 1, sizeof(**out));
	for (i = 0; i < r->t.repo.nfiles; i++) {
		const char *h = r->t.repo.files[i].handle;
		if (!r->t.repo.files[i].valid_handle || !strcmp(h, r->handle) ||
		    names_is_me(n, h))
			continue;
		(*out)[k].handle = h;
		(*out)[k++].name = names_of(n, h);
	}
	for (i = 0; i < c->npeople; i++) {
		if (names_is_me(n, c->people[i]))
			continue;
		(*out)[k].handle = c->people[i];
		(*out)[k++].name = c->people_names ? c->people_names[i] : NULL;
	}
	*nr = k;
}

static void extract(struct draft_run *r)
{
	struct names n;
	struct draft_known *known = NULL;
	size_t nknown = 0;

	names_init(&n, &r->t, r->handle);
	known_people(r, &n, &known, &nknown);
	{
		struct draft_input in = { r->transcript.buf, r->transcript.len,
					  r->handle, r->p->name, r->date,
					  r->p->cadence_days, r->t.config.escalate_after, known,
					  nknown };
		draft_extract(&in, &r->d);
	}
	free(known);
	names_release(&n);
}

static enum section_kind section_of(enum draft_kind k)
{
	static const enum section_kind sec[] = { SEC_TASKS, SEC_ASKS, SEC_BLOCKERS,
						 SEC_DECISIONS, SEC_WINS, SEC_FEEDBACK };
	return sec[k];
}

static void add_ref(struct strbuf *sb, const struct draft_candidate *c)
{
	if (c->last > c->first)
		strbuf_addf(sb, " [t:%ld-%ld]", c->first, c->last);
	else
		strbuf_addf(sb, " [t:%ld]", c->first);
}

/* One candidate as a line of the notes, "(draft)" last. */
static void add_line(struct strbuf *sb, const struct draft_candidate *c, int nested)
{
	int item = c->kind == DRAFT_TASK || c->kind == DRAFT_ASK;

	strbuf_addstr(sb, nested ? "  - " : "- ");
	if (item)
		strbuf_addstr(sb, "[ ] ");
	if (nested)
		strbuf_addstr(sb, c->kind == DRAFT_ASK ? "ask: " : "task: ");
	/* the engine made field characters plain; this keeps control
	 * characters out of the file (safeout.h) */
	strbuf_add_safe(sb, c->text, strlen(c->text));
	if (item) {
		strbuf_addf(sb, " @%s due:", c->owner ? c->owner : "me");
		strbuf_add_date(sb, c->due);
		if (c->kind == DRAFT_ASK && c->escalate) {
			strbuf_addstr(sb, " escalate:");
			strbuf_add_date(sb, c->escalate);
		}
	}
	add_ref(sb, c);
	strbuf_addstr(sb, " " DRAFT_MARKER "\n");
}

/* fill[section]: the lines each section gets. */
static void fill_sections(const struct draft *d, struct strbuf fill[SEC__COUNT])
{
	size_t i;

	for (i = 0; i < d->nr; i++) {
		const struct draft_candidate *c = &d->v[i];
		if (c->parent >= 0)
			add_line(&fill[SEC_BLOCKERS], c, 1);
		else
			add_line(&fill[section_of(c->kind)], c, 0);
	}
}

/* ---- the person file ---- */

static void append_new(struct draft_run *r, const struct strbuf fill[SEC__COUNT])
{
	struct strbuf *out = &r->new_person;

	r->first_line = session_append(out, &r->old_person, r->p, r->day, NULL,
				       r->transcript_rel, fill);
}

struct insert {
	int after;               /* line number */
	const char *text;
	int heading;             /* add "### NAME" first (kind in `kind`) */
	enum section_kind kind;
};

/* The last line of a section that is not blank: where its lines go. */
static int section_tail(const struct strbuf *buf, int from, int to)
{
	int line, last = from;

	for (line = from; line <= to; line++) {
		long at = line_start(buf->buf, buf->len, line);
		const char *p;
		if (at < 0)
			break;
		for (p = buf->buf + at; *p == ' ' || *p == '\t'; p++)
			;
		if (*p && *p != '\n' && *p != '\r')
			last = line;
	}
	return last;
}

/* The session's last line: before the next session, or the file's. */
static int session_end(const struct draft_run *r)
{
	if (r->s->next)
		return r->s->next->pos.line - 1;
	return pos_of_offset(r->old_person.buf, r->old_person.len).line;
}

static int cmp_insert(const void *a, const void *b)
{
	const struct insert *x = a, *y = b;
	return x->after != y->after ? (x->after < y->after ? -1 : 1) :
	       (x < y ? -1 : 1);
}

/*
 * Fill the still-empty session: its Transcript: line under the heading,
 * each section's lines after what the section holds, a section the
 * manager removed added back at the end.  Lines are only added.
 */
static void fill_existing(struct draft_run *r, const struct strbuf fill[SEC__COUNT])
{
	struct insert ins[SEC__COUNT + 1];
	const struct strbuf *old = &r->old_person;
	int n = 0, k, end = session_end(r);
	long at = 0;
	struct strbuf head = STRBUF_INIT;

	if (!r->s->transcript) {
		strbuf_addf(&head, "Transcript: %s\n", r->transcript_rel);
		ins[n++] = (struct insert){ r->s->pos.line, head.buf, 0, SEC_OTHER };
	}
	for (k = 0; k < SEC__COUNT; k++) {
		const struct section *sec, *found = NULL;
		if (!fill[k].len)
			continue;
		for (sec = r->s->sections; sec; sec = sec->next)
			if ((int)sec->kind == k)
				found = sec;
		if (found) {
			int to = found->next ? found->next->pos.line - 1 : end;
			ins[n++] = (struct insert){ section_tail(old, found->pos.line, to),
						    fill[k].buf, 0, SEC_OTHER };
		} else {
			ins[n++] = (struct insert){ section_tail(old, r->s->pos.line, end),
						    fill[k].buf, 1, (enum section_kind)k };
		}
	}
	qsort(ins, (size_t)n, sizeof(*ins), cmp_insert);
	r->first_line = r->s->pos.line;
	for (k = 0; k < n; k++) {
		long to = line_start(old->buf, old->len, ins[k].after + 1);
		if (to < 0)
			to = (long)old->len;
		strbuf_add(&r->new_person, old->buf + at, (size_t)(to - at));
		at = to;
		if (r->new_person.len && r->new_person.buf[r->new_person.len - 1] != '\n')
			strbuf_addch(&r->new_person, '\n');
		if (ins[k].heading)
			strbuf_addf(&r->new_person, "\n### %s\n", section_name(ins[k].kind));
		strbuf_addstr(&r->new_person, ins[k].text);
	}
	strbuf_add(&r->new_person, old->buf + at, old->len - (size_t)at);
	strbuf_release(&head);
}

/* ---- output ---- */

static void print_json(const struct draft_run *r)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_addstr(&sb, "{");
	strbuf_add_json_field(&sb, "person", r->handle);
	strbuf_addstr(&sb, ",");
	strbuf_add_json_field(&sb, "date", r->day);
	strbuf_addstr(&sb, ",");
	strbuf_add_json_field(&sb, "transcript", r->transcript_rel);
	strbuf_addf(&sb, ",\"written\":%s,\"candidates\":[", opt_dry_run ? "false" : "true");
	for (i = 0; i < r->d.nr; i++) {
		const struct draft_candidate *c = &r->d.v[i];
		const char *cue = c->cue, *semi;
		strbuf_addstr(&sb, i ? ",\n{" : "\n{");
		strbuf_add_json_field(&sb, "kind", draft_kind_name(c->kind));
		strbuf_addstr(&sb, ",");
		strbuf_add_json_field(&sb, "text", c->text);
		strbuf_addstr(&sb, ",\"owner\":");
		if (c->owner)
			strbuf_add_json_str(&sb, c->owner, strlen(c->owner));
		else
			strbuf_addstr(&sb, "null");
		strbuf_addstr(&sb, ",");
		strbuf_add_json_date(&sb, "checkpoint", c->due != 0, c->due);
		strbuf_addstr(&sb, ",");
		strbuf_add_json_date(&sb, "escalate", c->escalate != 0, c->escalate);
		strbuf_addf(&sb, ",\"checkpoint_said\":%s,\"lines\":[%ld,%ld],\"cues\":[",
			    c->due_said ? "true" : "false", c->first, c->last);
		while (cue && *cue) {
			semi = strstr(cue, "; ");
			{
				size_t len = semi ? (size_t)(semi - cue) : strlen(cue);
				while (len && cue[len - 1] == ' ')
					len--;
				strbuf_add_json_str(&sb, cue, len);
			}
			if (!semi)
				break;
			strbuf_addch(&sb, ',');
			cue = semi + 2;
		}
		strbuf_addf(&sb, "],\"skeleton\":%s,\"under_blocker\":%s}",
			    c->skeleton ? "true" : "false", c->parent >= 0 ? "true" : "false");
	}
	strbuf_addstr(&sb, "\n]}\n");
	safe_write(stdout, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* The drafted session, from its heading to the next session's. */
static void print_session(const struct draft_run *r)
{
	const char *buf = r->new_person.buf, *end = buf + r->new_person.len, *p;
	long at = line_start(buf, r->new_person.len, r->first_line);

	if (at < 0)
		return;
	for (p = buf + at; (p = memchr(p, '\n', (size_t)(end - p))) && p + 4 < end; p++)
		if (!strncmp(p + 1, "## ", 3) && p[4] >= '0' && p[4] <= '9') {
			end = p + 1;
			break;
		}
	safe_write(stdout, buf + at, (size_t)(end - (buf + at)));
}

static int write_files(struct draft_run *r)
{
	if (!r->had_transcript &&
	    (make_parent_dirs(r->transcript_path) ||
	     atomic_write(r->transcript_path, r->transcript.buf, r->transcript.len,
			  r->t.config.files_mode)))
		return -1;
	/* Not over an edit made since it was read: lock_replace() checks. */
	if (lock_replace(&r->lock, r->new_person.buf, r->new_person.len)) {
		if (!r->had_transcript)
			unlink(r->transcript_path);
		return -1;
	}
	return 0;
}

/* ---- the command ---- */

static int run(struct draft_run *r)
{
	struct strbuf fill[SEC__COUNT];
	int k, rc = 2;

	for (k = 0; k < SEC__COUNT; k++)
		strbuf_init(&fill[k], 0);
	if (team_open(&r->t, NULL))
		goto done;
	/* Locked before it is read: a thread done meanwhile is not lost. */
	if (team_lock_person(r->t.root, r->handle, &r->lock, &r->old_person, &r->path))
		goto done;
	if (!(r->p = person_read(r->path, r->handle, r->old_person.buf, r->old_person.len))) {
		rc = 1;
		goto done;
	}
	if (pick_session(r))
		goto done;
	if (import(r))
		goto done;
	extract(r);
	fill_sections(&r->d, fill);
	if (r->s)
		fill_existing(r, fill);
	else
		append_new(r, fill);
	if (!opt_dry_run && write_files(r))
		goto done;
	if (!strcmp(opt_format, "json"))
		print_json(r);
	else
		print_session(r);
	if (!opt_dry_run)
		safe_fprintf(stderr, "%s:%d: drafted the %s session: %zu %s marked %s; review each (keep it by deleting the marker, edit it, or delete the line), then thread closeout %s --date %s\n",
			     r->path, r->first_line, r->day, r->d.nr,
			     r->d.nr == 1 ? "line" : "lines", DRAFT_MARKER, r->handle, r->day);
	rc = 0;
done:
	for (k = 0; k < SEC__COUNT; k++)
		strbuf_release(&fill[k]);
	return rc;
}

int cmd_draft(int argc, const char **argv)
{
	struct draft_run r;
	int n, rc;

	n = parse_options(argc, argv, draft_options, draft_usage);
	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n != 1) {
		error("name one person: thread draft HANDLE --transcript FILE");
		return 2;
	}
	if (!opt_transcript) {
		error("thread draft reads the meeting's transcript: give it with --transcript FILE");
		return 2;
	}
	memset(&r, 0, sizeof(r));
	r.handle = argv[0];
	if (opt_date ? date_arg("--date", opt_date, &r.date) : date_today(NULL, &r.date))
		return 2;
	date_format(r.date, r.day);
	r.lock = (struct file_lock)FILE_LOCK_INIT;
	strbuf_init(&r.old_person, 0);
	strbuf_init(&r.new_person, 0);
	strbuf_init(&r.old_transcript, 0);
	strbuf_init(&r.transcript, 0);
	rc = run(&r);
	lock_release(&r.lock);
	draft_release(&r.d);
	person_free(r.p);
	team_close(&r.t);
	free(r.path);
	free(r.transcript_rel);
	free(r.transcript_path);
	strbuf_release(&r.old_person);
	strbuf_release(&r.new_person);
	strbuf_release(&r.old_transcript);
	strbuf_release(&r.transcript);
	free(opt_speakers.v);
	return rc;
}
