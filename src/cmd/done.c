/*
 * thread done FILE:LINE | HANDLE TEXT - check an item off in place.
 *
 * Only the checkbox of that one line changes, "[ ]" to "[x]"; every other
 * byte of the file stays as it was, and the file is replaced atomically.
 * The file is locked before it is read, so two thread done at once run
 * one after the other and neither check-off is lost.
 * A TEXT that matches more than one open item lists them and changes
 * nothing.
 *
 * An item under a Private heading is checked off by its FILE:LINE like
 * any other, but its text is printed, and a TEXT matches it, only with
 * --include-private: `done` is run in front of others too (a shared
 * screen, a terminal log), and every other command keeps that rule.
 */
#include "atomic.h"
#include "command.h"
#include "diag.h"
#include "fields.h"
#include "lines.h"
#include "person.h"
#include "repo.h"
#include "strbuf.h"
#include "team.h"
#include "util.h"
#include "safeout.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int opt_private;

const char *const done_usage[] = {
	"thread done FILE:LINE [--include-private]",
	"thread done HANDLE TEXT [--include-private]",
	NULL
};

const struct option done_options[] = {
	OPT_FLAG(0, "include-private", &opt_private,
		 "also match, and print, an item under a Private heading"),
	OPT_END(),
};

static const struct item *item_at(const struct person *p, int line)
{
	const struct session *s;
	const struct item *it;
	for (s = p->sessions; s; s = s->next)
		for (it = s->items; it; it = it->next)
			if (it->pos.line == line)
				return it;
	return NULL;
}

static void plain(const struct item *it, struct strbuf *out)
{
	strbuf_reset(out);
	fields_strip(it->text.s, it->text.len, out);
}

/* Check the item off: "[ ]" after its list marker becomes "[x]". */
static int check_off(struct file_lock *l, const char *path, struct strbuf *buf,
		     const struct item *it)
{
	long at = line_start(buf->buf, buf->len, it->pos.line);
	const char *next, *eol;
	char *p;

	if (at < 0)
		return error("%s:%d: no such line", path, it->pos.line);
	p = buf->buf + at + it->pos.col - 1;
	eol = line_end(p, buf->buf + buf->len, &next);
	p = memchr(p, '[', (size_t)(eol - p));
	if (!p || p[1] != ' ' || p[2] != ']')
		return error("%s:%d: cannot find the item's checkbox", path, it->pos.line);
	p[1] = 'x';
	return lock_replace(l, buf->buf, buf->len);
}

static int finish(struct file_lock *l, const char *path, struct strbuf *buf,
		  const struct item *it)
{
	struct strbuf text = STRBUF_INIT;
	int rc = 0;

	if (team_shows(it->private, opt_private))
		plain(it, &text);
	else
		strbuf_addstr(&text, "(an item under a Private heading)");
	if (it->done)
		safe_printf("%s:%d: already done: %s\n", path, it->pos.line, text.buf);
	else if (check_off(l, path, buf, it))
		rc = 2;
	else
		safe_printf("%s:%d: done: %s\n", path, it->pos.line, text.buf);
	strbuf_release(&text);
	return rc;
}

/* The number of the file's last line (a final line ending starts none). */
static long last_line(const struct strbuf *buf)
{
	return buf->len ? line_of_offset(buf->buf, buf->len - 1) : 0;
}

static int by_line(const char *arg)
{
	struct strbuf buf = STRBUF_INIT;
	struct file_lock lock = FILE_LOCK_INIT;
	struct repo_item ri;
	struct person *p = NULL;
	int rc = 2;

	if (repo_parse_item(arg, REPO_WRITE, &ri))
		return 2;
	if (!lock_read(&lock, ri.path, &buf, 16 * 1024 * 1024))
		p = person_read(ri.path, ri.handle, buf.buf, buf.len);
	if (p) {
		const struct item *it = item_at(p, ri.line);
		if (it)
			rc = finish(&lock, ri.path, &buf, it);
		else if (ri.line > last_line(&buf)) {
			error("%s has no line %d: it ends at line %ld", ri.path, ri.line,
			      last_line(&buf));
			rc = 1;
		} else {
			error("%s:%d is not a task, ask, priority or rep (give the line of its '- [ ]')",
			      ri.path, ri.line);
			rc = 1;
		}
	}
	lock_release(&lock);
	person_free(p);
	repo_item_release(&ri);
	strbuf_release(&buf);
	return rc;
}

static int by_text(const char *handle, const char *needle)
{
	const unsigned flags = TEAM_MATCH_OPEN | (opt_private ? TEAM_MATCH_PRIVATE : 0);
	struct strbuf buf = STRBUF_INIT;
	struct file_lock lock = FILE_LOCK_INIT;
	const struct item *match = NULL;
	const struct session *s = NULL;
	struct person *p = NULL;
	char *root = NULL, *path = NULL;
	int n, rc = 2;

	if (repo_find_root(".", &root)) {
		error("not inside a thread repository; run thread init first");
		return 2;
	}
	if (team_lock_person(root, handle, &lock, &buf, &path) ||
	    !(p = person_read(path, handle, buf.buf, buf.len)))
		goto done;
	n = team_match_items(p, needle, flags, &match, &s);
	if (n == 1) {
		rc = finish(&lock, path, &buf, match);
		goto done;
	}
	rc = 1;
	if (!n) {
		error("no open item of %s matches '%s'%s", handle, needle,
		      opt_private ? "" : " (items under a Private heading match only with --include-private)");
		goto done;
	}
	error("'%s' matches %d open items; nothing changed. Name one by its line:", needle, n);
	team_list_matches(p, needle, flags, "done", path);
done:
	lock_release(&lock);
	person_free(p);
	free(root);
	free(path);
	strbuf_release(&buf);
	return rc;
}

int cmd_done(int argc, const char **argv)
{
	int n = parse_options(argc, argv, done_options, done_usage);

	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n == 1)
		return by_line(argv[0]);
	if (n == 2 && *argv[1])
		return by_text(argv[0], argv[1]);
	print_usage(stderr, done_options, done_usage);
	return 2;
}
