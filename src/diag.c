#include "diag.h"
#include "safeout.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const struct rule_info rule_table[R__COUNT] = {
	[R_FRONT_MATTER] = { "front-matter", SEV_ERROR, 0,
		"front matter is not a readable YAML mapping, or a key has a bad value" },
	[R_OWNER] = { "owner", SEV_ERROR, 0,
		"a task, ask, priority or rep has no @handle" },
	[R_CHECKPOINT] = { "checkpoint", SEV_ERROR, 0,
		"a task, ask, priority or rep has no due: date" },
	[R_ASK_ESCALATION] = { "ask-escalation", SEV_ERROR, 0,
		"an ask has no escalate: date" },
	[R_ESCALATION_ORDER] = { "escalation-order", SEV_ERROR, 0,
		"escalate: is earlier than due:" },
	[R_DATE] = { "date", SEV_ERROR, 0,
		"a date that does not exist or is not YYYY-MM-DD" },
	[R_TRANSCRIPT_RANGE] = { "transcript-range", SEV_ERROR, 0,
		"a [t:] reference is malformed, outside the transcript, or has no transcript" },
	[R_TRANSCRIPT_MISSING] = { "transcript-missing", SEV_ERROR, 0,
		"the Transcript: file does not exist" },
	[R_CONSENT] = { "consent", SEV_ERROR, 0,
		"a transcript on a person whose consent is not recorded" },
	[R_UNKNOWN_HANDLE] = { "unknown-handle", SEV_ERROR, 0,
		"an owner or recipient that is no person file, not me, not in people:" },
	[R_BLOCKER_UNCONVERTED] = { "blocker-unconverted", SEV_ERROR, 0,
		"a blocker with no nested task or ask" },
	[R_DONE_WHEN] = { "done-when", SEV_WARNING, 0,
		"a task or ask with no Done when:" },
	[R_PRIORITY_COUNT] = { "priority-count", SEV_WARNING, 0,
		"more than 3 priorities in a session" },
	[R_PRIORITY_WHY] = { "priority-why", SEV_WARNING, 0,
		"a priority with no Why:" },
	[R_GROWTH_INCOMPLETE] = { "growth-incomplete", SEV_WARNING, 0,
		"a Growth section without Skill, Rep or Exposure" },
	[R_NEXT_MISSING] = { "next-missing", SEV_WARNING, 0,
		"a session with no Next list" },
	[R_SESSION_ORDER] = { "session-order", SEV_WARNING, 0,
		"sessions out of date order" },
	[R_OVERDUE] = { "overdue", SEV_WARNING, 1,
		"an open item past its checkpoint" },
	[R_ESCALATION_DUE] = { "escalation-due", SEV_WARNING, 1,
		"an open ask past its escalation checkpoint" },
	[R_CADENCE] = { "cadence", SEV_WARNING, 1,
		"the newest session is older than twice the cadence" },
	[R_CONFIG] = { "config", SEV_ERROR, 0,
		".thread.yaml is unreadable or has a bad key or value" },
	[R_ENCODING] = { "encoding", SEV_ERROR, 0,
		"a file that is not UTF-8 text (invalid bytes, or a NUL byte)" },
	[R_FILE_NAME] = { "file-name", SEV_ERROR, 0,
		"a person file whose name is not a valid handle" },
	[R_SYMLINK] = { "symlink", SEV_ERROR, 0,
		"a person file that is a symlink to outside the repository" },
	[R_TOO_LARGE] = { "too-large", SEV_ERROR, 0,
		"a person file over 16 MiB" },
	[R_TOO_COMPLEX] = { "too-complex", SEV_ERROR, 0,
		"text shaped so that reading it would take too long (thousands of '[' in a paragraph)" },
	[R_PRIVATE_HEADING] = { "private-heading", SEV_WARNING, 0,
		"a heading that looks private but does not start with Private, so what is under it is shared" },
	[R_UNTRACKED_ITEM] = { "untracked-item", SEV_WARNING, 0,
		"a checkbox with an owner or a date where thread tracks no ledger item" },
	[R_UNCITED] = { "uncited", SEV_WARNING, 0,
		"a session with a transcript has ledger items without a [t:] reference (a hint: thread cite finds them)" },
	[R_DRAFT_UNREVIEWED] = { "draft-unreviewed", SEV_ERROR, 0,
		"a line thread draft wrote that is still marked (draft): not yet reviewed" },
};

const char *severity_name(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "off";
}

int rule_lookup(const char *id)
{
	size_t i;
	for (i = 0; i < R__COUNT; i++)
		if (!strcmp(rule_table[i].id, id))
			return (int)i;
	return -1;
}

void severities_default(struct severities *s)
{
	size_t i;
	for (i = 0; i < R__COUNT; i++)
		s->of[i] = rule_table[i].severity;
}

void diag_list_init(struct diag_list *l, const struct severities *sev)
{
	memset(l, 0, sizeof(*l));
	strbuf_init(&l->text, 0);
	l->sev = sev;
}

void diag_list_clear(struct diag_list *l)
{
	l->nr = 0;
	strbuf_reset(&l->text);
}

void diag_list_release(struct diag_list *l)
{
	free(l->v);
	strbuf_release(&l->text);
	memset(l, 0, sizeof(*l));
}

struct diag *diag_add(struct diag_list *l, enum rule_id rule, int line, int col,
		      const char *fmt, ...)
{
	enum severity sev;
	struct diag *d;
	va_list ap;

	if (!l)                  /* the caller reads, and does not judge */
		return NULL;
	sev = l->sev ? l->sev->of[rule] : rule_table[rule].severity;
	if (sev == SEV_OFF)
		return NULL;
	ALLOC_GROW(l->v, l->nr + 1, l->alloc);
	d = &l->v[l->nr++];
	d->line = line;
	d->col = col;
	d->rule = rule;
	d->severity = sev;
	d->msg = l->text.len;
	d->fix = 0;
	va_start(ap, fmt);
	strbuf_vaddf(&l->text, fmt, ap);
	va_end(ap);
	strbuf_addch(&l->text, '\0');
	return d;
}

void diag_suggest(struct diag_list *l, struct diag *d, const char *text)
{
	if (!d)
		return;
	d->fix = l->text.len + 1;
	strbuf_addstr(&l->text, text);
	strbuf_addch(&l->text, '\0');
}

const char *diag_suggestion(const struct diag_list *l, const struct diag *d)
{
	return d->fix ? l->text.buf + d->fix - 1 : NULL;
}

const char *diag_message(const struct diag_list *l, const struct diag *d)
{
	return l->text.buf + d->msg;
}

static int cmp_diag(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	/* Keep insertion order among equals: msg offsets grow. */
	return x->msg < y->msg ? -1 : x->msg > y->msg;
}

void diag_sort(struct diag_list *l)
{
	if (l->nr > 1)
		qsort(l->v, l->nr, sizeof(*l->v), cmp_diag);
}

void diag_printer_init(struct diag_printer *p, FILE *out,
		       enum diag_format format, int color)
{
	memset(p, 0, sizeof(*p));
	p->out = out;
	p->format = format;
	p->color = color;
	if (format == DIAG_JSON)
		fputs("{\"diagnostics\":[", out);
}

/* The path and the message quote the user's files, so they are escaped
 * (safeout.h); only the colour sequences written here reach the terminal. */
static void print_text(struct diag_printer *p, const char *path,
		       const struct diag_list *l, const struct diag *d)
{
	const char *sev = severity_name(d->severity);
	struct strbuf where = STRBUF_INIT, msg = STRBUF_INIT;

	strbuf_add_safe(&where, path, strlen(path));
	strbuf_add_safe(&msg, diag_message(l, d), strlen(diag_message(l, d)));
	if (p->color)
		fprintf(p->out, "\033[1m%s:%d:%d:\033[0m %s%s:\033[0m %s [%s]\n",
			where.buf, d->line, d->col,
			d->severity == SEV_ERROR ? "\033[1;31m" : "\033[1;35m",
			sev, msg.buf, rule_table[d->rule].id);
	else
		fprintf(p->out, "%s:%d:%d: %s: %s [%s]\n", where.buf, d->line,
			d->col, sev, msg.buf, rule_table[d->rule].id);
	strbuf_release(&where);
	strbuf_release(&msg);
}

static void print_json(struct diag_printer *p, const char *path,
		       const struct diag_list *l, const struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	const char *msg = diag_message(l, d);

	strbuf_addstr(&sb, p->printed_any ? ",\n" : "\n");
	strbuf_addstr(&sb, "{\"file\":");
	strbuf_add_json_str(&sb, path, strlen(path));
	strbuf_addf(&sb, ",\"line\":%d,\"column\":%d,\"severity\":\"%s\","
		    "\"rule\":\"%s\",\"message\":", d->line, d->col,
		    severity_name(d->severity), rule_table[d->rule].id);
	strbuf_add_json_str(&sb, msg, strlen(msg));
	strbuf_addch(&sb, '}');
	fwrite(sb.buf, 1, sb.len, p->out);
	strbuf_release(&sb);
	p->printed_any = 1;
}

void diag_print(struct diag_printer *p, const char *path,
		const struct diag_list *l)
{
	size_t i;
	p->files++;
	for (i = 0; i < l->nr; i++) {
		const struct diag *d = &l->v[i];
		if (d->severity == SEV_ERROR)
			p->errors++;
		else
			p->warnings++;
		if (p->format == DIAG_JSON)
			print_json(p, path, l, d);
		else
			print_text(p, path, l, d);
	}
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void diag_printer_finish(struct diag_printer *p, int quiet)
{
	if (p->format == DIAG_JSON)
		fprintf(p->out, "%s],\"files\":%zu,\"errors\":%zu,\"warnings\":%zu}\n",
			p->printed_any ? "\n" : "", p->files, p->errors,
			p->warnings);
	fflush(p->out);
	/* JSON carries its own counts; keep stderr quiet for programs. */
	if (quiet || p->format == DIAG_JSON)
		return;
	if (!p->errors && !p->warnings)
		fprintf(stderr, "%s: %zu %s, no problems\n", progname, p->files,
			plural(p->files, "file", "files"));
	else
		fprintf(stderr, "%s: %zu %s, %zu %s in %zu %s\n", progname,
			p->errors, plural(p->errors, "error", "errors"),
			p->warnings, plural(p->warnings, "warning", "warnings"),
			p->files, plural(p->files, "file", "files"));
}
