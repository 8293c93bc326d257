/*
 * importer.c - notes written elsewhere, as sessions (see importer.h and
 * thread-import(1)).
 *
 * A source file is read line by line, never through cmark: what matters
 * here is that every line lands somewhere, in its own words, and a
 * Markdown tree does not remember lines it found meaningless.  The only
 * Markdown the reader must know is what would break the person file it
 * writes into: headings (which end sessions and sections), fenced code
 * (a heading inside it is not one; left open it would swallow the rest
 * of the file) and setext underlines (a "---" under a line of text makes
 * that line a heading).
 */
#include "importer.h"

#include "date.h"
#include "lines.h"
#include "model.h"
#include "safeout.h"
#include "strbuf.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define IMPORT_LIMIT (16 * 1024 * 1024)

/* Where a block of lines goes: a section as written, or a list whose
 * checkboxes are tasks or asks by their owner. */
enum ctx {
	CTX_PLAIN,          /* into the section it names, as written */
	CTX_ACTIONS,        /* "Action items": checkboxes by owner, rest to Notes */
	CTX_FOR_PERSON,     /* "Actions for <the person>" (dxw): tasks */
	CTX_FOR_ME,         /* "Actions for <the manager>" (dxw): asks @me */
	CTX_NOTES,          /* a Notes synonym: checkboxes with owner/date become items */
	CTX_KEPT,           /* not mapped: Notes, and reported */
};

struct synonym {
	const char *title;
	enum section_kind sec;
	enum ctx ctx;
};

/* Titles are compared whole, lowercased, after their decoration. */
static const struct synonym synonyms[] = {
	{ "review", SEC_REVIEW, CTX_PLAIN },
	{ "follow-ups from last time", SEC_REVIEW, CTX_PLAIN },
	{ "from last time", SEC_REVIEW, CTX_PLAIN },
	{ "wins", SEC_WINS, CTX_PLAIN },
	{ "highlights", SEC_WINS, CTX_PLAIN },
	{ "kudos", SEC_WINS, CTX_PLAIN },
	{ "achievements", SEC_WINS, CTX_PLAIN },
	{ "successes", SEC_WINS, CTX_PLAIN },
	{ "what went well", SEC_WINS, CTX_PLAIN },
	{ "what's gone well", SEC_WINS, CTX_PLAIN },
	{ "what's going well", SEC_WINS, CTX_PLAIN },
	{ "shout-outs", SEC_WINS, CTX_PLAIN },
	{ "blockers", SEC_BLOCKERS, CTX_PLAIN },
	{ "challenges", SEC_BLOCKERS, CTX_PLAIN },
	{ "concerns", SEC_BLOCKERS, CTX_PLAIN },
	{ "issues", SEC_BLOCKERS, CTX_PLAIN },
	{ "problems", SEC_BLOCKERS, CTX_PLAIN },
	{ "roadblocks", SEC_BLOCKERS, CTX_PLAIN },
	{ "obstacles", SEC_BLOCKERS, CTX_PLAIN },
	{ "what's not going well", SEC_BLOCKERS, CTX_PLAIN },
	{ "priorities", SEC_PRIORITIES, CTX_PLAIN },
	{ "top priorities", SEC_PRIORITIES, CTX_PLAIN },
	{ "focus", SEC_PRIORITIES, CTX_PLAIN },
	{ "up next", SEC_PRIORITIES, CTX_PLAIN },
	{ "tasks", SEC_TASKS, CTX_PLAIN },
	{ "asks", SEC_ASKS, CTX_PLAIN },
	{ "asks/needs", SEC_ASKS, CTX_PLAIN },
	{ "requests", SEC_ASKS, CTX_PLAIN },
	{ "action items", SEC_TASKS, CTX_ACTIONS },
	{ "actions", SEC_TASKS, CTX_ACTIONS },
	{ "action points", SEC_TASKS, CTX_ACTIONS },
	{ "todo", SEC_TASKS, CTX_ACTIONS },
	{ "todos", SEC_TASKS, CTX_ACTIONS },
	{ "to do", SEC_TASKS, CTX_ACTIONS },
	{ "to-do", SEC_TASKS, CTX_ACTIONS },
	{ "next steps", SEC_TASKS, CTX_ACTIONS },
	{ "follow-ups", SEC_TASKS, CTX_ACTIONS },
	{ "follow ups", SEC_TASKS, CTX_ACTIONS },
	{ "follow-up", SEC_TASKS, CTX_ACTIONS },
	{ "feedback", SEC_FEEDBACK, CTX_PLAIN },
	{ "growth", SEC_GROWTH, CTX_PLAIN },
	{ "career", SEC_GROWTH, CTX_PLAIN },
	{ "development", SEC_GROWTH, CTX_PLAIN },
	{ "career development", SEC_GROWTH, CTX_PLAIN },
	{ "career growth", SEC_GROWTH, CTX_PLAIN },
	{ "learning and development", SEC_GROWTH, CTX_PLAIN },
	{ "professional development", SEC_GROWTH, CTX_PLAIN },
	{ "decisions", SEC_DECISIONS, CTX_PLAIN },
	{ "agreed", SEC_DECISIONS, CTX_PLAIN },
	{ "agreements", SEC_DECISIONS, CTX_PLAIN },
	{ "risks", SEC_RISKS, CTX_PLAIN },
	{ "notes", SEC_NOTES, CTX_NOTES },
	{ "agenda", SEC_NOTES, CTX_NOTES },
	{ "topics", SEC_NOTES, CTX_NOTES },
	{ "discussion", SEC_NOTES, CTX_NOTES },
	{ "discussion notes", SEC_NOTES, CTX_NOTES },
	{ "meeting notes", SEC_NOTES, CTX_NOTES },
	{ "talking points", SEC_NOTES, CTX_NOTES },
	{ "updates", SEC_NOTES, CTX_NOTES },
	{ "key updates", SEC_NOTES, CTX_NOTES },
	{ "check-in", SEC_NOTES, CTX_NOTES },
	{ "check in", SEC_NOTES, CTX_NOTES },
	{ "how are you", SEC_NOTES, CTX_NOTES },
	{ "how are you doing", SEC_NOTES, CTX_NOTES },
	{ "wellbeing", SEC_NOTES, CTX_NOTES },
	{ "summary", SEC_NOTES, CTX_NOTES },
	{ "next", SEC_NEXT, CTX_PLAIN },
	{ "next time", SEC_NEXT, CTX_PLAIN },
	{ "for next time", SEC_NEXT, CTX_PLAIN },
	{ "next meeting", SEC_NEXT, CTX_PLAIN },
	{ "parking lot", SEC_NEXT, CTX_PLAIN },
};

/* The words that make a heading Private (thread(5) PRIVACY, and the
 * "Personal" of many templates). */
static const char *const private_words[] = { "private", "confidential", "personal" };

/* ---- small text helpers ---- */

static int is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static size_t indent_of(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

static int blank(const char *s, size_t len)
{
	return indent_of(s, len) == len;
}

/* Does s[0..len) equal the NUL-terminated word w, in any case? */
static int eq_ci(const char *s, size_t len, const char *w)
{
	return strlen(w) == len && !strncasecmp(s, w, len);
}

/* ---- dates ---- */

static const char *const months[] = { "january", "february", "march", "april",
	"may", "june", "july", "august", "september", "october", "november",
	"december" };
static const char *const weekdays[] = { "monday", "tuesday", "wednesday",
	"thursday", "friday", "saturday", "sunday" };

/* A word of at least 3 letters that starts one of names[0..n): "Nov",
 * "November", "Sept".  Returns its index + 1, or 0. */
static int name_word(const char *s, size_t len, const char *const *names, int n)
{
	int i;
	if (len < 3)
		return 0;
	for (i = 0; i < n; i++)
		if (len <= strlen(names[i]) && !strncasecmp(s, names[i], len))
			return i + 1;
	return 0;
}

static size_t word_len(const char *s, size_t len)
{
	size_t n = 0;
	while (n < len && ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z')))
		n++;
	return n;
}

static size_t digits(const char *s, size_t len, int *v)
{
	size_t n = 0;
	*v = 0;
	while (n < len && n < 5 && s[n] >= '0' && s[n] <= '9')
		*v = *v * 10 + (s[n++] - '0');
	return n;
}

/* Is (y, m, d) a real day?  Sets *days. */
static int real_day(int y, int m, int d, int *days)
{
	char iso[16];
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y, m, d);
	return date_parse(iso, 10, days) == DATE_OK;
}

/* The end of a date must be the end of a word. */
static int ends_word(const char *s, size_t len, size_t at)
{
	return at == len || !is_alnum((unsigned char)s[at]);
}

static size_t numeric_date(const char *s, size_t len, int *days)
{
	int y, m, d;
	size_t i = digits(s, len, &y), j, k;
	char sep;

	if (i != 4 || i >= len || (s[i] != '-' && s[i] != '/'))
		return 0;
	sep = s[i];
	j = digits(s + i + 1, len - i - 1, &m);
	if (j < 1 || j > 2 || i + 1 + j >= len || s[i + 1 + j] != sep)
		return 0;
	k = digits(s + i + 2 + j, len - i - 2 - j, &d);
	if (k < 1 || k > 2 || !ends_word(s, len, i + 2 + j + k))
		return 0;
	return real_day(y, m, d, days) ? i + 2 + j + k : 0;
}

/* "13 Nov 2024", "13th November 2024", "Nov 13, 2024" */
static size_t named_date(const char *s, size_t len, int *days)
{
	int y, m, d;
	size_t i = 0, n;

	if ((n = digits(s, len, &d)) >= 1 && n <= 2) {
		i = n;
		n = word_len(s + i, len - i);
		if (n == 2 && (eq_ci(s + i, 2, "st") || eq_ci(s + i, 2, "nd") ||
			       eq_ci(s + i, 2, "rd") || eq_ci(s + i, 2, "th")))
			i += 2;
		while (i < len && s[i] == ' ')
			i++;
		n = word_len(s + i, len - i);
		if (!(m = name_word(s + i, n, months, 12)))
			return 0;
		i += n;
		while (i < len && (s[i] == ' ' || s[i] == '.' || s[i] == ','))
			i++;
	} else if ((n = word_len(s, len)) && (m = name_word(s, n, months, 12))) {
		i = n;
		while (i < len && (s[i] == ' ' || s[i] == '.'))
			i++;
		n = digits(s + i, len - i, &d);
		if (n < 1 || n > 2)
			return 0;
		i += n;
		n = word_len(s + i, len - i);
		if (n == 2)
			i += 2;
		while (i < len && (s[i] == ' ' || s[i] == ','))
			i++;
	} else {
		return 0;
	}
	n = digits(s + i, len - i, &y);
	if (n != 4 || !ends_word(s, len, i + n))
		return 0;
	return real_day(y, m, d, days) ? i + n : 0;
}

size_t import_date(const char *s, size_t len, int *days)
{
	size_t n = word_len(s, len), skip = 0, used;

	if (n && name_word(s, n, weekdays, 7)) {    /* "Wed 13 Nov 2024" */
		skip = n;
		while (skip < len && (s[skip] == ' ' || s[skip] == ',' || s[skip] == '.'))
			skip++;
	}
	used = numeric_date(s + skip, len - skip, days);
	if (!used)
		used = named_date(s + skip, len - skip, days);
	return used ? skip + used : 0;
}

/* ---- headings ---- */

struct heading {
	int level;
	const char *t;           /* its text, closing #s and spaces removed */
	size_t len;
};

static int atx_heading(const char *s, size_t len, struct heading *h)
{
	size_t i = 0, n = 0;

	while (i < len && i < 3 && s[i] == ' ')
		i++;
	while (i + n < len && s[i + n] == '#')
		n++;
	if (n < 1 || n > 6 || (i + n < len && s[i + n] != ' ' && s[i + n] != '\t'))
		return 0;
	i += n;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (len > i && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	{       /* a closing sequence: " ##" */
		size_t e = len;
		while (e > i && s[e - 1] == '#')
			e--;
		if (e == i || s[e - 1] == ' ' || s[e - 1] == '\t') {
			len = e;
			while (len > i && (s[len - 1] == ' ' || s[len - 1] == '\t'))
				len--;
		}
	}
	h->level = (int)n;
	h->t = s + i;
	h->len = len - i;
	return 1;
}

/* A title's words: without leading decoration (emoji, emphasis,
 * numbering such as "1." is kept) and trailing punctuation or emoji. */
static void title_words(const char *t, size_t len, const char **ws, size_t *wl)
{
	size_t i = 0;
	while (i < len && !is_alnum((unsigned char)t[i]))
		i++;
	while (len > i && !is_alnum((unsigned char)t[len - 1]) && t[len - 1] != ')' &&
	       t[len - 1] != '?')
		len--;
	while (len > i && (t[len - 1] == '?'))
		len--;
	*ws = t + i;
	*wl = len - i;
}

/* Does `who` ("Jo", "Jo Park", "jo-park", "Jo's") name the person? */
static int names_person(const struct importer *im, const char *who, size_t len)
{
	const char *name = im->name ? im->name : im->guessed_name;
	size_t first;

	if (len >= 2 && (!strncmp(who + len - 2, "'s", 2)))
		len -= 2;
	else if (len >= 4 && !strncmp(who + len - 4, "\xe2\x80\x99s", 4))
		len -= 4;
	if (!len)
		return 0;
	if (eq_ci(who, len, im->handle))
		return 1;
	if (!name)
		return 0;
	if (eq_ci(who, len, name))
		return 1;
	for (first = 0; name[first] && name[first] != ' '; first++)
		;
	return first == len && !strncasecmp(who, name, len);
}

static int names_manager(const char *who, size_t len)
{
	return eq_ci(who, len, "me") || eq_ci(who, len, "manager") ||
	       eq_ci(who, len, "line manager") || eq_ci(who, len, "my manager");
}

/* The section and context a heading's title names, or -1 (not mapped).
 * "Actions for Jo" is the dxw template's: the person's actions are
 * tasks, anyone else's (the manager's) are asks of @me. */
static int map_title(const struct importer *im, const char *t, size_t len,
		     enum section_kind *sec, enum ctx *ctx)
{
	const char *w;
	size_t wl, i;

	title_words(t, len, &w, &wl);
	for (i = 0; i < ARRAY_SIZE(private_words); i++) {
		size_t n = strlen(private_words[i]);
		if (wl >= n && !strncasecmp(w, private_words[i], n) &&
		    (wl == n || !is_alnum((unsigned char)w[n]))) {
			*sec = SEC_PRIVATE;
			*ctx = CTX_PLAIN;
			return 0;
		}
	}
	for (i = 0; i < ARRAY_SIZE(synonyms); i++)
		if (eq_ci(w, wl, synonyms[i].title)) {
			*sec = synonyms[i].sec;
			*ctx = synonyms[i].ctx;
			return 0;
		}
	{
		static const char *const lead[] = { "actions for ", "action items for ",
						    "next steps for ", "to do for " };
		for (i = 0; i < ARRAY_SIZE(lead); i++) {
			size_t n = strlen(lead[i]);
			if (wl > n && !strncasecmp(w, lead[i], n)) {
				int me = !names_person(im, w + n, wl - n) ||
					 names_manager(w + n, wl - n);
				*sec = me ? SEC_ASKS : SEC_TASKS;
				*ctx = me ? CTX_FOR_ME : CTX_FOR_PERSON;
				return 0;
			}
		}
	}
	/* "Jo's actions", "My actions" */
	if (wl > 8 && !strncasecmp(w + wl - 8, " actions", 8)) {
		int me = eq_ci(w, wl - 8, "my") || !names_person(im, w, wl - 8);
		*sec = me ? SEC_ASKS : SEC_TASKS;
		*ctx = me ? CTX_FOR_ME : CTX_FOR_PERSON;
		return 0;
	}
	return -1;
}

/* ---- ledger items ---- */

/* Is the line a top-level checkbox list item?  Sets *text to where the
 * text after the box starts. */
static int checkbox(const char *s, size_t len, size_t *text)
{
	size_t i = indent_of(s, len), n;

	if (i > 1)
		return 0;
	if (i < len && strchr("-*+", s[i])) {
		i++;
	} else {
		for (n = 0; i < len && s[i] >= '0' && s[i] <= '9' && n < 9; i++, n++)
			;
		if (!n || i >= len || (s[i] != '.' && s[i] != ')'))
			return 0;
		i++;
	}
	if (i >= len || s[i] != ' ')
		return 0;
	while (i < len && s[i] == ' ')
		i++;
	if (i + 3 > len || s[i] != '[' || !strchr(" xX", s[i + 1]) || s[i + 2] != ']' ||
	    (i + 3 < len && s[i + 3] != ' '))
		return 0;
	*text = i + 3;
	return 1;
}

static int top_level_line(const char *s, size_t len)
{
	return indent_of(s, len) < 2;
}

enum owner { OWNER_NONE, OWNER_PERSON, OWNER_ME, OWNER_OTHER };

/* The owner an item names: its last @name, in any case ("@Jo" is the
 * person when Jo is their first name), else a [[wiki link]] to the
 * person.  *exact is set when the last @name is already @handle. */
static enum owner owner_of(const struct importer *im, const char *s, size_t len,
			   int *exact)
{
	enum owner o = OWNER_NONE;
	size_t i, n;

	*exact = 0;
	for (i = 0; i < len; i++) {
		if (s[i] != '@' || (i && (is_alnum((unsigned char)s[i - 1]) || s[i - 1] == '.')))
			continue;
		for (n = 1; i + n < len && (is_alnum((unsigned char)s[i + n]) ||
					    strchr("._-", s[i + n])); n++)
			;
		while (n > 1 && strchr(".-", s[i + n - 1]))
			n--;
		if (n == 1)
			continue;
		*exact = eq_ci(s + i + 1, n - 1, im->handle) &&
			 !strncmp(s + i + 1, im->handle, n - 1);
		if (names_person(im, s + i + 1, n - 1))
			o = OWNER_PERSON;
		else if (eq_ci(s + i + 1, n - 1, "me"))
			o = OWNER_ME;
		else
			o = OWNER_OTHER;
	}
	if (o != OWNER_NONE)
		return o;
	for (i = 0; i + 4 < len; i++) {
		const char *close;
		if (strncmp(s + i, "[[", 2) || !(close = memmem(s + i + 2, len - i - 2, "]]", 2)))
			continue;
		n = (size_t)(close - (s + i + 2));
		{
			const char *bar = memchr(s + i + 2, '|', n);
			if (names_person(im, s + i + 2, bar ? (size_t)(bar - s - i - 2) : n) ||
			    (bar && names_person(im, bar + 1, (size_t)(close - bar - 1))))
				return OWNER_PERSON;
		}
	}
	return OWNER_NONE;
}

/* A due date in one of the notations people write, at s[i]: "📅 D"
 * (Obsidian Tasks), "due D", "due: D", "Due: D", "(due D)".  Returns the
 * bytes it spans (and *date its position), or 0. */
static size_t due_at(const char *s, size_t len, size_t i, size_t *date)
{
	static const char *const cal[] = { "\xf0\x9f\x93\x85", "\xf0\x9f\x97\x93" };
	size_t j = 0, k;
	int days;

	for (k = 0; k < ARRAY_SIZE(cal); k++)
		if (i + 4 <= len && !memcmp(s + i, cal[k], 4)) {
			j = i + 4;
			if (j + 3 <= len && !memcmp(s + j, "\xef\xb8\x8f", 3))
				j += 3;
			break;
		}
	if (!j) {
		if (i + 3 > len || strncasecmp(s + i, "due", 3) ||
		    (i && is_alnum((unsigned char)s[i - 1])))
			return 0;
		j = i + 3;
		if (j < len && s[j] == ':')
			j++;
	}
	while (j < len && s[j] == ' ')
		j++;
	if (j + 10 > len || numeric_date(s + j, len - j, &days) != 10 || s[j + 4] != '-')
		return 0;
	*date = j;
	return j + 10 - i;
}

/* Copy the line to out with every due-date notation written due:D, the
 * one thread reads.  Returns whether the line now holds a due date. */
static int rewrite_due(struct strbuf *out, const char *s, size_t len)
{
	size_t i = 0, n, d;
	int found = 0;

	while (i < len) {
		if ((n = due_at(s, len, i, &d))) {
			strbuf_addstr(out, "due:");
			strbuf_add(out, s + d, 10);
			i += n;
			found = 1;
		} else {
			strbuf_addch(out, s[i++]);
		}
	}
	return found;
}

/* ---- a session being read ---- */

struct block {
	struct strbuf lines;     /* the block's lines, each ending in \n */
	int line;                /* its first line in the source */
	int top;                 /* started by a top-level line (not blank) */
};

struct reader {
	struct importer *im;
	const char *file;
	struct import_session *s;
	enum section_kind sec;   /* the current heading's section */
	enum ctx ctx;
	int level;               /* of the heading that set sec; 0 none */
	int private_level;       /* inside a Private heading of this level */
	char fence;              /* inside a fenced block: '`' or '~' */
	size_t fence_len, fence_indent;
	int comment;             /* inside an HTML comment left open */
	int reported;            /* this stretch of unmapped lines was reported */
	struct block b;
};

static void kept(struct importer *im, const char *file, int line,
		 const char *s, size_t len)
{
	size_t i = indent_of(s, len), show;

	s += i;
	len -= i;
	show = len > 72 ? 72 : len;
	while (show < len && show && ((unsigned char)s[show] & 0xc0) == 0x80)
		show--;
	strbuf_addf(&im->kept, "%s:%d: kept under Notes: %.*s%s\n", file, line,
		    (int)show, s, show < len ? "..." : "");
	im->nkept++;
}

/* Append one line to a section, so that it cannot change what the lines
 * before it are: a "---" or "===" right under text would make that text
 * a heading (setext), so a blank line goes between them. */
static void put_line(struct strbuf *sb, const char *s, size_t len)
{
	size_t i = indent_of(s, len), j = i;

	while (j < len && (s[j] == '-' || s[j] == '='))
		j++;
	if (j > i && blank(s + j, len - j) && sb->len > 1 &&
	    sb->buf[sb->len - 1] == '\n' && sb->buf[sb->len - 2] != '\n')
		strbuf_addch(sb, '\n');
	strbuf_add(sb, s, len);
	strbuf_addch(sb, '\n');
}

/* A checkbox at any depth ("  - [ ] ask: ..." under a blocker). */
static int any_checkbox(const char *s, size_t len)
{
	size_t i = indent_of(s, len), text;
	return checkbox(s + i, len - i, &text);
}

/* A block's lines into a section; a checkbox's due-date notations are
 * written as thread reads them, due:D, wherever it is. */
static void put_block(struct strbuf *sb, const struct strbuf *lines)
{
	const char *p = lines->buf, *end = lines->buf + lines->len, *nl;
	struct strbuf line = STRBUF_INIT;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		strbuf_reset(&line);
		if (any_checkbox(p, (size_t)(nl - p)))
			rewrite_due(&line, p, (size_t)(nl - p));
		else
			strbuf_add(&line, p, (size_t)(nl - p));
		put_line(sb, line.buf, line.len);
	}
	strbuf_release(&line);
}

/* A continuation field (thread(5)) ends an item's text. */
static int field_line(const char *s, size_t len)
{
	static const char *const fields[] = { "done when:", "why:", "next step:",
					      "message:" };
	size_t i;
	for (i = 0; i < ARRAY_SIZE(fields); i++)
		if (len >= strlen(fields[i]) && !strncasecmp(s, fields[i], strlen(fields[i])))
			return 1;
	return 0;
}

/* Write a checkbox block as a task or ask: its first paragraph's due
 * notations as due:D, the owner's handle added when the notes named them
 * another way (or the dxw heading did). */
static void put_item(struct reader *r, enum section_kind sec, enum owner o,
		     int exact)
{
	struct import_session *s = r->s;
	struct strbuf out = STRBUF_INIT, first = STRBUF_INIT;
	const char *p = r->b.lines.buf, *end = p + r->b.lines.len, *nl;
	char later[11] = "";
	int has_due = 0, para = 1;

	nl = memchr(p, '\n', (size_t)(end - p));
	has_due = rewrite_due(&first, p, (size_t)(nl - p));
	for (p = nl + 1; p < end; p = nl + 1) {
		size_t len, i, t;
		nl = memchr(p, '\n', (size_t)(end - p));
		len = (size_t)(nl - p);
		i = indent_of(p, len);
		if (blank(p, len) || field_line(p + i, len - i))
			para = 0;
		if (para && i < len && !strchr("-*+", p[i])) {
			has_due |= rewrite_due(&out, p, len);
			strbuf_addch(&out, '\n');
			continue;
		}
		/* "- Due: 2024-11-20" as a line of its own, under the item */
		if (!later[0] && i < len && strchr("-*+", p[i])) {
			size_t d;
			t = indent_of(p + i + 1, len - i - 1) + i + 1;
			if (due_at(p, len, t, &d) == len - t)
				memcpy(later, p + d, 10);
		}
		strbuf_add(&out, p, len);
		strbuf_addch(&out, '\n');
	}
	if (o == OWNER_PERSON && !exact)
		strbuf_addf(&first, " @%s", r->im->handle);
	if (o == OWNER_NONE && r->ctx == CTX_FOR_PERSON)
		strbuf_addf(&first, " @%s", r->im->handle);
	if (o == OWNER_NONE && r->ctx == CTX_FOR_ME)
		strbuf_addstr(&first, " @me");
	if (!has_due && later[0])
		strbuf_addf(&first, " due:%s", later);
	put_line(&s->sec[sec], first.buf, first.len);
	put_block(&s->sec[sec], &out);
	if (sec == SEC_TASKS)
		s->ntasks++;
	else
		s->nasks++;
	strbuf_release(&out);
	strbuf_release(&first);
}

/* Where a checkbox goes in an actions list: by its owner. */
static enum section_kind route(const struct reader *r, enum owner o)
{
	if (r->ctx == CTX_FOR_ME && o == OWNER_NONE)
		return SEC_ASKS;
	if (o == OWNER_ME || o == OWNER_OTHER)
		return SEC_ASKS;
	return SEC_TASKS;
}

/* Report the first line of a block that says something. */
static void report_block(struct reader *r, const struct strbuf *lines)
{
	const char *p = lines->buf, *end = p + lines->len, *nl;
	int line = r->b.line;

	for (; p < end; p = nl + 1, line++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!blank(p, (size_t)(nl - p))) {
			kept(r->im, r->file, line, p, (size_t)(nl - p));
			return;
		}
	}
}

static void flush_block(struct reader *r)
{
	struct strbuf *lines = &r->b.lines;
	size_t text, firstlen;
	int is_item, exact = 0;
	enum owner o = OWNER_NONE;

	if (!lines->len)
		return;
	firstlen = (size_t)((char *)memchr(lines->buf, '\n', lines->len) - lines->buf);
	is_item = r->b.top && checkbox(lines->buf, firstlen, &text);
	if (is_item)
		o = owner_of(r->im, lines->buf + text, firstlen - text, &exact);

	switch (r->ctx) {
	case CTX_PLAIN:
		if (is_item && (r->sec == SEC_TASKS || r->sec == SEC_ASKS))
			put_item(r, r->sec, o, exact);
		else
			put_block(&r->s->sec[r->sec], lines);
		break;
	case CTX_ACTIONS:
	case CTX_FOR_PERSON:
	case CTX_FOR_ME:
		if (is_item) {
			put_item(r, route(r, o), o, exact);
		} else {
			if (!blank(lines->buf, lines->len))
				report_block(r, lines);
			put_block(&r->s->sec[SEC_NOTES], lines);
		}
		break;
	case CTX_NOTES:
	case CTX_KEPT: {
		size_t d;
		int dated = 0;
		if (is_item) {
			size_t i;
			for (i = text; i < firstlen && !dated; i++)
				dated = due_at(lines->buf, firstlen, i, &d) > 0;
		}
		if (is_item && (o != OWNER_NONE || dated)) {
			put_item(r, route(r, o), o, exact);
			break;
		}
		if (r->ctx == CTX_KEPT && !r->reported && !blank(lines->buf, lines->len)) {
			report_block(r, lines);
			r->reported = 1;
		}
		put_block(&r->s->sec[SEC_NOTES], lines);
		break;
	}
	}
	strbuf_reset(lines);
	r->b.top = 0;
}

/* A fence line: ``` or ~~~ (3 or more), at most 3 spaces in. */
static int fence_line(const char *s, size_t len, char *c, size_t *n)
{
	size_t i = indent_of(s, len), k = 0;
	if (i > 3 || i >= len || (s[i] != '`' && s[i] != '~'))
		return 0;
	while (i + k < len && s[i + k] == s[i])
		k++;
	if (k < 3)
		return 0;
	*c = s[i];
	*n = k;
	return 1;
}

static void start_session(struct reader *r, int date, int line,
			  const char *rest, size_t restlen)
{
	struct importer *im = r->im;
	struct import_session *s;
	size_t i;

	ALLOC_GROW(im->s, im->nr + 1, im->alloc);
	s = &im->s[im->nr++];
	memset(s, 0, sizeof(*s));
	for (i = 0; i < SEC__COUNT; i++)
		strbuf_init(&s->sec[i], 0);
	s->date = date;
	s->source = xstrdup(r->file);
	s->line = line;
	while (restlen && strchr(" -:,\t", *rest)) {
		rest++;
		restlen--;
	}
	strbuf_init(&s->title, 0);
	strbuf_add(&s->title, rest, restlen);
	r->s = s;
	r->sec = SEC_NOTES;
	r->ctx = CTX_KEPT;
	r->level = 0;
	r->private_level = 0;
	r->reported = 0;
}

/* Close what a session's reading left open: a fence left open would
 * swallow every session after it, so it is closed where it was opened
 * (at its indentation, so it stays inside its list item); so is an
 * HTML comment. */
static void end_session(struct reader *r)
{
	if (r->fence) {
		size_t i;
		for (i = 0; i < r->fence_indent; i++)
			strbuf_addch(&r->b.lines, ' ');
		for (i = 0; i < r->fence_len; i++)
			strbuf_addch(&r->b.lines, r->fence);
		strbuf_addch(&r->b.lines, '\n');
		r->fence = 0;
	}
	if (r->comment)
		strbuf_addstr(&r->b.lines, "-->\n");
	r->comment = 0;
	flush_block(r);
}

/* A heading kept inside a section, as level 4 so that it starts no
 * section or session of its own; a blank line before it. */
static void sub_heading(struct strbuf *sb, const struct heading *h)
{
	if (sb->len && !(sb->len > 1 && sb->buf[sb->len - 1] == '\n' &&
			 sb->buf[sb->len - 2] == '\n'))
		strbuf_addch(sb, '\n');
	strbuf_addf(sb, "#### %.*s\n", (int)h->len, h->t);
}

static void heading(struct reader *r, const struct heading *h, int line,
		    const char *raw, size_t rawlen)
{
	enum section_kind sec;
	enum ctx ctx;
	struct strbuf *dest;

	flush_block(r);
	if (r->private_level && h->level > r->private_level) {
		sub_heading(&r->s->sec[SEC_PRIVATE], h);
		return;
	}
	r->private_level = 0;
	if (!map_title(r->im, h->t, h->len, &sec, &ctx)) {
		r->sec = sec;
		r->ctx = ctx;
		r->level = h->level;
		r->reported = 0;
		if (sec == SEC_PRIVATE)
			r->private_level = h->level;
		return;
	}
	/* Not a section: a sub-heading of the one above it stays there, as
	 * level 4; any other is kept under Notes. */
	if (!(r->level && h->level > r->level && r->ctx != CTX_KEPT)) {
		kept(r->im, r->file, line, raw, rawlen);
		r->reported = 1;
		r->sec = SEC_NOTES;
		r->ctx = CTX_KEPT;
		r->level = h->level;
	}
	dest = &r->s->sec[r->ctx == CTX_PLAIN ? r->sec : SEC_NOTES];
	sub_heading(dest, h);
}

static void content(struct reader *r, const char *s, size_t len, int line)
{
	char c;
	size_t n;

	if (r->fence) {
		strbuf_add(&r->b.lines, s, len);
		strbuf_addch(&r->b.lines, '\n');
		if (fence_line(s, len, &c, &n) && c == r->fence && n >= r->fence_len &&
		    blank(s + indent_of(s, len) + n, len - indent_of(s, len) - n))
			r->fence = 0;
		return;
	}
	/* A line that is not blank nor indented starts a block: a list
	 * item with what is indented under it, or a paragraph. */
	if (!blank(s, len) && top_level_line(s, len)) {
		flush_block(r);
		r->b.top = 1;
		r->b.line = line;
	} else if (!r->b.lines.len) {
		r->b.line = line;
	}
	/* "<!--" without its "-->": an HTML block to the closing line. */
	if (r->comment && memmem(s, len, "-->", 3))
		r->comment = 0;
	else if (!r->comment && indent_of(s, len) < 4 && len - indent_of(s, len) >= 4 &&
		 !memcmp(s + indent_of(s, len), "<!--", 4) &&
		 !memmem(s + indent_of(s, len) + 4, len - indent_of(s, len) - 4, "-->", 3))
		r->comment = 1;
	if (fence_line(s, len, &c, &n)) {
		r->fence = c;
		r->fence_len = n;
		r->fence_indent = indent_of(s, len);
	}
	strbuf_add(&r->b.lines, s, len);
	strbuf_addch(&r->b.lines, '\n');
}

/* The source's own front matter: kept whole, as a fenced block. */
static const char *front_matter(struct reader *r, const char *p, const char *end,
				int *line)
{
	const char *q = p, *e, *next;
	struct strbuf *notes = &r->s->sec[SEC_NOTES];
	int n = *line;

	e = line_end(q, end, &next);
	if (e - q != 3 || strncmp(q, "---", 3))
		return p;
	for (q = next, n++; q < end; q = next, n++) {
		e = line_end(q, end, &next);
		if ((e - q == 3 && (!strncmp(q, "---", 3) || !strncmp(q, "...", 3))))
			break;
	}
	if (q >= end)
		return p;         /* not closed: not front matter */
	kept(r->im, r->file, *line, "front matter (as a yaml block)", 30);
	strbuf_addstr(notes, "````yaml\n");
	for (q = p; q <= e && q < end; q = next) {
		const char *le = line_end(q, end, &next);
		strbuf_add(notes, q, (size_t)(le - q));
		strbuf_addch(notes, '\n');
	}
	strbuf_addstr(notes, "````\n");
	*line = n + 1;
	return next;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* "2024-11-13 John Appleseed.md": the date, and the name after it. */
static int dated_name(const char *path, int *days, char **name)
{
	const char *b = base_name(path);
	size_t len = strlen(b), used;

	if (len > 3 && !strcasecmp(b + len - 3, ".md"))
		len -= 3;
	if (!(used = import_date(b, len, days)))
		return 0;
	b += used;
	len -= used;
	while (len && strchr(" -_,.", *b)) {
		b++;
		len--;
	}
	*name = len ? xstrndup(b, len) : NULL;
	return 1;
}

/* "Priya Raman.md", a file of one person's notes named after them: two
 * to four capitalised words.  NULL for "notes.md" or "1on1s.md". */
static char *name_stem(const char *path)
{
	const char *b = base_name(path), *p;
	size_t len = strlen(b);
	int words = 0, start = 1;

	if (len > 3 && !strcasecmp(b + len - 3, ".md"))
		len -= 3;
	for (p = b; p < b + len; p++) {
		if (*p == ' ') {
			if (start)
				return NULL;
			start = 1;
		} else if (start) {
			if (*p < 'A' || *p > 'Z')
				return NULL;
			words++;
			start = 0;
		} else if (!((*p >= 'a' && *p <= 'z') || *p == '-' || *p == '\'' ||
			     (unsigned char)*p >= 0x80)) {
			return NULL;
		}
	}
	return words >= 2 && words <= 4 && !start ? xstrndup(b, len) : NULL;
}

static int read_text(const char *path, struct strbuf *sb)
{
	if (strbuf_read_file(sb, path, IMPORT_LIMIT))
		return error("cannot read %s: %s", path,
			     errno == EFBIG ? "it is over 16 MiB" : strerror(errno));
	if (memchr(sb->buf, '\0', sb->len))
		return error("%s holds a NUL byte: it is not a text file; import only the notes",
			     path);
	return 0;
}

/* Does any heading of the text start with a date? */
static int has_dated_heading(const char *p, const char *end)
{
	const char *e, *next;
	struct heading h;
	int days;

	for (; p < end; p = next) {
		e = line_end(p, end, &next);
		if (atx_heading(p, (size_t)(e - p), &h) && import_date(h.t, h.len, &days))
			return 1;
	}
	return 0;
}

static int import_file(struct importer *im, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	struct reader r;
	const char *p, *end, *e, *next;
	char *name = NULL;
	int days, line = 1, per_meeting, rc = -1;

	memset(&r, 0, sizeof(r));
	r.im = im;
	r.file = path;
	strbuf_init(&r.b.lines, 0);
	if (read_text(path, &sb))
		goto done;
	p = sb.buf;
	end = sb.buf + sb.len;
	if (sb.len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	per_meeting = dated_name(path, &days, &name);
	if (!per_meeting && !has_dated_heading(p, end)) {
		error("%s: its name does not start with a date and no heading in it does; name a meeting's file as '2024-11-13 Name.md' or head each meeting with its date, as '# 2024-11-13'",
		      path);
		goto done;
	}
	if (!per_meeting)
		name = name_stem(path);
	if (name && !im->guessed_name && safe_unsafe_at(name, strlen(name)) == strlen(name))
		im->guessed_name = xstrdup(name);
	/* Lines before the first meeting (a title, an intro) go with it. */
	if (per_meeting) {
		start_session(&r, days, 1, "", 0);
	} else {
		const char *q;
		int n = 1;
		for (q = p; q < end; q = next, n++) {
			struct heading h;
			size_t used;
			e = line_end(q, end, &next);
			if (atx_heading(q, (size_t)(e - q), &h) &&
			    (used = import_date(h.t, h.len, &days))) {
				start_session(&r, days, n, h.t + used, h.len - used);
				break;
			}
		}
	}
	p = front_matter(&r, p, end, &line);
	for (; p < end; p = next, line++) {
		struct heading h;
		size_t len, used;
		e = line_end(p, end, &next);
		len = (size_t)(e - p);
		if (!r.fence && atx_heading(p, len, &h)) {
			if (!per_meeting && (used = import_date(h.t, h.len, &days))) {
				if (line != r.s->line) {
					end_session(&r);
					start_session(&r, days, line, h.t + used, h.len - used);
				}
				continue;
			}
			heading(&r, &h, line, p, len);
			continue;
		}
		content(&r, p, len, line);
	}
	end_session(&r);
	rc = 0;
done:
	free(name);
	strbuf_release(&r.b.lines);
	strbuf_release(&sb);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .md files directly in a folder, in name order; hidden ones (such
 * as .obsidian/) are the tool's, not notes. */
static int import_dir(struct importer *im, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t nr = 0, alloc = 0, i;
	int rc = 0;

	if (!d)
		return error("cannot open %s: %s", dir, strerror(errno));
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 4 || strcasecmp(de->d_name + len - 3, ".md"))
			continue;
		ALLOC_GROW(names, nr + 1, alloc);
		names[nr++] = path_join(dir, de->d_name);
	}
	closedir(d);
	if (!nr)
		rc = error("%s holds no .md files to import", dir);
	qsort(names, nr, sizeof(*names), cmp_str);
	for (i = 0; i < nr; i++) {
		if (!rc)
			rc = import_file(im, names[i]);
		free(names[i]);
	}
	free(names);
	return rc;
}

int importer_add(struct importer *im, const char *path)
{
	struct stat st;

	if (stat(path, &st))
		return error("cannot import %s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return import_dir(im, path);
	return import_file(im, path);
}

static int cmp_session(const void *a, const void *b)
{
	const struct import_session *x = a, *y = b;
	return x->date < y->date ? -1 : x->date > y->date;
}

int importer_sort(struct importer *im)
{
	size_t i;
	char d[11];

	qsort(im->s, im->nr, sizeof(*im->s), cmp_session);
	for (i = 1; i < im->nr; i++)
		if (im->s[i].date == im->s[i - 1].date) {
			date_format(im->s[i].date, d);
			return error("two meetings on %s: %s:%d and %s:%d; merge them into one, or import them one at a time",
				     d, im->s[i - 1].source, im->s[i - 1].line,
				     im->s[i].source, im->s[i].line);
		}
	return 0;
}

/* A section's lines without the blank lines around them. */
static void trimmed(const struct strbuf *sb, const char **s, size_t *len)
{
	const char *b = sb->buf, *e = sb->buf + sb->len;
	while (b < e && (*b == '\n' || *b == ' ' || *b == '\t')) {
		const char *nl = memchr(b, '\n', (size_t)(e - b));
		if (!nl || !blank(b, (size_t)(nl - b)))
			break;
		b = nl + 1;
	}
	while (e > b && (e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*s = b;
	*len = (size_t)(e - b);
}

void import_render(struct strbuf *out, const struct import_session *s,
		   int hide_private)
{
	int k;

	strbuf_addstr(out, "## ");
	strbuf_add_date(out, s->date);
	if (s->title.len) {
		strbuf_addch(out, ' ');
		strbuf_addbuf(out, &s->title);
	}
	strbuf_addch(out, '\n');
	for (k = SEC_REVIEW; k < SEC__COUNT; k++) {
		const char *t;
		size_t len;
		trimmed(&s->sec[k], &t, &len);
		if (!len)
			continue;
		strbuf_addf(out, "\n### %s\n", section_name(k));
		if (k == SEC_PRIVATE && hide_private) {
			long n = 1;
			const char *q;
			for (q = t; q < t + len; q++)
				n += *q == '\n';
			strbuf_addf(out, "<!-- %ld private lines; shown with --include-private -->\n", n);
			continue;
		}
		strbuf_add(out, t, len);
		strbuf_addch(out, '\n');
	}
}

void importer_init(struct importer *im, const char *handle, const char *name)
{
	memset(im, 0, sizeof(*im));
	im->handle = handle;
	im->name = name;
	strbuf_init(&im->kept, 0);
}

void importer_release(struct importer *im)
{
	size_t i;
	int k;

	for (i = 0; i < im->nr; i++) {
		for (k = 0; k < SEC__COUNT; k++)
			strbuf_release(&im->s[i].sec[k]);
		strbuf_release(&im->s[i].title);
		free(im->s[i].source);
	}
	free(im->s);
	free(im->guessed_name);
	strbuf_release(&im->kept);
	memset(im, 0, sizeof(*im));
}
