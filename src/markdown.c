#include "markdown.h"
#include "date.h"
#include "fields.h"
#include "lines.h"
#include "util.h"

#include <cmark.h>
#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

/* Deeper list nesting than this is not ledger structure anyone writes. */
enum { MAX_ITEM_DEPTH = 32 };

struct walker {
	struct person *p;
	struct arena *a;
	struct diag_list *d;
	const char *body;
	size_t len;
	int line_offset;
	const size_t *lines;     /* start offset of each body line */
	size_t nlines;

	struct session *cur, **session_tail;
	struct section *sec, **section_tail;
	struct item **item_tail;
	struct blocker **blocker_tail;
	struct tref **ref_tail;
	int in_meta;             /* between a session heading and its first ### */
	int private_level;       /* level of the Private heading we are under, or 0 */
	struct private_span *span, **span_tail;   /* the open one, and where the next goes */
};

static const char *const section_names[SEC__COUNT] = {
	[SEC_OTHER] = "", [SEC_REVIEW] = "Review", [SEC_WINS] = "Wins",
	[SEC_BLOCKERS] = "Blockers", [SEC_PRIORITIES] = "Priorities",
	[SEC_TASKS] = "Tasks", [SEC_ASKS] = "Asks", [SEC_FEEDBACK] = "Feedback",
	[SEC_GROWTH] = "Growth", [SEC_DECISIONS] = "Decisions",
	[SEC_RISKS] = "Risks", [SEC_NOTES] = "Notes", [SEC_PRIVATE] = "Private",
	[SEC_NEXT] = "Next",
};

const char *section_name(enum section_kind k)
{
	return section_names[k];
}

const char *item_kind_name(enum item_kind k)
{
	static const char *const names[] = { "task", "ask", "priority", "rep" };
	return names[k];
}

/* Body line `line` (1-based) from byte column `col` (1-based), without
 * its line ending and trailing blanks.  Returns 0 when out of range. */
static int line_at(struct walker *w, int line, int col, const char **s,
		   size_t *len)
{
	size_t start, end;
	if (line < 1 || (size_t)line > w->nlines)
		return 0;
	start = w->lines[line - 1];
	end = (size_t)line < w->nlines ? w->lines[line] : w->len;
	while (end > start && (w->body[end - 1] == '\n' || w->body[end - 1] == '\r'))
		end--;
	if (col > 1)
		start += (size_t)col - 1;
	if (start > end)
		start = end;
	while (end > start && (w->body[end - 1] == ' ' || w->body[end - 1] == '\t'))
		end--;
	*s = w->body + start;
	*len = end - start;
	return 1;
}

static struct pos file_pos(struct walker *w, int line, int col)
{
	struct pos p = { line + w->line_offset, col };
	return p;
}

static void skip_blanks(const char **s, size_t *len, int *col)
{
	while (*len && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
		(*col)++;
	}
}

/* Does s start with the word `prefix` (case-insensitive)? Then skip it. */
static int take_prefix(const char **s, size_t *len, int *col, const char *prefix)
{
	size_t n = strlen(prefix);
	if (*len < n || strncasecmp(*s, prefix, n))
		return 0;
	if (*len > n && (*s)[n] != ' ' && (*s)[n] != '\t')
		return 0;
	*s += n;
	*len -= n;
	*col += (int)n;
	skip_blanks(s, len, col);
	return 1;
}

/* ---- sessions and sections ---- */

static struct text heading_text(struct walker *w, cmark_node *h, int *col)
{
	struct text t = { "", 0 };
	const char *s;
	size_t len;

	*col = cmark_node_get_start_column(h);
	if (!line_at(w, cmark_node_get_start_line(h), *col, &s, &len))
		return t;
	if (len && *s == '#') {          /* ATX: "## title ##" */
		while (len && *s == '#') {
			s++;
			len--;
			(*col)++;
		}
		skip_blanks(&s, &len, col);
		while (len && s[len - 1] == '#')
			len--;
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
	}
	t.s = s;
	t.len = len;
	return t;
}

/* What is private ends on the line before `line`. */
static void end_private(struct walker *w, int line)
{
	if (w->span)
		w->span->last = line - 1;
	w->span = NULL;
	w->private_level = 0;
}

static void end_session(struct walker *w, int line)
{
	w->cur = NULL;
	w->sec = NULL;
	w->in_meta = 0;
	end_private(w, line);
}

static void start_session(struct walker *w, cmark_node *h, struct text t,
			  int col, size_t wordlen)
{
	struct session *s = ARENA_NEW(w->a, struct session);
	enum date_status st;

	s->pos = file_pos(w, cmark_node_get_start_line(h), col);
	s->date_text.s = arena_strndup(w->a, t.s, wordlen);
	s->date_text.len = wordlen;
	st = date_parse(t.s, wordlen, &s->date);
	s->date_ok = st == DATE_OK;
	if (st == DATE_INVALID)
		diag_add(w->d, R_DATE, s->pos.line, s->pos.col,
			 "session date %.*s is not a real date (check the month and day)",
			 (int)wordlen, t.s);
	else if (st == DATE_MALFORMED)
		diag_add(w->d, R_DATE, s->pos.line, s->pos.col,
			 "session date %.*s is not YYYY-MM-DD (write it as 2026-11-20)",
			 (int)(wordlen > 40 ? 40 : wordlen), t.s);
	t.s += wordlen;
	t.len -= wordlen;
	while (t.len && (*t.s == ' ' || *t.s == '\t')) {
		t.s++;
		t.len--;
	}
	s->title.s = arena_strndup(w->a, t.s, t.len);
	s->title.len = t.len;

	*w->session_tail = s;
	w->session_tail = &s->next;
	w->p->nsessions++;
	w->cur = s;
	w->sec = NULL;
	w->section_tail = &s->sections;
	w->item_tail = &s->items;
	w->blocker_tail = &s->blockers;
	w->ref_tail = &s->refs;
	w->in_meta = 1;
}

/* Length of a leading date-like word ("2026-11-20", "2026-1-5"), or 0. */
static size_t datelike(struct text t)
{
	size_t n = 0;
	while (n < t.len && ((t.s[n] >= '0' && t.s[n] <= '9') || t.s[n] == '-'))
		n++;
	if (n < 5 || t.s[4] != '-' || (n < t.len && t.s[n] != ' ' && t.s[n] != '\t'))
		return 0;
	for (size_t i = 0; i < 4; i++)
		if (t.s[i] < '0' || t.s[i] > '9')
			return 0;
	return n;
}

/* Where a heading's words start, after what decorates it: emphasis, an
 * emoji, punctuation ("### 📝 Notes", "### **Wins**"). */
static size_t skip_decoration(struct text t)
{
	size_t i = 0;
	while (i < t.len && !((t.s[i] >= 'a' && t.s[i] <= 'z') ||
			      (t.s[i] >= 'A' && t.s[i] <= 'Z') ||
			      (t.s[i] >= '0' && t.s[i] <= '9')))
		i++;
	return i;
}

/* The section a level-3 title names: the whole title, in any case, with
 * its decoration and a trailing colon (or closing emphasis) ignored. */
static enum section_kind section_kind_of(struct text t)
{
	size_t i = skip_decoration(t), len = t.len;
	int k;
	while (len > i && strchr("*_~`: \t", t.s[len - 1]))
		len--;
	for (k = 1; k < SEC__COUNT; k++)
		if (strlen(section_names[k]) == len - i &&
		    !strncasecmp(section_names[k], t.s + i, len - i))
			return (enum section_kind)k;
	return SEC_OTHER;
}

/* ---- privacy (thread(5), PRIVACY) ---- */

static int word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c & 0x80);
}

/* Does `word` stand in t at i, as a whole word (case-insensitive)? */
static int word_at(struct text t, size_t i, const char *word)
{
	size_t n = strlen(word);
	return t.len - i >= n && !strncasecmp(t.s + i, word, n) &&
	       (i == 0 || !word_char(t.s[i - 1])) &&
	       (t.len - i == n || !word_char(t.s[i + n]));
}

/*
 * The rule: a heading is Private when its first word is "Private" (or
 * "Confidential"), in any case, after whatever decorates it - emphasis,
 * an emoji, punctuation.  "### *Private*", "#### private notes:",
 * "### 🔒 Private (manager only)" all are; "### Notes (private)" is not.
 */
/* Does `word` start t at i and end there as a word?  What comes before
 * i is decoration, however close it stands ("🔒Private"). */
static int starts_word(struct text t, size_t i, const char *word)
{
	size_t n = strlen(word);
	return t.len - i >= n && !strncasecmp(t.s + i, word, n) &&
	       (t.len - i == n || !word_char(t.s[i + n]));
}

static int private_heading(struct text t)
{
	size_t i = skip_decoration(t);
	return starts_word(t, i, "private") || starts_word(t, i, "confidential");
}

/* Words that say "keep this to yourself" somewhere other than first. */
static const char *looks_private(struct text t)
{
	static const char *const words[] = {
		"private", "privately", "confidential", "sensitive", "secret",
		"personal", "manager only", "manager-only", "managers only",
		"do not share", "don't share", "not for sharing", "not to share",
		"off the record", "eyes only", "just for me", "only for me", NULL
	};
	size_t i, k;
	for (i = 0; i < t.len; i++) {
		/* a word starts here, with a letter one of the words starts with */
		if ((i && word_char(t.s[i - 1])) || !strchr("pcsmdnoej", t.s[i] | 0x20))
			continue;
		for (k = 0; words[k]; k++)
			if (word_at(t, i, words[k]))
				return words[k];
	}
	return NULL;
}

/* Everything under a Private heading, to the next heading of the same or
 * a higher level, is private; a heading that only looks private is told. */
static void note_privacy(struct walker *w, int level, struct text t,
			 struct pos pos)
{
	const char *word;
	if (w->private_level && level <= w->private_level)
		end_private(w, pos.line);
	if (w->private_level)
		return;
	if (private_heading(t)) {
		w->private_level = level;
		w->cur->has_private = 1;
		w->span = ARENA_NEW(w->a, struct private_span);
		w->span->first = pos.line;
		w->span->last = INT_MAX;
		*w->span_tail = w->span;
		w->span_tail = &w->span->next;
	} else if ((word = looks_private(t)) != NULL) {
		/* The heading is not quoted: it may itself say something private. */
		diag_add(w->d, R_PRIVATE_HEADING, pos.line, pos.col,
			 "this heading says '%s', but what is under it is shared: only a heading that starts with Private (or Confidential) keeps it out of follow-ups and digests (write '%.*s Private ...', or reword the heading)",
			 word, level, "######");
	}
}

static void on_heading(struct walker *w, cmark_node *h)
{
	int level = cmark_node_get_heading_level(h), col;
	struct text t;
	size_t n;

	if (level <= 2) {
		t = heading_text(w, h, &col);
		end_session(w, file_pos(w, cmark_node_get_start_line(h), col).line);
		if (level == 2 && (n = datelike(t)) > 0) {
			start_session(w, h, t, col, n);
			t = w->cur->title;
			if (looks_private(t))
				diag_add(w->d, R_PRIVATE_HEADING, w->cur->pos.line, w->cur->pos.col,
					 "session heading says '%s', but a session is never private as a whole (put the private notes under '### Private')",
					 looks_private(t));
		}
		return;
	}
	if (!w->cur)
		return;
	t = heading_text(w, h, &col);
	note_privacy(w, level, t, file_pos(w, cmark_node_get_start_line(h), col));
	if (level > 3)
		return;
	w->sec = ARENA_NEW(w->a, struct section);
	w->sec->bullets_tail = &w->sec->bullets;
	w->sec->kind = w->private_level == 3 ? SEC_PRIVATE : section_kind_of(t);
	w->sec->pos = file_pos(w, cmark_node_get_start_line(h), col);
	*w->section_tail = w->sec;
	w->section_tail = &w->sec->next;
	w->in_meta = 0;
}

/* ---- paragraphs ---- */

/* Each line of a paragraph: the first from its start column, the rest from
 * their first non-blank byte (continuation lines are indented). */
#define FOR_EACH_PARA_LINE(w, para, L, s, len, col)                          \
	for (L = cmark_node_get_start_line(para); L <= cmark_node_get_end_line(para); L++) \
		if (col = L == cmark_node_get_start_line(para) ?              \
			cmark_node_get_start_column(para) : 1,                \
		    line_at(w, L, col, &s, &len) &&                           \
		    (skip_blanks(&s, &len, &col), 1))

static void scan_refs(struct walker *w, cmark_node *para)
{
	struct tref **first = w->ref_tail;
	const char *s;
	size_t len;
	int L, col;
	FOR_EACH_PARA_LINE(w, para, L, s, len, col)
		tref_scan(w->a, s, len, L + w->line_offset, col, &w->ref_tail);
	for (; *first; first = &(*first)->next)
		(*first)->anchor = cmark_node_get_start_line(para) + w->line_offset;
}

static int is_safe_path(const char *s, size_t len)
{
	size_t i = 0;
	if (!len || *s == '/')
		return 0;
	while (i < len) {
		size_t j = i;
		while (j < len && s[j] != '/')
			j++;
		if (j - i == 2 && s[i] == '.' && s[i + 1] == '.')
			return 0;
		i = j + 1;
	}
	return 1;
}

/* "sent YYYY-MM-DD HH:MM to ADDRESS", as thread followup --send and
 * --mark-sent write it; anything else after "Follow-up:" is a note the
 * user wrote and is kept, not read. */
static void on_followup_sent(struct walker *w, const char *s, size_t len,
			     struct pos pos)
{
	int day, h, m;

	if (len < 25 || memcmp(s, "sent ", 5) || s[15] != ' ' || s[18] != ':' ||
	    memcmp(s + 21, " to ", 4) ||
	    date_parse(s + 5, 10, &day) != DATE_OK ||
	    !isdigit((unsigned char)s[16]) || !isdigit((unsigned char)s[17]) ||
	    !isdigit((unsigned char)s[19]) || !isdigit((unsigned char)s[20]))
		return;
	h = (s[16] - '0') * 10 + s[17] - '0';
	m = (s[19] - '0') * 10 + s[20] - '0';
	if (h > 23 || m > 59)
		return;
	w->cur->followup_sent = 1;
	w->cur->followup_day = day;
	w->cur->followup_minute = h * 60 + m;
	w->cur->followup_to = arena_strndup(w->a, s + 25, len - 25);
	w->cur->followup_pos = pos;
}

static void on_meta(struct walker *w, cmark_node *para)
{
	const char *s;
	size_t len;
	int L, col;

	FOR_EACH_PARA_LINE(w, para, L, s, len, col) {
		struct pos pos = file_pos(w, L, col);
		if (take_prefix(&s, &len, &col, "Transcript:")) {
			if (!is_safe_path(s, len)) {
				diag_add(w->d, R_TRANSCRIPT_MISSING, pos.line, col,
					 "transcript path '%.*s' must be relative to the repository, without '..' (write transcripts/HANDLE/DATE.txt)",
					 (int)(len > 80 ? 80 : len), s);
				continue;
			}
			w->cur->transcript = arena_strndup(w->a, s, len);
			w->cur->transcript_pos = (struct pos){ pos.line, col };
		} else if (take_prefix(&s, &len, &col, "Type:")) {
			w->cur->type.s = arena_strndup(w->a, s, len);
			w->cur->type.len = len;
		} else if (take_prefix(&s, &len, &col, "Follow-up:")) {
			on_followup_sent(w, s, len, (struct pos){ pos.line, col });
		}
	}
	scan_refs(w, para);
}

/* ---- list items ---- */

static const char *const cont_keys[CONT__COUNT] = {
	[CONT_DONE_WHEN] = "Done when:", [CONT_WHY] = "Why:",
	[CONT_NEXT_STEP] = "Next step:", [CONT_MESSAGE] = "Message:",
};

struct item_read {
	int box, done, prefixed, kind;    /* kind: item_kind, or -1 */
	int badbox;                       /* the length of "[]", "[/]", "[  ]" that
					     starts the text: not a checkbox */
	struct strbuf text;
	struct strbuf cont[CONT__COUNT];
	int has_cont[CONT__COUNT];
	int cur_cont;                     /* field being read, or -1 */
	struct fields f;
};

/* A continuation-field line starts a field; other lines extend the field
 * being read.  Returns 1 when the line belonged to a field. */
static int take_cont_line(struct item_read *r, const char *s, size_t len)
{
	int k, col = 0;
	for (k = 0; k < CONT__COUNT; k++) {
		if (take_prefix(&s, &len, &col, cont_keys[k])) {
			r->cur_cont = k;
			r->has_cont[k] = 1;
			strbuf_add(&r->cont[k], s, len);
			return 1;
		}
	}
	if (r->cur_cont < 0)
		return 0;
	strbuf_addch(&r->cont[r->cur_cont], ' ');
	strbuf_add(&r->cont[r->cur_cont], s, len);
	return 1;
}

/*
 * What people type for a checkbox that CommonMark's task-list syntax (and
 * so thread) does not read as one: "[]", "[  ]", and the one-symbol
 * statuses of Obsidian's task plugins ("[/]" in progress, "[-]" cancelled,
 * "[>]" deferred).  Returns the length of the brackets, or 0.
 */
static int bad_box(const char *s, size_t len)
{
	size_t n = 0;
	if (len >= 2 && s[0] == '[' && s[1] == ']')
		n = 2;
	else if (len >= 3 && s[0] == '[' && s[2] == ']' && s[1] != ' ' &&
		 s[1] != 'x' && s[1] != 'X' && ispunct((unsigned char)s[1]))
		n = 3;
	else if (len >= 4 && !memcmp(s, "[  ]", 4))
		n = 4;
	if (n && (len == n || s[n] == ' ' || s[n] == '\t'))
		return (int)n;
	return 0;
}

static void read_first_line(struct item_read *r, const char **s, size_t *len,
			    int *col)
{
	if (*len >= 3 && (*s)[0] == '[' && (*s)[2] == ']' &&
	    ((*s)[1] == ' ' || (*s)[1] == 'x' || (*s)[1] == 'X') &&
	    (*len == 3 || (*s)[3] == ' ' || (*s)[3] == '\t')) {
		r->box = 1;
		r->done = (*s)[1] != ' ';
		*s += 3;
		*len -= 3;
		*col += 3;
		skip_blanks(s, len, col);
		if (take_prefix(s, len, col, "task:")) {
			r->prefixed = 1;
			r->kind = ITEM_TASK;
		} else if (take_prefix(s, len, col, "ask:")) {
			r->prefixed = 1;
			r->kind = ITEM_ASK;
		}
	} else
		r->badbox = bad_box(*s, *len);
}

/* Read the item's own paragraphs (not its nested lists) into r. */
static void read_item_text(struct walker *w, cmark_node *item,
			   struct item_read *r, int want_fields)
{
	cmark_node *c = cmark_node_first_child(item);
	const char *s;
	size_t len;
	int L, col;

	for (; c; c = cmark_node_next(c)) {
		int first_para = c == cmark_node_first_child(item);
		if (cmark_node_get_type(c) != CMARK_NODE_PARAGRAPH)
			continue;
		FOR_EACH_PARA_LINE(w, c, L, s, len, col) {
			int fl = L + w->line_offset;
			if (first_para && L == cmark_node_get_start_line(c))
				read_first_line(r, &s, &len, &col);
			else if (take_cont_line(r, s, len)) {
				tref_scan(w->a, s, len, fl, col, &r->f.refs_tail);
				continue;
			}
			if (!first_para) {      /* free notes under the item */
				tref_scan(w->a, s, len, fl, col, &r->f.refs_tail);
				continue;
			}
			if (r->text.len)
				strbuf_addch(&r->text, ' ');
			strbuf_add(&r->text, s, len);
			if (want_fields || r->box)
				fields_scan(&r->f, w->a, w->d, s, len, fl, col);
			else
				tref_scan(w->a, s, len, fl, col, &r->f.refs_tail);
		}
	}
}

static int starts_with_word(struct text t, const char *word)
{
	size_t n = strlen(word);
	return t.len >= n && !strncasecmp(t.s, word, n);
}

static struct text keep_text(struct walker *w, struct strbuf *sb)
{
	struct text t;
	t.s = arena_strndup(w->a, sb->buf, sb->len);
	t.len = sb->len;
	return t;
}

static void anchor_refs(struct tref *r, int line)
{
	for (; r; r = r->next)
		r->anchor = line;
}

/* Copy the item's references onto the session's list, which holds all. */
static void share_refs(struct walker *w, struct tref *r)
{
	for (; r; r = r->next) {
		struct tref *c = ARENA_NEW(w->a, struct tref);
		*c = *r;
		c->next = NULL;
		*w->ref_tail = c;
		w->ref_tail = &c->next;
	}
}

/* A heading inside a list item or a block quote makes no section, but a
 * Private one is as private as any: what follows it is under it. */
static void nested_heading(struct walker *w, cmark_node *h)
{
	int col;
	struct text t;

	if (!w->cur)
		return;
	t = heading_text(w, h, &col);
	note_privacy(w, cmark_node_get_heading_level(h), t,
		     file_pos(w, cmark_node_get_start_line(h), col));
}

static void process_item(struct walker *w, cmark_node *node, int depth,
			 struct blocker *parent);

static void process_children(struct walker *w, cmark_node *node, int depth,
			     struct blocker *parent)
{
	cmark_node *c, *i;
	if (depth >= MAX_ITEM_DEPTH)
		return;
	for (c = cmark_node_first_child(node); c; c = cmark_node_next(c))
		if (cmark_node_get_type(c) == CMARK_NODE_LIST)
			for (i = cmark_node_first_child(c); i; i = cmark_node_next(i))
				process_item(w, i, depth + 1, parent);
		else if (cmark_node_get_type(c) == CMARK_NODE_HEADING)
			nested_heading(w, c);
}

static void add_item(struct walker *w, struct item_read *r, struct pos pos,
		     struct text text, struct blocker *parent)
{
	struct item *it = ARENA_NEW(w->a, struct item);
	int k;

	it->kind = (enum item_kind)r->kind;
	it->section = w->sec ? w->sec->kind : SEC_OTHER;
	it->done = r->done;
	it->pos = pos;
	it->text = text;
	it->owner = r->f.owner;
	it->owner_pos = r->f.owner_pos;
	it->mentions = r->f.mentions;
	it->due = r->f.due;
	it->escalate = r->f.escalate;
	it->tags = r->f.tags;
	it->refs = r->f.refs;
	for (k = 0; k < CONT__COUNT; k++)
		if (r->has_cont[k])
			it->cont[k] = keep_text(w, &r->cont[k]);
	it->blocker = parent;
	it->private = w->private_level != 0;
	if (parent && (it->kind == ITEM_TASK || it->kind == ITEM_ASK))
		parent->converted = 1;
	if (it->kind == ITEM_PRIORITY)
		w->cur->npriorities++;
	*w->item_tail = it;
	w->item_tail = &it->next;
}

static struct blocker *add_blocker(struct walker *w, struct item_read *r,
				   struct pos pos, struct text text)
{
	struct blocker *b = ARENA_NEW(w->a, struct blocker);
	b->pos = pos;
	b->text = text;
	b->resolved = r->box && r->done && !r->prefixed;
	b->tags = r->f.tags;
	b->mentions = r->f.mentions;
	b->private = w->private_level != 0;
	*w->blocker_tail = b;
	w->blocker_tail = &b->next;
	return b;
}

static void note_growth(struct section *sec, struct text t)
{
	if (starts_with_word(t, "skill:"))
		sec->has_skill = 1;
	else if (starts_with_word(t, "rep:"))
		sec->has_rep = 1;
	else if (starts_with_word(t, "exposure:"))
		sec->has_exposure = 1;
}

static int kind_from_section(enum section_kind sec, struct text t)
{
	switch (sec) {
	case SEC_TASKS: return ITEM_TASK;
	case SEC_ASKS: return ITEM_ASK;
	case SEC_PRIORITIES: return ITEM_PRIORITY;
	case SEC_GROWTH: return starts_with_word(t, "rep:") ? ITEM_REP : -1;
	default: return -1;
	}
}

/*
 * A checkbox with an owner or a date reads like a commitment; where thread
 * makes no ledger item of it, nobody is reminded of it.  Say where it
 * would be tracked: an item the person owns (or only dated) is a task,
 * anyone else's an ask.
 */
static void warn_untracked(struct walker *w, struct pos pos, const struct fields *f,
			   const char *where, int quoted)
{
	int ask = f->owner && strcmp(f->owner, w->p->handle);
	const char *kind = ask ? "ask" : "task";

	if (!f->owner && !f->due.present && !f->escalate.present)
		return;
	if (quoted)
		diag_add(w->d, R_UNTRACKED_ITEM, pos.line, pos.col,
			 "this checkbox has %s, but %s, so it is not tracked (take it out of the quote, under ### %s)",
			 f->owner ? "an owner" : "a date", where, ask ? "Asks" : "Tasks");
	else if (!w->cur)
		diag_add(w->d, R_UNTRACKED_ITEM, pos.line, pos.col,
			 "this checkbox has %s, but %s, so it is not tracked (move it into a session, under ### %s)",
			 f->owner ? "an owner" : "a date", where, ask ? "Asks" : "Tasks");
	else if (w->private_level)       /* moving it would make it shared */
		diag_add(w->d, R_UNTRACKED_ITEM, pos.line, pos.col,
			 "this checkbox has %s, but %s, so it is not tracked (start it with '[ ] %s:' to track it here, where it stays private)",
			 f->owner ? "an owner" : "a date", where, kind);
	else
		diag_add(w->d, R_UNTRACKED_ITEM, pos.line, pos.col,
			 "this checkbox has %s, but %s, so it is not tracked (move it under ### %s, or start it with '[ ] %s:')",
			 f->owner ? "an owner" : "a date", where, ask ? "Asks" : "Tasks", kind);
}

static const char *untracked_where(enum section_kind sec, int depth)
{
	if (depth > 0)
		return "a nested checkbox is a sub-step of the item above it";
	if (sec == SEC_GROWTH)
		return "only a 'Rep:' checkbox is a ledger item in Growth";
	return "this section holds no ledger items";
}

/* Checkboxes in lists outside any session ("## Agenda", "# Notes"), or
 * (quoted) in a block quote. */
static void warn_list(struct walker *w, cmark_node *list, int depth, int quoted)
{
	const char *where = quoted ?
		"a checkbox in a block quote is quoted, never a ledger item" :
		"it is outside any session (a heading of level 1 or 2 above it ended the session)";
	cmark_node *i, *c;
	if (depth >= MAX_ITEM_DEPTH)
		return;
	for (i = cmark_node_first_child(list); i; i = cmark_node_next(i)) {
		cmark_node *para = cmark_node_first_child(i);
		const char *s;
		size_t len;
		int col = para ? cmark_node_get_start_column(para) : 0;
		struct item_read r;

		if (para && cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH &&
		    line_at(w, cmark_node_get_start_line(para), col, &s, &len)) {
			int line = cmark_node_get_start_line(para) + w->line_offset;
			memset(&r, 0, sizeof(r));
			fields_init(&r.f);
			read_first_line(&r, &s, &len, &col);
			if (r.box) {
				fields_scan(&r.f, w->a, NULL, s, len, line, col);
				warn_untracked(w, file_pos(w, cmark_node_get_start_line(i),
							   cmark_node_get_start_column(i)),
					       &r.f, where, quoted);
			}
		}
		for (c = cmark_node_first_child(i); c; c = cmark_node_next(c))
			if (cmark_node_get_type(c) == CMARK_NODE_LIST)
				warn_list(w, c, depth + 1, quoted);
	}
}

static void process_item(struct walker *w, cmark_node *node, int depth,
			 struct blocker *parent)
{
	enum section_kind sec = w->sec ? w->sec->kind : SEC_OTHER;
	struct pos pos = file_pos(w, cmark_node_get_start_line(node),
				  cmark_node_get_start_column(node));
	int blocker_here = sec == SEC_BLOCKERS && depth == 0;
	struct item_read r;
	struct text text;
	int k;

	memset(&r, 0, sizeof(r));
	r.kind = -1;
	r.cur_cont = -1;
	strbuf_init(&r.text, 0);
	for (k = 0; k < CONT__COUNT; k++)
		strbuf_init(&r.cont[k], 0);
	fields_init(&r.f);

	/* Fields are read only where they can matter: checkbox items (ledger
	 * candidates) and blockers; other bullets only for references. */
	read_item_text(w, node, &r, blocker_here);
	if (r.box && !r.prefixed && depth == 0) {
		struct text t = { r.text.buf, r.text.len };
		r.kind = kind_from_section(sec, t);
	}
	if (r.box && r.kind < 0 && sec != SEC_REVIEW && !blocker_here)
		warn_untracked(w, pos, &r.f, untracked_where(sec, depth), 0);
	if (r.badbox && depth == 0 &&
	    (sec == SEC_TASKS || sec == SEC_ASKS || sec == SEC_PRIORITIES))
		diag_add(w->d, R_UNTRACKED_ITEM, pos.line, pos.col,
			 "'%.*s' is not a checkbox thread reads, so this item is not tracked (write '[ ]' if it is open, '[x]' if it is done)",
			 r.badbox, r.text.buf);
	if (r.kind == ITEM_REP) {          /* the text is what follows "Rep:" */
		size_t n = 4;
		while (n < r.text.len && r.text.buf[n] == ' ')
			n++;
		strbuf_add(&r.text, "", 0);
		memmove(r.text.buf, r.text.buf + n, r.text.len - n + 1);
		strbuf_setlen(&r.text, r.text.len - n);
	}
	text = keep_text(w, &r.text);
	if (depth == 0 && w->sec) {
		struct bullet *b = ARENA_NEW(w->a, struct bullet);
		b->pos = pos;
		b->text = text;
		b->private = w->private_level != 0;
		*w->sec->bullets_tail = b;
		w->sec->bullets_tail = &b->next;
		w->sec->nbullets++;
		if (sec == SEC_GROWTH)
			note_growth(w->sec, r.kind == ITEM_REP ?
				    (struct text){ "rep:", 4 } : text);
	}
	anchor_refs(r.f.refs, pos.line);
	share_refs(w, r.f.refs);
	if (blocker_here)
		parent = add_blocker(w, &r, pos, text);
	/* Review only names what to go over first: never ledger items. */
	if (r.kind >= 0 && sec != SEC_REVIEW)
		add_item(w, &r, pos, text, parent);
	if (blocker_here && r.prefixed)
		parent->converted = 1;

	strbuf_release(&r.text);
	for (k = 0; k < CONT__COUNT; k++)
		strbuf_release(&r.cont[k]);
	process_children(w, node, depth, parent);
}

/* A free-form paragraph of Notes is kept as a bullet of the section, so
 * that prep can show the last session's notes however they were written. */
static void add_note(struct walker *w, cmark_node *para)
{
	struct strbuf sb = STRBUF_INIT;
	struct bullet *b = ARENA_NEW(w->a, struct bullet);
	const char *s;
	size_t len;
	int L, col;

	FOR_EACH_PARA_LINE(w, para, L, s, len, col) {
		if (sb.len)
			strbuf_addch(&sb, ' ');
		strbuf_add(&sb, s, len);
	}
	b->pos = file_pos(w, cmark_node_get_start_line(para),
			  cmark_node_get_start_column(para));
	b->text = keep_text(w, &sb);
	b->private = w->private_level != 0;
	*w->sec->bullets_tail = b;
	w->sec->bullets_tail = &b->next;
	w->sec->nbullets++;
	strbuf_release(&sb);
}

/* Paragraphs anywhere under a block quote or other container. */
static void scan_container(struct walker *w, cmark_node *node)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER &&
		    cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH)
			scan_refs(w, n);
		else if (ev == CMARK_EVENT_ENTER &&
			 cmark_node_get_type(n) == CMARK_NODE_HEADING)
			nested_heading(w, n);
		else if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_LIST &&
			 cmark_node_get_type(cmark_node_parent(n)) == CMARK_NODE_BLOCK_QUOTE)
			warn_list(w, n, 0, 1);
	}
	cmark_iter_free(it);
}

static void on_block(struct walker *w, cmark_node *n)
{
	cmark_node *i;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_HEADING:
		on_heading(w, n);
		break;
	case CMARK_NODE_PARAGRAPH:
		if (!w->cur)
			break;
		if (w->in_meta) {
			on_meta(w, n);
			break;
		}
		scan_refs(w, n);
		if (w->sec && w->sec->kind == SEC_NOTES)
			add_note(w, n);
		break;
	case CMARK_NODE_LIST:
		if (!w->cur) {
			warn_list(w, n, 0, 0);
			break;
		}
		w->in_meta = 0;
		for (i = cmark_node_first_child(n); i; i = cmark_node_next(i))
			process_item(w, i, 0, NULL);
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		if (w->cur)
			scan_container(w, n);
		break;
	default:
		break;
	}
}

/*
 * cmark's memory.  Most of the time cmark spends goes to malloc and free
 * of its nodes and buffers, so each file's tree is bump-allocated from an
 * arena that is dropped whole when the file is read: no per-node frees.
 * cmark_mem passes no context, so the arena of the file being parsed is
 * found through a thread-local (files are parsed on several threads).
 * Each block carries its size in front, for realloc.  The arena is kept
 * from file to file on each thread, up to TREE_KEEP bytes, and freed
 * when the thread ends.
 */
enum { TREE_KEEP = 8 * 1024 * 1024 };

static _Thread_local struct arena *cmark_arena;
static pthread_key_t tree_key;
static pthread_once_t tree_once = PTHREAD_ONCE_INIT;

static void drop_tree_arena(void *a)
{
	arena_release(a);
	free(a);
}

static void make_tree_key(void)
{
	if (pthread_key_create(&tree_key, drop_tree_arena))
		die("cannot create a thread key");
}

static struct arena *tree_arena(void)
{
	struct arena *a;

	pthread_once(&tree_once, make_tree_key);
	a = pthread_getspecific(tree_key);
	if (!a) {
		a = xcalloc(1, sizeof(*a));
		if (pthread_setspecific(tree_key, a))
			die("cannot set a thread key");
	}
	return a;
}

union mem_head {
	size_t size;
	max_align_t align;
};

static void *mem_realloc(void *ptr, size_t size)
{
	union mem_head *h = ptr ? (union mem_head *)ptr - 1 : NULL;
	size_t old = h ? h->size : 0;

	if (size > SIZE_MAX / 2)
		die("out of memory (%zu bytes)", size);
	h = arena_realloc(cmark_arena, h, h ? old + sizeof(*h) : 0,
			  size + sizeof(*h));
	if (size > old)
		h->size = size;
	return h + 1;
}

static void *mem_calloc(size_t n, size_t size)
{
	union mem_head *h;

	if (size && n > SIZE_MAX / 2 / size)
		die("out of memory (%zu x %zu bytes)", n, size);
	h = arena_alloc(cmark_arena, n * size + sizeof(*h));   /* zeroed */
	h->size = n * size;
	return h + 1;
}

static void mem_free(void *ptr)
{
	(void)ptr;      /* freed with the whole arena */
}

static cmark_mem arena_mem = { mem_calloc, mem_realloc, mem_free };

/*
 * A body larger than this is parsed with malloc: the arena cannot give
 * back what cmark frees on the way, which on pathological Markdown adds
 * up to a third more peak memory (bench/hostile.pl: 199 to 254 MB on a
 * megabyte of emphasis runs).  Up to 2 MB the arena's speed wins: thread
 * lsp parses a person file again at every keystroke, and years of weekly
 * notes reach a megabyte (19 ms an edit against 27 ms with malloc,
 * bench/lsp.pl).
 */
enum { ARENA_BODY_MAX = 2 * 1024 * 1024 };

/* The tree of body[0..len), in `a` (NULL: with malloc). */
static cmark_node *parse(struct arena *a, const char *body, size_t len)
{
	cmark_parser *parser;
	cmark_node *doc;

	cmark_arena = a;
	parser = a ? cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, &arena_mem) :
		     cmark_parser_new(CMARK_OPT_DEFAULT);
	cmark_parser_feed(parser, body, len);
	doc = cmark_parser_finish(parser);
	/* in an arena, no cmark_parser_free: the arena goes at once */
	if (!a)
		cmark_parser_free(parser);
	return doc;
}

void markdown_read(struct person *p, struct diag_list *d, const char *body,
		   size_t len, int line_offset, const struct line_index *lines)
{
	struct arena *tree = len <= ARENA_BODY_MAX ? tree_arena() : NULL;
	struct walker w;
	cmark_node *doc, *n;

	memset(&w, 0, sizeof(w));
	w.p = p;
	w.a = &p->arena;
	w.d = d;
	w.body = body;
	w.len = len;
	w.line_offset = line_offset;
	w.session_tail = &p->sessions;
	w.span_tail = &p->private_spans;
	w.lines = lines->start;
	w.nlines = lines->n;

	doc = parse(tree, body, len);
	for (n = cmark_node_first_child(doc); n; n = cmark_node_next(n))
		on_block(&w, n);
	cmark_arena = NULL;
	if (tree)
		arena_reset(tree, TREE_KEEP);   /* no cmark_node_free */
	else
		cmark_node_free(doc);
}
