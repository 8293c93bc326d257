/*
 * lsp_complete.c - textDocument/completion for thread lsp: after '@' the
 * people the notes may name, after '#' the tags in use, after due: and
 * escalate: the dates a checkpoint is usually set to (and a date typed
 * in short, such as "fri" or "+3d", written out), after "### " the
 * section names, and on the line under an item its Done when: or Why:.
 *
 * Every answer replaces exactly what was typed (a textEdit from the
 * start of the word to the cursor), so a client that does not filter
 * still writes the right text.
 */
#include "lsp_at.h"
#include "date.h"
#include "fields.h"
#include "team.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* LSP's CompletionItemKind */
#define KIND_VALUE 12
#define KIND_KEYWORD 14
#define KIND_REFERENCE 18
#define KIND_CONSTANT 21

struct request {
	struct lsp_server *s;
	struct lsp_doc *d;
	size_t off, ls;          /* the cursor, and where its line starts */
	json_t *items;
};

/* Add a CompletionItem that replaces [from, cursor) with `text`. */
static void add(struct request *r, const char *label, int kind, const char *detail,
		size_t from, const char *text, const char *filter)
{
	char sort[16];
	json_t *it;

	snprintf(sort, sizeof(sort), "%04zu", json_array_size(r->items));
	it = json_pack("{s:o, s:i, s:s, s:{s:o, s:o}}",
		       "label", jsonrpc_string(label, strlen(label)), "kind", kind,
		       "sortText", sort,
		       "textEdit", "range", lsp_range_json(r->d, from, r->off),
		       "newText", jsonrpc_string(text, strlen(text)));
	if (detail)
		json_object_set_new(it, "detail", jsonrpc_string(detail, strlen(detail)));
	if (filter)
		json_object_set_new(it, "filterText", jsonrpc_string(filter, strlen(filter)));
	json_array_append_new(r->items, it);
}

/* ---- what completion knows of each person file ------------------- */

/*
 * The name and the shared tags of each person file, kept between
 * requests so that '@' and '#' do not read the whole team at each key:
 * a file is read again only when it changed - on disk (its size, time
 * or inode), or as an open buffer (its length and a hash of its bytes).
 * A large buffer being typed in is the exception: its entry stays as
 * last read, and the session around the cursor (lsp_person_near()) adds
 * what is new in it, so a 1 MB file is not parsed whole at each key.  One
 * server runs per process (its stdio), so the cache is the module's.
 */
struct known {
	char *rel;                       /* people/alice.md */
	unsigned long long key[3];
	char *name;                      /* NULL: none */
	char **tags;
	size_t ntags, alloc;
};
#define TYPING_REREAD (64 * 1024)   /* a buffer under this is read at each key */
static struct known *cache;
static size_t cache_nr, cache_alloc;

static void known_key(const struct team *t, const char *rel, unsigned long long key[3])
{
	const struct repo_overlay_file *ov = repo_overlay_find(t->repo.overlay, rel);
	unsigned long long h = 1469598103934665603ULL;
	struct stat st;
	char *path;
	size_t i;

	if (ov) {
		for (i = 0; i < ov->len; i++)
			h = (h ^ (unsigned char)ov->buf[i]) * 1099511628211ULL;
		key[0] = 1;
		key[1] = ov->len;
		key[2] = h;
		return;
	}
	path = path_join(t->root, rel);
	memset(&st, 0, sizeof(st));
	stat(path, &st);
	free(path);
	key[0] = ((unsigned long long)st.st_mtim.tv_sec << 30) ^ (unsigned long long)st.st_mtim.tv_nsec;
	key[1] = (unsigned long long)st.st_size;
	key[2] = (unsigned long long)st.st_ino;
}

static void known_add_tags(struct known *k, const struct tag *t)
{
	for (; t; t = t->next) {
		ALLOC_GROW(k->tags, k->ntags + 1, k->alloc);
		k->tags[k->ntags++] = xstrdup(t->name);
	}
}

/* The #tags of a bullet's text (a win, a note): the parser keeps fields
 * only for ledger items and blockers. */
static void known_read_bullet(struct known *k, const struct bullet *b)
{
	struct arena a = ARENA_INIT;
	struct fields f;

	fields_init(&f);
	fields_scan(&f, &a, NULL, b->text.s, b->text.len, b->pos.line, b->pos.col);
	known_add_tags(k, f.tags);
	arena_release(&a);
}

/* The tags of p that are not only under a Private heading: of its front
 * matter, items, blockers and every other bullet (Wins, Notes, ...). */
static void known_read_tags(struct known *k, const struct person *p)
{
	const struct session *ss;
	const struct section *sec;
	const struct item *it;
	const struct blocker *b;
	const struct bullet *bu;

	known_add_tags(k, p->tags);
	for (ss = p->sessions; ss; ss = ss->next) {
		for (it = ss->items; it; it = it->next)
			if (team_shows(it->private, 0))
				known_add_tags(k, it->tags);
		for (b = ss->blockers; b; b = b->next)
			if (team_shows(b->private, 0))
				known_add_tags(k, b->tags);
		for (sec = ss->sections; sec; sec = sec->next)
			for (bu = sec->bullets; bu; bu = bu->next)
				if (team_shows(bu->private, 0) && bu->text.s)
					known_read_bullet(k, bu);
	}
}

static void known_clear(struct known *k)
{
	size_t i;

	for (i = 0; i < k->ntags; i++)
		free(k->tags[i]);
	k->ntags = 0;
	free(k->name);
	k->name = NULL;
}

/* The entry of the i-th person file, read again if it changed; `typing`
 * is the document being edited, whose entry is kept as it is when large. */
static struct known *known(struct team *t, size_t i, const struct lsp_doc *typing)
{
	const struct person_file *f = &t->repo.files[i];
	struct strbuf rel = STRBUF_INIT;
	unsigned long long key[3];
	struct known *k = NULL;
	struct person *p;
	const char *path;
	size_t j;

	strbuf_addf(&rel, "people/%s", f->name);
	for (j = 0; j < cache_nr && !k; j++)
		if (!strcmp(cache[j].rel, rel.buf))
			k = &cache[j];
	if (k && typing && typing->text.len > TYPING_REREAD && !strcmp(typing->rel, rel.buf))
		goto done;
	known_key(t, rel.buf, key);
	if (k && !memcmp(k->key, key, sizeof(key)))
		goto done;
	if (!k) {
		ALLOC_GROW(cache, cache_nr + 1, cache_alloc);
		k = &cache[cache_nr++];
		memset(k, 0, sizeof(*k));
		k->rel = xstrdup(rel.buf);
	}
	known_clear(k);
	memcpy(k->key, key, sizeof(key));
	if ((p = team_person(t, i, &path))) {
		if (p->name && p->name[strspn(p->name, " \t\r\n")])
			k->name = xstrdup(p->name);
		known_read_tags(k, p);
		person_free(p);
	}
done:
	strbuf_release(&rel);
	return k;
}

static int usable(const struct person_file *f)
{
	return f->valid_handle && !f->symlink_outside && !f->dangling;
}

/* ---- @handle --------------------------------------------------------- */

/* The name of `handle` as names_of() gives it (names.h): its file's
 * name:, else the one people: gives, else the handle; from the cache. */
static const char *name_of(struct team *t, const struct lsp_doc *d, const char *handle,
			   const struct person *near)
{
	size_t i;

	if (d->handle && !strcmp(d->handle, handle) && near && near->name)
		return near->name;
	for (i = 0; i < t->repo.nfiles; i++)
		if (usable(&t->repo.files[i]) && !strcmp(t->repo.files[i].handle, handle)) {
			struct known *k = known(t, i, d);
			if (k->name)
				return k->name;
			break;
		}
	return config_name(&t->config, handle) ? config_name(&t->config, handle) : handle;
}

static void handles(struct request *r, struct team *t, size_t from)
{
	const struct config *c = &t->config;
	int shift, newest;
	struct person *near = lsp_person_near(r->d, r->off, &shift, &newest);
	size_t i;

	for (i = 0; i < t->repo.nfiles; i++) {
		const struct person_file *f = &t->repo.files[i];
		if (usable(f))
			add(r, f->handle, KIND_REFERENCE, name_of(t, r->d, f->handle, near), from,
			    f->handle, NULL);
	}
	for (i = 0; i < c->npeople; i++)
		add(r, c->people[i], KIND_REFERENCE,
		    c->people_names && c->people_names[i] ? c->people_names[i] : "listed under people:",
		    from, c->people[i], NULL);
	add(r, "me", KIND_REFERENCE, c->me ? name_of(t, r->d, c->me, near) : "you, the manager",
	    from, "me", NULL);
	person_free(near);
}

/* ---- #tag ------------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The tags of the team's front matter, items and blockers; none that only
 * a private note uses.  The buffer being typed in counts as last read,
 * and its session around the cursor as it is now. */
static void tags(struct request *r, struct team *t, size_t from)
{
	struct known all = { NULL, { 0, 0, 0 }, NULL, NULL, 0, 0 };
	int shift, newest;
	struct person *near = lsp_person_near(r->d, r->off, &shift, &newest);
	size_t i, j;

	for (i = 0; i < t->repo.nfiles; i++) {
		struct known *k;
		if (!usable(&t->repo.files[i]))
			continue;
		k = known(t, i, r->d);
		for (j = 0; j < k->ntags; j++) {
			ALLOC_GROW(all.tags, all.ntags + 1, all.alloc);
			all.tags[all.ntags++] = xstrdup(k->tags[j]);
		}
	}
	if (near)
		known_read_tags(&all, near);
	if (all.ntags)
		qsort(all.tags, all.ntags, sizeof(*all.tags), cmp_str);
	/* the tag being typed is in the buffer already: not one in use */
	for (i = 0; i < all.ntags; i++)
		if ((!i || strcmp(all.tags[i], all.tags[i - 1])) &&
		    (strlen(all.tags[i]) != r->off - from ||
		     strncmp(all.tags[i], r->d->text.buf + from, r->off - from)))
			add(r, all.tags[i], KIND_CONSTANT, NULL, from, all.tags[i], NULL);
	known_clear(&all);
	free(all.tags);
	person_free(near);
}

/* ---- due: and escalate: ---------------------------------------------- */

/* The dates a completion offers: each once (the first reason given is
 * the one shown), none before `min` (escalate: is never before due:). */
struct date_offer {
	int seen[4], nseen;
	int min;
};

static void add_date(struct request *r, struct date_offer *o, int days,
		     const char *why, size_t from, const char *filter)
{
	char label[11];
	struct strbuf detail = STRBUF_INIT;
	int i;

	if (days < o->min)
		return;
	for (i = 0; i < o->nseen; i++)
		if (o->seen[i] == days)
			return;
	if (o->nseen < (int)ARRAY_SIZE(o->seen))
		o->seen[o->nseen++] = days;
	date_format(days, label);
	strbuf_addf(&detail, "%s, %s", date_weekday_name(days), why);
	add(r, label, KIND_VALUE, detail.buf, from, label, filter);
	strbuf_release(&detail);
}

/* The item whose text holds `line`: the last one of its session at or
 * above it. */
static const struct item *item_above(const struct person *p, int line)
{
	const struct session *s = lsp_session_at(p, line);
	const struct item *it, *at = NULL;

	for (it = s ? s->items : NULL; it && it->pos.line <= line; it = it->next)
		at = it;
	return at;
}

/* The day of the next 1:1: the newest session's date plus the cadence,
 * as many times as it takes to pass today. */
static int next_meeting(const struct person *p, int newest, int today)
{
	int cadence = p->cadence_days > 0 ? p->cadence_days : 7;
	int day = newest ? newest + cadence : today + cadence;

	while (day <= today)
		day += cadence;
	return day;
}

static void dates(struct request *r, int escalate, size_t from)
{
	struct team t;
	int shift, newest;
	struct person *p = lsp_person_near(r->d, r->off, &shift, &newest);
	const char *typed = r->d->text.buf + from;
	size_t len = r->off - from;
	int today = lsp_today(), day, after = 2;
	struct strbuf why = STRBUF_INIT;
	struct date_offer o = { { 0 }, 0, 0 };
	const struct item *it;

	if (!lsp_team_open(r->s, &t))
		after = t.config.escalate_after;
	team_close(&t);
	it = p ? item_above(p, lsp_line_number(r->d, r->off) - shift) : NULL;
	if (escalate && it && it->due.ok)
		o.min = it->due.days;
	if (len && len != 10 && !date_typed(typed, len, today, &day)) {
		char *f = xstrndup(typed, len);
		strbuf_addf(&why, "\"%s\"", f);
		add_date(r, &o, day, why.buf, from, f);
		free(f);
	}
	if (escalate && it && it->due.ok) {
		strbuf_reset(&why);
		strbuf_addf(&why, "%d working day%s after due:", after, after == 1 ? "" : "s");
		add_date(r, &o, date_add_working_days(it->due.days, after), why.buf, from, NULL);
	}
	if (p) {
		strbuf_reset(&why);
		strbuf_addf(&why, "the next 1:1 (every %d days)",
			    p->cadence_days > 0 ? p->cadence_days : 7);
		add_date(r, &o, next_meeting(p, newest, today), why.buf, from, NULL);
	}
	date_typed("eow", 3, today, &day);
	add_date(r, &o, day, "the end of the week", from, NULL);
	strbuf_release(&why);
	person_free(p);
}

/* ---- ### Section, Done when:, Why: --------------------------------- */

static void sections(struct request *r)
{
	int k;

	for (k = SEC_OTHER + 1; k < SEC__COUNT; k++)
		add(r, section_name(k), KIND_KEYWORD, NULL, r->ls + 4, section_name(k), NULL);
}

/* Is every line from `first` to `last` (1-based) part of a list item's
 * text: not blank and indented? */
static int continues(const struct lsp_doc *d, int first, int last)
{
	int l;

	for (l = first; l <= last; l++) {
		size_t a = lsp_doc_offset_lc(d, l, 1), b = lsp_doc_line_end(d, a);
		if (a == b || (d->text.buf[a] != ' ' && d->text.buf[a] != '\t'))
			return 0;
	}
	return 1;
}

/* On a line under an item with only blanks and part of a field name:
 * the field the item lacks, lined up with its text. */
static void fields(struct request *r, const char *typed, size_t len)
{
	int shift, newest;
	struct person *p = lsp_person_near(r->d, r->off, &shift, &newest);
	int line = lsp_line_number(r->d, r->off);
	const struct item *it = p ? item_above(p, line - 1 - shift) : NULL;
	const char *field = NULL;
	size_t marker, indent;
	char *indented;

	if (!it || !continues(r->d, it->pos.line + shift + 1, line - 1))
		goto done;
	if ((it->kind == ITEM_TASK || it->kind == ITEM_ASK) && !it->cont[CONT_DONE_WHEN].s)
		field = "Done when: ";
	else if (it->kind == ITEM_PRIORITY && !it->cont[CONT_WHY].s)
		field = "Why: ";
	if (!field || len > strlen(field) || strncasecmp(field, typed, len))
		goto done;
	marker = lsp_doc_offset_lc(r->d, it->pos.line + shift, it->pos.col);
	indent = lsp_item_content(r->d, marker) - lsp_line_start(r->d, marker);
	indented = xmalloc(indent + strlen(field) + 1);
	memset(indented, ' ', indent);
	strcpy(indented + indent, field);
	add(r, field, KIND_KEYWORD, it->kind == ITEM_PRIORITY ? "why it matters" :
	    "the definition of done", r->ls, indented, NULL);
	free(indented);
done:
	person_free(p);
}

/* ---- dispatch -------------------------------------------------------- */

static int handle_char(int c)
{
	return isalnum(c) || c == '.' || c == '_' || c == '-';
}

/* Does the text before `at` end with field name `key` at a word start? */
static int after_key(const struct request *r, size_t at, const char *key)
{
	size_t n = strlen(key);

	return at >= r->ls + n && !strncasecmp(r->d->text.buf + at - n, key, n) &&
	       (at == r->ls + n || !handle_char((unsigned char)r->d->text.buf[at - n - 1]));
}

json_t *lsp_completion(struct lsp_server *s, json_t *params, struct lsp_error *err)
{
	struct request r = { s, NULL, 0, 0, NULL };
	const char *buf;
	size_t w, b;
	struct team t;

	r.d = lsp_doc_at(s, params, &r.off, err);
	if (!r.d)
		return NULL;
	r.items = json_array();
	if (r.d->kind != LSP_DOC_PERSON)
		return r.items;
	buf = r.d->text.buf;
	r.ls = lsp_line_start(r.d, r.off);
	for (w = r.off; w > r.ls && handle_char((unsigned char)buf[w - 1]); w--)
		;
	for (b = r.ls; b < r.off && (buf[b] == ' ' || buf[b] == '\t'); b++)
		;
	if (r.off - r.ls >= 4 && !strncmp(buf + r.ls, "### ", 4) && w == r.ls + 4) {
		sections(&r);
	} else if (w > r.ls && (buf[w - 1] == '@' || buf[w - 1] == '#')) {
		int at = buf[w - 1] == '@';
		if (w - 1 > r.ls && (at ? handle_char((unsigned char)buf[w - 2]) :
				     !isspace((unsigned char)buf[w - 2]) && buf[w - 2] != '('))
			return r.items;   /* an e-mail address, or a heading's '#' */
		if (!lsp_team_open(s, &t)) {
			if (at)
				handles(&r, &t, w);
			else
				tags(&r, &t, w);
		}
		team_close(&t);
	} else {
		for (w = r.off; w > r.ls && (handle_char((unsigned char)buf[w - 1]) ||
					     buf[w - 1] == '+'); w--)
			;
		if (after_key(&r, w, "due:"))
			dates(&r, 0, w);
		else if (after_key(&r, w, "escalate:"))
			dates(&r, 1, w);
		else if (b == w && lsp_doc_line_end(r.d, r.off) == r.off)
			fields(&r, buf + b, r.off - b);
	}
	return r.items;
}
