/*
 * thread transcript import FILE - show the numbered canonical lines a
 * transcript will have, so [t:N-M] references can be written before the
 * closeout that commits it.  Writes nothing.
 *
 * The import is closeout's own (transcript_load.h): with --person, the
 * person's speakers: map applies as it will at closeout, and --speaker
 * as closeout's.  What the reader should know about the lines goes to
 * stderr as notes: which lines continue a speaker their cue did not name,
 * which speakers were ids, how many word-level cues were merged.
 */
#include "command.h"
#include "person.h"
#include "repo.h"
#include "safeout.h"
#include "strbuf.h"
#include "team.h"
#include "transcript.h"
#include "transcript_load.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

static const char *opt_person, *opt_format = "text";
static struct opt_list opt_speakers;
static const char *const formats[] = { "text", "json", NULL };

const char *const transcript_usage[] = {
	"thread transcript import FILE [--person HANDLE] [--speaker ID=NAME]... [--format text|json]",
	NULL
};

const struct option transcript_options[] = {
	OPT_STRING(0, "person", &opt_person, "HANDLE",
		   "apply this person's speakers: map, as closeout will", COMPLETE_HANDLE),
	OPT_LIST(0, "speaker", &opt_speakers, "ID=NAME",
		 "name a transcript speaker (an id, its prefix, or Speaker N): @handle or a name",
		 COMPLETE_NONE),
	OPT_CHOICE(0, "format", &opt_format, "FORMAT", "output format: text or json",
		   formats),
	OPT_END(),
};

/* The parts of a canonical line "[HH:MM:SS] Speaker: text": a speaker
 * holds no ':', so the first one after the stamp ends it. */
static void split_line(const char *s, size_t len, struct strbuf *time,
		       struct strbuf *speaker, const char **text)
{
	const char *close = memchr(s, ']', len);
	const char *colon = memchr(close, ':', len - (size_t)(close - s));

	strbuf_add(time, s + 1, (size_t)(close - s - 1));
	strbuf_add(speaker, close + 2, (size_t)(colon - close - 2));
	*text = colon + 2;
}

static void print_json(const struct strbuf *out, const struct transcript_info *info,
		       const char *file)
{
	struct strbuf sb = STRBUF_INIT, time = STRBUF_INIT, speaker = STRBUF_INIT;
	const char *p = out->buf, *end = out->buf + out->len, *text, *nl, *id;
	int n = 0;

	strbuf_addstr(&sb, "{");
	strbuf_add_json_field(&sb, "file", file);
	strbuf_addstr(&sb, ",\"lines\":[");
	for (; p < end; p = nl + 1, n++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		strbuf_reset(&time);
		strbuf_reset(&speaker);
		split_line(p, (size_t)(nl - p), &time, &speaker, &text);
		strbuf_addf(&sb, "%s{\"n\":%d,", n ? "," : "", n + 1);
		strbuf_add_json_field(&sb, "time", time.buf);
		strbuf_addch(&sb, ',');
		strbuf_add_json_field(&sb, "speaker", speaker.buf);
		strbuf_addstr(&sb, ",\"text\":");
		strbuf_add_json_str(&sb, text, (size_t)(nl - text));
		strbuf_addf(&sb, ",\"continued\":%s,\"backwards\":%s}",
			    info->continued && info->continued[n] ? "true" : "false",
			    info->backwards && info->backwards[n] ? "true" : "false");
	}
	strbuf_addf(&sb, "],\"merged\":%d,\"ids\":[", info->merged);
	for (p = info->ids.buf, n = 0; *p; p = nl + 1, n++) {
		nl = strchr(p, '\n');
		id = memchr(p, '\t', (size_t)(nl - p));
		strbuf_addstr(&sb, n ? ",{\"speaker\":" : "{\"speaker\":");
		strbuf_add_json_str(&sb, p, (size_t)(id - p));
		strbuf_addstr(&sb, ",\"id\":");
		strbuf_add_json_str(&sb, id + 1, (size_t)(nl - id - 1));
		strbuf_addch(&sb, '}');
	}
	strbuf_addstr(&sb, "]}\n");
	safe_write(stdout, sb.buf, sb.len);
	strbuf_release(&sb);
	strbuf_release(&time);
	strbuf_release(&speaker);
}

/* "4, 7-9, 12": the numbers of the lines flagged in v. */
static void add_line_list(struct strbuf *sb, const unsigned char *v, int n)
{
	int i = 0, first;

	while (i < n) {
		if (!v[i]) {
			i++;
			continue;
		}
		for (first = i; i < n && v[i]; i++)
			;
		strbuf_addf(sb, "%s%d", sb->len ? ", " : "", first + 1);
		if (i - 1 > first)
			strbuf_addf(sb, "-%d", i);
	}
}

static void print_notes(const struct transcript_info *info, const char *handle)
{
	struct strbuf lines = STRBUF_INIT;
	const char *p, *nl;

	if (info->continued)
		add_line_list(&lines, info->continued, info->nlines);
	if (lines.len)
		safe_fprintf(stderr, "note: line%s %s: the cue names no speaker; the speaker before it is kept (a long turn split in two)\n",
			strpbrk(lines.buf, ",-") ? "s" : "", lines.buf);
	strbuf_reset(&lines);
	if (info->backwards)
		add_line_list(&lines, info->backwards, info->nlines);
	if (lines.len)
		safe_fprintf(stderr, "note: line%s %s: the time goes back from the line before; the file's order is kept (check the export: two recordings joined?)\n",
			strpbrk(lines.buf, ",-") ? "s" : "", lines.buf);
	if (info->merged)
		safe_fprintf(stderr, "note: word-level cues: %d merged into the lines of their speaker\n",
			info->merged);
	for (p = info->ids.buf; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		safe_fprintf(stderr, "note: %.*s is the id %.*s; name it with --speaker '%.*s=NAME'",
			(int)(strchr(p, '\t') - p), p, (int)(nl - strchr(p, '\t') - 1),
			strchr(p, '\t') + 1, (int)(strchr(p, '\t') - p), p);
		if (handle)
			safe_fprintf(stderr, " or in the speakers: of people/%s.md", handle);
		fputc('\n', stderr);
	}
	strbuf_release(&lines);
}

static int import(const char *file)
{
	struct transcript_info info = TRANSCRIPT_INFO_INIT;
	struct transcript_request rq = { file, NULL, opt_person, NULL, NULL,
					 opt_speakers.v, opt_speakers.nr };
	struct strbuf person = STRBUF_INIT, out = STRBUF_INIT;
	struct person *p = NULL;
	char *root = NULL, *path = NULL;
	const char *s, *nl;
	int n, rc = 2;

	if (!repo_find_root(".", &root))
		rq.root = root;
	if (opt_person) {
		if (!root) {
			error("--person needs a thread repository; run this inside one");
			goto done;
		}
		if (repo_read_person(root, opt_person, REPO_READ, &person, &path))
			goto done;
		if (!(p = person_read(path, opt_person, person.buf, person.len)))
			goto done;
		rq.person = p;
		rq.person_path = path;
	}
	if ((n = transcript_load(&rq, &out, &info)) < 0) {
		rc = n == -2 ? 2 : 1;
		goto done;
	}
	if (!strcmp(opt_format, "json")) {
		print_json(&out, &info, file);
	} else {
		for (s = out.buf, n = 1; *s; s = nl + 1, n++) {
			nl = strchr(s, '\n');
			safe_printf("%d\t%.*s\n", n, (int)(nl - s), s);
		}
	}
	print_notes(&info, opt_person);
	rc = 0;
done:
	transcript_info_release(&info);
	person_free(p);
	free(root);
	free(path);
	strbuf_release(&person);
	strbuf_release(&out);
	return rc;
}

int cmd_transcript(int argc, const char **argv)
{
	int n = parse_options(argc, argv, transcript_options, transcript_usage), rc;

	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n != 2 || strcmp(argv[0], "import")) {
		error("expected: thread transcript import FILE");
		print_usage(stderr, transcript_options, transcript_usage);
		return 2;
	}
	rc = import(argv[1]);
	free(opt_speakers.v);
	return rc;
}
