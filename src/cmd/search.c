/*
 * thread search QUERY - find what was written, or said, across the team.
 *
 * The documents are the ledger items, blockers, bullets and paragraphs of
 * every session in people/, and the lines of every transcript under
 * transcripts/HANDLE/.  There is no index: each file is read, folded
 * (search_fold) and ruled out by a substring test when it cannot hold the
 * query's words, and only the rest is parsed, so a search costs about one
 * read of the repository.  With --history the git history is read too
 * (history.h): items as they read before an edit, and deleted ones.
 *
 * What is under a Private heading is searched only with --include-private:
 * it neither matches nor shows up as an item citing a transcript line.
 */
#include "command.h"
#include "date.h"
#include "gitstore.h"
#include "history.h"
#include "json.h"
#include "lines.h"
#include "person.h"
#include "repo.h"
#include "safeout.h"
#include "search.h"
#include "strbuf.h"
#include "team.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *opt_person, *opt_section, *opt_kind, *opt_owner, *opt_tag,
	*opt_lifecycle, *opt_since, *opt_until, *opt_speaker;
static const char *opt_format = "text";
static int opt_open, opt_done, opt_notes, opt_transcripts, opt_regex, opt_history,
	opt_private, opt_verbose, opt_files;

static const char *const kinds[] = { "task", "ask", "priority", "rep", "blocker",
	"decision", NULL };
static const char *const formats[] = { "text", "json", NULL };

const char *const search_usage[] = {
	"thread search [options] QUERY",
	"thread search --regex [options] PATTERN",
	NULL
};

const struct option search_options[] = {
	OPT_FLAG(0, "regex", &opt_regex, "QUERY is a PCRE2 pattern, not words"),
	OPT_STRING(0, "person", &opt_person, "HANDLE", "only this person's notes and transcripts",
		   COMPLETE_HANDLE),
	OPT_STRING(0, "section", &opt_section, "SECTION",
		   "only this section: wins, blockers, decisions, feedback, growth, notes, ...",
		   COMPLETE_NONE),
	OPT_CHOICE(0, "kind", &opt_kind, "KIND",
		   "only task, ask, priority, rep, blocker or decision", kinds),
	OPT_FLAG(0, "open", &opt_open, "only open items and unresolved blockers"),
	OPT_FLAG(0, "done", &opt_done, "only checked-off items and resolved blockers"),
	OPT_STRING(0, "owner", &opt_owner, "HANDLE", "only items owned by HANDLE ('me' is you)",
		   COMPLETE_HANDLE),
	OPT_STRING(0, "tag", &opt_tag, "TAG", "only items and blockers with #TAG, or people tagged TAG",
		   COMPLETE_NONE),
	OPT_CHOICE(0, "lifecycle", &opt_lifecycle, "LIFECYCLE",
		   "only sessions held while the person's lifecycle was this", person_lifecycles),
	OPT_STRING(0, "since", &opt_since, "DATE", "only sessions on or after DATE", COMPLETE_DATE),
	OPT_STRING(0, "until", &opt_until, "DATE", "only sessions on or before DATE", COMPLETE_DATE),
	OPT_FLAG(0, "notes", &opt_notes, "only the person files"),
	OPT_FLAG(0, "transcripts", &opt_transcripts, "only the transcripts"),
	OPT_STRING(0, "speaker", &opt_speaker, "NAME", "only transcript lines of this speaker",
		   COMPLETE_NONE),
	OPT_FLAG(0, "history", &opt_history,
		 "also items as they read before an edit, and deleted items"),
	OPT_FLAG(0, "include-private", &opt_private, "also what is under a Private heading"),
	OPT_FLAG('v', "verbose", &opt_verbose, "with each item, the transcript lines it cites"),
	OPT_FLAG('l', "files-with-matches", &opt_files, "list the files that match, not the lines"),
	OPT_CHOICE(0, "format", &opt_format, "FORMAT", "output format: text or json", formats),
	OPT_END(),
};

/* A place shown under a result: an item citing a transcript line, or a
 * transcript line an item cites. */
struct ref {
	char *file;
	int line;
	char *text;
};

struct hit {
	size_t person;           /* index into people */
	char *file;
	int line;
	int date;                /* the session's, or -1 */
	const char *section;     /* static */
	const char *kind;        /* static, or NULL */
	char *text;
	double score;
	unsigned *tf;
	size_t dl;
	int private;
	char commit[41];         /* --history: the commit that changed it */
	const char *change;      /* "edited", "deleted", or NULL */
	struct ref *refs;
	size_t nrefs, refs_alloc;
	int refs_cite;           /* refs are lines it cites (not items citing it) */
};

struct who {
	char *handle, *name;
	char *lifecycle;         /* now */
	double best;
};

struct search {
	struct team t;
	struct search_query q;
	struct hit *hits;
	size_t nhits, hits_alloc;
	struct who *people;
	size_t npeople, people_alloc;
	int since, until;
	int failed;
	/* the person being read */
	struct person *p;
	const char *path;        /* its people/HANDLE.md */
	const char *buf;         /* and its bytes */
	size_t len;
	size_t who;
};

/* One line for the reader: the text with line breaks as spaces and the
 * indentation of continuation lines dropped. */
static char *one_line(const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\n' || s[i] == '\r') {
			while (i + 1 < len && (s[i + 1] == ' ' || s[i + 1] == '\t' ||
					       s[i + 1] == '\n' || s[i + 1] == '\r'))
				i++;
			strbuf_addch(&sb, ' ');
			continue;
		}
		strbuf_addch(&sb, s[i]);
	}
	while (sb.len && (sb.buf[sb.len - 1] == ' ' || sb.buf[sb.len - 1] == '\t'))
		strbuf_setlen(&sb, sb.len - 1);
	return strbuf_detach(&sb, NULL);
}

static struct hit *add_hit(struct search *s, const char *file, int line, int date,
			   const char *section, const char *kind, const char *text,
			   size_t len, int private)
{
	struct hit *h;

	ALLOC_GROW(s->hits, s->nhits + 1, s->hits_alloc);
	h = &s->hits[s->nhits++];
	memset(h, 0, sizeof(*h));
	h->person = s->who;
	h->file = xstrdup(file);
	h->line = line;
	h->date = date;
	h->section = section;
	h->kind = kind;
	h->text = one_line(text, len);
	h->private = private;
	h->tf = xcalloc(s->q.nterms + 1, sizeof(*h->tf));
	memcpy(h->tf, s->q.tf ? s->q.tf : h->tf, s->q.nterms * sizeof(*h->tf));
	h->dl = s->q.dl;
	return h;
}

static void add_ref(struct hit *h, const char *file, int line, const char *text, size_t len)
{
	struct ref *r;
	ALLOC_GROW(h->refs, h->nrefs + 1, h->refs_alloc);
	r = &h->refs[h->nrefs++];
	r->file = xstrdup(file);
	r->line = line;
	r->text = one_line(text, len);
}

/* ---- filters ---- */

static int date_passes(const struct search *s, int date)
{
	if (s->since >= 0 && (date < 0 || date < s->since))
		return 0;
	if (s->until >= 0 && (date < 0 || date > s->until))
		return 0;
	return 1;
}

static int has_tag(const struct tag *t, const char *want)
{
	for (; t; t = t->next)
		if (!strcasecmp(t->name, want))
			return 1;
	return 0;
}

static const char *tag_wanted(void)
{
	return opt_tag && *opt_tag == '#' ? opt_tag + 1 : opt_tag;
}

static int owner_passes(const struct search *s, const char *owner)
{
	const char *want = opt_owner;

	if (!want)
		return 1;
	if (*want == '@')
		want++;
	if (!owner)
		return 0;
	if (!strcmp(want, "me") || !strcmp(want, team_me(&s->t)))
		return !strcmp(owner, "me") || !strcmp(owner, team_me(&s->t));
	return !strcmp(owner, want);
}

/* What a note document is, for the filters. */
struct doc {
	int line;
	const struct session *session;
	enum section_kind section;
	const char *kind;        /* NULL for a bullet or paragraph */
	int state;               /* 1 open, 2 done, 0 neither */
	const char *owner;
	const struct tag *tags;
	int private;
};

static int doc_passes(const struct search *s, const struct doc *d)
{
	if (!team_shows(d->private, opt_private))
		return 0;
	if (!date_passes(s, d->session ? d->session->date : -1))
		return 0;
	if (opt_section && strcasecmp(opt_section, section_name(d->section)))
		return 0;
	if (opt_kind && (!d->kind || strcmp(opt_kind, d->kind)))
		return 0;
	if ((opt_open && d->state != 1) || (opt_done && d->state != 2))
		return 0;
	if (opt_owner && !owner_passes(s, d->owner))
		return 0;
	if (opt_tag && !has_tag(d->tags, tag_wanted()) && !has_tag(s->p->tags, tag_wanted()))
		return 0;
	return 1;
}

/* ---- the person file ---- */

static const struct session *session_at(const struct person *p, int line)
{
	const struct session *s, *found = NULL;
	for (s = p->sessions; s && s->pos.line <= line; s = s->next)
		found = s;
	return found;
}

static enum section_kind section_at(const struct session *s, int line)
{
	const struct section *sec;
	enum section_kind k = SEC_OTHER;
	for (sec = s ? s->sections : NULL; sec && sec->pos.line <= line; sec = sec->next)
		k = sec->kind;
	return k;
}

static void match_doc(struct search *s, const struct doc *d, const char *text, size_t len,
		      const char *shown, size_t shown_len)
{
	struct hit *h;
	int rc;

	if (!doc_passes(s, d))
		return;
	rc = search_match(&s->q, text, len);
	if (rc < 0) {
		error("%s:%d: the pattern hit its match limit; simplify it", s->path, d->line);
		s->failed = 1;
	}
	if (rc <= 0)
		return;
	h = add_hit(s, s->path, d->line, d->session ? d->session->date : -1,
		    section_name(d->section), d->kind, shown, shown_len, d->private);
	(void)h;
}

static void search_items(struct search *s, const struct session *ss)
{
	struct strbuf sb = STRBUF_INIT;
	const struct item *it;
	int k;

	for (it = ss->items; it; it = it->next) {
		struct doc d = { it->pos.line, ss, it->section, item_kind_name(it->kind),
				 it->done ? 2 : 1, it->owner, it->tags, it->private };
		/* "Done when:" and the other continuation fields are its text too */
		strbuf_reset(&sb);
		strbuf_add(&sb, it->text.s, it->text.len);
		for (k = 0; k < CONT__COUNT; k++)
			if (it->cont[k].s) {
				strbuf_addch(&sb, '\n');
				strbuf_add(&sb, it->cont[k].s, it->cont[k].len);
			}
		match_doc(s, &d, sb.buf, sb.len, it->text.s, it->text.len);
	}
	strbuf_release(&sb);
}

static int is_item_line(const struct session *ss, int line)
{
	const struct item *it;
	const struct blocker *b;
	for (it = ss->items; it; it = it->next)
		if (it->pos.line == line)
			return 1;
	for (b = ss->blockers; b; b = b->next)
		if (b->pos.line == line)
			return 1;
	return 0;
}

static void search_bullets(struct search *s, const struct session *ss)
{
	const struct blocker *b;
	const struct section *sec;
	const struct bullet *bu;

	for (b = ss->blockers; b; b = b->next) {
		struct doc d = { b->pos.line, ss, SEC_BLOCKERS, "blocker",
				 b->resolved ? 2 : 1, NULL, b->tags, b->private };
		match_doc(s, &d, b->text.s, b->text.len, b->text.s, b->text.len);
	}
	for (sec = ss->sections; sec; sec = sec->next)
		for (bu = sec->bullets; bu; bu = bu->next) {
			struct doc d = { bu->pos.line, ss, sec->kind,
					 sec->kind == SEC_DECISIONS ? "decision" : NULL,
					 0, NULL, NULL, bu->private };
			if (is_item_line(ss, bu->pos.line))
				continue;
			match_doc(s, &d, bu->text.s, bu->text.len, bu->text.s, bu->text.len);
		}
}

/* A paragraph of Notes is a bullet already (markdown.c). */
static int is_bullet_line(const struct session *ss, int line)
{
	const struct section *sec;
	const struct bullet *bu;
	for (sec = ss->sections; sec; sec = sec->next)
		for (bu = sec->bullets; bu; bu = bu->next)
			if (bu->pos.line == line)
				return 1;
	return 0;
}

/* Does this line start a block other than a paragraph? */
static int starts_block(const char *p, const char *eol)
{
	while (p < eol && *p == ' ')
		p++;
	if (p == eol)
		return 1;
	if ((*p == '-' || *p == '*' || *p == '+') && (p + 1 == eol || p[1] == ' ' || p[1] == '\t'))
		return 1;
	if (*p == '#' || *p == '`' || *p == '~' || *p == '|')
		return 1;
	while (p < eol && *p >= '0' && *p <= '9')
		p++;
	return p < eol && (*p == '.' || *p == ')') && p + 1 < eol && p[1] == ' ';
}

/* A session's metadata (Type:, Transcript:) is not a note. */
static int is_meta(const char *p, const char *eol)
{
	size_t n = (size_t)(eol - p);
	return (n >= 5 && !strncmp(p, "Type:", 5)) || (n >= 11 && !strncmp(p, "Transcript:", 11));
}

/*
 * The paragraphs of the sessions (Notes, Feedback, a Growth narrative):
 * text that starts at the margin after a blank line or a heading and
 * runs to the next blank line or block.  List items and what continues
 * them are the items' and bullets'.
 */
static void search_paragraphs(struct search *s, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *next, *eol;
	const char *start = NULL;
	int line = 1, first = 0, after_break = 1;

	if (!s->p->sessions)
		return;
	for (; p <= end; p = next, line++) {
		int blank, block;
		eol = p < end ? line_end(p, end, &next) : end;
		if (p == end)
			next = end + 1;
		blank = p == eol || strspn(p, " \t") >= (size_t)(eol - p);
		block = !blank && starts_block(p, eol);
		if (start && (blank || block || p == end)) {
			const struct session *ss = session_at(s->p, first);
			struct doc d = { first, ss, section_at(ss, first), NULL, 0, NULL, NULL,
					 person_private_at(s->p, first) };
			if (ss && ss->pos.line < first && !is_bullet_line(ss, first))
				match_doc(s, &d, start, (size_t)(p - start),
					  start, (size_t)(p - start));
			start = NULL;
		}
		if (p == end)
			break;
		if (!start && !blank && !block && after_break && *p != ' ' && *p != '\t' &&
		    !is_meta(p, eol) && line > s->p->sessions->pos.line) {
			start = p;
			first = line;
		}
		after_break = blank || (block && *p == '#');
	}
}

static void search_notes(struct search *s, const char *buf, size_t len)
{
	const struct session *ss;

	for (ss = s->p->sessions; ss; ss = ss->next) {
		search_items(s, ss);
		search_bullets(s, ss);
	}
	search_paragraphs(s, buf, len);
}

/* ---- transcripts ---- */

struct transcript {
	char *rel;               /* transcripts/HANDLE/NAME.txt */
	struct strbuf buf;
};

/* "[HH:MM:SS] Speaker: text": the speaker and the text. */
static int split_line(const char *p, const char *eol, const char **sp, size_t *splen,
		      const char **text)
{
	const char *q = p, *colon;
	if (q == eol || *q != '[')
		return 0;
	while (q < eol && *q != ']')
		q++;
	if (q + 2 > eol || q[1] != ' ')
		return 0;
	q += 2;
	colon = memchr(q, ':', (size_t)(eol - q));
	if (!colon || colon + 1 >= eol || colon[1] != ' ')
		return 0;
	*sp = q;
	*splen = (size_t)(colon - q);
	*text = colon + 2;
	return 1;
}

static int speaker_passes(struct search *s, const char *sp, size_t len)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	int ok;

	if (!opt_speaker)
		return 1;
	search_fold(sp, len, &a);
	search_fold(opt_speaker, strlen(opt_speaker), &b);
	ok = a.len == b.len && !memcmp(a.buf, b.buf, a.len);
	strbuf_release(&a);
	strbuf_release(&b);
	(void)s;
	return ok;
}

static int in_tref(const struct tref *r, long n)
{
	int i;
	for (i = 0; i < r->nranges; i++)
		if (n >= r->ranges[i].first && n <= r->ranges[i].last)
			return 1;
	return 0;
}

/* The note at `line` (an item, blocker, bullet or paragraph), for a
 * reference shown under a result. */
static void note_text(const struct search *s, const struct session *ss, int line,
		      const char **t, size_t *len)
{
	long at;

	const struct item *it;
	const struct blocker *b;
	const struct section *sec;
	const struct bullet *bu;

	*t = "";
	*len = 0;
	for (it = ss->items; it; it = it->next)
		if (it->pos.line == line) {
			*t = it->text.s;
			*len = it->text.len;
			return;
		}
	for (b = ss->blockers; b; b = b->next)
		if (b->pos.line == line) {
			*t = b->text.s;
			*len = b->text.len;
			return;
		}
	for (sec = ss->sections; sec; sec = sec->next)
		for (bu = sec->bullets; bu; bu = bu->next)
			if (bu->pos.line == line) {
				*t = bu->text.s;
				*len = bu->text.len;
				return;
			}
	/* a paragraph: its first line */
	at = line_start(s->buf, s->len, line);
	if (at >= 0) {
		const char *next;
		*t = s->buf + at;
		*len = (size_t)(line_end(*t, s->buf + s->len, &next) - *t);
	}
}

/* Reverse provenance: the notes of the session citing transcript line n. */
static void cited_by(struct search *s, struct hit *h, const struct session *ss, long n)
{
	const struct tref *r;
	int last = 0;

	for (r = ss->refs; r; r = r->next) {
		const char *t;
		size_t len;
		if (r->anchor == last || !in_tref(r, n))
			continue;
		if (!team_shows(person_private_at(s->p, r->anchor), opt_private))
			continue;
		last = r->anchor;
		note_text(s, ss, r->anchor, &t, &len);
		add_ref(h, s->path, r->anchor, t, len);
	}
}

static const struct session *session_of(const struct person *p, const char *rel)
{
	const struct session *ss;
	for (ss = p->sessions; ss; ss = ss->next)
		if (ss->transcript && !strcmp(ss->transcript, rel))
			return ss;
	return NULL;
}

/* The date in a transcript's name, YYYY-MM-DD.txt, or -1. */
static int name_date(const char *rel)
{
	const char *base = strrchr(rel, '/');
	int days;
	base = base ? base + 1 : rel;
	if (strlen(base) < 10 || date_parse(base, 10, &days) != DATE_OK)
		return -1;
	return days;
}

static void search_transcript(struct search *s, const struct transcript *tr)
{
	const struct session *ss = session_of(s->p, tr->rel);
	const char *p = tr->buf.buf, *end = p + tr->buf.len, *next, *eol;
	int date = ss ? ss->date : name_date(tr->rel);
	long n = 1;

	if (!date_passes(s, date))
		return;
	if (opt_tag && !has_tag(s->p->tags, tag_wanted()))
		return;
	for (; p < end; p = next, n++) {
		const char *sp, *text;
		size_t splen;
		struct hit *h;
		int rc;
		eol = line_end(p, end, &next);
		if (!split_line(p, eol, &sp, &splen, &text)) {
			sp = "";
			splen = 0;
			text = p;
		}
		if (!speaker_passes(s, sp, splen))
			continue;
		rc = search_match(&s->q, text, (size_t)(eol - text));
		if (rc < 0) {
			error("%s:%ld: the pattern hit its match limit; simplify it", tr->rel, n);
			s->failed = 1;
		}
		if (rc <= 0)
			continue;
		h = add_hit(s, tr->rel, (int)n, date, "transcript", NULL, p, (size_t)(eol - p), 0);
		if (ss)
			cited_by(s, h, ss, n);
	}
}

/* The transcript lines cited by the note at h->line (-v). */
static void cites(struct search *s, struct hit *h, const struct session *ss)
{
	struct strbuf buf = STRBUF_INIT;
	const struct tref *r;
	const char *p, *end, *next, *eol;
	long n = 1;

	if (!ss || !ss->transcript)
		return;
	for (r = ss->refs; r; r = r->next)
		if (r->anchor == h->line)
			break;
	if (!r)
		return;
	if (repo_check_path(s->t.root, ss->transcript, REPO_READ)) {
		s->failed = 1;
		return;
	}
	{
		char *path = path_join(s->t.root, ss->transcript);
		int rc = strbuf_read_file(&buf, path, 64 * 1024 * 1024);
		free(path);
		if (rc) {
			strbuf_release(&buf);
			return;    /* lint's transcript rules say why */
		}
	}
	h->refs_cite = 1;
	p = buf.buf;
	end = p + buf.len;
	for (; p < end; p = next, n++) {
		const struct tref *q;
		eol = line_end(p, end, &next);
		for (q = ss->refs; q; q = q->next)
			if (q->anchor == h->line && in_tref(q, n)) {
				add_ref(h, ss->transcript, (int)n, p, (size_t)(eol - p));
				break;
			}
	}
	strbuf_release(&buf);
}

static void add_cites(struct search *s, size_t from)
{
	size_t i;
	for (i = from; i < s->nhits; i++) {
		struct hit *h = &s->hits[i];
		if (strcmp(h->section, "transcript"))
			cites(s, h, session_at(s->p, h->line));
	}
}

/* Read the transcripts of HANDLE (its folder under transcripts/) that may
 * match into v. */
static void read_transcripts(struct search *s, const char *handle, struct strbuf *fold,
			     struct transcript **v, size_t *n, size_t *alloc)
{
	struct strbuf dir = STRBUF_INIT, rel = STRBUF_INIT;
	struct dirent *de;
	DIR *d;

	strbuf_addf(&rel, "transcripts/%s", handle);
	if (repo_reach(s->t.repo.real_root, rel.buf) != REPO_DIRECT)
		goto done;     /* a linked folder: each file is checked below anyway */
	strbuf_addf(&dir, "%s/%s", s->t.root, rel.buf);
	d = opendir(dir.buf);
	if (!d)
		goto done;
	while ((de = readdir(d))) {
		size_t nl = strlen(de->d_name);
		struct transcript *tr;
		char *path;
		if (nl < 5 || strcmp(de->d_name + nl - 4, ".txt") || de->d_name[0] == '.')
			continue;
		strbuf_reset(&rel);
		strbuf_addf(&rel, "transcripts/%s/%s", handle, de->d_name);
		if (repo_check_path(s->t.root, rel.buf, REPO_READ)) {
			s->failed = 1;
			continue;
		}
		ALLOC_GROW(*v, *n + 1, *alloc);
		tr = &(*v)[*n];
		strbuf_init(&tr->buf, 0);
		path = path_join(s->t.root, rel.buf);
		if (strbuf_read_file(&tr->buf, path, 64 * 1024 * 1024)) {
			error("cannot read %s: %s", path, strerror(errno));
			s->failed = 1;
			strbuf_release(&tr->buf);
			free(path);
			continue;
		}
		free(path);
		strbuf_reset(fold);
		search_fold(tr->buf.buf, tr->buf.len, fold);
		if (!s->q.re && !search_may_match(&s->q, fold->buf, fold->len)) {
			strbuf_release(&tr->buf);
			continue;
		}
		tr->rel = xstrdup(rel.buf);
		(*n)++;
	}
	closedir(d);
done:
	strbuf_release(&dir);
	strbuf_release(&rel);
}

static void add_who(struct search *s, const struct person_file *f, const struct person *p)
{
	struct who *w;
	ALLOC_GROW(s->people, s->npeople + 1, s->people_alloc);
	w = &s->people[s->npeople];
	s->who = s->npeople++;
	w->handle = xstrdup(f->handle);
	w->name = p && p->name ? xstrdup(p->name) : NULL;
	w->lifecycle = p && p->lifecycle ? xstrdup(p->lifecycle) : NULL;
	w->best = -1;
}

static void search_person(struct search *s, size_t i)
{
	struct person_file *f = &s->t.repo.files[i];
	struct strbuf buf = STRBUF_INIT, fold = STRBUF_INIT, reduced = STRBUF_INIT;
	struct strbuf *text = &buf;
	const char *rels[8];
	struct transcript *tv = NULL;
	size_t ntv = 0, tv_alloc = 0, k, from;
	int notes = !opt_transcripts && !opt_speaker, may = 0;
	char *people = NULL;

	if (!f->valid_handle || f->symlink_outside || f->dangling)
		return;
	if (opt_person && strcmp(opt_person, f->handle))
		return;
	if (!f->path) {
		people = path_join(s->t.root, "people");
		f->path = path_join(people, f->name);
	}
	if (strbuf_read_file(&buf, f->path, 16 * 1024 * 1024)) {
		error("cannot read %s: %s", f->path, strerror(errno));
		s->failed = 1;
		goto done;
	}
	if (notes) {
		search_fold(buf.buf, buf.len, &fold);
		may = s->q.re || search_may_match(&s->q, fold.buf, fold.len);
	}
	if (!opt_notes && !opt_kind && !opt_section && !opt_open && !opt_done && !opt_owner)
		read_transcripts(s, f->handle, &fold, &tv, &ntv, &tv_alloc);
	if (!may && !ntv)
		goto done;
	/* Only the sessions that may match, or that cite a transcript that
	 * may, are parsed: the rest cannot hold a document that answers, and
	 * parsing is most of the cost. */
	for (k = 0; k < ntv && k < ARRAY_SIZE(rels); k++)
		rels[k] = tv[k].rel;
	if (ntv <= ARRAY_SIZE(rels) &&
	    !search_reduce(&s->q, may, buf.buf, buf.len, rels, ntv, &reduced))
		text = &reduced;
	s->path = f->path;
	s->buf = text->buf;
	s->len = text->len;
	s->p = person_read(f->path, f->handle, text->buf, text->len);
	if (!s->p) {
		s->failed = 1;
		goto done;
	}
	add_who(s, f, s->p);
	from = s->nhits;
	if (may)
		search_notes(s, text->buf, text->len);
	if (opt_verbose)
		add_cites(s, from);
	for (k = 0; k < ntv; k++)
		search_transcript(s, &tv[k]);
done:
	for (k = 0; k < ntv; k++) {
		free(tv[k].rel);
		strbuf_release(&tv[k].buf);
	}
	free(tv);
	person_free(s->p);
	s->p = NULL;
	free(people);
	strbuf_release(&buf);
	strbuf_release(&fold);
	strbuf_release(&reduced);
}

/* ---- history ---- */

static size_t who_of(struct search *s, const char *handle)
{
	size_t i;
	for (i = 0; i < s->npeople; i++)
		if (!strcmp(s->people[i].handle, handle))
			return i;
	{
		/* An old text of someone whose file no longer has the words:
		 * the name, for the heading, from the file as it is now. */
		struct strbuf buf = STRBUF_INIT, rel = STRBUF_INIT;
		struct person *p = NULL;
		char *path;
		strbuf_addf(&rel, "people/%s.md", handle);
		path = path_join(s->t.root, rel.buf);
		if (repo_has_person(&s->t.repo, handle) &&
		    !repo_check_path(s->t.root, rel.buf, REPO_READ) &&
		    !strbuf_read_file(&buf, path, 16 * 1024 * 1024))
			p = person_parse(handle, buf.buf, buf.len, NULL);
		ALLOC_GROW(s->people, s->npeople + 1, s->people_alloc);
		memset(&s->people[s->npeople], 0, sizeof(s->people[0]));
		s->people[s->npeople].handle = xstrdup(handle);
		s->people[s->npeople].name = p && p->name ? xstrdup(p->name) : NULL;
		s->people[s->npeople].lifecycle = p && p->lifecycle ? xstrdup(p->lifecycle) : NULL;
		s->people[s->npeople].best = -1;
		person_free(p);
		free(path);
		strbuf_release(&buf);
		strbuf_release(&rel);
	}
	return s->npeople++;
}

static void history_hit(struct search *s, struct history *h, const struct hist_item *it,
			const char *text, int commit, const char *change)
{
	struct hit *hit;
	int rc;

	if (!team_shows(it->private, opt_private) || opt_transcripts || opt_speaker)
		return;
	if (!date_passes(s, it->session) || (opt_kind && strcmp(opt_kind, item_kind_name(it->kind))))
		return;
	if ((opt_open && it->done) || (opt_done && !it->done) || opt_section || opt_tag)
		return;
	if (opt_owner && !owner_passes(s, it->owner))
		return;
	rc = search_match(&s->q, text, strlen(text));
	if (rc <= 0)
		return;
	s->who = who_of(s, it->handle);
	hit = add_hit(s, it->path, it->line, it->session, "", item_kind_name(it->kind),
		      text, strlen(text), it->private);
	memcpy(hit->commit, h->commits[commit].id, 41);
	hit->change = change;
}

static int search_history(struct search *s)
{
	struct history_opts o = { NULL, 0 };
	struct history h;
	struct gitstore *g = NULL;
	struct strbuf only = STRBUF_INIT;
	size_t i;
	int rc = -1;

	memset(&h, 0, sizeof(h));
	if (gitstore_open(&g, s->t.root))
		goto done;
	if (opt_person) {
		strbuf_addf(&only, "people/%s.md", opt_person);
		o.only_path = only.buf;
	}
	if (history_load(g, &o, &h))
		goto done;
	for (i = 0; i < h.nevents; i++) {
		const struct hist_event *e = &h.events[i];
		const struct hist_item *it = &h.items[e->item];
		if (e->kind == EV_EDITED && e->old_text)
			history_hit(s, &h, it, e->old_text, e->commit, "edited");
		else if (e->kind == EV_DELETED)
			history_hit(s, &h, it, it->text, e->commit, "deleted");
	}
	rc = 0;
done:
	history_release(&h);
	gitstore_free(g);
	strbuf_release(&only);
	return rc;
}

/* ---- lifecycle, as of each session ---- */

struct stage {
	size_t who;
	int day;
	char *lifecycle;
};

struct stages {
	struct search *s;
	struct gitstore *g;
	struct stage *v;
	size_t n, alloc;
};

static int wanted_path(struct search *s, const char *path, size_t *who)
{
	size_t i, n;
	if (strncmp(path, "people/", 7))
		return 0;
	n = strlen(path + 7);
	if (n < 4 || strcmp(path + 7 + n - 3, ".md"))
		return 0;
	for (i = 0; i < s->npeople; i++)
		if (strlen(s->people[i].handle) == n - 3 &&
		    !strncmp(s->people[i].handle, path + 7, n - 3)) {
			*who = i;
			return 1;
		}
	return 0;
}

static int on_change(void *data, const struct gitstore_commit *c, const char *const *paths,
		     const char *const *blobs, size_t n)
{
	struct stages *st = data;
	size_t i, who;

	for (i = 0; i < n; i++) {
		struct strbuf buf = STRBUF_INIT;
		struct person *p;
		struct stage *e;
		if (!*blobs[i] || !wanted_path(st->s, paths[i], &who))
			continue;
		if (gitstore_read_blob(st->g, blobs[i], &buf)) {
			strbuf_release(&buf);
			return -1;
		}
		p = person_parse(st->s->people[who].handle, buf.buf, buf.len, NULL);
		ALLOC_GROW(st->v, st->n + 1, st->alloc);
		e = &st->v[st->n++];
		e->who = who;
		e->day = date_from_ymd(1970, 1, 1) +
			 (int)((c->time + (long long)c->offset * 60) / 86400);
		e->lifecycle = p->lifecycle ? xstrdup(p->lifecycle) : NULL;
		person_free(p);
		strbuf_release(&buf);
	}
	return 0;
}

/* The person's lifecycle on `day`: as the last commit on or before that
 * day left it, else as the first commit had it, else as the file has it. */
static const char *lifecycle_on(const struct stages *st, const struct who *w, size_t who,
				int day)
{
	const struct stage *found = NULL, *first = NULL;
	size_t i;

	if (day < 0)
		return w->lifecycle;
	for (i = 0; i < st->n; i++) {
		if (st->v[i].who != who)
			continue;
		if (!first)
			first = &st->v[i];
		if (st->v[i].day <= day)
			found = &st->v[i];
	}
	if (!found)
		found = first;
	return found ? found->lifecycle : w->lifecycle;
}

static int filter_lifecycle(struct search *s)
{
	struct stages st = { s, NULL, NULL, 0, 0 };
	size_t i, kept = 0;
	int rc = -1;

	if (!s->nhits)
		return 0;
	if (gitstore_find(&st.g, s->t.root) < 0)
		goto done;
	if (st.g && gitstore_walk_changes(st.g, "people/", on_change, &st) < 0)
		goto done;
	for (i = 0; i < s->nhits; i++) {
		struct hit *h = &s->hits[i];
		const char *l = lifecycle_on(&st, &s->people[h->person], h->person, h->date);
		if (l && !strcmp(l, opt_lifecycle)) {
			s->hits[kept++] = *h;
			continue;
		}
		free(h->file);
		free(h->text);
		free(h->tf);
		while (h->nrefs--) {
			free(h->refs[h->nrefs].file);
			free(h->refs[h->nrefs].text);
		}
		free(h->refs);
	}
	s->nhits = kept;
	rc = 0;
done:
	for (i = 0; i < st.n; i++)
		free(st.v[i].lifecycle);
	free(st.v);
	gitstore_free(st.g);
	return rc;
}

/* ---- output ---- */

static struct search *sorting;

static int by_rank(const void *va, const void *vb)
{
	const struct hit *a = va, *b = vb;
	double pa = sorting->people[a->person].best, pb = sorting->people[b->person].best;
	int c;

	if (pa != pb)
		return pa > pb ? -1 : 1;
	if (a->person != b->person)
		return a->person < b->person ? -1 : 1;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->date != b->date)
		return a->date > b->date ? -1 : 1;
	c = strcmp(a->file, b->file);
	if (c)
		return c;
	return a->line - b->line;
}

static void rank(struct search *s)
{
	size_t i;
	for (i = 0; i < s->nhits; i++) {
		struct hit *h = &s->hits[i];
		struct who *w = &s->people[h->person];
		h->score = s->q.re ? 0 : search_score(&s->q, h->tf, h->dl);
		if (h->score > w->best)
			w->best = h->score;
	}
	sorting = s;
	if (s->nhits)
		qsort(s->hits, s->nhits, sizeof(*s->hits), by_rank);
}

static void print_files(const struct search *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, j;
	int first = 1;

	strbuf_addstr(&sb, !strcmp(opt_format, "json") ? "{\"files\":[" : "");
	for (i = 0; i < s->nhits; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(s->hits[j].file, s->hits[i].file))
				break;
		if (j < i)
			continue;
		if (!strcmp(opt_format, "json")) {
			if (!first)
				strbuf_addch(&sb, ',');
			strbuf_add_json_str(&sb, s->hits[i].file, strlen(s->hits[i].file));
		} else {
			strbuf_addf(&sb, "%s\n", s->hits[i].file);
		}
		first = 0;
	}
	if (!strcmp(opt_format, "json"))
		strbuf_addstr(&sb, "]}\n");
	safe_write(stdout, sb.buf, sb.len);
	strbuf_release(&sb);
}

static void print_text(const struct search *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, k, last = (size_t)-1;

	for (i = 0; i < s->nhits; i++) {
		const struct hit *h = &s->hits[i];
		const struct who *w = &s->people[h->person];
		char date[16] = "";
		if (h->person != last) {
			if (last != (size_t)-1)
				strbuf_addch(&sb, '\n');
			strbuf_addstr(&sb, w->handle);
			if (w->name)
				strbuf_addf(&sb, " (%s)", w->name);
			strbuf_addch(&sb, '\n');
			last = h->person;
		}
		if (h->date >= 0)
			date_format(h->date, date);
		strbuf_addf(&sb, "%s:%d: %s  [%s%s%s", h->file, h->line, h->text, date,
			    *date && *h->section ? " " : "", h->section);
		if (h->kind && (!*h->section || strcasecmp(h->kind, h->section)))
			strbuf_addf(&sb, "%s%s", *date || *h->section ? " " : "", h->kind);
		if (h->change)
			strbuf_addf(&sb, ", %s in %.7s", h->change, h->commit);
		strbuf_addstr(&sb, "]\n");
		for (k = 0; k < h->nrefs; k++)
			strbuf_addf(&sb, "    %s %s:%d: %s\n", h->refs_cite ? "cites" : "cited by",
				    h->refs[k].file, h->refs[k].line, h->refs[k].text);
	}
	safe_write(stdout, sb.buf, sb.len);
	strbuf_release(&sb);
}

static void json_refs(struct strbuf *sb, const struct hit *h)
{
	size_t k;
	for (k = 0; k < h->nrefs; k++) {
		strbuf_addstr(sb, k ? ",{\"file\":" : "{\"file\":");
		strbuf_add_json_str(sb, h->refs[k].file, strlen(h->refs[k].file));
		strbuf_addf(sb, ",\"line\":%d,\"text\":", h->refs[k].line);
		strbuf_add_json_str(sb, h->refs[k].text, strlen(h->refs[k].text));
		strbuf_addch(sb, '}');
	}
}

static void print_json(const struct search *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_addstr(&sb, "{\"results\":[");
	for (i = 0; i < s->nhits; i++) {
		const struct hit *h = &s->hits[i];
		const struct who *w = &s->people[h->person];
		strbuf_addstr(&sb, i ? ",\n{" : "\n{");
		strbuf_add_json_field(&sb, "person", w->handle);
		strbuf_addch(&sb, ',');
		strbuf_add_json_field(&sb, "name", w->name);
		strbuf_addch(&sb, ',');
		strbuf_add_json_field(&sb, "file", h->file);
		strbuf_addf(&sb, ",\"line\":%d,", h->line);
		strbuf_add_json_date(&sb, "date", h->date >= 0, h->date);
		strbuf_addch(&sb, ',');
		strbuf_add_json_field(&sb, "section", *h->section ? h->section : NULL);
		strbuf_addch(&sb, ',');
		strbuf_add_json_field(&sb, "kind", h->kind);
		strbuf_addch(&sb, ',');
		strbuf_add_json_field(&sb, "text", h->text);
		strbuf_addf(&sb, ",\"score\":%.4f,\"private\":%s,", h->score,
			    h->private ? "true" : "false");
		strbuf_add_json_field(&sb, "commit", h->change ? h->commit : NULL);
		strbuf_addch(&sb, ',');
		strbuf_add_json_field(&sb, "change", h->change);
		strbuf_addstr(&sb, h->refs_cite ? ",\"cites\":[" : ",\"cited_by\":[");
		json_refs(&sb, h);
		strbuf_addstr(&sb, "]}");
	}
	strbuf_addstr(&sb, "\n]}\n");
	safe_write(stdout, sb.buf, sb.len);
	strbuf_release(&sb);
}

static void release(struct search *s)
{
	size_t i, k;
	for (i = 0; i < s->nhits; i++) {
		struct hit *h = &s->hits[i];
		free(h->file);
		free(h->text);
		free(h->tf);
		for (k = 0; k < h->nrefs; k++) {
			free(h->refs[k].file);
			free(h->refs[k].text);
		}
		free(h->refs);
	}
	free(s->hits);
	for (i = 0; i < s->npeople; i++) {
		free(s->people[i].handle);
		free(s->people[i].name);
		free(s->people[i].lifecycle);
	}
	free(s->people);
	search_query_release(&s->q);
	team_close(&s->t);
}

static int check_options(int n, const char **argv, struct search *s)
{
	if (n != 1) {
		error(n ? "give the query as one argument: quote it, as in thread search '\"rollback runbook\" -draft'"
			: "give a query: words, \"a phrase\", -word to exclude, or --regex PATTERN");
		return -1;
	}
	(void)argv;
	if (opt_notes && opt_transcripts)
		return error("--notes and --transcripts exclude each other; give neither to search both");
	if (opt_open && opt_done)
		return error("--open and --done exclude each other; give neither for both");
	if (opt_speaker && opt_notes)
		return error("--speaker is about transcript lines; it cannot go with --notes");
	if (opt_person && *opt_person == '@')
		opt_person++;
	if (opt_since && date_arg("--since", opt_since, &s->since))
		return -1;
	if (opt_until && date_arg("--until", opt_until, &s->until))
		return -1;
	if (opt_section) {
		int k;
		for (k = 1; k < SEC__COUNT; k++)
			if (!strcasecmp(opt_section, section_name(k)))
				break;
		if (k == SEC__COUNT)
			return error("--section %s: not a section; use one of review, wins, blockers, priorities, tasks, asks, feedback, growth, decisions, risks, notes, private, next",
				     opt_section);
		if (k == SEC_PRIVATE && !opt_private)
			return error("--section private shows private notes: add --include-private");
	}
	return 0;
}

int cmd_search(int argc, const char **argv)
{
	struct search s;
	size_t i;
	int n, rc = 2;

	memset(&s, 0, sizeof(s));
	s.since = s.until = -1;
	n = parse_options(argc, argv, search_options, search_usage);
	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (check_options(n, argv, &s))
		return 2;
	if (team_open(&s.t, NULL))
		return 2;
	if (search_query_init(&s.q, argv[0], opt_regex))
		goto done;
	if (opt_person && !repo_has_person(&s.t.repo, opt_person)) {
		error("--person %s: there is no people/%s.md; see thread open for the handles",
		      opt_person, opt_person);
		goto done;
	}
	for (i = 0; i < s.t.repo.nfiles; i++)
		search_person(&s, i);
	if (opt_history && search_history(&s))
		goto done;
	if (opt_lifecycle && filter_lifecycle(&s))
		goto done;
	rank(&s);
	if (opt_files)
		print_files(&s);
	else if (!strcmp(opt_format, "json"))
		print_json(&s);
	else
		print_text(&s);
	rc = s.failed ? 2 : s.nhits ? 0 : 1;
done:
	release(&s);
	return rc;
}
