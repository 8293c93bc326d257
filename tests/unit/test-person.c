/* Unit tests: reading a person file into the model (person.c, markdown.c,
 * fields.c, frontmatter.c). */
#include "person.h"
#include "strbuf.h"
#include "tap.h"

static const char file[] =
	"---\n"                                                        /* 1 */
	"name: Alice Chen\n"
	"cadence: biweekly\n"
	"consent: recorded\n"
	"tags: [platform, billing]\n"                                  /* 5 */
	"---\n"
	"\n"
	"# Alice Chen\n"
	"\n"
	"## 2026-11-13\n"                                              /* 10 */
	"\n"
	"### Next\n"
	"- Start with the access ask\n"
	"\n"
	"## 2026-11-20 skip-level\n"                                   /* 15 */
	"Transcript: transcripts/alice/2026-11-20.txt\n"
	"Type: walking\n"
	"\n"
	"### Wins\n"
	"- Shipped the migration [t:12-15]\n"                          /* 20 */
	"\n"
	"### Blockers\n"
	"- Waiting on prod DB access from infra #access [t:40-44]\n"
	"  - [ ] ask: Grant prod read access for alice @dave due:2026-11-24 escalate:2026-11-26 [t:41-44]\n"
	"    Done when: alice can query the replica\n"            /* 25 */
	"    Message: @infra-team can you grant it?\n"
	"- Flaky CI\n"
	"\n"
	"### Priorities\n"
	"- [ ] Finish the cleanup @alice due:2026-11-27\n"             /* 30 */
	"  Why: unblocks Q1\n"
	"\n"
	"### Tasks\n"
	"- [x] Write the runbook @alice due:2026-11-27 [t:50-52,60]\n"
	"  Done when: reviewed by SRE\n"                                /* 35 */
	"  - [ ] a sub-step without a prefix\n"
	"\n"
	"### Growth\n"
	"- Skill: concise updates\n"
	"- [ ] Rep: send a 5-bullet update @alice due:2026-11-27\n"    /* 40 */
	"- Exposure: the VP sync\n"
	"\n"
	"### Review\n"
	"- [ ] task: not a ledger item here @alice due:2026-11-27\n"
	"\n"                                                           /* 45 */
	"### Next\n"
	"- Review the access ask\n"
	"\n"
	"## Notes\n"
	"- [ ] task: outside any session @alice\n";                    /* 50 */

static struct item *nth_item(struct session *s, int n)
{
	struct item *it = s->items;
	while (it && n--)
		it = it->next;
	return it;
}

static void test_front_matter(struct person *p)
{
	ok(p->has_front_matter, "front matter read");
	is_str(p->name, "Alice Chen", "name");
	is_int(p->cadence_days, 14, "biweekly is 14 days");
	is_int(p->consent, CONSENT_RECORDED, "consent recorded");
	ok(p->tags && !strcmp(p->tags->name, "platform") && p->tags->next &&
	   !strcmp(p->tags->next->name, "billing") && !p->tags->next->next,
	   "tags as a flow list");
}

static void test_sessions(struct person *p)
{
	struct session *s1 = p->sessions, *s2 = s1 ? s1->next : NULL;
	struct section *sec;
	int n = 0;

	is_int(p->nsessions, 2, "two sessions; '## Notes' is free notes");
	if (!s2)
		return;
	is_int(s1->pos.line, 10, "first session heading line");
	is_int(s1->pos.col, 4, "its column is the date's");
	ok(s1->date_ok && s2->date_ok && s2->date - s1->date == 7, "session dates");
	is_str(s2->title.s, "skip-level", "the heading text after the date");
	is_str(s2->transcript, "transcripts/alice/2026-11-20.txt", "Transcript: metadata");
	is_int(s2->transcript_pos.line, 16, "Transcript: line");
	is_int(s2->transcript_pos.col, 13, "Transcript: value column");
	is_str(s2->type.s, "walking", "Type: metadata");
	for (sec = s2->sections; sec; sec = sec->next)
		n++;
	is_int(n, 7, "seven sections in the second session");
	for (sec = s2->sections; sec && sec->kind != SEC_GROWTH; sec = sec->next)
		;
	ok(sec && sec->has_skill && sec->has_rep && sec->has_exposure,
	   "Growth has Skill, Rep and Exposure");
	is_int(s2->npriorities, 1, "one priority");
}

static void test_items(struct person *p)
{
	struct session *s = p->sessions->next;
	struct item *ask = nth_item(s, 0), *pri = nth_item(s, 1),
		    *task = nth_item(s, 2), *rep = nth_item(s, 3);

	ok(ask && pri && task && rep && !nth_item(s, 4),
	   "four ledger items: not the sub-step, not Review, not outside sessions");
	if (!rep)
		return;
	is_int(ask->kind, ITEM_ASK, "ask: prefix under a blocker");
	is_int(ask->pos.line, 24, "ask line");
	is_int(ask->pos.col, 3, "ask column is its list marker");
	is_str(ask->owner, "dave", "recipient: the last @handle of the text");
	is_int(ask->owner_pos.col, 47, "recipient column");
	ok(ask->due.ok && ask->escalate.ok && ask->escalate.days - ask->due.days == 2,
	   "due: and escalate: read");
	is_int(ask->due.pos.col, 53, "due: column");
	ok(ask->blocker && ask->blocker->converted, "the ask converts its blocker");
	is_str(ask->cont[CONT_DONE_WHEN].s, "alice can query the replica", "Done when:");
	is_str(ask->cont[CONT_MESSAGE].s, "@infra-team can you grant it?", "Message:");
	ok(!ask->mentions->next, "an @handle in Message: is not a mention of the item");
	ok(ask->refs && ask->refs->nranges == 1 && ask->refs->ranges[0].first == 41 &&
	   ask->refs->ranges[0].last == 44, "[t:41-44] on the ask");
	is_str(ask->text.s,
	       "Grant prod read access for alice @dave due:2026-11-24 escalate:2026-11-26 [t:41-44]",
	       "item text without checkbox and prefix");

	is_int(pri->kind, ITEM_PRIORITY, "priority from its section");
	is_str(pri->cont[CONT_WHY].s, "unblocks Q1", "Why:");
	ok(!pri->done, "open");

	is_int(task->kind, ITEM_TASK, "task from its section");
	ok(task->done, "[x] is done");
	ok(task->refs && task->refs->nranges == 2 && task->refs->ranges[1].first == 60 &&
	   task->refs->ranges[1].last == 60, "[t:50-52,60] is two ranges");

	is_int(rep->kind, ITEM_REP, "Rep: in Growth is a rep");
	is_str(rep->text.s, "send a 5-bullet update @alice due:2026-11-27", "rep text after Rep:");
}

static void test_blockers(struct person *p)
{
	struct session *s = p->sessions->next;
	struct blocker *b1 = s->blockers, *b2 = b1 ? b1->next : NULL;
	struct tref *r;
	int nrefs = 0;

	ok(b1 && b2 && !b2->next, "two blockers");
	if (!b2)
		return;
	ok(b1->converted, "the first is converted");
	ok(!b2->converted, "the second is not");
	ok(b1->tags && !strcmp(b1->tags->name, "access"), "blocker #tag");
	for (r = s->refs; r; r = r->next)
		nrefs++;
	is_int(nrefs, 4, "the session lists every reference: win, blocker, ask, task");
}

static void test_problems(void)
{
	struct severities sev;
	struct diag_list d;
	struct person *p;
	const char crlf[] = "---\r\nname: X\r\n---\r\n\r\n## 2026-02-30\r\n\r\n### Tasks\r\n"
			    "- [ ] Do it @x due:2026-13-01 due:2026-11-30\r\n";
	const char bad_yaml[] = "---\nname: X\nrole: [unclosed\n---\n";
	const char alias[] = "---\na: &x 1\nb: *x\n---\n";

	severities_default(&sev);
	diag_list_init(&d, &sev);
	p = person_parse("x", crlf, sizeof(crlf) - 1, &d);
	diag_sort(&d);
	is_int(d.nr, 3, "CRLF file: three date problems");
	if (d.nr == 3) {
		is_int(d.v[0].line, 5, "impossible session date, on its CRLF line");
		is_int(d.v[1].line, 8, "impossible due date line");
		is_int(d.v[1].col, 16, "at the due: column");
		is_str(diag_message(&d, &d.v[2]), "a second due: date (keep one)",
		       "a second due: is reported");
	}
	ok(p->sessions && p->sessions->items && p->sessions->items->owner &&
	   !strcmp(p->sessions->items->owner, "x"), "items still read on CRLF");
	person_free(p);

	diag_list_clear(&d);
	p = person_parse("x", bad_yaml, sizeof(bad_yaml) - 1, &d);
	ok(d.nr == 1 && d.v[0].rule == R_FRONT_MATTER && d.v[0].line == 3 &&
	   d.v[0].col == 7, "an unclosed [ is reported where it opens, on the file's line");
	person_free(p);

	diag_list_clear(&d);
	p = person_parse("x", alias, sizeof(alias) - 1, &d);
	ok(d.nr == 1 && d.v[0].rule == R_FRONT_MATTER && d.v[0].line == 3 &&
	   d.v[0].col == 4, "an alias is refused where it stands");
	person_free(p);
	diag_list_release(&d);
}

/* Every line ending cmark accepts: the same file read with LF, CRLF, CR
 * only, and LF with a lone CR inside an item gives the same sections on
 * the lines cmark gives them. */
static void test_line_endings(void)
{
	static const char *const variants[][2] = {
		{ "LF", "\n" }, { "CRLF", "\r\n" }, { "CR", "\r" },
	};
	const char *lines[] = {
		"---", "name: X", "---", "", "## 2026-11-20", "### Wins",
		"- Shipped billing", "### Asks",
		"- [ ] Grant access @dave due:2026-11-24 escalate:2026-11-26",
		"### Private", "- [ ] ask: Call the lawyer @dave due:2026-11-24 escalate:2026-11-26",
		NULL
	};
	size_t v, i;

	for (v = 0; v < 4; v++) {
		struct strbuf sb = STRBUF_INIT;
		struct person *p;
		const struct item *it;
		const char *name = v < 3 ? variants[v][0] : "a lone CR in an item";
		for (i = 0; lines[i]; i++) {
			strbuf_addstr(&sb, lines[i]);
			if (v == 3 && i == 6)
				strbuf_addstr(&sb, "\rx");   /* a lazy continuation line */
			strbuf_addstr(&sb, v < 3 ? variants[v][1] : "\n");
		}
		p = person_parse("x", sb.buf, sb.len, NULL);
		it = p->sessions ? p->sessions->items : NULL;
		ok(it && it->kind == ITEM_ASK && !it->private &&
		   it->pos.line == 9 + (v == 3), "%s: the shared ask, on its line", name);
		it = it ? it->next : NULL;
		ok(it && it->kind == ITEM_ASK && it->private &&
		   it->pos.line == 11 + (v == 3), "%s: the private ask is private", name);
		is_int(p->private_spans ? p->private_spans->first : 0, 10 + (v == 3),
		       "%s: the private span starts at its heading", name);
		person_free(p);
		strbuf_release(&sb);
	}
}

/* Which headings are Private, and how far what they cover runs. */
static void test_private_headings(void)
{
	/* heading, is it Private, does lint say it looks private */
	static const struct { const char *heading; int private, warns; } cases[] = {
		{ "### Private", 1, 0 }, { "### Private notes", 1, 0 },
		{ "### private:", 1, 0 }, { "### *Private*", 1, 0 },
		{ "### Private (manager only)", 1, 0 },
		{ "### \xf0\x9f\x94\x92 Private", 1, 0 }, { "#### Private", 1, 0 },
		{ "#### **Private:** just for me", 1, 0 }, { "###### PRIVATE", 1, 0 },
		{ "### Confidential", 1, 0 }, { "### Notes (private)", 0, 1 },
		{ "### Privately shared", 0, 1 }, { "#### Manager only", 0, 1 },
		{ "### Wins", 0, 0 }, { "### Privacy review of the API", 0, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		struct severities sev;
		struct diag_list d;
		struct person *p;
		const struct item *it;
		int looks = 0;
		size_t k;

		severities_default(&sev);
		diag_list_init(&d, &sev);
		strbuf_addf(&sb, "---\nname: X\n---\n\n## 2026-11-20\n### Asks\n"
			    "- [ ] Shared ask @dave due:2026-11-24 escalate:2026-11-26\n"
			    "%s\n"
			    "- [ ] ask: Maybe private @dave due:2026-11-24 escalate:2026-11-26\n"
			    "### Tasks\n- [ ] Shared again @x due:2026-11-24\n", cases[i].heading);
		p = person_parse("x", sb.buf, sb.len, &d);
		it = p->sessions->items;
		for (k = 0; k < d.nr; k++)
			looks |= d.v[k].rule == R_PRIVATE_HEADING;
		ok(it && !it->private && it->next && it->next->private == cases[i].private &&
		   it->next->next && !it->next->next->private,
		   "'%s' is %s, and ### Tasks after it is not", cases[i].heading,
		   cases[i].private ? "private" : "not private");
		is_int(looks, cases[i].warns, "'%s': private-heading warns only where it looks private and is not",
		       cases[i].heading);
		is_int(person_private_at(p, 9), cases[i].private, "line 9 private?");
		is_int(person_private_at(p, 11), 0, "line 11 (### Tasks) is shared");
		person_free(p);
		diag_list_release(&d);
		strbuf_release(&sb);
	}
}

int main(void)
{
	struct severities sev;
	struct diag_list d;
	struct person *p;

	severities_default(&sev);
	diag_list_init(&d, &sev);
	p = person_parse("alice", file, sizeof(file) - 1, &d);
	/* its one finding: the task after "## Notes" is in no session */
	ok(d.nr == 1 && d.v[0].rule == R_UNTRACKED_ITEM && d.v[0].line == 50,
	   "a well-formed file reads with one finding, the checkbox outside any session");
	test_front_matter(p);
	test_sessions(p);
	test_items(p);
	test_blockers(p);
	person_free(p);
	diag_list_release(&d);
	test_problems();
	test_line_endings();
	test_private_headings();
	return done_testing();
}
