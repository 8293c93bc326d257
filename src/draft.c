/*
 * draft.c - candidates from a transcript (draft.h).
 *
 * Each utterance is cut into sentences; each sentence is matched against
 * cue tables, in order of how sure a cue is: an in-meeting action or a
 * hedge is nobody's commitment; a blocker; a commitment routed to a third
 * person ("I'll ask Chris"); the speaker's own commitment ("I'll send
 * it"); a request to the other ("can you get me the numbers?"), kept when
 * the next turn does not refuse it; then decisions, wins and feedback.
 * Checkpoints come from the time expression of the sentence or of the
 * answer that accepts it, else the next 1:1.  Last, the same commitment
 * said twice (stated, accepted, restated in the recap) is kept once.
 */
#include "draft.h"
#include "date.h"
#include "strbuf.h"
#include "util.h"

#include <ctype.h>
#include <string.h>

const char *draft_kind_name(enum draft_kind k)
{
	static const char *const names[] = { "task", "ask", "blocker",
					     "decision", "win", "feedback" };
	return k < DRAFT__COUNT ? names[k] : "?";
}

/* ---- text ---- */

struct sent {
	long line;
	int report;               /* said by the report (else the manager) */
	int utt;                  /* index of its utterance */
	int question;             /* ends with '?' */
	char *orig;               /* the sentence, apostrophes made plain */
	char *low;                /* the same, lower case, same length */
};

static int is_word(int c)
{
	return isalnum((unsigned char)c) || c == '\'' || (unsigned char)c >= 0x80;
}

/* Where `phrase` occurs in s as whole words, or NULL.  A phrase ending
 * in a space ("i'll ") needs only its start on a word boundary. */
static const char *find_word(const char *s, const char *phrase)
{
	size_t n = strlen(phrase);
	const char *p = s;

	while ((p = strstr(p, phrase))) {
		int start_ok = p == s || !is_word(p[-1]);
		int end_ok = !is_word(phrase[n - 1]) || !is_word(p[n]);
		if (start_ok && end_ok)
			return p;
		p++;
	}
	return NULL;
}

/* The first of a NULL-ended list of phrases found in s (*which is set). */
static const char *find_any(const char *s, const char *const *list,
			    const char **which)
{
	const char *best = NULL;
	for (; *list; list++) {
		const char *at = find_word(s, *list);
		if (at && (!best || at < best)) {
			best = at;
			if (which)
				*which = *list;
		}
	}
	return best;
}

static int starts_with_any(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strncmp(s, *list, strlen(*list)) && !is_word(s[strlen(*list)]))
			return 1;
	return 0;
}

/* Copy s[0..len), with curly apostrophes and quotes made plain. */
static char *plain_copy(const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0xe2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0x98 || (unsigned char)s[i + 2] == 0x99)) {
			strbuf_addch(&sb, '\'');
			i += 2;
		} else if (c == 0xe2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
			   ((unsigned char)s[i + 2] == 0x9c || (unsigned char)s[i + 2] == 0x9d)) {
			strbuf_addch(&sb, '"');
			i += 2;
		} else {
			strbuf_addch(&sb, c);
		}
	}
	return strbuf_detach(&sb, NULL);
}

static char *lower_copy(const char *s)
{
	char *l = xstrdup(s), *p;
	for (p = l; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return l;
}

/* ---- the transcript ---- */

struct reader {
	const struct draft_input *in;
	struct sent *v;
	size_t nr, alloc;
	int nutt;
	char *first_name;         /* the report's, lower case, or NULL */
	char *manager;            /* a manager speaker's name as said, or NULL */
};

static int is_report(const struct reader *r, const char *sp, size_t n)
{
	const struct draft_input *in = r->in;
	size_t fl = r->first_name ? strlen(r->first_name) : 0;

	if (in->name && strlen(in->name) == n && !strncasecmp(sp, in->name, n))
		return 1;
	if (strlen(in->handle) == n && !strncasecmp(sp, in->handle, n))
		return 1;
	/* "Kenji" for Kenji Watanabe, or "Kenji W." */
	return fl && n >= fl && !strncasecmp(sp, r->first_name, fl) &&
	       (n == fl || sp[fl] == ' ');
}

static void add_sentence(struct reader *r, long line, int report,
			 const char *s, size_t len)
{
	struct sent *st;

	while (len && (*s == ' ' || *s == '-' || *s == ','))
		s++, len--;
	while (len && s[len - 1] == ' ')
		len--;
	if (!len)
		return;
	grow_array((void **)&r->v, &r->alloc, r->nr + 1, sizeof(*r->v));
	st = &r->v[r->nr++];
	st->line = line;
	st->report = report;
	st->utt = r->nutt;
	st->question = s[len - 1] == '?';
	st->orig = plain_copy(s, len);
	st->low = lower_copy(st->orig);
}

/* Does a second commitment of the same sentence start here? */
static int next_commitment(const char *s, size_t len)
{
	static const char *const joins[] = { ", and i'll ", ", i'll ", " and i'll ",
					     ", and i will ", " and i will ", NULL };
	const char *const *j;

	for (j = joins; *j; j++) {
		size_t n = strlen(*j);
		if (len > n && !strncasecmp(s, *j, n))
			return 1;
	}
	return 0;
}

/* Cut at ". ", "? ", "! " (and the end), and where a second commitment
 * starts; "e.g. x" stays whole enough. */
static void split_sentences(struct reader *r, long line, int report,
			    const char *s, size_t len)
{
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		if ((s[i] == '.' || s[i] == '?' || s[i] == '!' || s[i] == ';') &&
		    (i + 1 == len || s[i + 1] == ' ')) {
			add_sentence(r, line, report, s + start, i + 1 - start);
			start = i + 1;
		} else if (i > start && next_commitment(s + i, len - i)) {
			/* "I'll send it today, and I'll talk to Dana": two */
			add_sentence(r, line, report, s + start, i - start);
			start = i;
		}
	}
	if (start < len)
		add_sentence(r, line, report, s + start, len - start);
}

/* "[HH:MM:SS] Speaker: text" */
static void read_line(struct reader *r, long line, const char *s, size_t len)
{
	const char *end = s + len, *sp, *colon;

	if (len < 11 || s[0] != '[' || s[9] != ']')
		return;
	sp = s + 11;
	colon = memchr(sp, ':', (size_t)(end - sp));
	if (!colon || colon + 1 >= end)
		return;
	{
		int report = is_report(r, sp, (size_t)(colon - sp));
		if (!report && !r->manager)
			r->manager = xstrndup(sp, (size_t)(colon - sp));
		split_sentences(r, line, report, colon + 2 > end ? end : colon + 2,
				(size_t)(end - (colon + 2 > end ? end : colon + 2)));
	}
	r->nutt++;
}

static void read_transcript(struct reader *r)
{
	const char *p = r->in->text, *end = p + r->in->len;
	long line = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		size_t n = (size_t)(eol - p);
		if (n && p[n - 1] == '\r')
			n--;
		line++;
		read_line(r, line, p, n);
		p = nl ? nl + 1 : end;
	}
}

/* ---- time expressions ---- */

static int month_end(int days)
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	return m == 12 ? date_from_ymd(y + 1, 1, 1) - 1 : date_from_ymd(y, m + 1, 1) - 1;
}

static int number_word(const char *w)
{
	static const char *const nums[] = { "a", "one", "two", "three", "four",
					    "five", "six", "seven", "eight", "nine",
					    "ten" };
	size_t i;
	if (isdigit((unsigned char)*w))
		return atoi(w);
	if (!strncmp(w, "a couple of", 11) || !strncmp(w, "couple of", 9))
		return 2;
	if (!strncmp(w, "a few", 5))
		return 3;
	for (i = 0; i < ARRAY_SIZE(nums); i++)
		if (!strncmp(w, nums[i], strlen(nums[i])) && !is_word(w[strlen(nums[i])]))
			return i ? (int)i : 1;
	return 0;
}

static const char *const weekdays[] = { "monday", "tuesday", "wednesday",
					 "thursday", "friday", "saturday",
					 "sunday", NULL };
static const char *const months[] = { "january", "february", "march", "april",
				      "may", "june", "july", "august",
				      "september", "october", "november",
				      "december", NULL };

/* A day of the month said as "the 24th", "December 2" or "2 December". */
static int day_of_month(const char *low, int date, const char **cue)
{
	const char *p;
	int y, m, d, i, want;

	date_to_ymd(date, &y, &m, &d);
	for (i = 0; months[i]; i++) {
		const char *mp = find_word(low, months[i]);
		if (!mp)
			continue;
		p = mp + strlen(months[i]);
		if (*p == ' ' && isdigit((unsigned char)p[1]))
			want = atoi(p + 1);
		else if (mp - low >= 3 && isdigit((unsigned char)mp[-2]))
			want = atoi(mp - (isdigit((unsigned char)mp[-3]) ? 3 : 2));
		else
			continue;
		if (want < 1 || want > 31)
			continue;
		*cue = months[i];
		return date_from_ymd(i + 1 < m ? y + 1 : y, i + 1, want);
	}
	for (p = low; (p = strstr(p, "the ")); p += 4) {
		char *e;
		long n;
		if (!isdigit((unsigned char)p[4]))
			continue;
		n = strtol(p + 4, &e, 10);
		if (n < 1 || n > 31 || (strncmp(e, "st", 2) && strncmp(e, "nd", 2) &&
					strncmp(e, "rd", 2) && strncmp(e, "th", 2)))
			continue;
		*cue = "the Nth";
		if (n >= d)
			return date + (int)(n - d) > month_end(date) ? month_end(date)
								 : date + (int)(n - d);
		/* already past this month: next month's */
		return date_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) + (int)n - 1;
	}
	return 0;
}

/* The checkpoint a sentence names, resolved against the meeting date;
 * 0 when it names none. */
static int time_expr(const char *low, const struct draft_input *in, const char **cue)
{
	int date = in->date, wd = date_weekday(date), i;
	const char *p;

	if (find_word(low, "day after tomorrow"))
		return *cue = "day after tomorrow", date + 2;
	if (find_word(low, "tomorrow"))
		return *cue = "tomorrow", date + 1;
	if (find_word(low, "today") || find_word(low, "tonight") ||
	    find_word(low, "end of day") || find_word(low, "eod") ||
	    find_word(low, "after this") || find_word(low, "this afternoon"))
		return *cue = "today", date;
	if (find_word(low, "end of next week"))
		return *cue = "end of next week", date + 7 - wd + 4;
	if (find_word(low, "end of the week") || find_word(low, "end of this week") ||
	    find_word(low, "end of week") || find_word(low, "this week") ||
	    find_word(low, "by the weekend"))
		return *cue = "end of the week", wd <= 4 ? date + 4 - wd : date + 11 - wd;
	if (find_word(low, "next week"))
		return *cue = "next week", date + 7 - wd + 4;
	if (find_word(low, "end of the month") || find_word(low, "end of this month") ||
	    find_word(low, "end of month") || find_word(low, "month end") ||
	    find_word(low, "this month"))
		return *cue = "end of the month", month_end(date);
	if (find_word(low, "next month"))
		return *cue = "next month", month_end(month_end(date) + 1);
	if ((p = find_word(low, "in ")) != NULL) {
		for (; p; p = find_word(p + 1, "in ")) {
			int n = number_word(p + 3);
			const char *unit = p + 3;
			while (*unit && *unit != ' ')
				unit++;
			if (!strncmp(p + 3, "a couple of ", 12))
				unit = p + 3 + 11;
			else if (!strncmp(p + 3, "a few ", 6))
				unit = p + 3 + 5;
			if (!n || *unit != ' ')
				continue;
			if (!strncmp(unit + 1, "week", 4))
				return *cue = "in N weeks", date + 7 * n;
			if (!strncmp(unit + 1, "day", 3))
				return *cue = "in N days", date + n;
		}
	}
	/* "Wednesday the 25th": the date is the more exact */
	if ((i = day_of_month(low, date, cue)))
		return i;
	for (i = 0; weekdays[i]; i++) {
		if (!(p = find_word(low, weekdays[i])))
			continue;
		*cue = weekdays[i];
		{
			int ahead = (i - wd + 7) % 7;
			int d = date + (ahead ? ahead : 7);
			/* "next Friday" said on a Monday is the Friday after this one */
			if (p - low >= 5 && !strncmp(p - 5, "next ", 5) && d - date < 7 - wd)
				d += 7;
			return d;
		}
	}
	if (find_word(low, "next 1:1") || find_word(low, "next one-on-one") ||
	    find_word(low, "next one on one") || find_word(low, "next time we meet") ||
	    find_word(low, "next sync"))
		return *cue = "next 1:1", date + in->cadence_days;
	return 0;
}

/* ---- cues ---- */

/* Said in the meeting about the meeting: nobody's to do. */
static const char *const in_meeting[] = {
	"share my screen", "share your screen", "sharing my screen", "stop sharing",
	"pull it up", "pull that up", "pull up", "bring it up", "bring up the",
	"let me see", "let me think", "let me just", "let me find", "let me open",
	"let me scroll", "let me start", "let me read", "let me try to remember",
	"let me recap", "let me summarize", "let me put it", "let me be",
	"i'll be honest", "i'll admit", "i'll say", "i'll tell you", "i'll be quick",
	"i'll keep it short", "i'll start", "i'll go first", "i'll let you go",
	"i'll see you", "i'll take that", "i'll stop", "i'll mute", "i'll leave it",
	"i'll give you an example", "i'll be brief", "i'll bet", "i'll grant",
	"i'll think about it", "i'll be out", "i'll be off", "i'll be on",
	"i'll be around", "i'll be there", "i'll be back", "i'll live",
	"can you hear", "can you see", "could you see", "could you repeat",
	"can you repeat", "say that again", "can you remind me", "can you tell me",
	"could you tell me", "can you walk me through", "could you walk me through",
	"walk me through", "can you explain", "could you explain", "would you say",
	"would you like", "can you believe", "can you elaborate", "can you expand",
	"can you clarify", "could you clarify", "give me a sec", "give me a second",
	"please go ahead", "please continue", "can you give me an example",
	"would you be", "what would you", "how would you", "can you talk",
	"can you share", "let me share", "you'll see", "you'll notice",
	"i'll never", "i'll always", "i'll remember", "i will say", "i will admit",
	NULL
};

/* Not (yet) a commitment. */
static const char *const hedges[] = {
	"maybe", "might", "at some point", "i could", "not sure", "i guess",
	"someday", "if i have time", "if i get time", "probably", "i'd like to",
	"i wish", "ideally", "eventually", "one day", "i'll try to think",
	"i won't", "i will not", "i'll not", "if you want", "we could", "could we",
	"should we", "do we", "would it", "i was going to", "i'd have", "i would",
	"i'll see", "no promises", "let me think", "we'll see",
	NULL
};

static const char *const commit_cues[] = {
	"i'll ", "i will ", "i'm going to ", "i am going to ", "i'm gonna ",
	"let me ask", "let me check", "let me find out", "let me follow up",
	"let me get back", "let me look into", "let me dig", "let me ping",
	"let me talk", "let me chase", "let me send", "let me write", "let me draft",
	"let me loop", "let me reach out", "let me confirm", "let me sync",
	"let me set up", "let me book", "let me grab", "let me put", "let me raise",
	"let me email", "let me get", "let me take", "let me handle", "let me add",
	"let me sort", "let me figure", "let me update", "let me schedule",
	"i can have", "i can get", "i can send", "i can do", "i can take",
	"i can put", "i can write", "i can share", "i can book", "i can set",
	"on it", "leave it with me", "i need to ", "i have to ", "i should ",
	"i'll make sure", "i'll take care", "i'll own", "i'll handle",
	"i'll get", "i'll have", "i commit", "i'll try",
	NULL
};

static const char *const request_cues[] = {
	"can you ", "could you ", "would you mind ", "would you ", "will you ",
	"please ", "i need you to ", "i'd like you to ", "i want you to ",
	"make sure you ", "can i get ", "could i get ", "i'd love it if you ",
	"you should ", "you need to ", "you'll need to ", "can you please ",
	"i'd like to see you", "do me a favor", "send me ", "get me ",
	"i'd ask you to", "mind sending", "mind taking", "can i see ", "could i see ",
	"can i have ", "could i have ", "i'd like to see ",
	NULL
};

/* A manager's sentence that starts with one of these tells the report
 * what to do: "Send me the plan", "And afterwards fix that runbook". */
static const char *const imperatives[] = {
	"send", "fix", "write", "book", "schedule", "draft", "update", "add",
	"follow up", "loop in", "ping", "email", "file", "review", "prepare",
	"set up", "put", "finish", "ask", "reach out", "check with", "make sure",
	"talk to", "post", "document", "write up", "sync with", "pair with",
	"block", "raise", "bring", "share the", "get the", "get a", "get me",
	"find", "collect", "gather", "start", "try", "run", "move", "reply",
	NULL
};

/* Verbs that route a commitment to a third person: "I'll ask Chris". */
static const char *const route_verbs[] = {
	"ask", "ping", "check with", "talk to", "talk with", "speak to",
	"speak with", "email", "message", "follow up with", "chase", "nudge",
	"reach out to", "loop in", "raise it with", "raise this with",
	"raise both with", "sync with", "escalate to", "take it up with",
	"get", "poke", "bug", "call", "find out from",
	NULL
};

static const char *const blocker_cues[] = {
	"waiting on", "waiting for", "blocked by", "blocked on", "still blocked",
	"haven't heard back", "hasn't heard back", "haven't heard from",
	"no access", "don't have access", "still don't have", "still no ",
	"stuck on", "stuck in", "stuck waiting", "held up", "no response",
	"no reply", "can't move forward", "can't proceed", "can't start",
	"can't get", "can't schedule", "can't ship", "can't deploy",
	"is blocking", "are blocking", "blocker is", "the blocker", "still pending",
	"no movement", "hasn't moved", "no one has", "nobody has",
	"slipped", "keeps slipping", "been down", "still down",
	"broken", "keeps failing", "bottleneck", "deprioritised", "deprioritized",
	NULL
};

static const char *const not_blocked[] = {
	"not blocked", "no blockers", "nothing blocking", "unblocked",
	"no longer blocked", "not waiting", "nothing's blocking", "any blockers",
	"anything blocking", "are you blocked", "are you waiting", "not stuck",
	NULL
};

static const char *const decision_cues[] = {
	"let's go with", "we agreed", "we've agreed", "agreed that", "we decided",
	"i've decided", "we've decided", "we'll go with", "the decision is",
	"let's decide", "so we'll ", "we're going to go with", "we'll do ",
	"let's do ", "let's keep", "let's push", "let's drop", "let's stick",
	"let's make it", "let's plan", "let's not", "let's move the",
	"let's move it", "going forward", "from now on",
	"decision:", "we'll keep", "we'll move", "we'll skip", "we'll split",
	"we'll use", "we'll hold", "we're going with", "that's the plan",
	"let's call it", "let's treat", "let's use", "let's split", "let's hold",
	"let's cut", "let's punt", "we'll punt", "we'll cut", "we'll ship",
	"let's agree", "we're agreed", "it's decided", "decided",
	NULL
};

static const char *const win_cues[] = {
	"shipped", "merged", "launched", "it's done", "is done", "went live",
	"is live", "released", "landed", "finished", "completed", "got approved",
	"was approved", "signed off", "we hit", "closed out", "rolled out",
	"went out", "resolved", "passed", "got promoted", "is out",
	"we cut", "went from", "down from", "up from", "nailed", "delivered",
	"wrapped up", "is in production", "it's in", "fixed",
	NULL
};

static const char *const not_done[] = {
	"not ", "n't", "never", "yet", "will ", "'ll ", "once ", "when ", "after ",
	"before ", "until ", "if ", "going to", "gonna", "hope", "should ",
	"almost", "nearly", "need", "soon", "until", "about to", "plan",
	NULL
};

static const char *const feedback_cues[] = {
	"great job", "nice work", "good job", "well done", "really good",
	"that was great", "i liked", "i loved", "impressed", "next time",
	"better would be", "i'd suggest", "my feedback", "feedback", "great work",
	"nice job", "really well", "exactly right", "that's the test", "the right length",
	"what i'd like to see", "what better looks like", "be more", "too long",
	"too vague", "one thing i'd", "kudos", "proud of",
	NULL
};

static const char *const accept_words[] = {
	"sure", "yes", "yep", "yeah", "will do", "ok", "okay", "absolutely",
	"of course", "i can", "on it", "sounds good", "no problem", "definitely",
	"works", "can do", "i'll", "got it", "will", "understood", "fair",
	"sounds fair", "deal", "done", "happy to", "totally", "right", "let me",
	NULL
};

static const char *const refuse_words[] = {
	"no", "i can't", "not really", "i don't think", "nope", "i'd rather not",
	"probably not", "not this week",
	NULL
};

static const char *const fillers[] = {
	"so", "ok", "okay", "yeah", "yes", "sure", "and", "well", "alright",
	"right", "um", "uh", "great", "cool", "good", "perfect", "also", "then",
	"oh", "and then", "but", "actually", "honestly", "fine", "yep", "got it",
	"sounds good", "totally", "absolutely", "of course", "definitely", "hmm",
	"understood", "fair", "sounds fair", "will do", "thanks", "thank you",
	"afterwards", "after that", "first", "in the meantime", "meanwhile",
	NULL
};

/* ---- known people ---- */

/* Does `low` name someone of in->known after position `from`?  Their
 * index, or -1.  A handle (infra-team, "infra team"), a full name or a
 * person's first name (not a team's: "the data platform team" is named
 * by its whole name only). */
static int known_at(const struct draft_input *in, const char *low, const char *limit)
{
	size_t i;
	char buf[128];

	for (i = 0; i < in->nknown; i++) {
		const char *h = in->known[i].handle, *n = in->known[i].name, *at;
		char *q;
		if (strlen(h) >= sizeof(buf))
			continue;
		strcpy(buf, h);
		for (q = buf; *q; q++)
			*q = *q == '-' || *q == '_' ? ' ' : (char)tolower((unsigned char)*q);
		if (((at = find_word(low, buf)) && at <= limit))
			return (int)i;
		if (!n || strlen(n) >= sizeof(buf))
			continue;
		for (q = buf; *n; n++)
			*q++ = (char)tolower((unsigned char)*n);
		*q = 0;
		q = !strncmp(buf, "the ", 4) ? buf + 4 : buf;
		if ((at = find_word(low, q)) && at <= limit)
			return (int)i;
		if (q == buf && (at = strchr(buf, ' '))) {
			buf[at - buf] = 0;
			if (strlen(buf) >= 3 && (at = find_word(low, buf)) && at <= limit)
				return (int)i;
		}
	}
	return -1;
}

/* "I'll ask Chris": the route verb right after the cue and a known
 * person within a few words of it. */
static int routed_to(const struct draft_input *in, const char *cue_end)
{
	const char *verb = NULL, *at = find_any(cue_end, route_verbs, &verb);
	int words = 0;
	const char *p;

	if (!at)
		return -1;
	/* "I'll send it and ask Chris" counts; "I'll write the plan, it's
	 * what Chris asked for" does not: the verb within four words */
	for (p = cue_end; p < at; p++)
		words += *p == ' ';
	if (words > 4)
		return -1;
	p = at + strlen(verb);
	return known_at(in, p, p + 24);
}

/* ---- candidates ---- */

static void push(struct draft *d, enum draft_kind kind, const struct sent *s,
		 const char *cue)
{
	struct draft_candidate *c;

	grow_array((void **)&d->v, &d->alloc, d->nr + 1, sizeof(*d->v));
	c = &d->v[d->nr++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->first = c->last = s->line;
	c->cue = xstrdup(cue);
	c->parent = -1;
}

/* Who the item text has named so far, to say "you" the way a note does. */
struct who {
	int named;           /* the other's name is already in the text */
	int subject;         /* the word before was "you" as a subject */
	int clause_start;    /* the next word starts a clause */
};

static int word_is(const char *w, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && !strncasecmp(w, *list, n))
			return 1;
	return 0;
}

/* After "you" turned into a name: "swap" -> "swaps", "fix" -> "fixes",
 * "are" -> "is"; a modal, a form that is not a plain verb ("swapped",
 * "going") or a word of one letter stays as it is. */
static void add_third_person(struct strbuf *out, const char *w, size_t n)
{
	static const char *const modal[] = {
		"can", "could", "will", "would", "shall", "should", "may",
		"might", "must", "also", "just", "still", "really", "then", NULL
	};
	static const char *const irregular[][2] = {
		{ "are", "is" }, { "were", "was" }, { "have", "has" },
		{ "do", "does" }, { "go", "goes" }, { "don't", "doesn't" },
		{ "aren't", "isn't" }, { "weren't", "wasn't" }, { "haven't", "hasn't" },
	};
	size_t i;
	char last = n ? (char)tolower((unsigned char)w[n - 1]) : 0;

	for (i = 0; i < sizeof(irregular) / sizeof(*irregular); i++)
		if (strlen(irregular[i][0]) == n && !strncasecmp(w, irregular[i][0], n)) {
			strbuf_addstr(out, irregular[i][1]);
			return;
		}
	strbuf_add(out, w, n);
	if (n < 2 || word_is(w, n, modal) || memchr(w, '\'', n) || last == 's' ||
	    (n > 2 && !strncasecmp(w + n - 2, "ed", 2)) ||
	    (n > 3 && !strncasecmp(w + n - 3, "ing", 3)))
		return;
	if (last == 'x' || last == 'z' || last == 'o' ||
	    (n > 2 && (!strncasecmp(w + n - 2, "sh", 2) || !strncasecmp(w + n - 2, "ch", 2))))
		strbuf_addstr(out, "es");
	else if (last == 'y' && !strchr("aeiou", tolower((unsigned char)w[n - 2]))) {
		strbuf_setlen(out, out->len - 1);
		strbuf_addstr(out, "ies");
	} else
		strbuf_addch(out, 's');
}

/* Words of the item text that say who, from the speaker's side: "you"
 * is the other's name the first time, then "they"/"them"/"their", and
 * the verb after a "you" that starts a clause agrees with the name. */
static void say_word(struct strbuf *out, const char *w, size_t n,
		     const char *self, const char *other, struct who *who)
{
	static const char *const opens[] = {
		"if", "then", "so", "and", "when", "once", "until", "unless",
		"that", "before", "after", "but", NULL
	};
	int subject = who->subject, starts = who->clause_start;

	who->subject = 0;
	who->clause_start = word_is(w, n, opens);
	if (other && n == 3 && !strncasecmp(w, "you", 3)) {
		who->subject = starts;
		strbuf_addstr(out, !who->named ? other : starts ? "they" : "them");
		who->named = 1;
	} else if (other && n == 4 && !strncasecmp(w, "your", 4)) {
		if (who->named)
			strbuf_addstr(out, "their");
		else {
			strbuf_addstr(out, other);
			strbuf_addstr(out, "'s");
		}
		who->named = 1;
	} else if (self && ((n == 2 && !strncasecmp(w, "me", 2)) ||
			    (n == 2 && !strncasecmp(w, "my", 2)))) {
		strbuf_addstr(out, self);
		if (w[1] == 'y' || w[1] == 'Y')
			strbuf_addstr(out, "'s");
	} else if (subject && out->len >= 4 && !strcmp(out->buf + out->len - 4, "they")) {
		strbuf_add(out, w, n);          /* "they swap": no agreement to make */
	} else if (subject) {
		add_third_person(out, w, n);
	} else {
		strbuf_add(out, w, n);
	}
}

/*
 * The line a manager would write: the sentence from its cue on, fillers
 * and the cue's "I'll"/"can you" dropped, "you"/"me" turned into names,
 * characters the notes would read as fields ("@", "#", "[", "<") made
 * plain, the first letter capital and no closing punctuation.
 */
static char *item_text(const struct sent *s, const char *from_low,
		       const char *self, const char *other)
{
	struct strbuf out = STRBUF_INIT;
	const char *p = s->orig + (from_low - s->low), *end = s->orig + strlen(s->orig);

	struct who who = { 0, 0, 1 };

	while (end > p && strchr(".?!;, ", end[-1]))
		end--;
	while (p < end) {
		const char *w = p;
		if (is_word(*p)) {
			while (p < end && is_word(*p))
				p++;
			say_word(&out, w, (size_t)(p - w), self, other, &who);
			continue;
		}
		if (strchr(",;:", *p))
			who.clause_start = 1;
		switch (*p) {
		case '@':       /* "@dave" is said "dave"; an address "ops at example.com" */
			if (p > s->orig && is_word(p[-1]))
				strbuf_addstr(&out, " at ");
			break;
		case '#': break;
		case '[': case '<': strbuf_addch(&out, '('); break;
		case ']': case '>': strbuf_addch(&out, ')'); break;
		case '`': case '*': case '_': case '\\': case '|': break;
		default: strbuf_addch(&out, *p);
		}
		p++;
	}
	/* "due:" or "escalate:" would be read as a field */
	{
		char *f;
		while ((f = strstr(out.buf, "due:")) || (f = strstr(out.buf, "escalate:")))
			*strchr(f, ':') = ' ';
	}
	if (out.len && islower((unsigned char)out.buf[0]))
		out.buf[0] = (char)toupper((unsigned char)out.buf[0]);
	return strbuf_detach(&out, NULL);
}

/* Skip fillers and a following comma: "Okay, so I'll" -> "I'll". */
static const char *skip_fillers(const char *low)
{
	int again = 1;
	while (again) {
		const char *const *f;
		again = 0;
		for (f = fillers; *f; f++) {
			size_t n = strlen(*f);
			if (!strncmp(low, *f, n) && !is_word(low[n])) {
				low += n;
				while (*low == ',' || *low == ' ' || *low == '.' || *low == '!')
					low++;
				again = 1;
				break;
			}
		}
	}
	return low;
}

/* The next utterance by the other speaker, if it is the very next turn. */
static const struct sent *answer(const struct reader *r, size_t i)
{
	size_t j;
	for (j = i + 1; j < r->nr; j++) {
		if (r->v[j].utt == r->v[i].utt)
			continue;
		if (r->v[j].report != r->v[i].report && r->v[j].utt == r->v[i].utt + 1)
			return &r->v[j];
		return NULL;
	}
	return NULL;
}

struct ctx {
	struct reader *r;
	const struct draft_input *in;
	struct draft *d;
	const char *me_name;      /* what "me" said by the manager becomes */
	const char *report_name;
};

static void set_due(struct ctx *x, struct draft_candidate *c, const struct sent *s,
		    const struct sent *ans)
{
	const char *cue = NULL;
	int due = time_expr(s->low, x->in, &cue);

	if (!due && ans)
		due = time_expr(ans->low, x->in, &cue);
	c->due_said = due != 0;
	if (!due || due < x->in->date)
		due = x->in->date + x->in->cadence_days;
	c->due = due;
	if (c->kind == DRAFT_ASK)
		c->escalate = date_add_working_days(due, x->in->escalate_days);
	if (cue && c->due_said) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s; %s", c->cue, cue);
		free(c->cue);
		c->cue = strbuf_detach(&sb, NULL);
	}
}

/* "I'll do it", "I can do that", "on it": says yes, names nothing. */
static int vague(const char *from)
{
	static const char *const empty[] = { "it", "that", "this", "them", "those",
					     "so", "now", "after", "then", "too",
					     "later", "first", "right", "away", "up",
					     "one", "do", "take", "see", NULL };
	const char *p = from;

	while (*p) {
		const char *w = p, *const *e;
		size_t n;
		while (*p && is_word(*p))
			p++;
		n = (size_t)(p - w);
		for (e = empty; n && *e; e++)
			if (strlen(*e) == n && !strncmp(w, *e, n))
				break;
		if (n && !*e)
			return 0;
		while (*p && !is_word(*p))
			p++;
	}
	return 1;
}

/* A bare yes: it accepts the other speaker's request of the last few
 * turns, if there is one (the request is the candidate, now cited to
 * here); on its own it is no candidate. */
static int accept_earlier(struct ctx *x, size_t i)
{
	const struct sent *s = &x->r->v[i];
	size_t k;

	for (k = x->d->nr; k-- > 0;) {
		struct draft_candidate *c = &x->d->v[k];
		if (c->first < s->line - 4)
			break;
		if ((c->kind == DRAFT_TASK || c->kind == DRAFT_ASK) &&
		    (find_any(c->cue, request_cues, NULL) ||
		     !strncmp(c->cue, "imperative", 10)) && c->last < s->line) {
			c->last = s->line;
			return 1;
		}
	}
	return 1;
}

static int commitment(struct ctx *x, size_t i, const char *low)
{
	const struct sent *s = &x->r->v[i];
	const char *cue = NULL, *at = find_any(low, commit_cues, &cue), *from;
	const char *self = s->report ? x->report_name : x->me_name;
	const char *other = s->report ? x->me_name : x->report_name;
	struct draft_candidate *c;
	int who;

	if (!at || (s->question && strncmp(cue, "on it", 5)))
		return 0;
	/* "I'll" must start the clause: "what I'll say is" is not one */
	if (at != low && at[-1] != ' ')
		return 0;
	if (at > low + 40 && !strchr(",;", at[-2]) && strncmp(at - 4, "and ", 4) &&
	    strncmp(at - 3, "so ", 3))
		return 0;
	from = at + strlen(cue);
	while (*from == ' ')
		from++;
	/* "I'll just", "I'll go ahead and" add nothing to the item */
	if (!strncmp(from, "just ", 5))
		from += 5;
	if (!strncmp(from, "go ahead and ", 13))
		from += 13;
	if (!strncmp(from, "also ", 5))
		from += 5;
	if (vague(from))
		return accept_earlier(x, i);
	who = routed_to(x->in, at + strlen(cue));
	push(x->d, who >= 0 || !s->report ? DRAFT_ASK : DRAFT_TASK, s, cue);
	c = &x->d->v[x->d->nr - 1];
	c->owner = xstrdup(who >= 0 ? x->in->known[who].handle :
			   s->report ? x->in->handle : "me");
	c->text = item_text(s, *from ? from : at, self, other);
	set_due(x, c, s, NULL);
	return 1;
}

static int request(struct ctx *x, size_t i, const char *low)
{
	const struct sent *s = &x->r->v[i], *ans = answer(x->r, i);
	const char *cue = NULL, *at = find_any(low, request_cues, &cue), *from, *when;
	const char *self = s->report ? x->report_name : x->me_name;
	const char *other = s->report ? x->me_name : x->report_name;
	struct draft_candidate *c;
	int who;

	if (!at && !s->report && !s->question && starts_with_any(low, imperatives)) {
		at = low;
		cue = "imperative";
	}
	if (!at || (at > low + 30 && at[-2] != ','))
		return 0;
	/* "you should" is advice unless it comes with a when */
	if ((!strcmp(cue, "you should ") || !strcmp(cue, "you need to ")) &&
	    !time_expr(low, x->in, &when))
		return 0;
	if (ans && starts_with_any(ans->low, refuse_words))
		return 0;
	from = strcmp(cue, "imperative") ? at + strlen(cue) : at;
	if (!strncmp(from, "please ", 7))
		from += 7;
	if (!strncmp(from, "also ", 5))
		from += 5;
	if (!*from)
		return 0;
	/* the manager asks the report: their task; the report asks the
	 * manager: an ask of the manager, or of whom the manager is to ask */
	who = s->report ? routed_to(x->in, from) : -1;
	push(x->d, s->report ? DRAFT_ASK : DRAFT_TASK, s, cue);
	c = &x->d->v[x->d->nr - 1];
	c->owner = xstrdup(who >= 0 ? x->in->known[who].handle :
			   s->report ? "me" : x->in->handle);
	c->text = item_text(s, from, self, other);
	if (ans && starts_with_any(ans->low, accept_words)) {
		c->last = ans->line;
		free(c->cue);
		c->cue = xstrdup(cue);
	}
	set_due(x, c, s, ans && c->last == ans->line ? ans : NULL);
	return 1;
}

static int blocker(struct ctx *x, size_t i, const char *low)
{
	const struct sent *s = &x->r->v[i];
	const char *cue = NULL, *at = find_any(low, blocker_cues, &cue);
	struct draft_candidate *c;
	int who;

	if (!at || s->question || find_any(low, not_blocked, NULL))
		return 0;
	push(x->d, DRAFT_BLOCKER, s, cue);
	c = &x->d->v[x->d->nr - 1];
	c->text = item_text(s, low, s->report ? x->report_name : x->me_name,
			    s->report ? x->me_name : x->report_name);
	who = known_at(x->in, at, at + strlen(cue) + 30);
	c->owner = who >= 0 ? xstrdup(x->in->known[who].handle) : NULL;
	return 1;
}

static int words(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += is_word(*s) && !is_word(s[1]);
	return n;
}

static int simple(struct ctx *x, size_t i, const char *low, enum draft_kind kind,
		  const char *const *cues)
{
	const struct sent *s = &x->r->v[i];
	const char *cue = NULL, *at = find_any(low, cues, &cue);
	struct draft_candidate *c;

	if (!at || s->question)
		return 0;
	if (kind == DRAFT_WIN && (find_any(low, not_done, NULL) || strstr(low, "?")))
		return 0;
	if (kind == DRAFT_FEEDBACK && s->report)
		return 0;
	if (kind == DRAFT_DECISION && find_any(low, hedges, NULL))
		return 0;
	/* "Let's agree that now": what is agreed is the sentence before */
	if (kind == DRAFT_DECISION && i > 0 && words(at + strlen(cue)) < 4 &&
	    x->r->v[i - 1].utt >= s->utt - 1 && !x->r->v[i - 1].question) {
		s = &x->r->v[i - 1];
		low = skip_fillers(s->low);
	}
	push(x->d, kind, s, cue);
	c = &x->d->v[x->d->nr - 1];
	c->text = item_text(s, low, s->report ? x->report_name : x->me_name,
			    s->report ? x->me_name : x->report_name);
	return 1;
}

static void classify(struct ctx *x, size_t i)
{
	const struct sent *s = &x->r->v[i];
	const char *low = skip_fillers(s->low);
	int meeting = find_any(low, in_meeting, NULL) != NULL;
	int hedged = find_any(low, hedges, NULL) != NULL;

	if (strlen(low) < 8)
		return;
	if (blocker(x, i, low))
		return;
	if (!meeting && !hedged && (commitment(x, i, low) || request(x, i, low)))
		return;
	if (simple(x, i, low, DRAFT_DECISION, decision_cues) ||
	    simple(x, i, low, DRAFT_WIN, win_cues))
		return;
	simple(x, i, low, DRAFT_FEEDBACK, feedback_cues);
}

/* ---- the same thing said twice ---- */

static const char *const stop[] = {
	"the", "and", "you", "your", "for", "that", "this", "with", "have", "get",
	"will", "i'll", "can", "could", "would", "about", "what", "them", "they",
	"then", "just", "from", "it's", "make", "sure", "send", "out", "all",
	"by", "on", "to", "of", "a", "an", "is", "it", "me", "my", "we", "do",
	"next", "week", "friday", "monday", "tuesday", "wednesday", "thursday",
	"tomorrow", "today", "some", "want", "need", "going", "let", "let's",
	NULL
};

/* A word as compared: lower case, a plural or tense ending dropped. */
static size_t stem(const char *w, size_t n, char *out, size_t max)
{
	size_t i;
	if (n >= max)
		n = max - 1;
	for (i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)w[i]);
	out[n] = 0;
	if (n > 5 && !strcmp(out + n - 3, "ing"))
		n -= 3;
	else if (n > 4 && !strcmp(out + n - 2, "ed"))
		n -= 2;
	else if (n > 3 && out[n - 1] == 's' && out[n - 2] != 's')
		n -= 1;
	out[n] = 0;
	return n;
}

static int is_stop(const char *w)
{
	const char *const *s;
	for (s = stop; *s; s++)
		if (!strcmp(*s, w))
			return 1;
	return strlen(w) < 3;
}

/* The content words of a text, stemmed, as compared. */
struct bag {
	int n;
	char w[32][24];
};

static void fill_bag(struct bag *bag, const char *text)
{
	const char *p = text;
	char w[24];

	bag->n = 0;
	while (*p && bag->n < 32) {
		const char *s = p;
		while (*p && is_word(*p) && *p != '\'')
			p++;
		if (p > s && (stem(s, (size_t)(p - s), w, sizeof(w)), !is_stop(w)))
			strcpy(bag->w[bag->n++], w);
		while (*p && !(is_word(*p) && *p != '\''))
			p++;
	}
}

/* Share of the shorter text's content words the other has. */
static double overlap(const struct bag *a, const struct bag *b)
{
	int common = 0, i, j;

	if (!a->n || !b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++)
			if (!strcmp(a->w[i], b->w[j])) {
				common++;
				break;
			}
	if (common > b->n)
		common = b->n;
	return (double)common / (a->n < b->n ? a->n : b->n);
}

static int same_group(enum draft_kind a, enum draft_kind b)
{
	int ta = a == DRAFT_TASK || a == DRAFT_ASK, tb = b == DRAFT_TASK || b == DRAFT_ASK;
	return ta && tb ? 1 : a == b;
}

static void drop(struct draft *d, size_t i)
{
	free(d->v[i].text);
	free(d->v[i].owner);
	free(d->v[i].cue);
	memmove(&d->v[i], &d->v[i + 1], (d->nr - i - 1) * sizeof(*d->v));
	d->nr--;
}

/*
 * Keep one of two candidates that say the same: same kind (a task and an
 * ask together), same owner, most content words in common; or the answer
 * that accepted a request ("Sure, I'll do it Thursday").  The first
 * statement is kept, since it is usually the full one, with the later
 * checkpoint when only the later one named it.
 */
static void merge_repeats(struct draft *d)
{
	struct bag *bags = xcalloc(d->nr + 1, sizeof(*bags));
	size_t i, j;

	/* each text's words once: comparing every pair is then cheap */
	for (i = 0; i < d->nr; i++)
		fill_bag(&bags[i], d->v[i].text);
	for (i = 0; i < d->nr; i++) {
		for (j = i + 1; j < d->nr; j++) {
			struct draft_candidate *a = &d->v[i], *b = &d->v[j];
			int accepted = b->first <= a->last && b->kind != DRAFT_BLOCKER &&
				       same_group(a->kind, b->kind);
			int owners = a->owner && b->owner ? !strcmp(a->owner, b->owner)
							  : a->owner == b->owner;
			/* one blocker told in two sentences of a turn or two */
			int told = a->kind == DRAFT_BLOCKER && b->kind == DRAFT_BLOCKER &&
				   b->first <= a->last + 1;
			if (!same_group(a->kind, b->kind))
				continue;
			if (told) {
				a->last = b->last > a->last ? b->last : a->last;
			} else {
				if (!accepted && !(owners && overlap(&bags[i], &bags[j]) >= 0.5))
					continue;
				if (b->due_said && !a->due_said) {
					a->due = b->due;
					a->escalate = b->escalate;
					a->due_said = 1;
				}
			}
			memmove(&bags[j], &bags[j + 1], (d->nr - j - 1) * sizeof(*bags));
			drop(d, j--);
		}
	}
	free(bags);
}

/* ---- blockers and their next steps ---- */

static void nest(struct ctx *x)
{
	struct draft *d = x->d;
	size_t i, j;

	for (i = 0; i < d->nr; i++) {
		struct draft_candidate *b = &d->v[i], *c;
		int found = 0;
		if (b->kind != DRAFT_BLOCKER)
			continue;
		for (j = i + 1; j < d->nr && d->v[j].first <= b->first + 4; j++) {
			if ((d->v[j].kind == DRAFT_TASK || d->v[j].kind == DRAFT_ASK) &&
			    d->v[j].parent < 0) {
				/* moved up to follow its blocker; nothing between
				 * is a blocker, so no parent index changes */
				struct draft_candidate tmp = d->v[j];
				memmove(&d->v[i + 2], &d->v[i + 1], (j - i - 1) * sizeof(*d->v));
				d->v[i + 1] = tmp;
				d->v[i + 1].parent = (int)i;
				found = 1;
				break;
			}
			if (d->v[j].kind == DRAFT_BLOCKER)
				break;
		}
		if (found)
			continue;
		/* a skeleton to fill in, right after the blocker */
		grow_array((void **)&d->v, &d->alloc, d->nr + 1, sizeof(*d->v));
		memmove(&d->v[i + 2], &d->v[i + 1], (d->nr - i - 1) * sizeof(*d->v));
		d->nr++;
		for (j = i + 2; j < d->nr; j++)
			if (d->v[j].parent > (int)i)
				d->v[j].parent++;
		b = &d->v[i];
		c = &d->v[i + 1];
		memset(c, 0, sizeof(*c));
		c->kind = b->owner ? DRAFT_ASK : DRAFT_TASK;
		c->owner = xstrdup(b->owner ? b->owner : x->in->handle);
		c->text = xstrdup(b->owner ? "Follow up on this, and get a date" :
				  "The next step to unblock this");
		c->first = b->first;
		c->last = b->last;
		c->cue = xstrdup(b->cue);
		c->parent = (int)i;
		c->skeleton = 1;
		c->due = x->in->date + x->in->cadence_days;
		if (c->kind == DRAFT_ASK)
			c->escalate = date_add_working_days(c->due, x->in->escalate_days);
		i++;
	}
}

/* ---- the whole ---- */

static char *first_word(const char *name)
{
	const char *sp = name ? strchr(name, ' ') : NULL;
	return name ? (sp ? xstrndup(name, (size_t)(sp - name)) : xstrdup(name)) : NULL;
}

void draft_extract(const struct draft_input *in, struct draft *out)
{
	struct reader r;
	struct ctx x;
	char *report_first = NULL, *manager_first = NULL;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.in = in;
	r.first_name = in->name ? first_word(in->name) : NULL;
	if (r.first_name) {
		char *p;
		for (p = r.first_name; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	read_transcript(&r);
	out->nlines = 0;
	for (i = 0; i < r.nr; i++)
		out->nlines = r.v[i].line;
	report_first = first_word(in->name ? in->name : in->handle);
	manager_first = r.manager ? first_word(r.manager) : NULL;
	x = (struct ctx){ &r, in, out, manager_first, report_first };
	for (i = 0; i < r.nr; i++)
		classify(&x, i);
	merge_repeats(out);
	nest(&x);
	for (i = 0; i < r.nr; i++) {
		free(r.v[i].orig);
		free(r.v[i].low);
	}
	free(r.v);
	free(r.first_name);
	free(r.manager);
	free(report_first);
	free(manager_first);
}

void draft_release(struct draft *d)
{
	size_t i;
	for (i = 0; i < d->nr; i++) {
		free(d->v[i].text);
		free(d->v[i].owner);
		free(d->v[i].cue);
	}
	free(d->v);
	d->v = NULL;
	d->nr = d->alloc = 0;
}
