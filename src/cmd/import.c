/*
 * thread import HANDLE PATH... [--name NAME] [--dry-run] - bring notes
 * written elsewhere into people/HANDLE.md.
 *
 * The mapping is importer.c's; this command finds the repository, reads
 * the person file under its lock (or makes a new one), puts the new
 * sessions in date order around the existing ones without changing a
 * byte of those, and writes the file atomically.  It never commits: the
 * user reads the result, lints it, and commits it (git commit, or the
 * next closeout).
 */
#include "atomic.h"
#include "command.h"
#include "config.h"
#include "date.h"
#include "frontmatter.h"
#include "importer.h"
#include "lines.h"
#include "pattern.h"
#include "person.h"
#include "repo.h"
#include "safeout.h"
#include "strbuf.h"
#include "team.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *opt_name, *opt_format = "text";
static int opt_dry_run, opt_private;
static const char *const formats[] = { "text", "json", NULL };

const char *const import_usage[] = {
	"thread import HANDLE PATH... [--name NAME] [--dry-run] [--include-private]\n"
	"                     [--format text|json]",
	NULL
};

const struct option import_options[] = {
	OPT_STRING(0, "name", &opt_name, "NAME",
		   "the person's full name, for a new file and for owners such as @Jo",
		   COMPLETE_NONE),
	OPT_FLAG('n', "dry-run", &opt_dry_run, "show the sessions it would add; write nothing"),
	OPT_FLAG(0, "include-private", &opt_private,
		 "with --dry-run, show the Private sections too"),
	OPT_CHOICE(0, "format", &opt_format, "FORMAT", "output format: text or json", formats),
	OPT_END(),
};

static void add_session(struct strbuf *out, const struct import_session *s,
			const char *eol)
{
	struct strbuf sb = STRBUF_INIT;
	import_render(&sb, s, 0);
	strbuf_add_lines(out, sb.buf, sb.len, eol);
	strbuf_release(&sb);
}

/* A date the file already has is refused: import adds meetings, it
 * never changes one. */
static int check_dates(const struct person *p, const struct importer *im,
		       const char *path)
{
	const struct session *s;
	size_t i;
	char d[11];

	for (i = 0; i < im->nr; i++)
		for (s = p->sessions; s; s = s->next)
			if (s->date_ok && s->date == im->s[i].date) {
				date_format(s->date, d);
				return error("%s:%d already has a session on %s; import never changes a session: leave %s:%d out of the import, or copy it in by hand",
					     path, s->pos.line, d, im->s[i].source,
					     im->s[i].line);
			}
	return 0;
}

/* The existing file with each new session right before the first
 * existing one that is later, the rest at the end. */
static void merge(struct strbuf *out, const struct strbuf *buf, const struct person *p,
		  const struct importer *im)
{
	const struct session *s;
	/* what is added ends its lines as the file does */
	const char *eol = line_ending_at(buf->buf, buf->buf + buf->len);
	size_t from = 0, next = 0;

	for (s = p->sessions; s && next < im->nr; s = s->next) {
		long off;
		if (!s->date_ok || im->s[next].date > s->date)
			continue;
		off = line_start(buf->buf, buf->len, s->pos.line);
		if (off < 0 || (size_t)off < from)
			continue;
		strbuf_add(out, buf->buf + from, (size_t)off - from);
		from = (size_t)off;
		for (; next < im->nr && im->s[next].date < s->date; next++) {
			add_session(out, &im->s[next], eol);
			strbuf_addstr(out, eol);
		}
	}
	strbuf_add(out, buf->buf + from, buf->len - from);
	for (; next < im->nr; next++) {
		if (out->len && out->buf[out->len - 1] != '\n' && out->buf[out->len - 1] != '\r')
			strbuf_addstr(out, eol);
		strbuf_addstr(out, eol);
		add_session(out, &im->s[next], eol);
	}
}

static void new_file(struct strbuf *out, const char *name, const struct importer *im)
{
	size_t i;

	strbuf_addstr(out, "---\nname: ");
	fm_add_scalar(out, name);
	strbuf_addstr(out, "\nconsent: notes-only\n---\n\n# ");
	strbuf_addstr(out, name);
	strbuf_addch(out, '\n');
	for (i = 0; i < im->nr; i++) {
		strbuf_addch(out, '\n');
		add_session(out, &im->s[i], "\n");
	}
}

static int check_name(const char *name)
{
	if (!name || !*name)
		return error("say who it is: --name 'Full Name' (no file name said it)");
	if (strchr(name, '\n') || strchr(name, '\r') ||
	    safe_unsafe_at(name, strlen(name)) != strlen(name))
		return error("--name must be one line of text");
	return 0;
}

static void print_text(const char *path, const struct importer *im, int created)
{
	char first[11], last[11];
	int ntasks = 0, nasks = 0;
	size_t i;

	for (i = 0; i < im->nr; i++) {
		ntasks += im->s[i].ntasks;
		nasks += im->s[i].nasks;
	}
	date_format(im->s[0].date, first);
	date_format(im->s[im->nr - 1].date, last);
	if (opt_dry_run) {
		for (i = 0; i < im->nr; i++) {
			struct strbuf sb = STRBUF_INIT;
			import_render(&sb, &im->s[i], !opt_private);
			safe_printf("%s%s", i ? "\n" : "", sb.buf);
			strbuf_release(&sb);
		}
		safe_printf("\n");
	}
	safe_printf("%s: %s %zu session%s (%s to %s): %d task%s, %d ask%s; %d place%s kept under Notes\n",
		    path, opt_dry_run ? (created ? "would create it with" : "would add")
				      : (created ? "created with" : "added"),
		    im->nr, im->nr == 1 ? "" : "s", first, last, ntasks,
		    ntasks == 1 ? "" : "s", nasks, nasks == 1 ? "" : "s", im->nkept,
		    im->nkept == 1 ? "" : "s");
	if (opt_dry_run)
		safe_printf("nothing written (--dry-run)\n");
	else
		safe_printf("nothing committed: check it with 'thread lint %s', then commit it with git commit or the next thread closeout\n",
			    path);
}

static void print_json(const char *path, const struct importer *im, int created)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_addch(&sb, '{');
	strbuf_add_json_field(&sb, "file", path);
	strbuf_addf(&sb, ",\"created\":%s,\"written\":%s,\"kept\":%d,\"sessions\":[",
		    created ? "true" : "false", opt_dry_run ? "false" : "true", im->nkept);
	for (i = 0; i < im->nr; i++) {
		strbuf_addstr(&sb, i ? ",{" : "{");
		strbuf_add_json_date(&sb, "date", 1, im->s[i].date);
		strbuf_addch(&sb, ',');
		strbuf_add_json_field(&sb, "source", im->s[i].source);
		strbuf_addf(&sb, ",\"line\":%d,\"tasks\":%d,\"asks\":%d}", im->s[i].line,
			    im->s[i].ntasks, im->s[i].nasks);
	}
	strbuf_addstr(&sb, "]}\n");
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_release(&sb);
}

int cmd_import(int argc, const char **argv)
{
	struct importer im;
	struct strbuf buf = STRBUF_INIT, out = STRBUF_INIT, rel = STRBUF_INIT;
	struct file_lock lock = FILE_LOCK_INIT;
	struct person *p = NULL;
	char *root = NULL, *path = NULL;
	const char *handle;
	struct stat st;
	int n, i, created, rc = 2;

	n = parse_options(argc, argv, import_options, import_usage);
	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n < 2) {
		error("name the person and what to import: thread import HANDLE PATH...");
		return 2;
	}
	handle = argv[0];
	if (!pattern_is_handle(handle, strlen(handle))) {
		error("'%s' is not a valid handle: use lowercase letters, digits, '.', '_' or '-', starting with a letter or digit (such as alice-chen)",
		      handle);
		return 2;
	}
	if (opt_name && check_name(opt_name))
		return 2;
	if (repo_find_root(".", &root)) {
		error("not inside a thread repository; run thread init first");
		return 2;
	}
	importer_init(&im, handle, opt_name);
	for (i = 1; i < n; i++)
		if (importer_add(&im, argv[i]))
			goto done;
	if (!im.nr) {
		error("nothing to import");
		goto done;
	}
	if (importer_sort(&im))
		goto done;

	strbuf_addf(&rel, "people/%s.md", handle);
	if (repo_check_path(root, rel.buf, REPO_WRITE))
		goto done;
	path = path_join(root, rel.buf);
	created = lstat(path, &st) && errno == ENOENT;
	if (!created) {
		free(path);
		path = NULL;
		/* Locked before it is read, so no one's change is lost. */
		if (team_lock_person(root, handle, &lock, &buf, &path) ||
		    !(p = person_read(path, handle, buf.buf, buf.len)) ||
		    check_dates(p, &im, path))
			goto done;
		merge(&out, &buf, p, &im);
	} else {
		const char *name = opt_name ? opt_name : im.guessed_name;
		if (check_name(name))
			goto done;
		new_file(&out, name, &im);
	}
	safe_write(stderr, im.kept.buf, im.kept.len);
	if (!opt_dry_run && created &&
	    (make_parent_dirs(path) ||
	     atomic_write(path, out.buf, out.len, config_files_mode(root))))
		goto done;
	if (!opt_dry_run && !created && lock_replace(&lock, out.buf, out.len))
		goto done;
	if (!strcmp(opt_format, "json"))
		print_json(path, &im, created);
	else
		print_text(path, &im, created);
	rc = 0;
done:
	lock_release(&lock);
	person_free(p);
	importer_release(&im);
	free(root);
	free(path);
	strbuf_release(&buf);
	strbuf_release(&out);
	strbuf_release(&rel);
	return rc;
}
