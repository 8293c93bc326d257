/*
 * gen-repo: write a deterministic synthetic thread repository for `make bench`.
 *
 *   gen-repo [-t] DIR [PEOPLE] [SESSIONS]  (defaults: 200 people, 150 sessions)
 *
 * Creates DIR/.thread.yaml and DIR/people/p0001.md ... with valid person files
 * (see man/thread.5): front matter, then weekly sessions going back from
 * 2026-11-20, oldest first.  Every ledger item has an owner and a checkpoint,
 * every ask an escalation checkpoint, every task and ask a "Done when:", every
 * priority a "Why:", every blocker a nested ask and every session a Next list,
 * so `THREAD_TODAY=2026-11-21 thread lint` finds nothing to report.  Items are
 * open only in the newest session, with checkpoints on or after 2026-11-21;
 * older items are checked [x].  There are no transcripts unless -t is given:
 * then everyone with `consent: recorded` has a transcript of each of their
 * last TRANSCRIPTS (14) sessions, transcripts/HANDLE/DATE.txt, about 10 KB of
 * `[HH:MM:SS] Speaker: text` lines drawn from the same word lists; the
 * session names it on a Transcript: line and its first win cites a line of
 * it.  A transcript's words come from a PRNG of its own, so -t adds lines to
 * the person files and changes no other byte of them (lint then warns that
 * the other items of a recorded session cite nothing: [uncited]).
 *
 * Output is byte-identical on every run and every platform: a fixed-seed
 * PRNG (splitmix64 seeding xorshift64*) per person, so person N's file does not
 * depend on PEOPLE.  Keep at most one random draw per full expression: the
 * order in which function arguments are evaluated is unspecified, and gcc and
 * clang differ.  Standalone C11 plus POSIX mkdir; no other dependencies.
 * Exit 0 on success, 2 with a message on any error.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(a) ((a)[rnd((unsigned)NELEM(a))])

/* ---------------------------------------------------------------- PRNG --- */

static uint64_t rng;

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

static void seed(uint64_t s)
{
    rng = splitmix64(s ^ 0x7468726561642d62ull); /* "thread-b" */
    if (rng == 0)
        rng = 1;
}

static uint64_t next_u64(void) /* xorshift64* */
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545F4914F6CDD1Dull;
}

static unsigned rnd(unsigned n) { return (unsigned)((next_u64() >> 11) % n); }

/* The transcripts' own generator (-t), so that they leave rng alone. */
static uint64_t trng;

static unsigned trnd(unsigned n)
{
    trng ^= trng >> 12;
    trng ^= trng << 25;
    trng ^= trng >> 27;
    return (unsigned)(((trng * 0x2545F4914F6CDD1Dull) >> 11) % n);
}
static int chance(unsigned pct) { return rnd(100) < pct; }

/* --------------------------------------------------------------- dates --- */

/* Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithms). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

typedef struct {
    char s[16];
} datestr;

static datestr fmt_date(long days)
{
    datestr r;
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    snprintf(r.s, sizeof r.s, "%04d-%02d-%02d", y, m, d);
    return r;
}

/* -------------------------------------------------------------- output --- */

static FILE *out;
static const char *out_path;

static void die(const char *what, const char *path, int err)
{
    if (path)
        fprintf(stderr, "gen-repo: %s %s: %s\n", what, path, strerror(err));
    else
        fprintf(stderr, "gen-repo: %s\n", what);
    exit(2);
}

static void put(const char *s)
{
    if (fputs(s, out) == EOF)
        die("cannot write", out_path, errno);
}

static void putf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(out, fmt, ap);
    va_end(ap);
    if (n < 0)
        die("cannot write", out_path, errno);
}

/* ----------------------------------------------------------- word lists --- */

static const char *const first_names[] = {
    "Alice", "Bruno", "Chen", "Dana", "Emeka", "Farah", "Goran", "Hana",
    "Ines", "Jonas", "Keiko", "Luis", "Maya", "Nikhil", "Olga", "Priya",
    "Quentin", "Rosa", "Sven", "Tamar", "Umar", "Vera", "Wei", "Ximena",
    "Yusuf", "Zoe", "Amara", "Bjorn", "Camila", "Dmitri", "Elif", "Felix",
};

static const char *const last_names[] = {
    "Chen", "Okafor", "Novak", "Garcia", "Lindqvist", "Haddad", "Tanaka",
    "Fischer", "Moreau", "Kowalski", "Singh", "Brennan", "Costa", "Ivanova",
    "Nakamura", "Osei", "Petrov", "Rahman", "Schmidt", "Varga", "Walsh",
    "Yilmaz", "Andersen", "Bauer", "Delgado", "Eriksen", "Ferreira", "Gupta",
};

static const char *const roles[] = {
    "Software Engineer", "Senior Engineer", "Staff Engineer",
    "Engineering Manager", "Site Reliability Engineer", "Data Engineer",
    "Product Designer", "Security Engineer", "QA Engineer", "Tech Lead",
};

static const char *const cadences[] = {"weekly", "weekly", "weekly", "biweekly", "monthly"};
static const char *const types[] = {"manager", "manager", "manager", "skip-level", "mentorship", "cross-functional"};
static const char *const lifecycles[] = {"onboarding", "ramp", "steady-state", "steady-state", "role-change", "promotion-path"};
static const char *const consents[] = {"notes-only", "notes-only", "recorded"};
static const char *const tags[] = {"platform", "billing", "data", "infra", "mobile", "security", "growth", "search"};

static const char *const objects[] = {
    "billing migration", "invoice schema change", "quota alert backlog",
    "ingest retry policy", "search index rebuild", "on-call runbook",
    "release checklist", "flaky integration tests", "cost dashboard",
    "login rate limiter", "audit log export", "nightly backup job",
    "feature flag cleanup", "payments reconciliation report",
    "API deprecation notice", "mobile crash triage", "data retention policy",
    "CI cache rework", "service ownership map", "October outage postmortem",
    "load test harness", "metrics pipeline upgrade", "customer export tool",
    "quarterly access review", "staging environment refresh", "SSO rollout",
    "queue consumer rewrite", "error budget report", "sync service design doc",
};

static const char *const win_verbs[] = {
    "Shipped", "Closed out", "Finished", "Landed", "Fixed", "Cleaned up",
    "Documented", "Automated", "Demoed", "Unblocked", "Wrapped up",
    "Rolled out", "Simplified", "Led the review of",
};

static const char *const win_tails[] = {
    "", "", "", "", "", "", "", "",
    " with zero downtime", " ahead of the planning review", " two days early",
    " after a long debugging session with support", " for the payments team",
    " without any customer impact", " while covering for a teammate on leave",
    " and cut the build time by a third", " and wrote up what went wrong",
};

static const char *const extra_clauses[] = {
    ", which the team had postponed twice", ", with help from the data team",
    ", despite the short week", ", and the on-call load already dropped",
    "; the customer noticed and said thanks",
    ", after pairing with two newer engineers on the tricky parts",
};

typedef struct {
    const char *text, *to, *done;
} ask_t;

/* A blocker, the ask that converts it, its recipient and its "Done when:". */
typedef struct {
    const char *blocker;
    ask_t ask;
} blocker_t;

static const blocker_t blockers[] = {
    {"Waiting on prod DB access from infra",
     {"Grant prod read access for the team", "infra-team", "the team can query the prod replica"}},
    {"Waiting on a staging cluster big enough for the load tests",
     {"Provision a staging cluster for the load tests", "infra-team", "the cluster passes a smoke test"}},
    {"Quota for the new region is still pending",
     {"Raise the quota for the new region", "infra-team", "the quota shows in the cloud console"}},
    {"The security review of the export has not started",
     {"Review the threat model for the export", "security", "the review notes are in the design doc"}},
    {"The vendor integration cannot go live until its keys are cleared",
     {"Sign off on the vendor's API key handling", "security", "the sign-off is recorded in the ticket"}},
    {"Waiting on budget approval for the new tooling",
     {"Approve the extra budget line for tooling", "finance", "the budget line shows in the plan"}},
    {"Procurement is holding the renewal until the terms are confirmed",
     {"Confirm the vendor contract terms", "finance", "finance confirms in writing"}},
    {"No second reviewer for the schema change",
     {"Find a second reviewer for the schema change", "me", "a reviewer is named in the pull request"}},
    {"An unowned dependency keeps breaking the build",
     {"Name an owner for the shared build scripts", "me", "the owner is listed in the service map"}},
};

static const char *const blocker_tails[] = {
    "", "", "", "", " for the second week", " and the team is idle on it",
    ", which pushes the milestone", " (raised in the last two 1:1s)",
};

static const char *const blocker_tags[] = {"", "", "", " #access", " #budget", " #review", " #infra"};

static const char *const prio_verbs[] = {"Finish", "Land", "Drive", "Stabilize", "Hand over", "Scope", "Ship"};

static const char *const whys[] = {
    "unblocks the Q1 plan", "the on-call load is too high",
    "two teams depend on it", "it is the top customer complaint",
    "it is part of the promotion case", "the audit is in January",
    "it frees a week of toil per month",
    "the payments team cannot start their migration until it lands",
    "support spends most of its Mondays on this",
};

typedef struct {
    const char *doc, *done;
} task_t;

static const task_t tasks[] = {
    {"Write the rollback runbook", "runbook reviewed by SRE"},
    {"Draft the capacity note for Q1", "finance has signed off on the numbers"},
    {"Write the handover doc", "the new owner has walked through it once"},
    {"Update the migration checklist", "every step has an owner and a rollback"},
    {"Publish the incident summary", "it is posted in the incident channel"},
    {"Review the test plan", "comments are resolved and the plan is approved"},
    {"Update the onboarding guide for the new hire", "the new hire finished the setup alone"},
    {"Share the cost estimate", "the estimate is linked from the planning doc"},
    {"Clean up the stale feature flags", "no flag older than 90 days is left"},
};

static const char *const task_tails[] = {
    "", "", "", "", " before the freeze", " with the numbers from last quarter",
    " so the team can pick it up while I am away", " and link it from the wiki",
};

static const ask_t asks[] = {
    {"Confirm the Q1 headcount", "me", "the headcount is in the plan"},
    {"Approve the conference budget", "finance", "the booking is paid"},
    {"Share the pen test results", "security", "the findings are filed as tickets"},
    {"Add a second person to the on-call rotation", "infra-team", "the rotation shows two names"},
    {"Decide on the team offsite date", "me", "the date is in the team calendar"},
    {"Renew the staging certificates", "security", "staging serves the new certificate"},
    {"Approve the travel request for the customer visit", "finance", "the request is approved"},
    {"Move the backups to the new bucket", "infra-team", "a restore from the new bucket works"},
};

static const char *const messages[] = {
    "Could you take a look before Friday?",
    "A short yes or no is enough; details are in the ticket.",
    "This is the last thing blocking the rollout.",
};

static const char *const next_steps[] = {
    "ping the ticket owner on Monday",
    "bring it to the infra office hours",
    "raise it in the staff meeting if nothing moves",
};

static const char *const observations[] = {
    "Stakeholder updates are clear but too long",
    "Design docs skip the alternatives",
    "Code reviews are thorough but slow",
    "Estimates slipped twice this month",
    "Demos run long and lose the audience",
    "Standup notes are hard to scan",
};

static const char *const betters[] = {
    "5 bullets", "a one-line summary first", "a same-day first pass",
    "a short alternatives section", "a buffer of two days", "a ten-minute cap",
};

static const char *const praise[] = {
    "Great call to page security early in the incident.",
    "Incident comms were calm and timely.",
    "The new hire said the pairing sessions helped a lot.",
    "Clear written proposal; it got approved without a meeting.",
};

static const char *const skills[] = {
    "concise stakeholder updates", "running incident calls",
    "writing design docs", "estimating larger projects",
    "giving direct feedback", "leading planning sessions",
};

static const char *const reps[] = {
    "send a 5-bullet Friday update", "run the next incident review",
    "write the one-page proposal for the cache", "estimate the Q1 epics",
    "lead the sprint planning", "give feedback to the intern",
};

static const char *const exposures[] = {
    "the VP weekly sync", "the architecture review board",
    "the quarterly business review", "the customer advisory call",
    "the hiring committee",
};

static const char *const decisions[] = {
    "Billing freeze moves to Dec 1, so QA starts a week later",
    "We keep the old exporter for now and revisit in March",
    "The team adopts trunk-based development from next sprint",
    "On-call moves to a two-week rotation",
    "The sync service ships behind a flag first",
    "We drop the mobile beta to make room for the audit work",
};

static const char *const risks[] = {
    "Holiday on-call coverage is thin; early signal: more than 2 pages a week",
    "The vendor may miss the deadline; early signal: no staging build by Friday",
    "Scope creep on the export; early signal: new requests in the channel",
    "Burnout on the team; early signal: late-night commits",
    "The migration could slip; early signal: the dry run takes over 4 hours",
};

static const char *const privates[] = {
    "Mentioned a family move in spring; check in gently.",
    "Unsure about the tech lead path; wants time to think.",
    "Frustrated with the reorg news; listen first next time.",
    "Asked about a raise; bring data to the next review.",
    "Health appointment on Thursdays; keep that slot free.",
};

static const char *const nexts[] = {
    "Review the access ask with infra first", "Start with the promotion packet",
    "Ask how the new on-call rotation feels", "Go over the Q1 priorities",
    "Check the rollback runbook status", "Follow up on the feedback from last time",
    "Talk about the conference talk idea",
};

static const char *const contexts[] = {
    "Joined from the data team; prefers written agendas.",
    "Remote, five hours ahead; keep the 1:1 early in the day.",
    "Wants to move towards staff engineer within a year.",
    "Onboarding buddy for the two new hires this quarter.",
};

/* ------------------------------------------------------------ sessions --- */

typedef struct {
    const char *handle; /* "p0001" */
    long date;          /* session date, days since epoch */
    int newest;         /* items may be open only in the newest session */
    unsigned tlines;    /* lines of its transcript (-t), or 0 */
} session;

#define TRANSCRIPTS 14      /* -t: the last sessions of a recorded person */
static int with_transcripts;

/* Checkbox and checkpoints of one ledger item.  Open items get checkpoints
 * after the session date (2026-11-20), so on or after 2026-11-21. */
static void item_head(const session *s, char box[4], datestr *due, datestr *esc)
{
    int open = s->newest && chance(70);
    strcpy(box, open ? "[ ]" : "[x]");
    long d = s->date + 1 + (long)rnd(14);
    *due = fmt_date(d);
    *esc = fmt_date(d + 2 + (long)rnd(5));
}

static const char *owner(const session *s)
{
    return chance(80) ? s->handle : "me";
}

static void maybe_extra(unsigned pct)
{
    if (chance(pct))
        put(PICK(extra_clauses));
}

static void sec_wins(const session *s)
{
    (void)s;
    unsigned first = rnd((unsigned)NELEM(objects));
    put("\n### Wins\n");
    unsigned n = 1 + rnd(3);
    for (unsigned i = 0; i < n; i++) {
        const char *verb = PICK(win_verbs);
        const char *tail = PICK(win_tails);
        putf("- %s the %s%s", verb, objects[(first + 5 * i) % NELEM(objects)], tail);
        maybe_extra(30);
        if (i == 0 && s->tlines)
            putf(" [t:%u]", 1 + trnd(s->tlines));
        put("\n");
    }
}

static void sec_blockers(const session *s)
{
    char box[4];
    datestr due, esc;
    const blocker_t *b = &PICK(blockers);
    put("\n### Blockers\n");
    const char *tail = PICK(blocker_tails);
    const char *tag = PICK(blocker_tags);
    putf("- %s%s%s\n", b->blocker, tail, tag);
    item_head(s, box, &due, &esc);
    putf("  - %s ask: %s @%s due:%s escalate:%s\n", box, b->ask.text, b->ask.to, due.s, esc.s);
    putf("    Done when: %s\n", b->ask.done);
    if (chance(30))
        putf("    Next step: %s\n", PICK(next_steps));
}

static void sec_priorities(const session *s)
{
    char box[4];
    datestr due, esc;
    unsigned first = rnd((unsigned)NELEM(objects));
    put("\n### Priorities\n");
    unsigned n = 1 + rnd(3); /* never more than 3 */
    for (unsigned i = 0; i < n; i++) {
        item_head(s, box, &due, &esc);
        const char *verb = PICK(prio_verbs);
        const char *who = owner(s);
        putf("- %s %s the %s @%s due:%s\n", box, verb, objects[(first + 3 * i) % NELEM(objects)], who, due.s);
        putf("  Why: %s\n", PICK(whys));
    }
}

static void sec_tasks(const session *s)
{
    char box[4];
    datestr due, esc;
    unsigned first = rnd((unsigned)NELEM(tasks));
    put("\n### Tasks\n");
    unsigned n = 1 + rnd(2);
    for (unsigned i = 0; i < n; i++) {
        const task_t *t = &tasks[(first + 2 * i) % NELEM(tasks)];
        item_head(s, box, &due, &esc);
        const char *tail = PICK(task_tails);
        const char *who = owner(s);
        putf("- %s %s%s @%s due:%s\n", box, t->doc, tail, who, due.s);
        putf("  Done when: %s\n", t->done);
    }
}

static void sec_asks(const session *s)
{
    char box[4];
    datestr due, esc;
    const ask_t *a = &PICK(asks);
    item_head(s, box, &due, &esc);
    put("\n### Asks\n");
    putf("- %s %s @%s due:%s escalate:%s\n", box, a->text, a->to, due.s, esc.s);
    putf("  Done when: %s\n", a->done);
    if (chance(25))
        putf("  Message: %s\n", PICK(messages));
}

static void sec_feedback(const session *s)
{
    (void)s;
    put("\n### Feedback\n");
    if (chance(40))
        putf("- %s\n", PICK(praise));
    if (chance(70)) {
        const char *what = PICK(observations);
        const char *better = PICK(betters);
        putf("- %s; better is %s.\n", what, better);
    }
    else
        putf("- %s\n", PICK(praise));
}

static void sec_growth(const session *s)
{
    char box[4];
    datestr due, esc;
    item_head(s, box, &due, &esc);
    put("\n### Growth\n");
    putf("- Skill: %s\n", PICK(skills));
    putf("- %s Rep: %s @%s due:%s\n", box, PICK(reps), s->handle, due.s);
    putf("- Exposure: %s\n", PICK(exposures));
}

static void sec_plain(const char *title, const char *text)
{
    putf("\n### %s\n- %s\n", title, text);
}

static void write_session(const session *s)
{
    int all = s->newest; /* the newest session is a full one */
    datestr d = fmt_date(s->date);
    putf("\n## %s%s\n", d.s, chance(4) ? " skip-level" : "");
    if (s->tlines)
        putf("Transcript: transcripts/%s/%s.txt\n", s->handle, d.s);
    if (all || chance(90))
        sec_wins(s);
    if (all || chance(35))
        sec_blockers(s);
    if (all || chance(45))
        sec_priorities(s);
    if (all || chance(55))
        sec_tasks(s);
    if (all || chance(30))
        sec_asks(s);
    if (all || chance(35))
        sec_feedback(s);
    if (all || chance(20))
        sec_growth(s);
    if (all || chance(35))
        sec_plain("Decisions", PICK(decisions));
    if (all || chance(25))
        sec_plain("Risks", PICK(risks));
    if (all || chance(20))
        sec_plain("Private", PICK(privates));
    put("\n### Next\n");
    unsigned first = rnd((unsigned)NELEM(nexts));
    unsigned n = 1 + rnd(2);
    for (unsigned i = 0; i < n; i++)
        putf("- %s\n", nexts[(first + 3 * i) % NELEM(nexts)]);
}

/* ---------------------------------------------------------- transcripts --- */

static const char *const fillers[] = {
    "Okay.", "Right, that makes sense.", "Let me check my notes.", "Sounds good.",
    "Yes.", "Hm, I am not sure yet.", "Can you say more about that?",
    "Good, let's move on.", "I think so, yes.", "Sorry, you cut out for a second.",
};

static void make_dir(const char *path);

/* One utterance, `[HH:MM:SS] Speaker: text`, from the session's word lists. */
static void utterance(unsigned sec, const char *me, const char *them)
{
    const char *who = trnd(2) ? me : them;
    putf("[%02u:%02u:%02u] %s: ", sec / 3600, sec / 60 % 60, sec % 60, who);
    switch (trnd(9)) {
    case 0: putf("How is the %s going?", objects[trnd((unsigned)NELEM(objects))]); break;
    case 1: putf("%s the %s last week.", win_verbs[trnd((unsigned)NELEM(win_verbs))],
                 objects[trnd((unsigned)NELEM(objects))]); break;
    case 2: putf("%s, and that is still where we are.", blockers[trnd((unsigned)NELEM(blockers))].blocker); break;
    case 3: putf("I will %s%s.", tasks[trnd((unsigned)NELEM(tasks))].doc,
                 task_tails[trnd((unsigned)NELEM(task_tails))]); break;
    case 4: putf("The reason is that %s.", whys[trnd((unsigned)NELEM(whys))]); break;
    case 5: putf("%s; better is %s.", observations[trnd((unsigned)NELEM(observations))],
                 betters[trnd((unsigned)NELEM(betters))]); break;
    case 6: putf("%s.", decisions[trnd((unsigned)NELEM(decisions))]); break;
    default: put(fillers[trnd((unsigned)NELEM(fillers))]); break;
    }
    put("\n");
}

static long write_transcript(const char *dir, const char *handle, const char *them,
                             long date, unsigned lines)
{
    char path[PATH_MAX];
    FILE *saved = out;
    const char *saved_path = out_path;
    unsigned i, sec = 2;
    long size;

    if (snprintf(path, sizeof path, "%s/transcripts/%s/%s.txt", dir, handle,
                 fmt_date(date).s) >= (int)sizeof path)
        die("path too long", NULL, 0);
    out_path = path;
    out = fopen(path, "w");
    if (!out)
        die("cannot create", path, errno);
    for (i = 0; i < lines; i++, sec += 3 + trnd(12))
        utterance(sec, "Sam", them);
    if (fflush(out) == EOF || ferror(out))
        die("cannot write", path, errno);
    size = ftell(out);
    if (fclose(out) == EOF)
        die("cannot write", path, errno);
    out = saved;
    out_path = saved_path;
    return size;
}

/* -------------------------------------------------------------- people --- */

static long write_person(const char *dir, unsigned idx, unsigned sessions, long long *tbytes)
{
    char handle[16], path[PATH_MAX];
    const char *consent;
    snprintf(handle, sizeof handle, "p%04u", idx);
    if (snprintf(path, sizeof path, "%s/people/%s.md", dir, handle) >= (int)sizeof path)
        die("path too long", NULL, 0);

    seed(idx);
    out_path = path;
    out = fopen(path, "w");
    if (!out)
        die("cannot create", path, errno);

    const char *first = PICK(first_names), *last = PICK(last_names);
    put("---\n");
    putf("name: %s %s\n", first, last);
    putf("role: %s\n", PICK(roles));
    if (chance(30))
        putf("email: %s@example.com\n", handle);
    putf("cadence: %s\n", PICK(cadences));
    putf("type: %s\n", PICK(types));
    putf("lifecycle: %s\n", PICK(lifecycles));
    consent = PICK(consents);
    putf("consent: %s\n", consent);
    unsigned t0 = rnd((unsigned)NELEM(tags)), nt = 1 + rnd(3);
    put("tags: [");
    for (unsigned i = 0; i < nt; i++)
        putf("%s%s", i ? ", " : "", tags[(t0 + i) % NELEM(tags)]);
    put("]\n---\n");
    putf("\n# %s %s\n", first, last);
    if (chance(35))
        putf("\n## Context\n- %s\n", PICK(contexts));

    int recorded = with_transcripts && !strcmp(consent, "recorded");
    if (recorded) {
        snprintf(path, sizeof path, "%s/transcripts/%s", dir, handle);
        make_dir(path);
        snprintf(path, sizeof path, "%s/people/%s.md", dir, handle);
    }
    long newest = days_from_civil(2026, 11, 20);
    for (unsigned i = 0; i < sessions; i++) {
        session s = {handle, newest - 7L * (long)(sessions - 1 - i), i + 1 == sessions, 0};
        if (recorded && sessions - i <= TRANSCRIPTS) {
            trng = splitmix64((uint64_t)idx << 16 | i);
            if (trng == 0)
                trng = 1;
            s.tlines = 80 + trnd(60);
        }
        write_session(&s);
        if (s.tlines)
            *tbytes += write_transcript(dir, handle, first, s.date, s.tlines);
    }

    if (fflush(out) == EOF || ferror(out))
        die("cannot write", path, errno);
    long size = ftell(out);
    if (fclose(out) == EOF)
        die("cannot write", path, errno);
    out = NULL;
    return size;
}

static void make_dir(const char *path)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        die("cannot create directory", path, errno);
    struct stat st;
    if (stat(path, &st) != 0)
        die("cannot stat", path, errno);
    if (!S_ISDIR(st.st_mode))
        die("not a directory:", path, ENOTDIR);
}

static unsigned parse_count(const char *s, const char *what, unsigned max)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || v < 1 || v > max) {
        fprintf(stderr, "gen-repo: %s must be a number from 1 to %u, not '%s'\n", what, max, s);
        exit(2);
    }
    return (unsigned)v;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "-t")) {
        with_transcripts = 1;
        argv++;
        argc--;
    }
    if (argc < 2 || argc > 4 || argv[1][0] == '\0' || argv[1][0] == '-') {
        fprintf(stderr, "usage: gen-repo [-t] DIR [PEOPLE] [SESSIONS]   (defaults 200 150)\n");
        return 2;
    }
    const char *dir = argv[1];
    unsigned people = argc > 2 ? parse_count(argv[2], "PEOPLE", 99999) : 200;
    unsigned sessions = argc > 3 ? parse_count(argv[3], "SESSIONS", 2000) : 150;

    char path[PATH_MAX];
    make_dir(dir);
    if (snprintf(path, sizeof path, "%s/people", dir) >= (int)sizeof path)
        die("path too long", NULL, 0);
    make_dir(path);
    if (with_transcripts) {
        if (snprintf(path, sizeof path, "%s/transcripts", dir) >= (int)sizeof path)
            die("path too long", NULL, 0);
        make_dir(path);
    }

    if (snprintf(path, sizeof path, "%s/.thread.yaml", dir) >= (int)sizeof path)
        die("path too long", NULL, 0);
    out_path = path;
    out = fopen(path, "w");
    if (!out)
        die("cannot create", path, errno);
    put(with_transcripts ? "# Synthetic benchmark repository written by bench/gen-repo -t.\n"
                         : "# Synthetic benchmark repository written by bench/gen-repo (no transcripts).\n");
    put("me: sam\n");
    put("people: [infra-team, security, finance]\n");
    if (fclose(out) == EOF)
        die("cannot write", path, errno);
    out = NULL;

    long long total = 0, tbytes = 0;
    for (unsigned i = 1; i <= people; i++)
        total += write_person(dir, i, sessions, &tbytes);

    if (with_transcripts)
        printf("gen-repo: wrote %u person files x %u sessions, %lld bytes, and %lld bytes of transcripts (%.1f MB in all), to %s\n",
               people, sessions, total, tbytes, (double)(total + tbytes) / 1e6, dir);
    else
        printf("gen-repo: wrote %u person files x %u sessions, %lld bytes (%.1f MB), to %s; no transcripts\n",
               people, sessions, total, (double)total / 1e6, dir);
    return 0;
}
