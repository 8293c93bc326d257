/*
 * model.h - a person file, parsed.
 *
 * person_parse() (person.h) builds this from the bytes of one
 * people/<handle>.md.  Every node and string lives in the person's arena
 * and is freed with it by person_free(); nothing here is owned separately.
 * Positions are the file's real 1-based line and 1-based byte column.
 * Lists are singly linked in file order.
 */
#ifndef THREAD_MODEL_H
#define THREAD_MODEL_H

#include "arena.h"
#include <stddef.h>

struct pos {
	int line, col;
};

enum section_kind {
	SEC_OTHER = 0,
	SEC_REVIEW, SEC_WINS, SEC_BLOCKERS, SEC_PRIORITIES, SEC_TASKS,
	SEC_ASKS, SEC_FEEDBACK, SEC_GROWTH, SEC_DECISIONS, SEC_RISKS,
	SEC_NOTES, SEC_PRIVATE, SEC_NEXT,
	SEC__COUNT
};

enum item_kind { ITEM_TASK, ITEM_ASK, ITEM_PRIORITY, ITEM_REP };

enum cont_field { CONT_DONE_WHEN, CONT_WHY, CONT_NEXT_STEP, CONT_MESSAGE, CONT__COUNT };

/* A span of the file's text (not NUL-terminated unless said). */
struct text {
	const char *s;
	size_t len;
};

/* A date field such as due:2026-11-24; `days` is valid only when ok. */
struct datefield {
	int present, ok;
	int days;
	struct pos pos;
};

struct handle_ref {
	struct handle_ref *next;
	const char *name;        /* NUL-terminated, as written (without '@') */
	struct pos pos;
};

struct tag {
	struct tag *next;
	const char *name;        /* without '#' */
};

/* One [t:...] reference, as ranges first..last (inclusive, 1-based). */
struct tref {
	struct tref *next;
	struct pos pos;          /* of the '[' */
	int anchor;              /* line of the list item (or paragraph) holding it */
	const char *raw;         /* the whole "[t:...]" */
	int nranges;
	struct { long first, last; } ranges[8];
	int malformed;           /* syntax the reader could not take */
};

struct item {
	struct item *next;       /* next ledger item of the session */
	enum item_kind kind;
	enum section_kind section;
	int done;
	struct pos pos;          /* of the list marker */
	struct text text;        /* item text, checkbox and prefix removed */
	const char *owner;       /* last @handle, or NULL */
	struct pos owner_pos;
	struct handle_ref *mentions;
	struct datefield due, escalate;
	struct tag *tags;
	struct tref *refs;
	struct text cont[CONT__COUNT];   /* continuation fields; s NULL if absent */
	struct blocker *blocker; /* the blocker it converts, if nested under one */
	int private;             /* under a Private heading (thread(5) PRIVACY) */
};

struct blocker {
	struct blocker *next;
	struct pos pos;
	struct text text;
	int resolved;            /* written as a checked box */
	int converted;           /* has a nested task or ask, or is one */
	struct tag *tags;
	struct handle_ref *mentions;
	int private;
};

/* A top-level list item of a section, checkbox or not. */
struct bullet {
	struct bullet *next;
	struct pos pos;
	struct text text;        /* first paragraph, checkbox and prefix removed */
	int private;
};

struct section {
	struct section *next;
	enum section_kind kind;
	struct pos pos;
	int nbullets;            /* top-level list items */
	struct bullet *bullets, **bullets_tail;
	int has_skill, has_rep, has_exposure;   /* Growth only */
};

struct session {
	struct session *next;
	struct pos pos;          /* of the heading */
	struct text title;       /* heading text after the date */
	int date_ok, date;       /* day number when date_ok */
	struct text date_text;
	struct text type;        /* Type: metadata, or empty */
	const char *transcript;  /* Transcript: path, NUL-terminated, or NULL */
	struct pos transcript_pos;
	/* "Follow-up: sent YYYY-MM-DD HH:MM to ADDRESS": when the follow-up
	 * went out (a day number and minutes into it) and to whom. */
	int followup_sent, followup_day, followup_minute;
	const char *followup_to;     /* NUL-terminated, or NULL */
	struct pos followup_pos;
	struct section *sections;
	struct item *items;
	struct blocker *blockers;
	struct tref *refs;       /* every [t:] in the session, items' included */
	int has_private;         /* holds a Private heading */
	int npriorities;
};

/* The lines under a Private heading: first (the heading) to last. */
struct private_span {
	struct private_span *next;
	int first, last;
};

enum consent { CONSENT_NOTES_ONLY = 0, CONSENT_RECORDED };

/* One entry of the front matter's speakers: map (thread(5) TRANSCRIPTS):
 * a transcript's speaker (an id, a display name) and who it is, "@handle"
 * or a name.  Only valid entries are kept. */
struct speaker_alias {
	struct speaker_alias *next;
	const char *from, *to;
	struct pos pos;          /* of the value */
};

struct person {
	struct arena arena;
	const char *handle;      /* file stem */
	int has_front_matter;
	const char *name, *role, *email, *type, *lifecycle;
	enum consent consent;
	int cadence_days;        /* default 7 */
	struct tag *tags;
	struct speaker_alias *speakers;
	struct session *sessions;
	int nsessions;
	struct private_span *private_spans;   /* in file order */
	int unreadable;          /* a NUL byte or a too-complex paragraph: no
				  * session was read (its finding says where) */
};

const char *section_name(enum section_kind k);
const char *item_kind_name(enum item_kind k);

#endif
