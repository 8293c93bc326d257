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
 * A cue without a speaker takes the previous cue's, else "Unknown"; a JSON
 * segment without one is "Unknown", and one without "start" takes the
 * last time seen, as an untimed "Speaker: text" line does.
 *
 * The input is the caller's buffer, not necessarily NUL-terminated, and is
 * only read.  A UTF-8 byte-order mark is skipped in every format.
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
struct transcript_error {
	int line;
	char message[320];
};

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
 * (naming the line and what was expected there), invalid UTF-8, a control
 * character, or an input with no utterances.  Prints nothing.
 */
int transcript_import(const char *name, const char *buf, size_t len,
		      enum transcript_format fmt, struct strbuf *out,
		      struct transcript_error *err);

/* "auto", "text", "vtt", "srt" or "json". */
const char *transcript_format_name(enum transcript_format fmt);

#endif
