#include "team.h"
#include "date.h"
#include "diag.h"
#include "fields.h"
#include "person.h"
#include "safeout.h"
#include "strbuf.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int team_open(struct team *t, const char *today_arg)
{
	char *cfg;
	int rc;

	memset(t, 0, sizeof(*t));
	config_init(&t->config);
	if (date_today(today_arg, &t->today))
		return -1;
	if (repo_find_root(".", &t->root))
		return error("not inside a thread repository (no .thread.yaml or people/ here or above); run thread init, or cd into one");
	if (repo_open(&t->repo, t->root))
		return -1;
	cfg = path_join(t->root, CONFIG_FILE);
	rc = config_load(&t->config, cfg, NULL);
	free(cfg);
	return rc;
}

void team_close(struct team *t)
{
	repo_release(&t->repo);
	config_release(&t->config);
	free(t->root);
	memset(t, 0, sizeof(*t));
}

static struct person *parse_file(struct team *t, struct person_file *f,
				 const char **path)
{
	struct strbuf sb = STRBUF_INIT;
	struct person *p = NULL;
	char *people;

	if (!f->valid_handle || f->symlink_outside || f->dangling)
		return NULL;
	if (!f->path) {
		people = path_join(t->root, "people");
		f->path = path_join(people, f->name);
		free(people);
	}
	*path = f->path;
	if (strbuf_read_file(&sb, f->path, 16 * 1024 * 1024)) {
		error("cannot read %s: %s", f->path, strerror(errno));
		strbuf_release(&sb);
		return NULL;
	}
	p = person_read(f->path, f->handle, sb.buf, sb.len);
	strbuf_release(&sb);
	return p;
}

struct person *person_read(const char *path, const char *handle,
			   const char *buf, size_t len)
{
	struct diag_list d;
	struct diag_printer pr;
	struct person *p;

	diag_list_init(&d, NULL);
	p = person_parse(handle, buf, len, &d);
	if (p->unreadable) {
		diag_sort(&d);
		diag_printer_init(&pr, stderr, DIAG_TEXT, 0);
		diag_print(&pr, path, &d);
		person_free(p);
		p = NULL;
	}
	diag_list_release(&d);
	return p;
}

int team_lock_person(const char *root, const char *handle, struct file_lock *l,
		     struct strbuf *out, char **path)
{
	/* This first read only checks the handle and names a missing file;
	 * what counts is what is read under the lock. */
	if (repo_read_person(root, handle, REPO_WRITE, out, path))
		return -1;
	strbuf_reset(out);
	return lock_read(l, *path, out, 16 * 1024 * 1024);
}

struct person *team_person(struct team *t, size_t i, const char **path)
{
	return parse_file(t, &t->repo.files[i], path);
}

struct person *team_find(struct team *t, const char *handle, const char **path)
{
	size_t i;
	for (i = 0; i < t->repo.nfiles; i++)
		if (!strcmp(t->repo.files[i].handle, handle))
			return parse_file(t, &t->repo.files[i], path);
	error("there is no people/%s.md; add the person first: thread add %s --name 'Full Name'",
	      handle, handle);
	return NULL;
}

enum rep_state rep_state(const struct item *it, const struct session *s,
			 const struct session *last_held, int today)
{
	if (it->done)
		return REP_YES;
	if (last_held && s->date < last_held->date &&
	    (!it->due.ok || it->due.days < today))
		return REP_NO;
	return REP_NOT_YET;
}

const char *rep_state_name(enum rep_state r)
{
	static const char *const names[] = { "yes", "no", "not yet recorded" };
	return names[r];
}

const char *team_me(const struct team *t)
{
	return t->config.me ? t->config.me : "me";
}

/* Does item `it` match, its plain text left in `text`? */
static int item_matches(const struct item *it, const char *needle, unsigned flags,
			struct strbuf *text)
{
	if ((flags & TEAM_MATCH_OPEN) && it->done)
		return 0;
	if (!team_shows(it->private, flags & TEAM_MATCH_PRIVATE))
		return 0;
	strbuf_reset(text);
	fields_strip(it->text.s, it->text.len, text);
	return strcasestr(text->buf, needle) != NULL;
}

int team_match_items(const struct person *p, const char *needle, unsigned flags,
		     const struct item **it, const struct session **s)
{
	struct strbuf text = STRBUF_INIT;
	const struct session *ss;
	const struct item *i;
	int n = 0;

	for (ss = p->sessions; ss; ss = ss->next)
		for (i = ss->items; i; i = i->next)
			if (item_matches(i, needle, flags, &text)) {
				*it = i;
				*s = ss;
				n++;
			}
	strbuf_release(&text);
	return n;
}

void team_list_matches(const struct person *p, const char *needle, unsigned flags,
		       const char *cmd, const char *path)
{
	struct strbuf text = STRBUF_INIT;
	const struct session *s;
	const struct item *it;

	for (s = p->sessions; s; s = s->next)
		for (it = s->items; it; it = it->next)
			if (item_matches(it, needle, flags, &text))
				safe_fprintf(stderr, "    thread %s %s:%d    # %s %s\n", cmd, path,
					     it->pos.line, item_kind_name(it->kind), text.buf);
	strbuf_release(&text);
}
