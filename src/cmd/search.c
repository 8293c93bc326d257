/*
 * thread search QUERY - find what was written, or said, across the team.
 *
 * This file reads the options and prints; what the documents are, which
 * of them answer and in what order is search.c's (search.h).
 */
#include "command.h"
#include "date.h"
#include "json.h"
#include "safeout.h"
#include "search.h"
#include "strbuf.h"
#include "team.h"
#include "util.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *opt_person, *opt_section, *opt_kind, *opt_owner, *opt_tag,
	*opt_lifecycle, *opt_since, *opt_until, *opt_speaker;
static const char *opt_format = "text";
static int opt_open, opt_done, opt_notes, opt_transcripts, opt_regex, opt_history,
	opt_private, opt_verbose, opt_files;

static const char *const kinds[] = { "task", "ask", "priority", "rep", "blocker",
	"decision", NULL };
static const char *const formats[] = { "text", "json", NULL };

const char *const search_usage[] = {
	"thread search [options] QUERY",
	"thread search --regex [options] PATTERN",
	NULL
};

const struct option search_options[] = {
	OPT_FLAG(0, "regex", &opt_regex, "QUERY is a PCRE2 pattern, not words"),
	OPT_STRING(0, "person", &opt_person, "HANDLE", "only this person's notes and transcripts",
		   COMPLETE_HANDLE),
	OPT_STRING(0, "section", &opt_section, "SECTION",
		   "only this section: wins, blockers, decisions, feedback, growth, notes, ...",
		   COMPLETE_NONE),
	OPT_CHOICE(0, "kind", &opt_kind, "KIND",
		   "only task, ask, priority, rep, blocker or decision", kinds),
	OPT_FLAG(0, "open", &opt_open, "only open items and unresolved blockers"),
	OPT_FLAG(0, "done", &opt_done, "only checked-off items and resolved blockers"),
	OPT_STRING(0, "owner", &opt_owner, "HANDLE", "only items owned by HANDLE ('me' is you)",
		   COMPLETE_HANDLE),
	OPT_STRING(0, "tag", &opt_tag, "TAG", "only items and blockers with #TAG, or people tagged TAG",
		   COMPLETE_NONE),
	OPT_CHOICE(0, "lifecycle", &opt_lifecycle, "LIFECYCLE",
		   "only sessions held while the person's lifecycle was this", person_lifecycles),
	OPT_STRING(0, "since", &opt_since, "DATE", "only sessions on or after DATE", COMPLETE_DATE),
	OPT_STRING(0, "until", &opt_until, "DATE", "only sessions on or before DATE", COMPLETE_DATE),
	OPT_FLAG(0, "notes", &opt_notes, "only the person files"),
	OPT_FLAG(0, "transcripts", &opt_transcripts, "only the transcripts"),
	OPT_STRING(0, "speaker", &opt_speaker, "NAME", "only transcript lines of this speaker",
		   COMPLETE_NONE),
	OPT_FLAG(0, "history", &opt_history,
		 "also items as they read before an edit, and deleted items"),
	OPT_FLAG(0, "include-private", &opt_private, "also what is under a Private heading"),
	OPT_FLAG('v', "verbose", &opt_verbose, "with each item, the transcript lines it cites"),
	OPT_FLAG('l', "files-with-matches", &opt_files, "list the files that match, not the lines"),
	OPT_CHOICE(0, "format", &opt_format, "FORMAT", "output format: text or json", formats),
	OPT_END(),
};

/* Each file once, in the order of its first hit.  A file is one person's
 * and a person's hits come together, so it is looked for among the files
 * listed since their first hit only. */
static void print_files(const struct search *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, j, *listed = NULL, nlisted = 0, alloc = 0;
	int first = 1;

	strbuf_addstr(&sb, !strcmp(opt_format, "json") ? "{\"files\":[" : "");
	for (i = 0; i < s->nhits; i++) {
		if (i && s->hits[i].person != s->hits[i - 1].person)
			nlisted = 0;
		for (j = 0; j < nlisted; j++)
			if (!strcmp(s->hits[listed[j]].file, s->hits[i].file))
				break;
		if (j < nlisted)
			continue;
		ALLOC_GROW(listed, nlisted + 1, alloc);
		listed[nlisted++] = i;
		if (!strcmp(opt_format, "json")) {
			if (!first)
				strbuf_addch(&sb, ',');
			strbuf_add_json_str(&sb, s->hits[i].file, strlen(s->hits[i].file));
		} else {
			strbuf_addf(&sb, "%s\n", s->hits[i].file);
		}
		first = 0;
	}
	if (!strcmp(opt_format, "json"))
		strbuf_addstr(&sb, "]}\n");
	safe_write(stdout, sb.buf, sb.len);
	strbuf_release(&sb);
	free(listed);
}

static void print_text(const struct search *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, k, last = (size_t)-1;

	for (i = 0; i < s->nhits; i++) {
		const struct search_hit *h = &s->hits[i];
		const struct search_who *w = &s->people[h->person];
		char date[16] = "";
		if (h->person != last) {
			if (last != (size_t)-1)
				strbuf_addch(&sb, '\n');
			strbuf_addstr(&sb, w->handle);
			if (w->name)
				strbuf_addf(&sb, " (%s)", w->name);
			strbuf_addch(&sb, '\n');
			last = h->person;
		}
		if (h->date >= 0)
			date_format(h->date, date);
		strbuf_addf(&sb, "%s:%d: %s  [%s%s%s", h->file, h->line, h->text, date,
			    *date && *h->section ? " " : "", h->section);
		if (h->kind && (!*h->section || strcasecmp(h->kind, h->section)))
			strbuf_addf(&sb, "%s%s", *date || *h->section ? " " : "", h->kind);
		if (h->change)
			strbuf_addf(&sb, ", %s in %.7s", h->change, h->commit);
		strbuf_addstr(&sb, "]\n");
		for (k = 0; k < h->nrefs; k++)
			strbuf_addf(&sb, "    %s %s:%d: %s\n", h->refs_cite ? "cites" : "cited by",
				    h->refs[k].file, h->refs[k].line, h->refs[k].text);
	}
	safe_write(stdout, sb.buf, sb.len);
	strbuf_release(&sb);
}

static void json_refs(struct strbuf *sb, const struct search_hit *h)
{
	size_t k;
	for (k = 0; k < h->nrefs; k++) {
		strbuf_addstr(sb, k ? ",{\"file\":" : "{\"file\":");
		strbuf_add_json_str(sb, h->refs[k].file, strlen(h->refs[k].file));
		strbuf_addf(sb, ",\"line\":%d,\"text\":", h->refs[k].line);
		strbuf_add_json_str(sb, h->refs[k].text, strlen(h->refs[k].text));
		strbuf_addch(sb, '}');
	}
}

static void print_json(const struct search *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_addstr(&sb, "{\"results\":[");
	for (i = 0; i < s->nhits; i++) {
		const struct search_hit *h = &s->hits[i];
		const struct search_who *w = &s->people[h->person];
		strbuf_addstr(&sb, i ? ",\n{" : "\n{");
		strbuf_add_json_field(&sb, "person", w->handle);
		strbuf_addch(&sb, ',');
		strbuf_add_json_field(&sb, "name", w->name);
		strbuf_addch(&sb, ',');
		strbuf_add_json_field(&sb, "file", h->file);
		strbuf_addf(&sb, ",\"line\":%d,", h->line);
		strbuf_add_json_date(&sb, "date", h->date >= 0, h->date);
		strbuf_addch(&sb, ',');
		strbuf_add_json_field(&sb, "section", *h->section ? h->section : NULL);
		strbuf_addch(&sb, ',');
		strbuf_add_json_field(&sb, "kind", h->kind);
		strbuf_addch(&sb, ',');
		strbuf_add_json_field(&sb, "text", h->text);
		strbuf_addf(&sb, ",\"score\":%.4f,\"private\":%s,", h->score,
			    h->private ? "true" : "false");
		strbuf_add_json_field(&sb, "commit", h->change ? h->commit : NULL);
		strbuf_addch(&sb, ',');
		strbuf_add_json_field(&sb, "change", h->change);
		strbuf_addstr(&sb, h->refs_cite ? ",\"cites\":[" : ",\"cited_by\":[");
		json_refs(&sb, h);
		strbuf_addstr(&sb, "]}");
	}
	strbuf_addstr(&sb, "\n]}\n");
	safe_write(stdout, sb.buf, sb.len);
	strbuf_release(&sb);
}

static int check_options(int n, const char **argv, struct search_opts *o)
{
	if (n != 1) {
		error(n ? "give the query as one argument: quote it, as in thread search '\"rollback runbook\" -draft'"
			: "give a query: words, \"a phrase\", -word to exclude, or --regex PATTERN");
		return -1;
	}
	(void)argv;
	if (opt_notes && opt_transcripts)
		return error("--notes and --transcripts exclude each other; give neither to search both");
	if (opt_open && opt_done)
		return error("--open and --done exclude each other; give neither for both");
	if (opt_speaker && opt_notes)
		return error("--speaker is about transcript lines; it cannot go with --notes");
	if (opt_person && *opt_person == '@')
		opt_person++;
	if (opt_since && date_arg("--since", opt_since, &o->since))
		return -1;
	if (opt_until && date_arg("--until", opt_until, &o->until))
		return -1;
	if (opt_section) {
		int k;
		for (k = 1; k < SEC__COUNT; k++)
			if (!strcasecmp(opt_section, section_name(k)))
				break;
		if (k == SEC__COUNT)
			return error("--section %s: not a section; use one of review, wins, blockers, priorities, tasks, asks, feedback, growth, decisions, risks, notes, private, next",
				     opt_section);
		if (k == SEC_PRIVATE && !opt_private)
			return error("--section private shows private notes: add --include-private");
	}
	return 0;
}

int cmd_search(int argc, const char **argv)
{
	struct search_opts o;
	struct search s;
	struct team t;
	int n, rc = 2;

	memset(&o, 0, sizeof(o));
	memset(&s, 0, sizeof(s));
	o.since = o.until = -1;
	n = parse_options(argc, argv, search_options, search_usage);
	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (check_options(n, argv, &o))
		return 2;
	o.person = opt_person;
	o.section = opt_section;
	o.kind = opt_kind;
	o.owner = opt_owner;
	o.tag = opt_tag;
	o.lifecycle = opt_lifecycle;
	o.speaker = opt_speaker;
	o.open = opt_open;
	o.done = opt_done;
	o.notes = opt_notes;
	o.transcripts = opt_transcripts;
	o.history = opt_history;
	o.private = opt_private;
	o.verbose = opt_verbose;
	if (team_open(&t, NULL))
		return 2;
	if (opt_person && !repo_has_person(&t.repo, opt_person)) {
		/* the query is read first, so that its errors come first */
		if (!search_query_init(&s.q, argv[0], opt_regex))
			error("--person %s: there is no people/%s.md; see thread open for the handles",
			      opt_person, opt_person);
		goto done;
	}
	if (search_run(&s, &t, &o, argv[0], opt_regex))
		goto done;
	if (opt_files)
		print_files(&s);
	else if (!strcmp(opt_format, "json"))
		print_json(&s);
	else
		print_text(&s);
	rc = s.failed ? 2 : s.nhits ? 0 : 1;
done:
	search_release(&s);
	team_close(&t);
	return rc;
}
