/*
 * rule_help.c - the explanation of each lint rule (rule_help.h), kept in
 * step with thread(5) LINT RULES; a rule added to diag.c without one here
 * is caught by tests/unit/test-rule-help.c.
 */
#include "rule_help.h"

static const char *const help[R__COUNT] = {
	[R_FRONT_MATTER] = "The front matter is missing, unclosed, not a YAML mapping, invalid YAML, uses an alias, is larger than 64 KiB, or gives a known key a value it does not allow. Fix the line and column reported; thread(5) Front matter lists the allowed values.",
	[R_OWNER] = "A task, ask, priority or rep has no @handle. Add the owner, or for an ask the recipient, to the item text.",
	[R_CHECKPOINT] = "A task, ask, priority or rep has no due: date. Add due:YYYY-MM-DD, the date to look at it again.",
	[R_ASK_ESCALATION] = "An ask has no escalate: date. Add escalate:YYYY-MM-DD, the date to escalate if it is still open (escalate_after working days after due:, 2 unless .thread.yaml says otherwise).",
	[R_ESCALATION_ORDER] = "An item's escalate: date is earlier than its due: date. Move the escalation to the checkpoint or later.",
	[R_DATE] = "A session heading or a due: or escalate: field holds a date that does not exist, or is not written YYYY-MM-DD; or an item has a second due: or escalate: date. Write one real date with four-digit year, two-digit month and two-digit day.",
	[R_TRANSCRIPT_RANGE] = "A [t:lines] reference is malformed, names a line past the end of the session's transcript, or is in a session that has no Transcript: line. Correct the line numbers or name the transcript.",
	[R_TRANSCRIPT_MISSING] = "The file named on a Transcript: line does not exist, or the path is absolute or has a .. component. Fix the path, which is relative to the repository root, or add the transcript.",
	[R_CONSENT] = "A session names a transcript but the person's consent is not recorded. Set consent: recorded only if the person agreed to be recorded; otherwise remove the Transcript: line, the transcript and the session's references.",
	[R_UNKNOWN_HANDLE] = "The owner or recipient of a ledger item is not me, not the value of me:, not the handle of a person file, and not listed in people:. Fix the spelling, add the handle to people: in .thread.yaml, or create the person's file.",
	[R_BLOCKER_UNCONVERTED] = "A blocker that is not checked has no nested task or ask and is not itself one. Add a nested '- [ ] task:' or '- [ ] ask:' item with an owner and a checkpoint, or check the blocker if it is resolved.",
	[R_DONE_WHEN] = "A task or ask has no Done when: field. Add one line that says how everyone will know it is done.",
	[R_PRIORITY_COUNT] = "A session has more than three priorities. Keep the three that matter most; move the others to Tasks or drop them.",
	[R_PRIORITY_WHY] = "A priority has no Why: field. Say in one line why it matters.",
	[R_GROWTH_INCOMPLETE] = "The Growth section of a held session lacks a Skill:, Rep: or Exposure: bullet. Add the missing one.",
	[R_NEXT_MISSING] = "A held session has no Next section with at least one item. Write what the next meeting starts with.",
	[R_SESSION_ORDER] = "A session's date is earlier than the date of the session before it. Move the session so that sessions run oldest first.",
	[R_OVERDUE] = "An open ledger item's due: date is before today. Finish it and check its box, or agree a new date and change due:.",
	[R_ESCALATION_DUE] = "An open ask's escalate: date is before today. Escalate, then check the ask, or agree new due: and escalate: dates.",
	[R_CADENCE] = "The latest held session is more than twice the cadence old. Hold the meeting, or change cadence: if the agreed rhythm changed.",
	[R_CONFIG] = ".thread.yaml is not a readable YAML mapping, has an unknown key, names an unknown rule id or severity, sets a time-based rule to error, or has a bad value. Fix the value reported.",
	[R_ENCODING] = "The file is not valid UTF-8 or contains a NUL byte, which marks a binary file: it is not read further. Save the file as UTF-8 text.",
	[R_FILE_NAME] = "A file in people/ has a stem that is not a valid handle. Rename it, for instance 'Alice Chen.md' to alice.md.",
	[R_SYMLINK] = "A file in people/ is a symbolic link to a file outside the repository (or to nothing); it is not read. Replace the link with the file itself.",
	[R_TOO_LARGE] = "A person file is larger than 16 MiB; it is not read. Move old sessions to another file.",
	[R_TOO_COMPLEX] = "A paragraph holds thousands of '[' characters, which would take too long to read; the whole file is not read. Split the paragraph, or move the pasted text out of people/.",
	[R_PRIVATE_HEADING] = "A heading says it is private but does not start with Private, so what is under it is shared like any other note. Start the heading with Private, or reword it.",
	[R_UNTRACKED_ITEM] = "A checkbox has an owner or a date but sits where thread makes no ledger item of it, so nothing will remind anyone of it. Move it where the message says, or give it a task: or ask: prefix.",
	[R_UNCITED] = "The session has a transcript and ledger items with no [t:N] reference, so where they came from is not recorded. thread cite HANDLE --date DATE shows the lines that support each item, and --write adds the references.",
	[R_DRAFT_UNREVIEWED] = "thread draft wrote this line from the transcript and nobody has read it against the meeting yet. Keep it by deleting the (draft) marker, correct it, or delete the line; thread closeout refuses the session until then.",
};

const char *rule_help(enum rule_id r)
{
	return (unsigned)r < R__COUNT ? help[r] : NULL;
}
