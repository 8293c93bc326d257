/* Unit tests: output that is safe to print (safeout.c), the JSON string
 * writer (json.c), iCalendar TEXT (ics.c) and edge dates (date.c). */
#include "date.h"
#include "ics.h"
#include "safeout.h"
#include "strbuf.h"
#include "tap.h"

static const char *safe(struct strbuf *sb, const char *s, size_t len)
{
	strbuf_reset(sb);
	strbuf_add_safe(sb, s, len);
	return sb->buf;
}

static const char *json(struct strbuf *sb, const char *s, size_t len)
{
	strbuf_reset(sb);
	strbuf_add_json_str(sb, s, len);
	return sb->buf;
}

static const char *ics(struct strbuf *sb, const char *s, size_t len)
{
	strbuf_reset(sb);
	ics_escape(sb, s, len);
	return sb->buf;
}

int main(void)
{
	struct strbuf sb = STRBUF_INIT;
	char d[11];

	is_str(safe(&sb, "plain\ttext\n", 11), "plain\ttext\n", "TAB and LF pass");
	is_str(safe(&sb, "caf\xc3\xa9 \xe2\x9c\x93", 9), "caf\xc3\xa9 \xe2\x9c\x93",
	       "valid UTF-8 passes");
	is_str(safe(&sb, "\x1b]0;pwned\x07!", 11), "\\e]0;pwned\\x07!",
	       "OSC title: ESC as \\e, BEL as \\x07");
	is_str(safe(&sb, "\x1b[2J\x1b[H", 7), "\\e[2J\\e[H", "CSI clear screen");
	is_str(safe(&sb, "a\rb\x7f", 4), "a\\rb\\x7f", "CR and DEL");
	is_str(safe(&sb, "\xc2\x9b" "31m", 5), "\\u009b31m", "C1 CSI as UTF-8");
	is_str(safe(&sb, "\xc2\xa0", 2), "\xc2\xa0", "U+00A0 is not a control");
	is_str(safe(&sb, "\x9b" "2J \xff\xc3", 6), "\\x9b2J \\xff\\xc3",
	       "bytes that are not UTF-8, a truncated sequence included");
	is_str(safe(&sb, "\xed\xa0\x80", 3), "\\xed\\xa0\\x80", "a surrogate is not UTF-8");
	is_str(safe(&sb, "\xc0\x80", 2), "\\xc0\\x80", "nor an overlong NUL");
	is_str(safe(&sb, "a\0b", 3), "a\\x00b", "NUL");
	is_int(safe_unsafe_at("ok \xc2\x9b", 5), 3, "unsafe_at finds the C1 control");
	is_int(safe_unsafe_at("caf\xc3\xa9\n", 6), 6, "and nothing in clean text");

	is_str(json(&sb, "\x1b[2J\xc2\x9b\x7f", 7), "\"\\u001b[2J\\u009b\\u007f\"",
	       "JSON: ESC, C1 and DEL as \\u escapes");
	is_str(json(&sb, "a\xff" "b\x9b", 4), "\"a\xef\xbf\xbd" "b\xef\xbf\xbd\"",
	       "JSON: each invalid byte becomes U+FFFD");
	is_str(json(&sb, "\xe2\x80\xa8", 3), "\"\\u2028\"", "JSON: U+2028 escaped");
	is_str(json(&sb, "\"\\\n\t", 4), "\"\\\"\\\\\\n\\t\"", "JSON: the usual escapes");

	is_str(ics(&sb, "a\x1b[1m;b,\xc2\x9b\xff\n", 12), "a[1m\\;b\\,\xef\xbf\xbd\\n",
	       "ICS TEXT: controls dropped, invalid bytes U+FFFD, the rest escaped");

	date_format(date_from_ymd(9999, 12, 31), d);
	is_str(d, "9999-12-31", "the last date");
	date_format(date_from_ymd(9999, 12, 31) + 1, d);
	is_str(d, "9999-12-31", "a later day is clamped, not wrapped to 0000");
	date_format(date_from_ymd(1, 1, 1) - 1, d);
	is_str(d, "0001-01-01", "and an earlier one too");
	strbuf_reset(&sb);
	ics_all_day(&sb, date_from_ymd(9999, 12, 31));
	is_str(sb.buf, "DTSTART;VALUE=DATE:99991231\r\n",
	       "an event on 9999-12-31 has no DTEND (one day by RFC 5545)");
	strbuf_reset(&sb);
	ics_all_day(&sb, date_from_ymd(2026, 12, 31));
	is_str(sb.buf, "DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n",
	       "other events end the next day");

	strbuf_release(&sb);
	return done_testing();
}
