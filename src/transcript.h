/*
 * transcript.h - import a meeting transcript (plain text, WebVTT, SubRip or
 * JSON segments) into thread's canonical form: one utterance per line,
 *
 *     [HH:MM:SS] Speaker: text
 *
 * LF line endings, UTF-8, a newline after the last line, so that line N is
 * utterance N and [t:N] references stay stable.  Times are floored to whole
 * seconds (hours of 100 or more are printed in full).  The text of an
 * utterance and a speaker name are whitespace-normalised (runs of spaces,
 * tabs and line breaks become one space; ends trimmed); an utterance whose
 * text is empty after that (an empty cue, a cue of tags only) is dropped.
 *
 * Speakers (thread(5) TRANSCRIPTS has the user's version):
 *  - a voice (<v ...> in WebVTT, "speaker" in JSON) of any form is taken;
 *    one that is an id rather than a name (a GUID, or unfit for a canonical
 *    line: over 60 characters or holding ':') becomes "Speaker N", N by
 *    first appearance, unless the speaker map names it;
 *  - a "Name: " prefix names the speaker only where the file is in that
 *    style (plain text; cue files where half the cues carry one, or at least
 *    two and a third, as Zoom's do), only with text after it, and only when the name
 *    looks like a name or is used as a prefix twice: "Next steps: I will
 *    send" and "Note to self:" stay text;
 *  - a cue naming no speaker continues the previous speaker (Zoom splits
 *    long turns), else "Unknown"; every line carries its speaker, and
 *    struct transcript_info says which lines were continued.  A JSON
 *    segment without a speaker is "Unknown".
 * Word-level files (at least two thirds of the cues one word of at most
 * 40 bytes, as Whisper and some recorders write) are merged into
 * utterances: consecutive cues of one speaker less than a second apart
 * become one line, at the first cue's time.  Plain text is never merged, so that a canonical file
 * imports as itself.
 *
 * The input is the caller's buffer, not necessarily NUL-terminated, and is
 * only read.  A UTF-8 byte-order mark is skipped in every format; UTF-16
 * with a byte-order mark (LE or BE) is decoded first.
 */
#ifndef THREAD_TRANSCRIPT_H
#define THREAD_TRANSCRIPT_H

#include "strbuf.h"
#include <stddef.h>

enum transcript_format {
	TRANSCRIPT_AUTO,
	TRANSCRIPT_TEXT,
	TRANSCRIPT_VTT,
	TRANSCRIPT_SRT,
	TRANSCRIPT_JSON,
};

/*
 * Why an import failed: the line of the input that broke (from 1) and what
 * was expected there, e.g. { 12, "expected a cue timing line such as
 * 00:00:01.000 --> 00:00:04.000" }, which a caller prints as
 * "meeting.vtt:12: expected ...".  `line` is 0 when the problem is not on
 * one line ("no utterances in meeting.vtt"): print the message alone.
 * A JSON syntax error names its column in the message.
 */
enum { TRANSCRIPT_MAX_ERRORS = 20 };

struct transcript_problem {
	int line;
	char message[320];
};

/* Every problem found, in file order (up to TRANSCRIPT_MAX_ERRORS of
 * them; `nr` counts all).  `line` and `message` repeat the first. */
struct transcript_error {
	int line;
	char message[320];
	int nr;
	struct transcript_problem v[TRANSCRIPT_MAX_ERRORS];
};

/*
 * One entry of the speaker map: the speaker `from` (a voice or prefix as
 * the file writes it, the "Speaker N" the import gives an id, or a unique
 * prefix of an id) is written as `to`, a name fit for a canonical line.
 * Later entries win over earlier ones.  A `required` entry (from the
 * command line) that names no speaker of the file is an error.
 */
struct transcript_speaker {
	const char *from, *to;
	int required;
};

/* What the import did that the reader should be told. */
struct transcript_info {
	int nlines;
	unsigned char *continued;   /* [i]: line i+1's cue named no speaker */
	unsigned char *backwards;   /* [i]: line i+1's time is before line i's */
	int merged;                 /* word-level cues merged away */
	struct strbuf ids;          /* "Speaker N\tID\n" per unmapped id */
};
#define TRANSCRIPT_INFO_INIT { 0, NULL, NULL, 0, STRBUF_INIT }
void transcript_info_release(struct transcript_info *info);

/*
 * The format of a file: by the extension of `name` (.vtt, .srt, .json,
 * .txt, any case) when it has one of these; else by content: a WEBVTT
 * header is WebVTT, text whose first non-blank character is '[' or '{' and
 * that parses as JSON is JSON, a number line followed by an SRT timing line
 * is SubRip, and anything else is plain text.  `name` may be NULL.
 * Never returns TRANSCRIPT_AUTO.
 */
enum transcript_format transcript_detect(const char *name, const char *buf,
					 size_t len);

/*
 * Import the `len` bytes at `buf` (read from the file `name`, used only in
 * messages) as `fmt` (TRANSCRIPT_AUTO: transcript_detect()) and append the
 * canonical lines to `out`.  Returns the number of utterances, at least 1,
 * or -1 with *err filled in and `out` as it was: on malformed input
 * (naming each line and what was expected there), invalid UTF-8 (with the
 * iconv command that converts Windows-1252), a C0 or C1 control
 * character, or an input with no utterances.  Prints nothing.
 */
int transcript_import(const char *name, const char *buf, size_t len,
		      enum transcript_format fmt, struct strbuf *out,
		      struct transcript_error *err);

/*
 * transcript_import() with a speaker map (`nmap` entries, may be 0) and,
 * when `info` is not NULL, what the reader should be told about the lines.
 */
int transcript_import_map(const char *name, const char *buf, size_t len,
			  enum transcript_format fmt,
			  const struct transcript_speaker *map, size_t nmap,
			  struct strbuf *out, struct transcript_error *err,
			  struct transcript_info *info);

/* Print every problem as "error: NAME:LINE: message" (or the message
 * alone when it has no line) on stderr. */
void transcript_error_print(const char *name, const struct transcript_error *err);

/* Is `s` fit to be written as a speaker: 1-60 characters, no ':', no
 * control character, and not an id that would be renamed? */
int transcript_speaker_ok(const char *s, size_t len);

/* "auto", "text", "vtt", "srt" or "json". */
const char *transcript_format_name(enum transcript_format fmt);

#endif
