/*
 * thread closeout HANDLE - commit one meeting, with its transcript and the
 * provenance of every referenced item.
 *
 * Everything that can refuse is checked before anything is written:
 * consent, the transcript, lint on the person file as it will be, the git
 * state and identity.  Then the transcript and the person file are written
 * atomically and committed alone; if the commit fails, both are put back,
 * so a failed closeout leaves the repository as it was.
 *
 * The person file is locked before it is read and held to the end, so
 * thread done or new wait for the closeout; an editor's save meanwhile
 * (it takes no lock) makes the closeout refuse rather than overwrite or
 * commit anything but the bytes it checked (see atomic.h).
 */
#include "atomic.h"
#include "cite_run.h"
#include "command.h"
#include "config.h"
#include "date.h"
#include "diag.h"
#include "fault.h"
#include "gitstore.h"
#include "lines.h"
#include "person.h"
#include "repo.h"
#include "rules.h"
#include "strbuf.h"
#include "team.h"
#include "transcript.h"
#include "transcript_load.h"
#include "util.h"
#include "safeout.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TRANSCRIPT_MAX TRANSCRIPT_FILE_MAX

static const char *opt_date, *opt_transcript, *opt_message;
static struct opt_list opt_speakers;
static int opt_dry_run, opt_force, opt_cite;

const char *const closeout_usage[] = {
	"thread closeout HANDLE [--date DATE] [--transcript FILE [--speaker ID=NAME]...] [-m MESSAGE] [--cite] [--dry-run] [--force]",
	NULL
};

const struct option closeout_options[] = {
	OPT_STRING(0, "date", &opt_date, "DATE",
		   "the session to close out (default the newest)", COMPLETE_DATE),
	OPT_STRING(0, "transcript", &opt_transcript, "FILE",
		   "import this transcript (.txt, .vtt, .srt or .json)", COMPLETE_FILE),
	OPT_LIST(0, "speaker", &opt_speakers, "ID=NAME",
		 "name a transcript speaker (an id, its prefix, or Speaker N): @handle or a name",
		 COMPLETE_NONE),
	OPT_STRING('m', "message", &opt_message, "MESSAGE",
		   "a paragraph for the commit message", COMPLETE_NONE),
	OPT_FLAG(0, "cite", &opt_cite,
		 "first add [t:] references to the notes without one (thread cite --write)"),
	OPT_FLAG(0, "dry-run", &opt_dry_run, "show what would be committed, change nothing"),
	OPT_FLAG(0, "force", &opt_force,
		 "replace an existing, different transcript of the session"),
	OPT_END(),
};

struct closeout {
	const char *handle;
	char *root;                      /* the repository (= git work tree) */
	char *person_path;               /* as opened */
	char *person_rel;                /* people/HANDLE.md */
	struct strbuf old_person, new_person;
	struct file_lock lock;           /* on the person file, from before reading it */
	unsigned files_mode;             /* of a new transcript */
	char *transcript_rel;            /* transcripts/HANDLE/DATE.txt, or the session's */
	char *transcript_path;
	struct strbuf old_transcript, new_transcript;
	int had_transcript, has_transcript, write_transcript;
	int inserted_line;               /* the Transcript: line we add, or 0 */
	struct person *p;                /* the person file as it will be */
	const struct session *s;
	struct gitstore *g;
};

/* ---- finding the session ---- */

static const struct session *find_session(const struct person *p, int want,
					  int days)
{
	const struct session *s, *last = NULL;
	for (s = p->sessions; s; s = s->next) {
		if (want && s->date_ok && s->date == days)
			return s;
		last = s;
	}
	return want ? NULL : last;
}

static int pick_session(struct closeout *c, const struct person *p,
			const struct session **out)
{
	int days = 0;

	if (opt_date && date_arg("--date", opt_date, &days))
		return -1;
	*out = find_session(p, opt_date != NULL, days);
	if (!*out)
		return error(opt_date ? "%s has no session on %s (add one with thread new %s --date %s)"
				      : "%s has no session yet (start one with thread new %s)",
			     c->person_path, opt_date ? opt_date : c->handle,
			     c->handle, opt_date ? opt_date : "");
	if (!(*out)->date_ok)
		return error("%s:%d: the session date is not a valid date; fix it first",
			     c->person_path, (*out)->pos.line);
	return 0;
}

/* ---- the transcript ---- */

static int read_existing(const char *path, struct strbuf *out)
{
	if (!strbuf_read_file(out, path, TRANSCRIPT_MAX))
		return 1;
	if (errno == ENOENT)
		return 0;
	return error("cannot read %s: %s", path, strerror(errno));
}

/* The same import as thread transcript import shows (transcript_load.h). */
static int import_transcript(struct closeout *c, const struct person *p)
{
	struct transcript_request rq = { opt_transcript, c->root, c->handle, p,
					 c->person_path, opt_speakers.v,
					 opt_speakers.nr };

	if (p->consent != CONSENT_RECORDED)
		return error("%s's consent is '%s', not 'recorded': no transcript is kept (once they agree, set consent: recorded in %s)",
			     p->name ? p->name : c->handle, "notes-only", c->person_path);
	return transcript_load(&rq, &c->new_transcript, NULL) < 0 ? -1 : 0;
}

static int prepare_transcript(struct closeout *c, const struct person *p,
			      const struct session *s, const char *date)
{
	int had;

	if (s->transcript) {
		if (opt_transcript && strcmp(s->transcript, c->transcript_rel))
			return error("%s:%d: the session already names the transcript %s; import into it by hand, or change that line",
				     c->person_path, s->transcript_pos.line, s->transcript);
		free(c->transcript_rel);
		c->transcript_rel = xstrdup(s->transcript);
	}
	/* Read, written and committed: a link, ".." or "/" is refused. */
	if (repo_check_path(c->root, c->transcript_rel, REPO_WRITE))
		return -1;
	c->transcript_path = path_join(c->root, c->transcript_rel);
	had = read_existing(c->transcript_path, &c->old_transcript);
	if (had < 0)
		return -1;
	c->had_transcript = had;
	if (opt_transcript) {
		if (import_transcript(c, p))
			return -1;
		if (had && strcmp(c->old_transcript.buf, c->new_transcript.buf) && !opt_force)
			return error("%s already holds a different transcript of %s; use --force to replace it",
				     c->transcript_path, date);
		c->write_transcript = !had || strcmp(c->old_transcript.buf, c->new_transcript.buf);
	} else if (had) {
		strbuf_addbuf(&c->new_transcript, &c->old_transcript);
	}
	c->has_transcript = had || opt_transcript;
	return 0;
}

/* ---- the person file ---- */

/* Insert "Transcript: PATH" right under the session heading. */
static void add_transcript_line(struct closeout *c, const struct session *s)
{
	const char *buf = c->old_person.buf, *end = buf + c->old_person.len;
	long at = line_start(buf, c->old_person.len, s->pos.line + 1);
	long heading = line_start(buf, c->old_person.len, s->pos.line);
	const char *p = at < 0 ? end : buf + at;
	/* the new line ends as the heading's line does */
	const char *eol = line_ending_at(heading < 0 ? end : buf + heading, end);
	c->inserted_line = s->pos.line + 1;
	strbuf_add(&c->new_person, buf, (size_t)(p - buf));
	if (p == end && (p == buf || (p[-1] != '\n' && p[-1] != '\r')))
		strbuf_addstr(&c->new_person, eol);
	strbuf_addf(&c->new_person, "Transcript: %s%s", c->transcript_rel, eol);
	strbuf_add(&c->new_person, p, (size_t)(end - p));
}

/* ---- --cite ---- */

/*
 * thread cite --write on the file as it will be committed, against the
 * transcript as it will be committed; notes under a Private heading are
 * left alone, as thread cite leaves them without --include-private.
 */
static int cite_notes(struct closeout *c, int date)
{
	struct cite_run r = CITE_RUN_INIT;
	struct person *p = NULL;
	const struct session *s;
	struct team t;
	int rc = -1, n;

	if (!c->has_transcript)
		return error("--cite finds the transcript lines behind the notes: this session has none (give it with --transcript FILE)");
	if (team_open(&t, NULL))
		goto done;
	p = person_parse(c->handle, c->new_person.buf, c->new_person.len, NULL);
	s = find_session(p, 1, date);
	if (!s || cite_run(&r, &t, p, c->person_path, s, c->new_transcript.buf,
			   c->new_transcript.len, 0))
		goto done;
	n = cite_apply(&c->new_person, r.notes, r.n);
	safe_printf("cite: %d %s added to %s\n", n, n == 1 ? "reference" : "references",
		    c->person_path);
	rc = 0;
done:
	cite_run_release(&r);
	person_free(p);
	team_close(&t);
	return rc;
}

/* ---- lint ---- */

struct lint_ctx {
	struct closeout *c;
	struct repo repo;
};

static int ctx_has_person(void *data, const char *handle)
{
	return repo_has_person(&((struct lint_ctx *)data)->repo, handle);
}

static int ctx_load(void *data, const char *path, struct strbuf *out)
{
	struct closeout *c = ((struct lint_ctx *)data)->c;
	char *full;
	int rc;

	if (c->has_transcript && !strcmp(path, c->transcript_rel)) {
		strbuf_addbuf(out, &c->new_transcript);
		return 0;
	}
	full = path_join(c->root, path);
	rc = strbuf_read_file(out, full, 0) ? 1 : 0;
	free(full);
	return rc;
}

/*
 * Findings are about the file as it will be, but the user fixes the file
 * as it is: lines after the Transcript: line we insert move back by one,
 * and a finding on that line is shown on the session heading.
 */
static void unshift_lines(const struct closeout *c, struct diag_list *d)
{
	size_t i;
	if (!c->inserted_line)
		return;
	for (i = 0; i < d->nr; i++) {
		if (d->v[i].line == c->inserted_line) {
			d->v[i].line--;
			d->v[i].col = 1;
		} else if (d->v[i].line > c->inserted_line) {
			d->v[i].line--;
		}
	}
}

/* Lint the person file as it will be; print findings; -1 on errors. */
static int lint_new(struct closeout *c, int today)
{
	struct lint_ctx ctx = { c, { 0 } };
	struct config config;
	struct diag_list d, cd;
	struct diag_printer pr;
	struct lint_env env;
	char *cfg;
	int rc = -1;

	config_init(&config);
	diag_list_init(&cd, NULL);
	cfg = path_join(c->root, CONFIG_FILE);
	if (repo_open(&ctx.repo, c->root) || config_load(&config, cfg, &cd))
		goto done;
	c->files_mode = config.files_mode;
	/* no uncited hint here: --cite is the closeout's answer to it */
	config.sev.of[R_UNCITED] = SEV_OFF;
	diag_list_init(&d, &config.sev);
	env = (struct lint_env){ &config, today, ctx_has_person, ctx_load, &ctx,
				 &ctx.repo };
	c->p = person_parse(c->handle, c->new_person.buf, c->new_person.len, &d);
	rules_check(c->p, &env, &d);
	unshift_lines(c, &d);
	diag_sort(&d);
	diag_printer_init(&pr, stdout, DIAG_TEXT, 0);
	diag_print(&pr, c->person_path, &d);
	if (pr.errors)
		error("%zu %s in %s: fix %s, then close out again; nothing was written",
		      pr.errors, pr.errors == 1 ? "error" : "errors", c->person_path,
		      pr.errors == 1 ? "it" : "them");
	else
		rc = 0;
	diag_list_release(&d);
done:
	free(cfg);
	diag_list_release(&cd);
	config_release(&config);
	repo_release(&ctx.repo);
	return rc;
}

/* ---- the commit message ---- */

static void count_items(struct strbuf *sb, const struct session *s)
{
	static const char *const names[] = { "Tasks", "Asks", "Priorities", "Growth reps" };
	static const enum item_kind order[] = { ITEM_TASK, ITEM_ASK, ITEM_PRIORITY, ITEM_REP };
	int open[4] = { 0 }, closed[4] = { 0 }, decisions = 0, k;
	const struct section *sec;
	const struct item *it;

	for (it = s->items; it; it = it->next)
		(it->done ? closed : open)[it->kind]++;
	for (sec = s->sections; sec; sec = sec->next)
		if (sec->kind == SEC_DECISIONS)
			decisions += sec->nbullets;
	strbuf_addf(sb, "Decisions: %d.", decisions);
	for (k = 0; k < 4; k++)
		strbuf_addf(sb, "%s%s: %d open, %d closed.", k == 2 ? "\n" : " ",
			    names[k], open[order[k]], closed[order[k]]);
	strbuf_addch(sb, '\n');
}

static void add_ranges(struct strbuf *sb, const struct tref *r)
{
	int i;
	for (i = 0; i < r->nranges; i++) {
		strbuf_addf(sb, "%s%ld", sb->len && sb->buf[sb->len - 1] != ':' ? "," : "",
			    r->ranges[i].first);
		if (r->ranges[i].last != r->ranges[i].first)
			strbuf_addf(sb, "-%ld", r->ranges[i].last);
	}
}

/* One Provenance trailer per anchor line, its references merged in order. */
static void provenance_trailers(struct strbuf *sb, struct closeout *c)
{
	const struct tref *r, *q;

	for (r = c->s->refs; r; r = r->next) {
		int seen = 0;
		if (r->malformed)
			continue;
		for (q = c->s->refs; q != r; q = q->next)
			seen |= q->anchor == r->anchor && !q->malformed;
		if (seen)
			continue;
		strbuf_addf(sb, "Provenance: %s:%d -> %s:", c->person_rel, r->anchor,
			    c->transcript_rel);
		for (q = r; q; q = q->next)
			if (q->anchor == r->anchor && !q->malformed)
				add_ranges(sb, q);
		strbuf_addch(sb, '\n');
	}
}

static int build_message(struct strbuf *msg, struct closeout *c, const char *date)
{
	char blob[41];

	strbuf_addf(msg, "closeout: %s %s\n\n", c->handle, date);
	if (opt_message && *opt_message)
		strbuf_addf(msg, "%s\n\n", opt_message);
	count_items(msg, c->s);
	strbuf_addf(msg, "\nThread-Person: %s\nThread-Session: %s\n", c->handle, date);
	if (c->has_transcript) {
		if (gitstore_blob_id(c->new_transcript.buf, c->new_transcript.len, blob))
			return -1;
		strbuf_addf(msg, "Transcript: %s %s\n", c->transcript_rel, blob);
		provenance_trailers(msg, c);
	}
	return 0;
}

/* ---- writing, committing, undoing ---- */

static void restore(const char *path, const struct strbuf *old, int had)
{
	if (had)
		atomic_write(path, old->buf, old->len, NOTES_MODE);
	else
		unlink(path);
}

static int write_and_commit(struct closeout *c, const char *msg, char id[41])
{
	struct gitstore_file files[2];
	int person_changed = strcmp(c->old_person.buf, c->new_person.buf) != 0, rc;
	size_t n = 0;

	if (c->write_transcript &&
	    (make_parent_dirs(c->transcript_path) ||
	     atomic_write(c->transcript_path, c->new_transcript.buf,
			  c->new_transcript.len, c->files_mode)))
		return -1;
	if (fault_at("transcript-written"))
		goto undo;
	/* What is committed is the bytes the file was checked to hold. */
	if (person_changed ? lock_replace(&c->lock, c->new_person.buf, c->new_person.len)
			   : lock_unchanged(&c->lock))
		goto undo;
	if (fault_at("person-written"))
		goto undo_person;
	files[n++] = (struct gitstore_file){ c->person_rel, c->new_person.buf,
					     c->new_person.len };
	if (c->has_transcript)
		files[n++] = (struct gitstore_file){ c->transcript_rel,
						     c->new_transcript.buf,
						     c->new_transcript.len };
	/* 1: committed, only the index is stale; the files must stay. */
	if ((rc = gitstore_commit_files(c->g, files, n, msg, id)) >= 0)
		return rc;
undo_person:
	/* Not over an edit made since: lock_replace() checks. */
	if (person_changed)
		lock_replace(&c->lock, c->old_person.buf, c->old_person.len);
undo:
	if (c->write_transcript)
		restore(c->transcript_path, &c->old_transcript, c->had_transcript);
	return -1;
}

static void report(struct closeout *c, const char *date, const char *id)
{
	const struct session *s = c->s;
	int last = s->next ? s->next->pos.line - 1 :
		   pos_of_offset(c->new_person.buf, c->new_person.len).line - 1;

	safe_printf("closeout: %s %s committed as %.7s\n", c->handle, date, id);
	if (c->write_transcript)
		safe_printf("transcript: %s\n", c->transcript_rel);
	safe_printf("follow-up: %s:%d-%d (send it today)\n", c->person_path, s->pos.line,
	       last > s->pos.line ? last : s->pos.line);
}

/* ---- the command ---- */

static int open_repo(struct closeout *c)
{
	char real[PATH_MAX];
	size_t n;

	if (repo_find_root(".", &c->root))
		return error("not inside a thread repository; run thread init first");
	if (gitstore_open(&c->g, c->root))
		return -1;
	if (!realpath(c->root, real))
		return error("cannot open %s: %s", c->root, strerror(errno));
	n = strlen(real);
	if (strncmp(gitstore_workdir(c->g), real, n) || strcmp(gitstore_workdir(c->g) + n, "/"))
		return error("the thread repository %s must be the top of its git repository (%s)",
			     c->root, gitstore_workdir(c->g));
	return 0;
}

/*
 * A closeout records a meeting that was held.  A session that is still
 * the template thread new wrote is planned, not held: closing it out
 * would count a meeting that never happened, so it is refused.  (Notes
 * committed before by hand are fine: the closeout records the meeting,
 * and thread log shows it.)
 */
static int check_held(const struct closeout *c, const struct session *s,
		      const char *date)
{
	if (c->has_transcript || session_held(s))
		return 0;
	return error("%s:%d: the %s session is still the template: write down what was said (or attach the recording with --transcript), then close it out; nothing was written",
		     c->person_path, s->pos.line, date);
}

static int closeout(struct closeout *c, int today)
{
	struct strbuf msg = STRBUF_INIT, who = STRBUF_INIT;
	struct person *old = NULL;
	const struct session *s;
	char date[11], id[41];
	int rc = 2;

	if (open_repo(c) || team_lock_person(c->root, c->handle, &c->lock,
					     &c->old_person, &c->person_path))
		goto done;
	/* Unreadable notes are a finding in the file to commit: exit 1. */
	if (!(old = person_read(c->person_path, c->handle, c->old_person.buf,
				c->old_person.len))) {
		rc = 1;
		goto done;
	}
	if (pick_session(c, old, &s))
		goto done;
	date_format(s->date, date);
	c->person_rel = xmalloc(strlen(c->handle) + 11);
	sprintf(c->person_rel, "people/%s.md", c->handle);
	c->transcript_rel = xmalloc(strlen(c->handle) + 30);
	sprintf(c->transcript_rel, "transcripts/%s/%s.txt", c->handle, date);
	if (prepare_transcript(c, old, s, date))
		goto done;
	if (c->has_transcript && !s->transcript)
		add_transcript_line(c, s);
	else
		strbuf_addbuf(&c->new_person, &c->old_person);
	if (opt_cite && cite_notes(c, s->date))
		goto done;
	if (check_held(c, s, date)) {
		rc = 1;
		goto done;
	}
	if (lint_new(c, today)) {
		rc = 1;
		goto done;
	}
	c->s = find_session(c->p, 1, s->date);
	/* Every refusal comes before the first write. */
	if (gitstore_ready_to_commit(c->g) || gitstore_identity(c->g, &who) ||
	    build_message(&msg, c, date))
		goto done;
	if (opt_dry_run) {
		safe_printf("would commit %s%s%s, with the message:\n\n%s",
		       c->person_rel, c->has_transcript ? " and " : "",
		       c->has_transcript ? c->transcript_rel : "", msg.buf);
		rc = 0;
		goto done;
	}
	switch (write_and_commit(c, msg.buf, id)) {
	case 0:
		report(c, date, id);
		rc = 0;
		break;
	case 1:                  /* committed, but the index needs a hand */
		report(c, date, id);
		break;
	default:
		break;
	}
done:
	person_free(old);
	strbuf_release(&msg);
	strbuf_release(&who);
	return rc;
}

/* A commit message is shown by every git log and thread log after it:
 * a control sequence in it would reach many terminals, so refuse it. */
static int check_message(const char *m)
{
	size_t len = m ? strlen(m) : 0, at = m ? safe_unsafe_at(m, len) : 0;

	if (at < len)
		return error("-m: the message holds a control character or a byte that is not UTF-8 (byte 0x%02x at byte %zu); remove it and run closeout again",
			     (unsigned char)m[at], at + 1);
	return 0;
}

int cmd_closeout(int argc, const char **argv)
{
	struct closeout c;
	int n, today, rc;

	n = parse_options(argc, argv, closeout_options, closeout_usage);
	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n != 1) {
		error("name one person: thread closeout HANDLE");
		return 2;
	}
	if (opt_speakers.nr && !opt_transcript) {
		error("--speaker names the speakers of a transcript: give it with --transcript FILE");
		return 2;
	}
	if (date_today(NULL, &today) || check_message(opt_message))
		return 2;
	memset(&c, 0, sizeof(c));
	c.handle = argv[0];
	strbuf_init(&c.old_person, 0);
	strbuf_init(&c.new_person, 0);
	strbuf_init(&c.old_transcript, 0);
	strbuf_init(&c.new_transcript, 0);
	c.lock = (struct file_lock)FILE_LOCK_INIT;
	c.files_mode = NOTES_MODE;
	rc = closeout(&c, today);
	lock_release(&c.lock);
	person_free(c.p);
	gitstore_free(c.g);
	free(c.root);
	free(c.person_path);
	free(c.person_rel);
	free(c.transcript_rel);
	free(c.transcript_path);
	strbuf_release(&c.old_person);
	strbuf_release(&c.new_person);
	strbuf_release(&c.old_transcript);
	strbuf_release(&c.new_transcript);
	free(opt_speakers.v);
	return rc;
}
