/*
 * thread followup HANDLE - the same-day follow-up of a session.
 *
 * A short message written to the report, from the session itself: the
 * decisions, what they own, what I will do and what I asked of others,
 * and what the next 1:1 starts with.  It must fit the word cap of
 * .thread.yaml (followup_words), because a follow-up that is not read on
 * a phone is not read at all: when the session holds more, whole items
 * are kept in order of importance, each part keeping one before any gets
 * a second, and the rest is counted.  It is written to someone else: it
 * says names, not @handles (names.h), and the e-mail names no file or
 * line of the repository.
 *
 * --format email wraps the same body in an RFC 5322 message for
 * `sendmail -t`; --format json gives every candidate item, kept or not.
 */
#include "command.h"
#include "date.h"
#include "fields.h"
#include "gitstore.h"
#include "lines.h"
#include "loop.h"
#include "names.h"
#include "person.h"
#include "strbuf.h"
#include "team.h"
#include "util.h"
#include "safeout.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *opt_date, *opt_format = "markdown", *opt_today;
static int opt_private, opt_send, opt_yes, opt_mark_sent;
static const char *const formats[] = { "markdown", "email", "json", NULL };

const char *const followup_usage[] = {
	"thread followup HANDLE [--date DATE] [--format markdown|email|json]"
	" [--include-private] [--today DATE]",
	"thread followup HANDLE [--date DATE] --send [--yes]",
	"thread followup HANDLE [--date DATE] --mark-sent", NULL
};

const struct option followup_options[] = {
	OPT_STRING(0, "date", &opt_date, "DATE",
		   "the session of this date (default: the newest)", COMPLETE_DATE),
	OPT_CHOICE(0, "format", &opt_format, "FORMAT",
		   "output format: markdown, email or json", formats),
	OPT_STRING(0, "today", &opt_today, "DATE",
		   "take this day as today (YYYY-MM-DD)", COMPLETE_DATE),
	OPT_FLAG(0, "include-private", &opt_private,
		 "show the Private section too (never leaves the file otherwise)"),
	OPT_FLAG(0, "send", &opt_send,
		 "send the e-mail form with sendmail -t (or .thread.yaml sendmail:) and record it"),
	OPT_FLAG(0, "yes", &opt_yes, "with --send: send without asking"),
	OPT_FLAG(0, "mark-sent", &opt_mark_sent,
		 "record that the follow-up was sent another way"),
	OPT_END(),
};

/* The parts, in the order they are printed. */
enum part { PART_DECISIONS, PART_YOURS, PART_OURS, PART_NEXT, PART_PRIVATE, PART__COUNT };

static const char *const part_keys[] = { "decisions", "you_own", "i_do_and_asked",
					 "next", "private" };

/*
 * The order in which parts give up items when the follow-up is too long.
 * What the report owns comes first: it is what they act on today.  Then
 * what I do and what I asked of others, because it answers "who is
 * unblocking me".  Decisions are remembered by both of us and are in the
 * file; the Next list is read again at the next 1:1 (thread new copies it
 * into the Review), so it loses least by being left out.
 */
static const enum part importance[] = { PART_YOURS, PART_OURS, PART_DECISIONS,
					PART_NEXT, PART_PRIVATE };

struct entry {
	enum part part;
	const char *kind;        /* decision, task, ask, priority, rep, next, private */
	int line;
	const char *owner;       /* the item's @handle, or NULL */
	int due, has_due;
	int others;              /* in PART_OURS: someone else's, not mine */
	int kept;
	struct strbuf text;      /* the text without inline fields */
	struct strbuf says;      /* the line as printed, after "- " */
};

struct followup {
	struct team team;
	struct names names;      /* @handles said as names */
	struct person *p;
	const char *path;        /* the person file, from the cwd */
	char *file;              /* people/HANDLE.md, as the message names it */
	const struct session *s;
	int first_line, last_line;
	struct entry *e;
	size_t n, alloc;
	int cap;
	struct strbuf subject, body;
	int words, left_out;
};

/* ---- choosing the session and reading its lines ---- */

static const struct session *find_session(const struct person *p, const char *date)
{
	const struct session *s, *found = NULL;
	int days = 0;

	if (date && date_parse(date, strlen(date), &days) != DATE_OK) {
		error("--date %s is not a date; write it as YYYY-MM-DD", date);
		return NULL;
	}
	for (s = p->sessions; s; s = s->next)
		if (!date || (s->date_ok && s->date == days))
			found = s;
	if (!found && date)
		error("people/%s.md has no session on %s; give the date of one of its sessions",
		      p->handle, date);
	else if (!found)
		error("people/%s.md has no session yet; start one with: thread new %s",
		      p->handle, p->handle);
	return found;
}

static int is_atx_top_heading(const char *l, size_t len)
{
	size_t h = 0;
	while (h < len && h < 3 && l[h] == '#')
		h++;
	return h >= 1 && h <= 2 && (h == len || l[h] == ' ' || l[h] == '\t' ||
				    l[h] == '\r');
}

static int is_blank(const char *l, size_t len)
{
	while (len && (*l == ' ' || *l == '\t' || *l == '\r')) {
		l++;
		len--;
	}
	return !len;
}

/*
 * The session's last non-blank line: it runs to the next level-1 or
 * level-2 heading (outside code fences) or the end of the file, as
 * thread(5) says, so "N more items in FILE:A-B" names just the session.
 */
static int session_last_line(const char *buf, size_t len, int first)
{
	int line = 1, last = first, fence = 0;
	const char *l = buf, *end = buf + len, *next;

	for (; l < end; l = next, line++) {
		size_t n = (size_t)(line_end(l, end, &next) - l);

		if (line > first) {
			if (!fence && is_atx_top_heading(l, n))
				break;
			if (n >= 3 && (!strncmp(l, "```", 3) || !strncmp(l, "~~~", 3)))
				fence = !fence;
			if (!is_blank(l, n))
				last = line;
		}
	}
	return last;
}

static int read_range(struct followup *f)
{
	struct strbuf sb = STRBUF_INIT;

	f->first_line = f->s->pos.line;
	if (strbuf_read_file(&sb, f->path, 16 * 1024 * 1024)) {
		strbuf_release(&sb);
		return error("cannot read %s again", f->path);
	}
	f->last_line = session_last_line(sb.buf, sb.len, f->first_line);
	strbuf_release(&sb);
	return 0;
}

/* ---- collecting what the follow-up may say ---- */

static struct entry *add_entry(struct followup *f, enum part part, const char *kind,
			       int line)
{
	struct entry *e;

	ALLOC_GROW(f->e, f->n + 1, f->alloc);
	e = &f->e[f->n++];
	memset(e, 0, sizeof(*e));
	e->part = part;
	e->kind = kind;
	e->line = line;
	strbuf_init(&e->text, 0);
	strbuf_init(&e->says, 0);
	return e;
}

/* A checkbox bullet is a ledger item and is shown with its kind, once. */
static int is_item(const struct session *s, int line)
{
	const struct item *it;
	for (it = s->items; it; it = it->next)
		if (it->pos.line == line)
			return 1;
	return 0;
}

static void collect_bullets(struct followup *f, enum section_kind k,
			    enum part part, const char *kind)
{
	const struct section *sec;
	const struct bullet *b;

	for (sec = f->s->sections; sec; sec = sec->next) {
		if (sec->kind != k)
			continue;
		for (b = sec->bullets; b; b = b->next) {
			struct entry *e;
			if (!team_shows(b->private, opt_private) ||
			    is_item(f->s, b->pos.line))
				continue;
			e = add_entry(f, part, kind, b->pos.line);
			/* A bullet has no owner: its @handles are words. */
			fields_brief(&e->text, b->text.s, b->text.len, 0);
			names_say(&f->names, e->text.buf, e->text.len, &e->says);
			if (!e->text.len) {      /* "- " alone says nothing */
				strbuf_release(&e->text);
				strbuf_release(&e->says);
				f->n--;
			}
		}
	}
}

static int is_me(const struct followup *f, const char *owner)
{
	return owner && names_is_me(&f->names, owner);
}

/*
 * Common verbs an item starts with.  "Grant read access" reads well as
 * "I've asked @dave to grant read access", but "Written sign-off" does not,
 * and no rule tells the two apart; so only a known verb is woven into the
 * sentence, and any other text follows a colon, where either reads well.
 */
static const char *const verbs[] = {
	"accept", "add", "agree", "align", "answer", "approve", "arrange", "ask",
	"assign", "book", "bring", "build", "buy", "chase", "check", "choose",
	"clarify", "close", "collect", "commit", "complete", "confirm", "connect",
	"cover", "create", "decide", "define", "deliver", "deploy", "document",
	"draft", "drive", "email", "escalate", "estimate", "explain", "extend",
	"file", "find", "finish", "fix", "follow", "forward", "get", "give", "go",
	"grant", "help", "hire", "identify", "introduce", "invite", "issue", "join",
	"keep", "lead", "let", "make", "meet", "merge", "migrate", "move", "nominate",
	"nudge", "own", "pair", "pick", "ping", "post", "prepare", "present",
	"prioritise", "prioritize", "provide", "publish", "push", "put", "raise",
	"read", "remind", "remove", "reply", "request", "reserve", "resolve",
	"restore", "review", "run", "say", "schedule", "send", "set", "share", "ship",
	"sign", "start", "submit", "take", "talk", "tell", "track", "unblock",
	"update", "walk", "watch", "write",
};

static size_t word_len(const char *s, size_t len)
{
	size_t n = 0;
	while (n < len && s[n] != ' ')
		n++;
	return n;
}

/* The length of the leading verb of s, or 0 if it does not start with one
 * ("Review of the plan" is a noun, so "of" or "on" next rules it out). */
static size_t leading_verb(const char *s, size_t len)
{
	size_t n = word_len(s, len), i, m;

	if (n + 1 < len) {
		m = word_len(s + n + 1, len - n - 1);
		if ((m == 2 && !strncmp(s + n + 1, "of", 2)) ||
		    (m == 2 && !strncmp(s + n + 1, "on", 2)))
			return 0;
	}
	for (i = 0; i < ARRAY_SIZE(verbs); i++)
		if (strlen(verbs[i]) == n && !strncasecmp(s, verbs[i], n))
			return n;
	return 0;
}

/* "I'll " + "grant ..." or `colon` + "Written sign-off ...". */
static void add_sentence(struct strbuf *out, const struct strbuf *text,
			 const char *woven, const char *colon)
{
	size_t v = leading_verb(text->buf, text->len), i;

	if (!v) {
		strbuf_addf(out, "%s%s", colon, text->buf);
		return;
	}
	strbuf_addstr(out, woven);
	for (i = 0; i < v; i++)
		strbuf_addch(out, (text->buf[i] >= 'A' && text->buf[i] <= 'Z') ?
			     text->buf[i] - 'A' + 'a' : text->buf[i]);
	strbuf_addstr(out, text->buf + v);
}

/* `text` is the item's, its @handles said as names. */
static void phrase_ours(struct strbuf *out, struct followup *f,
			const struct entry *e, const struct strbuf *text)
{
	struct strbuf woven = STRBUF_INIT, colon = STRBUF_INIT;

	if (!e->owner) {
		strbuf_addf(out, "No owner yet: %s", text->buf);
		return;
	}
	if (is_me(f, e->owner)) {
		add_sentence(out, text, "I'll ", "On me: ");
		return;
	}
	strbuf_addf(&woven, "I've asked %s to ", names_of(&f->names, e->owner));
	strbuf_addf(&colon, "I've asked %s: ", names_of(&f->names, e->owner));
	add_sentence(out, text, woven.buf, colon.buf);
	strbuf_release(&woven);
	strbuf_release(&colon);
}

static void phrase(struct followup *f, struct entry *e)
{
	struct strbuf named = STRBUF_INIT;
	char date[11];

	names_say(&f->names, e->text.buf, e->text.len, &named);
	if (e->part == PART_YOURS)
		strbuf_addf(&e->says, "%s%s",
			    !strcmp(e->kind, "priority") ? "Priority: " :
			    !strcmp(e->kind, "rep") ? "Growth rep: " : "", named.buf);
	else
		phrase_ours(&e->says, f, e, &named);
	strbuf_release(&named);
	/* ", by DATE" after a full stop would read "runbook., by". */
	while (e->says.len && e->says.buf[e->says.len - 1] == '.')
		strbuf_setlen(&e->says, e->says.len - 1);
	if (e->has_due) {
		date_format(e->due, date);
		strbuf_addf(&e->says, ", by %s", date);
	}
}

static int is_report(const struct followup *f, const struct item *it)
{
	return it->owner && !strcmp(it->owner, f->p->handle);
}

/*
 * Open items of the session, in file order, blockers' nested tasks and
 * asks included (they are in s->items with their kind); done items need
 * no follow-up.  File order puts what unblocks the report first, since
 * the Blockers section comes before Priorities, Tasks and Asks.
 */
static void collect_items(struct followup *f, int report)
{
	const struct item *it;

	for (it = f->s->items; it; it = it->next) {
		struct entry *e;
		if (it->done || !team_shows(it->private, opt_private) ||
		    is_report(f, it) != report)
			continue;
		e = add_entry(f, report ? PART_YOURS : PART_OURS,
			      item_kind_name(it->kind), it->pos.line);
		e->owner = it->owner;
		e->others = it->owner && !is_me(f, it->owner);
		e->has_due = it->due.ok;
		e->due = it->due.days;
		fields_strip(it->text.s, it->text.len, &e->text);
		if (!e->text.len) {      /* fields alone: "- , by 2026-11-27" */
			strbuf_release(&e->text);
			f->n--;
			continue;
		}
		phrase(f, e);
	}
}

/* Entries end up in the order they are printed. */
static void collect(struct followup *f)
{
	collect_bullets(f, SEC_DECISIONS, PART_DECISIONS, "decision");
	collect_items(f, 1);
	collect_items(f, 0);
	collect_bullets(f, SEC_NEXT, PART_NEXT, "next");
	collect_bullets(f, SEC_PRIVATE, PART_PRIVATE, "private");
}

/* ---- the body, and keeping it under the word cap ---- */

static int count_words(const char *s)
{
	int n = 0, in = 0;
	for (; *s; s++) {
		int space = *s == ' ' || *s == '\n' || *s == '\t' || *s == '\r';
		n += !space && !in;
		in = !space;
	}
	return n;
}

static const char *part_title(const struct followup *f, enum part part)
{
	static const char *const titles[] = { "Decisions", "What you own", NULL,
					      "Next 1:1 starts with", "Private notes" };
	int mine = 0, others = 0;
	size_t i;

	if (part != PART_OURS)
		return titles[part];
	/* Say only what the kept items are: a heading promising asks to
	 * others over a list of my own items would mislead. */
	for (i = 0; i < f->n; i++)
		if (f->e[i].part == PART_OURS && f->e[i].kept) {
			others |= f->e[i].others;
			mine |= !f->e[i].others;
		}
	if (mine && others)
		return "What I'll do, and what I've asked others to do";
	return others ? "What I've asked others to do" : "What I'll do";
}

static void render_part(const struct followup *f, enum part part, int *num,
			struct strbuf *out)
{
	size_t i;
	int any = 0;

	for (i = 0; i < f->n; i++) {
		if (f->e[i].part != part || !f->e[i].kept)
			continue;
		if (!any++)
			strbuf_addf(out, "%s%d. %s\n", out->len ? "\n" : "", ++*num,
				    part_title(f, part));
		strbuf_addf(out, "- %s\n", f->e[i].says.buf);
	}
}

/*
 * The last line names what was left out.  For me (markdown, json) it says
 * where in the file; a message meant for someone else (email) names no
 * file or line of my repository.
 */
static void render(const struct followup *f, struct strbuf *out, int mail)
{
	int num = 0, left = 0;
	size_t i;
	int part;

	strbuf_reset(out);
	for (part = 0; part < PART__COUNT; part++)
		render_part(f, (enum part)part, &num, out);
	for (i = 0; i < f->n; i++)
		left += !f->e[i].kept;
	if (left && mail)
		strbuf_addf(out, "%s%d more item%s in my notes.\n",
			    out->len ? "\n" : "", left, left == 1 ? " is" : "s are");
	else if (left)
		strbuf_addf(out, "%s%d more item%s in %s:%d-%d\n", out->len ? "\n" : "",
			    left, left == 1 ? "" : "s", f->file, f->first_line,
			    f->last_line);
	else if (!f->n)
		strbuf_addstr(out, "Nothing to follow up: the session has no decisions, "
			      "open items or Next list.\n");
}

/* Within the cap in every format, so that all of them keep the same
 * items and the JSON says what the e-mail sends. */
static int fits(struct followup *f)
{
	render(f, &f->body, 1);
	if (count_words(f->body.buf) > f->cap)
		return 0;
	render(f, &f->body, 0);
	return count_words(f->body.buf) <= f->cap;
}

/*
 * The strands that each keep an item before any gets a second one: the
 * four parts, with part 3 split, since "What I'll do" and "What I've
 * asked others to do" are two promises, and neither may vanish behind
 * the other.  Items without an owner come after the Next list.
 */
enum strand { ST_YOURS, ST_MINE, ST_OTHERS, ST_DECISIONS, ST_NEXT, ST_UNOWNED,
	      ST_PRIVATE };

static enum strand strand_of(const struct entry *e)
{
	switch (e->part) {
	case PART_YOURS:
		return ST_YOURS;
	case PART_OURS:
		return !e->owner ? ST_UNOWNED : e->others ? ST_OTHERS : ST_MINE;
	case PART_DECISIONS:
		return ST_DECISIONS;
	case PART_NEXT:
		return ST_NEXT;
	default:
		return ST_PRIVATE;
	}
}

/* Keep the first item of strand `st`, in the order of the file, that still
 * fits: the first is the most important, but a part is not dropped for a
 * long first item while a shorter one fits. */
static void keep_one(struct followup *f, enum strand st)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		struct entry *e = &f->e[i];
		if (strand_of(e) != st)
			continue;
		e->kept = 1;
		if (fits(f))
			return;
		e->kept = 0;
	}
}

/* Then every other item of `part` that still fits, so a short item is
 * kept even after a long one was not. */
static void keep_rest(struct followup *f, enum part part)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		struct entry *e = &f->e[i];
		if (e->part != part || e->kept)
			continue;
		e->kept = 1;
		if (!fits(f))
			e->kept = 0;
	}
}

/*
 * Keep whole items only.  One item of every strand first, most important
 * first, so no part disappears while one of its items fits; then the
 * rest, part by part in order of importance.
 */
static void choose(struct followup *f)
{
	static const enum strand firsts[] = { ST_YOURS, ST_MINE, ST_OTHERS,
					      ST_DECISIONS, ST_NEXT, ST_UNOWNED,
					      ST_PRIVATE };
	size_t i, k;

	for (i = 0; i < f->n; i++)
		f->e[i].kept = 1;
	if (fits(f))
		return;
	for (i = 0; i < f->n; i++)
		f->e[i].kept = 0;
	for (k = 0; k < ARRAY_SIZE(firsts); k++)
		keep_one(f, firsts[k]);
	for (k = 0; k < ARRAY_SIZE(importance); k++)
		keep_rest(f, importance[k]);
}

/*
 * RFC 5322 allows 998 bytes a line.  Items are one line each, so a huge
 * one is broken at a space, with an indent that keeps it in its bullet;
 * the words, and so the count, are unchanged.
 */
static void limit_lines(struct strbuf *body)
{
	struct strbuf out = STRBUF_INIT;
	const char *p = body->buf, *end = body->buf + body->len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p), cut;
		const char *indent = "";

		while (n + strlen(indent) > 990) {
			for (cut = 990 - strlen(indent); cut && p[cut] != ' '; cut--)
				;
			if (!cut)
				break;   /* one word of 990 bytes: nothing to do */
			strbuf_addf(&out, "%s%.*s\n", indent, (int)cut, p);
			p += cut + 1;
			n -= cut + 1;
			indent = "  ";
		}
		strbuf_addf(&out, "%s%.*s%s", indent, (int)n, p, nl ? "\n" : "");
		p += n + (nl ? 1 : 0);
	}
	strbuf_release(body);
	*body = out;
}

static void make_subject(struct followup *f)
{
	const struct session *s = f->s;
	struct text type = s->title.len ? s->title : s->type;
	char date[11];

	if (s->date_ok)
		date_format(s->date, date);
	else
		snprintf(date, sizeof(date), "%.*s", (int)s->date_text.len, s->date_text.s);
	strbuf_addf(&f->subject, "Follow-up: our 1:1 on %s", date);
	if (type.len) {
		/* "## 2026-11-20 with @dave" is "(with Dave Kowalski)". */
		strbuf_addstr(&f->subject, " (");
		names_say(&f->names, type.s, type.len, &f->subject);
		strbuf_addch(&f->subject, ')');
	}
}

/* ---- --format email: an RFC 5322 message for sendmail -t ---- */

/* Header lines are folded (RFC 5322 section 2.2.3) at the space before a
 * token that would pass column 77, so every line stays under 78. */
struct folder {
	struct strbuf *out;
	size_t col;
	int tokens;
};

static void fold_start(struct folder *h, struct strbuf *out, const char *name)
{
	h->out = out;
	h->tokens = 0;
	strbuf_addf(out, "%s:", name);
	h->col = strlen(name) + 1;
}

static void fold_token(struct folder *h, const char *tok, size_t len)
{
	/* Before the first token only when that makes it fit: "Subject:"
	 * alone on its line is legal, but odd for no gain. */
	if (h->col + 1 + len > 77 && (h->tokens || len < 77)) {
		strbuf_addch(h->out, '\n');
		h->col = 0;
	}
	strbuf_addch(h->out, ' ');
	strbuf_add(h->out, tok, len);
	h->col += 1 + len;
	h->tokens++;
}

static void fold_end(struct folder *h)
{
	strbuf_addch(h->out, '\n');
}

static int has_non_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

/* Characters RFC 2047 (5.3) lets stand for themselves in a Q-encoded word
 * inside a phrase, the strictest place; subjects use the same set. */
static int q_plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("!*+-/", c));
}

static void q_char(struct strbuf *w, unsigned char c)
{
	if (c == ' ')
		strbuf_addch(w, '_');
	else if (q_plain(c))
		strbuf_addch(w, (char)c);
	else
		strbuf_addf(w, "=%02X", c);
}

static void flush_word(struct folder *h, struct strbuf *w)
{
	struct strbuf word = STRBUF_INIT;

	if (!w->len)
		return;
	strbuf_addf(&word, "=?UTF-8?Q?%s?=", w->buf);
	fold_token(h, word.buf, word.len);
	strbuf_release(&word);
	strbuf_reset(w);
}

/*
 * Non-ASCII text as RFC 2047 encoded-words, as few as possible: each is
 * as long as the RFC allows (75 characters, so 63 encoded bytes), because
 * some decoders (Python's email package, for one) wrongly keep the space
 * between two adjacent encoded-words that RFC 2047 (section 6.2) says to
 * drop.  A UTF-8 character is never split across two words (section 5).
 */
static void add_encoded(struct folder *h, const char *s)
{
	struct strbuf w = STRBUF_INIT, ch = STRBUF_INIT;

	while (*s) {
		size_t n = 1;
		while ((unsigned char)s[n] >= 0x80 && (unsigned char)s[n] < 0xc0)
			n++;
		strbuf_reset(&ch);
		while (n--)
			q_char(&ch, (unsigned char)*s++);
		if (w.len + ch.len > 63)
			flush_word(h, &w);
		strbuf_addbuf(&w, &ch);
	}
	flush_word(h, &w);
	strbuf_release(&w);
	strbuf_release(&ch);
}

static int is_atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

/* Must this word be encoded?  Non-ASCII always; in a phrase, anything an
 * atom cannot hold; anywhere, "=?", which a reader would take for the
 * start of an encoded-word. */
static int must_encode(const char *w, size_t n, int phrase)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];
		if (c >= 0x80 || (phrase && !is_atext(c)) ||
		    (c == '=' && i + 1 < n && w[i + 1] == '?'))
			return 1;
	}
	return 0;
}

/*
 * Text word by word: plain words as they are, each run of words that must
 * be encoded as encoded-words (with its inner spaces encoded, since the
 * space between two encoded-words is dropped by decoders), so that
 * "Rosa Núñez" reads "Rosa =?UTF-8?Q?N=C3=BA=C3=B1ez?=" in the raw message.
 */
static void add_text(struct folder *h, const char *s, int phrase)
{
	struct strbuf run = STRBUF_INIT;

	while (*s) {
		size_t n = strcspn(s, " ");
		if (n && must_encode(s, n, phrase)) {
			if (run.len)
				strbuf_addch(&run, ' ');
			strbuf_add(&run, s, n);
		} else if (n) {
			if (run.len)
				add_encoded(h, run.buf);
			strbuf_reset(&run);
			fold_token(h, s, n);
		}
		s += n + (s[n] == ' ');
	}
	if (run.len)
		add_encoded(h, run.buf);
	strbuf_release(&run);
}

/* A display name: atoms and encoded-words, or, for an ASCII name with a
 * comma or a full stop, the more readable quoted string. */
static void add_phrase(struct folder *h, const char *name)
{
	struct strbuf q = STRBUF_INIT;
	const char *c;
	int atoms = 1;

	for (c = name; *c; c++)
		atoms &= *c == ' ' || is_atext((unsigned char)*c);
	if (atoms || has_non_ascii(name)) {
		add_text(h, name, 1);
		return;
	}
	strbuf_addch(&q, '"');
	for (c = name; *c; c++) {
		if (*c == '"' || *c == '\\')
			strbuf_addch(&q, '\\');
		strbuf_addch(&q, *c);
	}
	strbuf_addch(&q, '"');
	fold_token(h, q.buf, q.len);
	strbuf_release(&q);
}

/* A name or subject on one header line: a line break or tab (a newline
 * in a quoted YAML name, say) would end the header, so it becomes a
 * space; other controls are escaped as everywhere else (safeout.h), so
 * that a decoded encoded-word cannot carry one to a mail reader either. */
static char *one_line(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	char *c;

	strbuf_add_safe(&sb, s ? s : "", s ? strlen(s) : 0);
	for (c = sb.buf; *c; c++)
		if (*c == '\n' || *c == '\t')
			*c = ' ';
	return strbuf_detach(&sb, NULL);
}

static void add_mailbox(struct strbuf *out, const char *field, const char *name,
			const char *addr)
{
	struct folder h;
	char *clean = one_line(name);
	struct strbuf angle = STRBUF_INIT;

	fold_start(&h, out, field);
	if (clean[strspn(clean, " ")]) {
		add_phrase(&h, clean);
		strbuf_addf(&angle, "<%s>", addr);
		fold_token(&h, angle.buf, angle.len);
	} else {
		fold_token(&h, addr, strlen(addr));
	}
	fold_end(&h);
	strbuf_release(&angle);
	free(clean);
}

static void add_subject(struct strbuf *out, const char *subject)
{
	struct folder h;
	char *clean = one_line(subject);

	fold_start(&h, out, "Subject");
	add_text(&h, clean, 0);
	fold_end(&h);
	free(clean);
}

/* An addr-spec sendmail takes as it is: printable ASCII, one '@', nothing
 * that would need quoting or could end the header. */
static int valid_address(const char *a)
{
	const char *at = strchr(a, '@'), *c;

	if (!at || at == a || !at[1] || strchr(at + 1, '@'))
		return 0;
	for (c = a; *c; c++)
		if ((unsigned char)*c <= ' ' || (unsigned char)*c >= 0x7f ||
		    strchr("<>()[],;:\\\"", *c))
			return 0;
	return 1;
}

/* "Fri, 20 Nov 2026 17:00:00 +0000" (RFC 5322 section 3.3), in English
 * whatever the locale, as the RFC requires. */
static void add_date(struct strbuf *out)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	long long when;
	int offset, a;
	time_t local;
	struct tm tm;

	gitstore_author_time(&when, &offset);
	local = (time_t)(when + (long long)offset * 60);
	gmtime_r(&local, &tm);
	a = offset < 0 ? -offset : offset;
	strbuf_addf(out, "Date: %s, %d %s %04d %02d:%02d:%02d %c%02d%02d\n",
		    wd[tm.tm_wday], tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900,
		    tm.tm_hour, tm.tm_min, tm.tm_sec, offset < 0 ? '-' : '+', a / 60, a % 60);
}

static int check_email(const struct followup *f)
{
	const char *email = f->p->email;

	if (!email || !*email)
		return error("%s has no e-mail address; add a line such as\n"
			     "    email: %s@example.com\n"
			     "to its front matter, or use --format markdown and send it yourself",
			     f->file, f->p->handle);
	if (!valid_address(email))
		return error("%s: email: '%s' is not an address sendmail takes; write it as name@example.com",
			     f->file, email);
	return 0;
}

/* "Sam Okafor <sam@example.com>" into its name and address. */
static int split_identity(char *id, char **name, char **addr)
{
	char *lt = strrchr(id, '<'), *gt = lt ? strchr(lt, '>') : NULL;

	if (!lt || !gt)
		return error("the git identity '%s' has no e-mail address", id);
	*gt = '\0';
	*addr = lt + 1;
	while (lt > id && lt[-1] == ' ')
		lt--;
	*lt = '\0';
	*name = id;
	if (!valid_address(*addr))
		return error("the git e-mail address '%s' is not one sendmail takes; set another with git config user.email",
			     *addr);
	return 0;
}

/* The whole RFC 5322 message, headers and body, into out. */
static int make_email(struct followup *f, struct strbuf *out)
{
	struct strbuf id = STRBUF_INIT;
	struct gitstore *g = NULL;
	char *name = NULL, *addr = NULL;
	int rc = -1;

	if (check_email(f) || gitstore_open(&g, f->team.root) ||
	    gitstore_identity(g, &id) || split_identity(id.buf, &name, &addr))
		goto done;
	add_mailbox(out, "From", name, addr);
	add_mailbox(out, "To", f->p->name, f->p->email);
	add_subject(out, f->subject.buf);
	add_date(out);
	strbuf_addstr(out, "MIME-Version: 1.0\n"
		      "Content-Type: text/plain; charset=utf-8\n"
		      "Content-Transfer-Encoding: 8bit\n\n");
	strbuf_addbuf(out, &f->body);
	rc = 0;
done:
	if (g)
		gitstore_free(g);
	strbuf_release(&id);
	return rc;
}

static int print_email(struct followup *f)
{
	struct strbuf out = STRBUF_INIT;
	int rc = make_email(f, &out);

	if (!rc)
		safe_write(stdout, out.buf, out.len);
	strbuf_release(&out);
	return rc;
}

/* ---- --format json and markdown ---- */

static void json_str_or_null(struct strbuf *sb, const char *s)
{
	if (s)
		strbuf_add_json_str(sb, s, strlen(s));
	else
		strbuf_addstr(sb, "null");
}

static void json_entry(struct strbuf *sb, const struct followup *f, const struct entry *e)
{
	char date[11];

	strbuf_addf(sb, "{\"part\":\"%s\",\"kind\":\"%s\",\"file\":", part_keys[e->part],
		    e->kind);
	strbuf_add_json_str(sb, f->file, strlen(f->file));
	strbuf_addf(sb, ",\"line\":%d,\"owner\":", e->line);
	json_str_or_null(sb, e->owner);
	if (e->has_due) {
		date_format(e->due, date);
		strbuf_addf(sb, ",\"due\":\"%s\"", date);
	} else {
		strbuf_addstr(sb, ",\"due\":null");
	}
	strbuf_addstr(sb, ",\"text\":");
	strbuf_add_json_str(sb, e->text.buf, e->text.len);
	strbuf_addstr(sb, ",\"says\":");
	strbuf_add_json_str(sb, e->says.buf, e->says.len);
	strbuf_addf(sb, ",\"kept\":%s}", e->kept ? "true" : "false");
}

static void print_json(const struct followup *f)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_addstr(&sb, "{\"person\":");
	json_str_or_null(&sb, f->p->handle);
	strbuf_addstr(&sb, ",\"name\":");
	json_str_or_null(&sb, f->p->name);
	strbuf_addstr(&sb, ",\"email\":");
	json_str_or_null(&sb, f->p->email);
	strbuf_addstr(&sb, ",\"file\":");
	json_str_or_null(&sb, f->file);
	strbuf_addstr(&sb, ",\"session\":");
	strbuf_add_json_str(&sb, f->s->date_text.s, f->s->date_text.len);
	strbuf_addf(&sb, ",\"first_line\":%d,\"last_line\":%d,\"subject\":",
		    f->first_line, f->last_line);
	strbuf_add_json_str(&sb, f->subject.buf, f->subject.len);
	strbuf_addf(&sb, ",\"word_cap\":%d,\"words\":%d,\"left_out\":%d,\"items\":[",
		    f->cap, f->words, f->left_out);
	for (i = 0; i < f->n; i++) {
		if (i)
			strbuf_addch(&sb, ',');
		json_entry(&sb, f, &f->e[i]);
	}
	strbuf_addstr(&sb, "],\"body\":");
	strbuf_add_json_str(&sb, f->body.buf, f->body.len);
	strbuf_addstr(&sb, "}\n");
	safe_write(stdout, sb.buf, sb.len);
	strbuf_release(&sb);
}

static int print(struct followup *f)
{
	if (!strcmp(opt_format, "email"))
		return print_email(f);
	if (!strcmp(opt_format, "json"))
		print_json(f);
	else
		safe_printf("Subject: %s\n\n%s", f->subject.buf, f->body.buf);
	return 0;
}

/* ---- --send and --mark-sent: saying that it went out ---- */

/* The session the follow-up was made from, in the file as locked now:
 * the last one of the same date, as find_session() chose it. */
static const struct session *same_session(const struct person *p,
					  const struct session *was)
{
	const struct session *s, *found = NULL;

	for (s = p->sessions; s; s = s->next)
		if (s->date_text.len == was->date_text.len &&
		    !memcmp(s->date_text.s, was->date_text.s, s->date_text.len))
			found = s;
	return found;
}

/*
 * Write "Follow-up: sent DATE HH:MM to ADDRESS" into the session, under
 * the person-file lock, changing only that line (loop.h).  The time is
 * when the author acts (GIT_AUTHOR_DATE, else now), as in the Date:
 * header of the message.
 */
static int record_sent(struct followup *f, const char *to)
{
	struct file_lock lock = FILE_LOCK_INIT;
	struct strbuf buf = STRBUF_INIT, out = STRBUF_INIT;
	struct person *p = NULL;
	const struct session *s;
	char *path = NULL, date[11];
	long long when, local, secs;
	int offset, day, rc = -1;

	if (team_lock_person(f->team.root, f->p->handle, &lock, &buf, &path) ||
	    !(p = person_read(path, f->p->handle, buf.buf, buf.len)))
		goto done;
	if (!(s = same_session(p, f->s))) {
		error("%s no longer has the session of %.*s; nothing was recorded",
		      path, (int)f->s->date_text.len, f->s->date_text.s);
		goto done;
	}
	gitstore_author_time(&when, &offset);
	local = when + (long long)offset * 60;
	secs = ((local % 86400) + 86400) % 86400;    /* before 1970 too */
	day = (int)((local - secs) / 86400);
	loop_mark_sent(&out, buf.buf, buf.len, s->pos.line, day, (int)(secs / 60), to);
	if (lock_replace(&lock, out.buf, out.len))
		goto done;
	date_format(day, date);
	safe_printf("followup: %s's follow-up of %.*s recorded as sent to %s on %s (%s:%d)\n",
		    f->p->handle, (int)s->date_text.len, s->date_text.s, to, date,
		    path, s->pos.line);
	rc = 0;
done:
	lock_release(&lock);
	person_free(p);
	free(path);
	strbuf_release(&buf);
	strbuf_release(&out);
	return rc;
}

/* Ask on the terminal; only "y" or "yes" sends. */
static int confirmed(const char *to)
{
	char answer[16];

	if (!isatty(STDIN_FILENO))
		return error("not sent: there is no terminal to confirm on; read the message above and run again with --yes to send it");
	fprintf(stderr, "Send this follow-up to %s? [y/N] ", to);
	fflush(stderr);
	if (!fgets(answer, sizeof(answer), stdin) ||
	    (strcasecmp(answer, "y\n") && strcasecmp(answer, "yes\n")))
		return error("not sent; nothing was recorded");
	return 0;
}

/* Feed the message to the mail command (sh -c), as git send-email does
 * with sendmail: it must read it all and exit 0, or nothing counts. */
static int run_sendmail(const char *cmd, const struct strbuf *msg)
{
	void (*old)(int);
	FILE *pipe;
	size_t wrote;
	int st;

	fflush(stdout);
	old = signal(SIGPIPE, SIG_IGN);
	pipe = popen(cmd, "w");
	if (!pipe) {
		signal(SIGPIPE, old);
		return error("cannot run '%s': %s; nothing was sent", cmd, strerror(errno));
	}
	wrote = fwrite(msg->buf, 1, msg->len, pipe);
	st = pclose(pipe);
	signal(SIGPIPE, old);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st))
		return error("'%s' failed%s: the follow-up may not have gone out, and nothing was recorded; fix the mail command (sendmail: in .thread.yaml) and send again",
			     cmd, st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 127 ?
			     " (command not found)" : "");
	if (wrote != msg->len)
		return error("'%s' did not read the whole message; nothing was recorded", cmd);
	return 0;
}

static int send_followup(struct followup *f)
{
	struct strbuf msg = STRBUF_INIT, shown = STRBUF_INIT;
	const char *cmd = f->team.config.sendmail ? f->team.config.sendmail : "sendmail -t";
	int rc = -1;

	if (make_email(f, &msg))
		goto done;
	/* What is sent is what is shown: escaped as every output is. */
	strbuf_add_safe(&shown, msg.buf, msg.len);
	fwrite(shown.buf, 1, shown.len, stdout);
	fflush(stdout);
	if ((!opt_yes && confirmed(f->p->email)) || run_sendmail(cmd, &shown))
		goto done;
	if (record_sent(f, f->p->email)) {
		error("the follow-up was sent; record it with: thread followup %s --date %.*s --mark-sent",
		      f->p->handle, (int)f->s->date_text.len, f->s->date_text.s);
		goto done;
	}
	rc = 0;
done:
	strbuf_release(&msg);
	strbuf_release(&shown);
	return rc;
}

static int check_modes(void)
{
	if (opt_send && opt_mark_sent)
		return error("--send records that it was sent; --mark-sent is for a follow-up sent another way: give one");
	if (opt_yes && !opt_send)
		return error("--yes only goes with --send");
	if ((opt_send || opt_mark_sent) && opt_private)
		return error("a follow-up sent to someone never carries the Private section: drop --include-private");
	if (opt_send && strcmp(opt_format, "markdown"))
		return error("--send sends the e-mail form; drop --format");
	return 0;
}

/* ---- the command ---- */

static int build(struct followup *f)
{
	struct strbuf file = STRBUF_INIT;
	size_t i;

	/* Named from the repository's root, not the cwd: the message goes to
	 * someone who has never seen my terminal. */
	strbuf_addf(&file, "people/%s.md", f->p->handle);
	f->file = strbuf_detach(&file, NULL);
	f->cap = f->team.config.followup_words;
	make_subject(f);
	collect(f);
	choose(f);
	render(f, &f->body, !strcmp(opt_format, "email"));
	f->words = count_words(f->body.buf);
	for (i = 0; i < f->n; i++)
		f->left_out += !f->e[i].kept;
	limit_lines(&f->body);
	return 0;
}

static void release(struct followup *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		strbuf_release(&f->e[i].text);
		strbuf_release(&f->e[i].says);
	}
	free(f->e);
	free(f->file);
	strbuf_release(&f->subject);
	strbuf_release(&f->body);
	names_release(&f->names);
	person_free(f->p);
	team_close(&f->team);
}

int cmd_followup(int argc, const char **argv)
{
	struct followup f;
	int n, rc = 2;

	n = parse_options(argc, argv, followup_options, followup_usage);
	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n != 1) {
		error("name one person: thread followup HANDLE");
		return 2;
	}
	if (check_modes())
		return 2;
	if (opt_send)
		opt_format = "email";
	memset(&f, 0, sizeof(f));
	strbuf_init(&f.subject, 0);
	strbuf_init(&f.body, 0);
	if (team_open(&f.team, opt_today) ||
	    !(f.p = team_find(&f.team, argv[0], &f.path)))
		goto done;
	names_init(&f.names, &f.team, f.p->handle);
	if (!(f.s = find_session(f.p, opt_date)) || read_range(&f) || build(&f))
		goto done;
	if (opt_mark_sent)
		rc = record_sent(&f, f.p->email && *f.p->email ? f.p->email : f.p->handle) ? 2 : 0;
	else if (opt_send)
		rc = send_followup(&f) ? 2 : 0;
	else
		rc = print(&f) ? 2 : 0;
done:
	release(&f);
	return rc;
}
