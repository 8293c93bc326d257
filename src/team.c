#include "team.h"
#include "date.h"
#include "diag.h"
#include "fields.h"
#include "parallel.h"
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

int team_open_at(struct team *t, const char *root, const struct repo_overlay *o,
		 int today)
{
	memset(t, 0, sizeof(*t));
	config_init(&t->config);
	t->today = today;
	t->root = xstrdup(root);
	if (repo_open(&t->repo, t->root))
		return -1;
	t->repo.overlay = o;
	return config_load_overlay(&t->config, t->root, o, NULL);
}

void team_close(struct team *t)
{
	repo_release(&t->repo);
	config_release(&t->config);
	free(t->root);
	memset(t, 0, sizeof(*t));
}

/* A person file read and parsed, and what to print about it. */
struct person_result {
	struct person *p;        /* NULL when it could not be read */
	struct diag_list d;      /* why, when its notes cannot be read */
	char *error;             /* why, when the file cannot be read */
};

/*
 * Read and parse the i-th person file.  Prints nothing (see deliver()):
 * it runs on the reader's threads, several files at once.
 */
static struct person_result *read_one(struct team *t, size_t i)
{
	struct person_file *f = &t->repo.files[i];
	struct person_result *r = xcalloc(1, sizeof(*r));
	struct strbuf sb = STRBUF_INIT, msg = STRBUF_INIT, rel = STRBUF_INIT;
	const struct repo_overlay_file *ov;
	char *people;

	diag_list_init(&r->d, NULL);
	if (!f->valid_handle || f->symlink_outside || f->dangling)
		return r;
	strbuf_addf(&rel, "people/%s", f->name);
	if (!f->path) {
		people = path_join(t->root, "people");
		f->path = path_join(people, f->name);
		free(people);
	}
	ov = repo_overlay_find(t->repo.overlay, rel.buf);
	if (ov) {
		strbuf_add(&sb, ov->buf, ov->len);
	} else if (strbuf_read_file(&sb, f->path, 16 * 1024 * 1024)) {
		strbuf_addf(&msg, "cannot read %s: %s", f->path, strerror(errno));
		r->error = strbuf_detach(&msg, NULL);
		goto done;
	}
	r->p = person_parse(f->handle, sb.buf, sb.len, &r->d);
	if (r->p->unreadable) {
		person_free(r->p);
		r->p = NULL;
		diag_sort(&r->d);
	} else {
		diag_list_clear(&r->d);   /* commands read; lint reports */
	}
done:
	strbuf_release(&sb);
	strbuf_release(&rel);
	return r;
}

static void drop_result(void *data, void *result)
{
	struct person_result *r = result;
	(void)data;
	person_free(r->p);
	diag_list_release(&r->d);
	free(r->error);
	free(r);
}

/* Print why the file could not be read, if so, and hand its person over. */
static struct person *deliver(struct person_file *f, struct person_result *r,
			      const char **path)
{
	struct person *p = r->p;
	struct diag_printer pr;

	*path = f->path;
	if (r->error) {
		error("%s", r->error);
	} else if (!p && r->d.nr) {
		diag_printer_init(&pr, stderr, DIAG_TEXT, 0);
		diag_print(&pr, f->path, &r->d);
	}
	r->p = NULL;
	drop_result(NULL, r);
	return p;
}

static struct person *parse_file(struct team *t, size_t i, const char **path)
{
	return deliver(&t->repo.files[i], read_one(t, i), path);
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

static void *read_work(void *data, size_t i)
{
	return read_one(data, i);
}

int team_read_start(struct team_reader *r, struct team *t)
{
	int jobs = parallel_jobs(0);

	memset(r, 0, sizeof(*r));
	if (jobs < 0)
		return -1;
	r->team = t;
	r->par = parallel_start(t->repo.nfiles, jobs, read_work, drop_result, t);
	return 0;
}

int team_read_next(struct team_reader *r, struct person **p, const char **path,
		   size_t *i)
{
	struct team *t = r->team;

	if (r->next >= t->repo.nfiles)
		return 0;
	*i = r->next++;
	*p = deliver(&t->repo.files[*i], parallel_next(r->par), path);
	return 1;
}

void team_read_finish(struct team_reader *r)
{
	parallel_finish(r->par);
	r->par = NULL;
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
	return parse_file(t, i, path);
}

struct person *team_find(struct team *t, const char *handle, const char **path)
{
	size_t i;
	for (i = 0; i < t->repo.nfiles; i++)
		if (!strcmp(t->repo.files[i].handle, handle))
			return parse_file(t, i, path);
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
