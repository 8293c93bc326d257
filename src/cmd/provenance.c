/*
 * thread provenance FILE:LINE - the transcript lines behind a ledger item.
 *
 * Everything is read from the closeout commit that recorded the item's
 * Provenance trailer: the item as committed, and the transcript blob named
 * by its Transcript trailer.  So the answer holds after the notes or the
 * transcript are edited and committed again.
 */
#include "command.h"
#include "gitstore.h"
#include "lines.h"
#include "person.h"
#include "repo.h"
#include "strbuf.h"
#include "util.h"
#include "safeout.h"

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
	"thread provenance [--format text|json] [--include-private] FILE:LINE", NULL
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

struct found {
	const char *want;        /* "people/alice.md:24" */
	char commit[41];
	long long time;
	int offset;
	char *transcript, *blob; /* from the Transcript trailer */
	char *ranges;            /* "41-44,50" */
	int hit;
};

/* Per commit: remember its Transcript trailer, look for our Provenance. */
static int on_trailer(void *data, const char *key, const char *value)
{
	struct found *f = data;
	size_t n = strlen(f->want);

	if (!strcmp(key, "Transcript")) {
		const char *sp = strchr(value, ' ');
		if (!sp)
			return 0;
		free(f->transcript);
		free(f->blob);
		f->transcript = xstrndup(value, (size_t)(sp - value));
		f->blob = xstrdup(sp + 1);
	} else if (!strcmp(key, "Provenance") && !strncmp(value, f->want, n) &&
		   !strncmp(value + n, " -> ", 4) && !f->ranges) {
		const char *colon = strrchr(value + n + 4, ':');
		if (colon)
			f->ranges = xstrdup(colon + 1);
	}
	return 0;
}

static int on_commit(void *data, const struct gitstore_commit *c)
{
	struct found *f = data;

	free(f->transcript);
	free(f->blob);
	f->transcript = f->blob = NULL;
	if (strncmp(c->message, "closeout: ", 10))
		return 0;
	if (gitstore_trailers(c->message, on_trailer, f) < 0)
		return -1;
	if (!f->ranges)
		return 0;
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

int cmd_provenance(int argc, const char **argv)
{
	struct found f;
	struct gitstore *g = NULL;
	struct strbuf want = STRBUF_INIT, item = STRBUF_INIT, tr = STRBUF_INIT;
	struct repo_item ri;
	char *file = NULL;
	int line, n, rc = 2;

	n = parse_options(argc, argv, provenance_options, provenance_usage);
	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n != 1) {
		error("name one item as FILE:LINE, such as people/alice.md:24");
		return 2;
	}
	if (repo_parse_item(argv[0], REPO_READ, &ri))
		return 2;
	line = ri.line;
	memset(&f, 0, sizeof(f));
	if (gitstore_open(&g, ".")) {
		repo_item_release(&ri);
		return 2;
	}
	file = repo_path(g, ri.path);
	repo_item_release(&ri);
	strbuf_addf(&want, "%s:%d", file, line);
	f.want = want.buf;
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
	free(file);
	strbuf_release(&want);
	strbuf_release(&item);
	strbuf_release(&tr);
	gitstore_free(g);
	return rc;
}
