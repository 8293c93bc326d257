/*
 * ics.h - write iCalendar (RFC 5545) content lines.
 *
 * Every function appends one or more complete content lines to a strbuf:
 * CRLF-terminated and folded at 75 octets (never inside a UTF-8
 * sequence), as RFC 5545 section 3.1 requires, so the caller never deals
 * with the wire format.  Values given to ics_text() are escaped as TEXT
 * (section 3.3.11); ics_prop() takes a value that is already valid for
 * its property (a date, a fixed word).
 */
#ifndef THREAD_ICS_H
#define THREAD_ICS_H

#include "strbuf.h"
#include <stddef.h>

/* "NAME:value", value written as given (no escaping). */
void ics_prop(struct strbuf *out, const char *name, const char *value);
/* "NAME:value" with value escaped as TEXT: \\ \; \, and \n. */
void ics_text(struct strbuf *out, const char *name, const char *value);
/* "NAME;VALUE=DATE:YYYYMMDD" for the day number `days` (date.h). */
void ics_date(struct strbuf *out, const char *name, int days);
/* DTSTART and DTEND of an event that takes the whole day `days`. */
void ics_all_day(struct strbuf *out, int days);
/* "NAME:YYYYMMDDT000000Z": midnight UTC of `days`, a reproducible stamp. */
void ics_midnight_utc(struct strbuf *out, const char *name, int days);

/* Append `value` escaped as TEXT, unfolded (for building a value):
 * controls (C0 but TAB, DEL, C1) are dropped, as TEXT cannot hold them,
 * and a byte that is not UTF-8 becomes U+FFFD. */
void ics_escape(struct strbuf *out, const char *value, size_t len);

#endif
