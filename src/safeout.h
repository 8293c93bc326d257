/*
 * safeout.h - text that is safe to show: what thread prints never carries
 * a terminal control sequence out of someone's notes.
 *
 * Notes are typed, pasted and synced from anywhere, so they may hold ESC,
 * CSI or OSC sequences (which can clear the screen, retitle the window,
 * rewrite what was printed above or, on some terminals, answer back as
 * typed input), C1 controls, or bytes that are not UTF-8 at all.  Every
 * text renderer writes through this module, which shows such bytes in a
 * visible, escaped form instead:
 *
 *   ESC                        \e
 *   CR                         \r
 *   other C0 controls, DEL     \xNN       (TAB and LF pass unchanged)
 *   U+0080..U+009F (C1)        \uNNNN     (written as UTF-8 C2 80..C2 9F)
 *   a byte that is not part    \xNN
 *   of valid UTF-8
 *
 * So the result is always valid UTF-8 without control characters but TAB
 * and LF.  A backslash is not doubled: the escaped form is for a reader,
 * not for parsing back.  Escaping happens whether or not the output is a
 * terminal: a pipe into less -R or a pager is a terminal too, and output
 * that differs by destination is harder to test and to trust.
 *
 * JSON output escapes through strbuf_add_json_str() (json.c) and iCalendar
 * through ics_escape() (ics.c), which apply their own formats' rules.
 */
#ifndef THREAD_SAFEOUT_H
#define THREAD_SAFEOUT_H

#include "strbuf.h"
#include <stddef.h>
#include <stdio.h>

/* Length of the valid UTF-8 sequence at s (1 to 4 bytes, at most `left`),
 * or 0 when s[0] does not start one: overlong forms, surrogates and code
 * points above U+10FFFF are invalid. */
size_t utf8_seq_len(const char *s, size_t left);

/* Where the first byte strbuf_add_safe() would escape is in s[0..len),
 * or len when there is none (for refusing such input outright). */
size_t safe_unsafe_at(const char *s, size_t len);

/* Append s[0..len) to out with controls and invalid bytes escaped. */
void strbuf_add_safe(struct strbuf *out, const char *s, size_t len);

/* Write s[0..len) to f, escaped as strbuf_add_safe() does. */
void safe_write(FILE *f, const char *s, size_t len);

/* printf() and fprintf() whose whole result is escaped. */
void safe_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void safe_fprintf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void safe_vfprintf(FILE *f, const char *fmt, va_list ap);

#endif
