#include "rules.h"
#include "date.h"
#include "draft.h"
#include "pattern.h"
#include "person.h"
#include "strbuf.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

static const char *kind(const struct item *it)
{
	return item_kind_name(it->kind);
}

/* ---- ledger items ---- */

/* ---- handles ---- */

#define HANDLE_NEAR 2    /* edits at most, for "did you mean" */

/*
 * The Damerau-Levenshtein distance of a and b (the optimal string
 * alignment form: a letter added, removed or changed, or two neighbouring
 * letters swapped, each one edit), or HANDLE_NEAR + 1 when it is more
 * than that or a handle is too long to bother.
 */
static int handle_distance(const char *a, const char *b)
{
	enum { MAX = 64 };
	int rows[3][MAX + 1], *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
	size_t la = strlen(a), lb = strlen(b), i, j;

	if (la > MAX || lb > MAX || (la > lb ? la - lb : lb - la) > HANDLE_NEAR)
		return HANDLE_NEAR + 1;
	for (j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (i = 1; i <= la; i++) {
		int *t;
		cur[0] = (int)i;
		for (j = 1; j <= lb; j++) {
			int cost = a[i - 1] != b[j - 1], d = prev[j - 1] + cost;
			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1;
			cur[j] = d;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb] <= HANDLE_NEAR ? prev[lb] : HANDLE_NEAR + 1;
}

/* Is `known` nearer to `typed` than *best (at *dist)?  Of two as near,
 * the first in byte order, so the advice never depends on file order. */
static void consider(const char *typed, const char *known, const char **best,
		     int *dist)
{
	int d = handle_distance(typed, known);

	/* Two edits to a three-letter handle is another handle, not a typo. */
	if (d > HANDLE_NEAR || 2 * d > (int)strlen(typed))
		return;
	if (d < *dist || (d == *dist && strcmp(known, *best) < 0)) {
		*best = known;
		*dist = d;
	}
}

/* The known handle nearest to `typed`: a person file, `people:`, `me`;
 * NULL when none is near enough to be a slip of the keyboard. */
static const char *nearest_handle(const char *typed, const struct lint_env *env)
{
	const struct config *c = env->config;
	const char *best = NULL;
	int dist = HANDLE_NEAR + 1;
	size_t i;

	consider(typed, "me", &best, &dist);
	if (c->me)
		consider(typed, c->me, &best, &dist);
	for (i = 0; i < c->npeople; i++)
		consider(typed, c->people[i], &best, &dist);
	for (i = 0; env->repo && i < env->repo->nfiles; i++) {
		const struct person_file *f = &env->repo->files[i];
		if (f->valid_handle && !f->symlink_outside && !f->dangling)
			consider(typed, f->handle, &best, &dist);
	}
	return best;
}

static void check_owner(const struct item *it, const struct lint_env *env,
			struct diag_list *d)
{
	char lower[80];
	const char *near;
	size_t i;

	if (!it->owner) {
		diag_add(d, R_OWNER, it->pos.line, it->pos.col,
			 it->kind == ITEM_ASK ?
			 "ask has no recipient (add @handle of who holds it)" :
			 "%s has no owner (add @handle)", kind(it));
		return;
	}
	if (config_knows(env->config, it->owner) ||
	    env->has_person(env->data, it->owner))
		return;
	for (i = 0; it->owner[i] && i < sizeof(lower) - 1; i++)
		lower[i] = (char)tolower((unsigned char)it->owner[i]);
	lower[i] = '\0';
	if (strcmp(lower, it->owner) &&
	    (config_knows(env->config, lower) || env->has_person(env->data, lower)))
		diag_suggest(d, diag_add(d, R_UNKNOWN_HANDLE, it->owner_pos.line, it->owner_pos.col,
					 "@%s is not a known handle (handles are lowercase: write @%s)",
					 it->owner, lower), lower);
	else if ((near = nearest_handle(lower, env)))
		diag_suggest(d, diag_add(d, R_UNKNOWN_HANDLE, it->owner_pos.line, it->owner_pos.col,
					 "@%s is not a known handle (did you mean @%s?)", it->owner, near),
			     near);
	else
		diag_add(d, R_UNKNOWN_HANDLE, it->owner_pos.line, it->owner_pos.col,
			 "@%s is not a known handle (add people/%s.md, or list it under people: in .thread.yaml)",
			 it->owner, it->owner);
}

static void check_dates(const struct item *it, struct diag_list *d)
{
	char due[11], esc[11];

	if (!it->due.present)
		diag_add(d, R_CHECKPOINT, it->pos.line, it->pos.col,
			 "%s has no checkpoint (add due:YYYY-MM-DD)", kind(it));
	if (it->kind == ITEM_ASK && !it->escalate.present)
		diag_add(d, R_ASK_ESCALATION, it->pos.line, it->pos.col,
			 "ask has no escalation checkpoint (add escalate:YYYY-MM-DD)");
	if (it->due.ok && it->escalate.ok && it->escalate.days < it->due.days) {
		date_format(it->escalate.days, esc);
		date_format(it->due.days, due);
		diag_add(d, R_ESCALATION_ORDER, it->escalate.pos.line,
			 it->escalate.pos.col,
			 "escalation checkpoint %s is before the checkpoint %s (escalate on or after due:)",
			 esc, due);
	}
}

/* Is t absent, or only blanks? */
static int blank_text(const struct text *t)
{
	size_t i;

	for (i = 0; t->s && i < t->len; i++)
		if (!isspace((unsigned char)t->s[i]))
			return 0;
	return 1;
}

static void check_text_fields(const struct item *it, struct diag_list *d)
{
	if ((it->kind == ITEM_TASK || it->kind == ITEM_ASK) &&
	    !it->cont[CONT_DONE_WHEN].s)
		diag_add(d, R_DONE_WHEN, it->pos.line, it->pos.col,
			 "%s has no definition of done (add a 'Done when:' line under it)",
			 kind(it));
	else if ((it->kind == ITEM_TASK || it->kind == ITEM_ASK) &&
		 blank_text(&it->cont[CONT_DONE_WHEN]))
		/* an empty line (a template, a quick fix) is no definition */
		diag_add(d, R_DONE_WHEN, it->pos.line, it->pos.col,
			 "%s has an empty 'Done when:' line (say how everyone will know it is done)",
			 kind(it));
	if (it->kind == ITEM_PRIORITY && !it->cont[CONT_WHY].s)
		diag_add(d, R_PRIORITY_WHY, it->pos.line, it->pos.col,
			 "priority has no 'Why:' line (say why it matters this week)");
}

static const char *days_word(int n)
{
	return n == 1 ? "day" : "days";
}

static void check_time(const struct item *it, const struct lint_env *env,
		       struct diag_list *d)
{
	char date[11];
	int late;

	if (it->done)
		return;
	if (it->due.ok && it->due.days < env->today) {
		late = env->today - it->due.days;
		date_format(it->due.days, date);
		diag_add(d, R_OVERDUE, it->due.pos.line, it->due.pos.col,
			 "open %s is %d %s past its checkpoint %s (close it, or move due: and note why)",
			 kind(it), late, days_word(late), date);
	}
	if (it->kind == ITEM_ASK && it->escalate.ok &&
	    it->escalate.days < env->today) {
		late = env->today - it->escalate.days;
		date_format(it->escalate.days, date);
		diag_add(d, R_ESCALATION_DUE, it->escalate.pos.line,
			 it->escalate.pos.col,
			 "open ask is %d %s past its escalation checkpoint %s (escalate it now)",
			 late, days_word(late), date);
	}
}

/* ---- transcripts ---- */

static int blocker_cited(const struct session *s, const struct blocker *b)
{
	const struct tref *r;
	for (r = s->refs; r; r = r->next)
		if (r->anchor == b->pos.line)
			return 1;
	return 0;
}

struct transcript {
	int exists, unstaged, outside;
	long lines;
};

static void load_transcript(const struct lint_env *env, const char *path,
			    struct transcript *t)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p, *end;

	int rc = env->load(env->data, path, &sb);

	t->exists = 0;
	t->unstaged = rc == 2;
	t->outside = rc == 3;
	t->lines = 0;
	if (rc == 0) {
		t->exists = 1;
		end = sb.buf + sb.len;
		for (p = sb.buf; p < end; t->lines++) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			p = nl ? nl + 1 : end;
		}
	}
	strbuf_release(&sb);
}

static void check_ref(const struct tref *r, const struct session *s,
		      const struct transcript *t, struct diag_list *d)
{
	int i;

	if (r->malformed) {
		diag_add(d, R_TRANSCRIPT_RANGE, r->pos.line, r->pos.col,
			 "malformed reference %s (write [t:N], [t:N-M] or [t:N-M,K])",
			 r->raw);
		return;
	}
	if (!s->transcript) {
		diag_add(d, R_TRANSCRIPT_RANGE, r->pos.line, r->pos.col,
			 "%s points into a transcript, but this session has no Transcript: line (add one under the session heading, or drop the reference)",
			 r->raw);
		return;
	}
	for (i = 0; i < r->nranges; i++) {
		long a = r->ranges[i].first, b = r->ranges[i].last;
		if (a == 0 || b == 0) {
			diag_add(d, R_TRANSCRIPT_RANGE, r->pos.line, r->pos.col,
				 "%s: transcript lines are numbered from 1", r->raw);
			return;
		}
		if (b < a) {
			diag_add(d, R_TRANSCRIPT_RANGE, r->pos.line, r->pos.col,
				 "%s: the range %ld-%ld runs backwards (write %ld-%ld)",
				 r->raw, a, b, b, a);
			return;
		}
		if (t->exists && b > t->lines) {
			diag_add(d, R_TRANSCRIPT_RANGE, r->pos.line, r->pos.col,
				 "%s: line %ld is past the end of %s, which has %ld %s",
				 r->raw, b, s->transcript, t->lines,
				 t->lines == 1 ? "line" : "lines");
			return;
		}
	}
}

/* A hint, once per session: the items whose source is not recorded.  An
 * item nested under a blocker with a reference has the blocker's. */
static void check_uncited(const struct person *p, const struct session *s,
			  struct diag_list *d)
{
	const struct item *it;
	int n = 0, first = 0;
	char date[11];

	for (it = s->items; it; it = it->next)
		if (!it->refs && !(it->blocker && blocker_cited(s, it->blocker)) && !n++)
			first = it->pos.line;
	if (!n)
		return;
	date_format(s->date, date);
	diag_add(d, R_UNCITED, s->transcript_pos.line, s->transcript_pos.col,
		 "%d %s of this session %s no [t:] reference, the first on line %d (thread cite %s%s%s finds %s lines)",
		 n, n == 1 ? "item" : "items", n == 1 ? "has" : "have", first, p->handle,
		 s->date_ok ? " --date " : "", s->date_ok ? date : "",
		 n == 1 ? "its" : "their");
}

static void check_transcripts(const struct person *p, const struct session *s,
			      const struct lint_env *env, struct diag_list *d)
{
	struct transcript t = { 1, 0, 0, 0 };
	const struct tref *r;

	if (s->transcript) {
		load_transcript(env, s->transcript, &t);
		if (t.outside)
			diag_add(d, R_SYMLINK, s->transcript_pos.line, s->transcript_pos.col,
				 "transcript %s leads outside the repository (through a symlink, '..' or .git); thread does not read or commit it (copy the file into transcripts/ instead)",
				 s->transcript);
		else if (!t.exists && t.unstaged)
			diag_add(d, R_TRANSCRIPT_MISSING, s->transcript_pos.line,
				 s->transcript_pos.col,
				 "transcript %s is not staged (git add it with the notes, or fix the path)",
				 s->transcript);
		else if (!t.exists)
			diag_add(d, R_TRANSCRIPT_MISSING, s->transcript_pos.line,
				 s->transcript_pos.col,
				 "transcript %s does not exist (check the path, or remove the line)",
				 s->transcript);
		if (p->consent != CONSENT_RECORDED)
			diag_add(d, R_CONSENT, s->transcript_pos.line,
				 s->transcript_pos.col,
				 "transcript attached, but %s's consent is not 'recorded' (set consent: recorded once they agreed, or remove the transcript)",
				 p->name ? p->name : p->handle);
	}
	for (r = s->refs; r; r = r->next)
		check_ref(r, s, &t, d);
	if (s->transcript && t.exists)
		check_uncited(p, s, d);
}

/* ---- sessions ---- */

static void check_structure(const struct session *s, struct diag_list *d)
{
	const struct section *sec;
	const struct blocker *b;
	/* A session still the template (planned, not held) is not judged
	 * on what the meeting has not yet filled in. */
	int has_next = 0, held = session_held(s);
	const struct section *next_sec = NULL;

	for (b = s->blockers; b; b = b->next)
		if (!b->converted && !b->resolved)
			diag_add(d, R_BLOCKER_UNCONVERTED, b->pos.line, b->pos.col,
				 "blocker is not converted into a task or ask (nest '- [ ] task: ...' or '- [ ] ask: ...' under it)");
	if (s->npriorities > 3)
		diag_add(d, R_PRIORITY_COUNT, s->pos.line, s->pos.col,
			 "session has %d priorities; keep the top 3 (move the rest to Tasks)",
			 s->npriorities);
	for (sec = s->sections; sec; sec = sec->next) {
		if (sec->kind == SEC_NEXT && sec->nbullets)
			has_next = 1;
		else if (sec->kind == SEC_NEXT)
			next_sec = sec;
		if (sec->kind == SEC_GROWTH && held &&
		    !(sec->has_skill && sec->has_rep && sec->has_exposure)) {
			struct strbuf miss = STRBUF_INIT;
			const char *parts[3];
			int k = 0, i;
			if (!sec->has_skill)
				parts[k++] = "Skill";
			if (!sec->has_rep)
				parts[k++] = "Rep";
			if (!sec->has_exposure)
				parts[k++] = "Exposure";
			for (i = 0; i < k; i++)
				strbuf_addf(&miss, "%s%s", !i ? "" : i == k - 1 ? " or " : ", ",
					    parts[i]);
			diag_add(d, R_GROWTH_INCOMPLETE, sec->pos.line, sec->pos.col,
				 "Growth has no %s (one skill, one observable rep, one place to practise it)",
				 miss.buf);
			strbuf_release(&miss);
		}
	}
	if (!has_next && held && next_sec)
		diag_add(d, R_NEXT_MISSING, next_sec->pos.line, next_sec->pos.col,
			 "the Next list is empty (write what the next 1:1 starts with, as '- ...' under it)");
	else if (!has_next && held)
		diag_add(d, R_NEXT_MISSING, s->pos.line, s->pos.col,
			 "session has no Next list (add '### Next' with what the next 1:1 starts with)");
}

/* ---- drafts ---- */

/* Does a line of the text end in the draft marker (spaces after it
 * aside)?  "the (draft) plan" is the manager's own words. */
static int has_marker(const struct text *t)
{
	size_t n = strlen(DRAFT_MARKER), i, j;

	for (i = 0; i + n <= t->len; i++) {
		if (memcmp(t->s + i, DRAFT_MARKER, n))
			continue;
		for (j = i + n; j < t->len && (t->s[j] == ' ' || t->s[j] == '\t'); j++)
			;
		if (j == t->len || t->s[j] == '\n' || t->s[j] == '\r')
			return 1;
	}
	return 0;
}

static void draft_finding(struct diag_list *d, struct pos pos)
{
	diag_add(d, R_DRAFT_UNREVIEWED, pos.line, pos.col,
		 "draft line not yet reviewed against the transcript: keep it by deleting '%s', edit it, or delete the line",
		 DRAFT_MARKER);
}

/* Every line thread draft wrote ends in "(draft)" until the manager has
 * read it against the transcript; until then it is not a note to commit. */
static void check_drafts(const struct session *s, struct diag_list *d)
{
	const struct section *sec;
	const struct bullet *b;
	const struct item *it;

	for (sec = s->sections; sec; sec = sec->next)
		for (b = sec->bullets; b; b = b->next)
			if (has_marker(&b->text))
				draft_finding(d, b->pos);
	/* nested task: and ask: lines are no section's bullets */
	for (it = s->items; it; it = it->next)
		if (it->blocker && has_marker(&it->text))
			draft_finding(d, it->pos);
}

static void check_sessions(const struct person *p, const struct lint_env *env,
			   struct diag_list *d)
{
	const struct session *s, *newest = NULL, *held = NULL;
	char a[11], b[11];

	for (s = p->sessions; s; s = s->next) {
		if (!s->date_ok)
			continue;
		if (newest && s->date < newest->date) {
			date_format(s->date, a);
			date_format(newest->date, b);
			diag_add(d, R_SESSION_ORDER, s->pos.line, s->pos.col,
				 "session %s comes after %s (sessions run oldest first; move it up)",
				 a, b);
		}
		if (!newest || s->date >= newest->date)
			newest = s;
		/* a session thread new started ahead of the meeting is planned */
		if (session_held(s) && (!held || s->date >= held->date))
			held = s;
	}
	if (held && env->today - held->date > 2 * p->cadence_days) {
		int ago = env->today - held->date;
		date_format(held->date, a);
		diag_add(d, R_CADENCE, held->pos.line, held->pos.col,
			 "the last 1:1 was %s, %d %s ago, more than twice the %d-day cadence (hold the next one)",
			 a, ago, days_word(ago), p->cadence_days);
	}
}

void rules_check(const struct person *p, const struct lint_env *env,
		 struct diag_list *d)
{
	const struct session *s;
	const struct item *it;

	for (s = p->sessions; s; s = s->next) {
		for (it = s->items; it; it = it->next) {
			check_owner(it, env, d);
			check_dates(it, d);
			check_text_fields(it, d);
			check_time(it, env, d);
		}
		check_transcripts(p, s, env, d);
		check_structure(s, d);
		check_drafts(s, d);
	}
	check_sessions(p, env, d);
}

void rules_file_name(const char *handle, struct diag_list *d)
{
	if (!pattern_is_handle(handle, strlen(handle)))
		diag_add(d, R_FILE_NAME, 1, 1,
			 "'%s' is not a valid handle for a person file (rename it: lowercase letters, digits, '.', '_' or '-', such as alice-chen.md)",
			 handle);
}

void rules_too_large(size_t size, struct diag_list *d)
{
	diag_add(d, R_TOO_LARGE, 1, 1,
		 "file is %.1f MiB, over the 16 MiB limit (move old sessions into an archive file outside people/)",
		 (double)size / (1024 * 1024));
}
