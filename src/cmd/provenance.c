/*
 * thread provenance FILE:LINE | HANDLE TEXT - the transcript lines behind
 * a ledger item.
 *
 * Everything is read from the closeout commit that recorded the item's
 * Provenance trailer: the item as committed, and the transcript blob named
 * by its Transcript trailer.  So the answer holds after the notes or the
 * transcript are edited and committed again.  A task or ask nested under a
 * blocker, with no reference of its own, has the blocker's: the discussion
 * of the blocker is where it came from.
 */
#include "command.h"
#include "gitstore.h"
#include "lines.h"
#include "person.h"
#include "repo.h"
#include "strbuf.h"
#include "util.h"
#include "safeout.h"
#include "team.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *opt_format = "text";
static int shallow;              /* a shallow clone: the JSON says so */
static const char *const formats[] = { "text", "json", NULL };
static int opt_private;

const char *const provenance_usage[] = {
	"thread provenance [--format text|json] [--include-private] FILE:LINE",
	"thread provenance [--format text|json] [--include-private] HANDLE TEXT",
	NULL
};

const struct option provenance_options[] = {
	OPT_CHOICE(0, "format", &opt_format, "FORMAT", "output format: text or json",
		   formats),
	OPT_FLAG(0, "include-private", &opt_private,
		 "also an item under a Private heading"),
	OPT_END(),
};

/* Was `line` of the file, as that closeout committed it, private? */
static int private_line(const char *file, const struct strbuf *item, int line)
{
	const char *base = strrchr(file, '/');
	struct person *p = person_parse(base ? base + 1 : file, item->buf, item->len, NULL);
	int private = person_private_at(p, line);
	person_free(p);
	return private;
}

/* A Provenance trailer of one commit, for our file. */
struct trailer {
	int line;
	char *ranges;
};

struct found {
	struct gitstore *g;
	const char *file;        /* "people/alice.md" */
	int line;
	char commit[41];
	long long time;
	int offset;
	char *transcript, *blob; /* from the Transcript trailer */
	char *ranges;            /* "41-44,50" */
	int blocker;             /* the ranges are the blocker's at this line */
	struct trailer *tr;      /* this commit's trailers for file */
	size_t ntr, tr_alloc;
	int hit;
};

static void drop_trailers(struct found *f)
{
	size_t i;
	for (i = 0; i < f->ntr; i++)
		free(f->tr[i].ranges);
	f->ntr = 0;
}

/* "people/alice.md:17 -> transcripts/alice/2026-11-20.txt:4-6", if its
 * file is ours: remember line 17 and "4-6". */
static void add_trailer(struct found *f, const char *value)
{
	size_t n = strlen(f->file);
	const char *colon;
	char *end;
	long line;

	if (strncmp(value, f->file, n) || value[n] != ':' ||
	    value[n + 1] < '1' || value[n + 1] > '9')
		return;
	line = strtol(value + n + 1, &end, 10);
	if (end == value + n + 1 || line < 1 || line > INT_MAX || strncmp(end, " -> ", 4))
		return;
	colon = strrchr(end + 4, ':');
	if (!colon)
		return;
	ALLOC_GROW(f->tr, f->ntr + 1, f->tr_alloc);
	f->tr[f->ntr].line = (int)line;
	f->tr[f->ntr++].ranges = xstrdup(colon + 1);
}

/* Per commit: remember its Transcript trailer and our Provenance ones. */
static int on_trailer(void *data, const char *key, const char *value)
{
	struct found *f = data;

	if (!strcmp(key, "Transcript")) {
		const char *sp = strchr(value, ' ');
		if (!sp)
			return 0;
		free(f->transcript);
		free(f->blob);
		f->transcript = xstrndup(value, (size_t)(sp - value));
		f->blob = xstrdup(sp + 1);
	} else if (!strcmp(key, "Provenance")) {
		add_trailer(f, value);
	}
	return 0;
}

static const char *ranges_of(const struct found *f, int line)
{
	size_t i;
	for (i = 0; i < f->ntr; i++)
		if (f->tr[i].line == line)
			return f->tr[i].ranges;
	return NULL;
}

/* Could a blocker above our line have a trailer here?  If not, the file
 * need not be read: closeouts record the newest session, usually below. */
static int trailer_above(const struct found *f)
{
	size_t i;
	for (i = 0; i < f->ntr; i++)
		if (f->tr[i].line < f->line)
			return 1;
	return 0;
}

/* The line of the blocker the item at f->line is nested under, in the
 * file as commit `id` has it; 0 if none, -1 if it cannot be read. */
static int blocker_line(struct found *f, const char *id)
{
	struct strbuf buf = STRBUF_INIT;
	const char *base = strrchr(f->file, '/');
	const struct session *s;
	const struct item *it;
	struct person *p;
	int line = 0, rc;

	rc = gitstore_read_at(f->g, id, f->file, &buf);
	if (rc) {
		strbuf_release(&buf);
		return rc < 0 ? -1 : 0;
	}
	p = person_parse(base ? base + 1 : f->file, buf.buf, buf.len, NULL);
	for (s = p->sessions; s; s = s->next)
		for (it = s->items; it; it = it->next)
			if (it->pos.line == f->line && it->blocker)
				line = it->blocker->pos.line;
	person_free(p);
	strbuf_release(&buf);
	return line;
}

static int on_commit(void *data, const struct gitstore_commit *c)
{
	struct found *f = data;
	const char *ranges;

	free(f->transcript);
	free(f->blob);
	f->transcript = f->blob = NULL;
	f->blocker = 0;
	drop_trailers(f);
	if (strncmp(c->message, "closeout: ", 10))
		return 0;
	if (gitstore_trailers(c->message, on_trailer, f) < 0)
		return -1;
	if (!f->ntr)
		return 0;
	ranges = ranges_of(f, f->line);
	if (!ranges && trailer_above(f)) {
		f->blocker = blocker_line(f, c->id);
		if (f->blocker < 0)
			return -1;
		if (f->blocker)
			ranges = ranges_of(f, f->blocker);
	}
	if (!ranges)
		return 0;
	f->ranges = xstrdup(ranges);
	memcpy(f->commit, c->id, 41);
	f->time = c->time;
	f->offset = c->offset;
	f->hit = 1;
	return 1;
}

/* Does this line start a new block: a list item or a heading? */
static int starts_block(const char *p)
{
	while (*p == ' ')
		p++;
	if ((*p == '-' || *p == '*' || *p == '+') && (p[1] == ' ' || p[1] == '\t'))
		return 1;
	if (*p == '#')
		return 1;
	while (*p >= '0' && *p <= '9')
		p++;
	return (*p == '.' || *p == ')') && p[1] == ' ';
}

/* The lines of the item or paragraph starting at `line`: it, its more
 * indented continuation lines, and the lines that continue its paragraph. */
static void item_lines(const char *text, int line, struct strbuf *out)
{
	const char *p = text, *end = text + strlen(text), *next, *eol;
	int n = 1, indent = -1;

	for (; p < end; p = next, n++) {
		int in = 0;
		eol = line_end(p, end, &next);
		if (n < line)
			continue;
		while (p + in < eol && (p[in] == ' ' || p[in] == '\t'))
			in++;
		if (indent >= 0 && (p + in == eol || (in <= indent && starts_block(p))))
			break;
		if (indent < 0)
			indent = in;
		strbuf_add(out, p, (size_t)(eol - p));
		strbuf_addch(out, '\n');
	}
}

static int in_ranges(const char *ranges, long n)
{
	const char *p = ranges;
	while (*p) {
		char *end;
		long a = strtol(p, &end, 10), b = a;
		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		if (n >= a && n <= b)
			return 1;
		p = *end == ',' ? end + 1 : end + strlen(end);
	}
	return 0;
}

static void commit_date(const struct found *f, char *buf)
{
	time_t t = (time_t)(f->time + (long long)f->offset * 60);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 11, "%Y-%m-%d", &tm);
}

static void print_json(const struct found *f, const char *file, int line,
		       const struct strbuf *item, const struct strbuf *tr)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p, *nl;
	char date[11];
	long n = 1;
	int first = 1;

	commit_date(f, date);
	strbuf_addstr(&sb, shallow ? "{\"shallow\":true,\"file\":" : "{\"file\":");
	strbuf_add_json_str(&sb, file, strlen(file));
	strbuf_addf(&sb, ",\"line\":%d,\"commit\":\"%s\",\"date\":\"%s\",\"item\":",
		    line, f->commit, date);
	strbuf_add_json_str(&sb, item->buf, item->len);
	strbuf_addstr(&sb, ",\"transcript\":");
	strbuf_add_json_str(&sb, f->transcript, strlen(f->transcript));
	/* Both come from commit trailers, which anyone can write. */
	strbuf_addch(&sb, ',');
	strbuf_add_json_field(&sb, "blob", f->blob);
	strbuf_addch(&sb, ',');
	strbuf_add_json_field(&sb, "ranges", f->ranges);
	if (f->blocker)
		strbuf_addf(&sb, ",\"from_blocker\":%d", f->blocker);
	else
		strbuf_addstr(&sb, ",\"from_blocker\":null");
	strbuf_addstr(&sb, ",\"lines\":[");
	for (p = tr->buf; *p; p = nl ? nl + 1 : p + strlen(p), n++) {
		nl = strchr(p, '\n');
		if (!in_ranges(f->ranges, n))
			continue;
		strbuf_addf(&sb, "%s{\"n\":%ld,\"text\":", first ? "" : ",", n);
		strbuf_add_json_str(&sb, p, nl ? (size_t)(nl - p) : strlen(p));
		strbuf_addch(&sb, '}');
		first = 0;
	}
	strbuf_addstr(&sb, "]}\n");
	safe_write(stdout, sb.buf, sb.len);
	strbuf_release(&sb);
}

static void print_text(const struct found *f, const char *file, int line,
		       const struct strbuf *item, const struct strbuf *tr)
{
	const char *p, *nl;
	char date[11];
	long n = 1;

	commit_date(f, date);
	safe_printf("%s:%d (closeout %.7s on %s)\n", file, line, f->commit, date);
	for (p = item->buf; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		safe_printf("  %.*s\n", (int)(nl - p), p);
	}
	if (f->blocker)
		safe_printf("from the blocker at %s:%d\n", file, f->blocker);
	safe_printf("%s:%s (blob %.7s)\n", f->transcript, f->ranges, f->blob);
	for (p = tr->buf; *p; p = nl ? nl + 1 : p + strlen(p), n++) {
		nl = strchr(p, '\n');
		if (in_ranges(f->ranges, n))
			safe_printf("  %4ld  %.*s\n", n, (int)(nl ? nl - p : (long)strlen(p)), p);
	}
}

/* FILE relative to the repository top, from what the user typed. */
static char *repo_path(struct gitstore *g, const char *file)
{
	char dir[PATH_MAX], *slash = strrchr(file, '/');
	struct strbuf sb = STRBUF_INIT;
	const char *top = gitstore_workdir(g);
	char *d = slash ? xstrndup(file, (size_t)(slash - file)) : xstrdup(".");

	if (!realpath(d, dir)) {
		free(d);
		return xstrdup(file);
	}
	free(d);
	strbuf_addf(&sb, "%s/%s", dir, slash ? slash + 1 : file);
	if (!strncmp(sb.buf, top, strlen(top))) {
		char *rel = xstrdup(sb.buf + strlen(top));
		strbuf_release(&sb);
		return rel;
	}
	strbuf_release(&sb);
	return xstrdup(file);
}

/*
 * HANDLE TEXT: the one item of people/HANDLE.md whose text holds TEXT,
 * as thread done and history find it; *path and *line are set.  Several
 * are listed and none is chosen.  0, 1 (no match or several) or 2.
 */
static int by_text(const char *handle, const char *needle, char **path, int *line)
{
	const unsigned flags = opt_private ? TEAM_MATCH_PRIVATE : 0;
	struct strbuf buf = STRBUF_INIT;
	const struct session *s = NULL;
	const struct item *it = NULL;
	struct person *p = NULL;
	char *root = NULL;
	int n, rc = 2;

	if (repo_find_root(".", &root)) {
		error("not inside a thread repository; run thread init first");
		return 2;
	}
	if (repo_read_person(root, handle, REPO_READ, &buf, path) ||
	    !(p = person_read(*path, handle, buf.buf, buf.len)))
		goto done;
	rc = 1;
	n = team_match_items(p, needle, flags, &it, &s);
	if (n == 1) {
		*line = it->pos.line;
		rc = 0;
	} else if (!n) {
		error("no item of %s matches '%s'", handle, needle);
	} else {
		error("'%s' matches %d items of %s. Name one by its line:", needle, n, handle);
		team_list_matches(p, needle, flags, "provenance", *path);
	}
done:
	person_free(p);
	free(root);
	strbuf_release(&buf);
	return rc;
}

/* FILE:LINE: *path and *line are set.  0 or 2. */
static int by_line(const char *arg, char **path, int *line)
{
	struct repo_item ri;

	if (repo_parse_item(arg, REPO_READ, &ri))
		return 2;
	*path = xstrdup(ri.path);
	*line = ri.line;
	repo_item_release(&ri);
	return 0;
}

int cmd_provenance(int argc, const char **argv)
{
	struct found f;
	struct gitstore *g = NULL;
	struct strbuf want = STRBUF_INIT, item = STRBUF_INIT, tr = STRBUF_INIT;
	char *path = NULL, *file = NULL;
	int line = 0, n, rc;

	memset(&f, 0, sizeof(f));
	n = parse_options(argc, argv, provenance_options, provenance_usage);
	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n < 1 || n > 2 || (n == 2 && !*argv[1])) {
		error("name one item as FILE:LINE, such as people/alice.md:24, or as HANDLE TEXT");
		return 2;
	}
	rc = n == 1 ? by_line(argv[0], &path, &line) : by_text(argv[0], argv[1], &path, &line);
	if (rc)
		goto done;
	rc = 2;
	if (gitstore_open(&g, "."))
		goto done;
	file = repo_path(g, path);
	strbuf_addf(&want, "%s:%d", file, line);
	f.g = g;
	f.file = file;
	f.line = line;
	shallow = gitstore_is_shallow(g);
	if (gitstore_walk(g, on_commit, &f) < 0)
		goto done;
	if (!f.hit) {
		error("no closeout records provenance for %s (closeouts record items that carry [t:] references)",
		      want.buf);
		rc = 1;
		goto done;
	}
	if (gitstore_read_at(g, f.commit, file, &item) ||
	    !f.blob || gitstore_read_blob(g, f.blob, &tr)) {
		error("closeout %.7s names %s, but its objects are missing", f.commit, want.buf);
		goto done;
	}
	if (!opt_private && private_line(file, &item, line)) {
		error("%s is under a Private heading: its provenance is shown only with --include-private",
		      want.buf);
		rc = 1;
		goto done;
	}
	{
		struct strbuf lines = STRBUF_INIT;
		item_lines(item.buf, line, &lines);
		if (!strcmp(opt_format, "json"))
			print_json(&f, file, line, &lines, &tr);
		else
			print_text(&f, file, line, &lines, &tr);
		strbuf_release(&lines);
	}
	rc = 0;
done:
	free(f.transcript);
	free(f.blob);
	free(f.ranges);
	drop_trailers(&f);
	free(f.tr);
	free(path);
	free(file);
	strbuf_release(&want);
	strbuf_release(&item);
	strbuf_release(&tr);
	gitstore_free(g);
	return rc;
}
