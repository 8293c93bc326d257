/*
 * date.h - calendar dates as day numbers.
 *
 * A date is an int: days since 1970-01-01 (proleptic Gregorian), so date
 * arithmetic is subtraction.  Only the strict ISO form YYYY-MM-DD is read.
 */
#ifndef THREAD_DATE_H
#define THREAD_DATE_H

#include <stddef.h>

enum date_status {
	DATE_OK = 0,
	DATE_MALFORMED,   /* not YYYY-MM-DD */
	DATE_INVALID      /* well-formed but no such day (2026-02-30) */
};

/* Parse exactly len bytes of s; on DATE_OK stores the day number in *days. */
enum date_status date_parse(const char *s, size_t len, int *days);
int date_from_ymd(int y, int m, int d);
void date_to_ymd(int days, int *y, int *m, int *d);
/* The first and last days date_parse() takes: 0001-01-01, 9999-12-31. */
#define DATE_MIN (-719162)
#define DATE_MAX 2932896
/* Writes "YYYY-MM-DD" and a NUL into buf (at least 11 bytes); a day
 * outside DATE_MIN..DATE_MAX is written as the nearer of the two. */
void date_format(int days, char *buf);

/* Monday 0 .. Sunday 6, and its name ("Friday"). */
int date_weekday(int days);
const char *date_weekday_name(int days);
/* The day `n` working days (Monday to Friday) after `days`. */
int date_add_working_days(int days, int n);
/*
 * A date as typed in a hurry (thread lsp completes it), from `today`:
 * YYYY-MM-DD; "today", "tomorrow"; a weekday or its first three letters,
 * the next such day after today ("fri"); "+Nd" or "+Nw", N days or weeks
 * on; "eow", the end of the working week (this Friday, or the next one
 * on a weekend).  Case is ignored.  0 and *days, or -1.
 */
int date_typed(const char *s, size_t len, int today, int *days);

struct strbuf;
/* Append the date as YYYY-MM-DD. */
void strbuf_add_date(struct strbuf *sb, int days);
/* Append "key":"YYYY-MM-DD", or "key":null when !ok (JSON). */
void strbuf_add_json_date(struct strbuf *sb, const char *key, int ok, int days);

/*
 * Today's date: `override` (from --today) if not NULL, else $THREAD_TODAY,
 * else the local date.  Returns -1 with an error printed when the given
 * date is not a valid YYYY-MM-DD.
 */
int date_today(const char *override, int *days);

/* A date given as the value of option `name` ("--date"): -1 with an error
 * naming the option when it is not a valid YYYY-MM-DD. */
int date_arg(const char *name, const char *value, int *days);

#endif
