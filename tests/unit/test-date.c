/* Unit tests: calendar dates (date.c). */
#include "date.h"
#include "tap.h"

#include <stdlib.h>

static enum date_status parse(const char *s, int *days)
{
	return date_parse(s, strlen(s), days);
}

int main(void)
{
	char buf[11];
	int d = 0, today;

	is_int(parse("1970-01-01", &d), DATE_OK, "epoch parses");
	is_int(d, 0, "epoch is day 0");
	is_int(parse("2026-11-21", &d), DATE_OK, "an ordinary date parses");
	date_format(d, buf);
	is_str(buf, "2026-11-21", "and formats back");
	is_int(parse("2024-02-29", &d), DATE_OK, "29 February in a leap year");
	is_int(parse("2026-02-29", &d), DATE_INVALID, "29 February in a common year");
	is_int(parse("2026-02-30", &d), DATE_INVALID, "30 February never exists");
	is_int(parse("1900-02-29", &d), DATE_INVALID, "1900 was not a leap year");
	is_int(parse("2000-02-29", &d), DATE_OK, "2000 was");
	is_int(parse("2026-04-31", &d), DATE_INVALID, "April has 30 days");
	is_int(parse("2026-13-01", &d), DATE_INVALID, "month 13");
	is_int(parse("2026-00-10", &d), DATE_INVALID, "month 0");
	is_int(parse("2026-01-00", &d), DATE_INVALID, "day 0");
	is_int(parse("2026-1-5", &d), DATE_MALFORMED, "unpadded month and day");
	is_int(parse("26-11-21", &d), DATE_MALFORMED, "two-digit year");
	is_int(parse("2026/11/21", &d), DATE_MALFORMED, "slashes");
	is_int(parse("2026-11-2x", &d), DATE_MALFORMED, "a letter");
	is_int(parse("", &d), DATE_MALFORMED, "empty");
	is_int(parse("2026-11-211", &d), DATE_MALFORMED, "too long");

	parse("2026-11-24", &d);
	parse("2026-11-21", &today);
	is_int(d - today, 3, "day numbers subtract to days between");
	parse("2027-01-01", &d);
	parse("2026-12-31", &today);
	is_int(d - today, 1, "across a year end");
	parse("2024-03-01", &d);
	parse("2024-02-28", &today);
	is_int(d - today, 2, "across a leap day");

	/* Every day of 1999..2032 round-trips through the two conversions. */
	{
		int start, end, bad = 0, y, m, dd;
		parse("1999-01-01", &start);
		parse("2032-12-31", &end);
		for (int x = start; x <= end; x++) {
			date_to_ymd(x, &y, &m, &dd);
			if (date_from_ymd(y, m, dd) != x)
				bad++;
		}
		is_int(bad, 0, "34 years of days round-trip");
	}

	/* Typed dates (thread lsp completion), from Saturday 2026-11-21. */
	parse("2026-11-21", &today);
	is_str(date_weekday_name(today), "Saturday", "2026-11-21 is a Saturday");
	ok(!date_typed("fri", 3, today, &d) && d - today == 6, "fri is the next Friday");
	ok(!date_typed("Saturday", 8, today, &d) && d - today == 7, "today's weekday is a week on");
	ok(!date_typed("+3d", 3, today, &d) && d - today == 3, "+3d");
	ok(!date_typed("+2W", 3, today, &d) && d - today == 14, "+2w");
	ok(!date_typed("eow", 3, today, &d) && d - today == 6, "eow on a weekend is next Friday");
	ok(!date_typed("tomorrow", 8, today, &d) && d - today == 1, "tomorrow");
	ok(date_typed("+d", 2, today, &d) < 0 && date_typed("fr", 2, today, &d) < 0 &&
	   date_typed("+3x", 3, today, &d) < 0, "what is not a typed date is refused");
	is_int(date_add_working_days(today - 1, 2), today + 3, "two working days after a Friday: Tuesday");

	setenv("THREAD_TODAY", "2026-11-21", 1);
	ok(!date_today(NULL, &d), "THREAD_TODAY is read");
	date_format(d, buf);
	is_str(buf, "2026-11-21", "THREAD_TODAY sets today");
	ok(!date_today("2025-01-02", &d), "--today is read");
	date_format(d, buf);
	is_str(buf, "2025-01-02", "--today beats THREAD_TODAY");
	ok(date_today("2026-02-30", &d) < 0, "an impossible --today is refused");
	setenv("THREAD_TODAY", "yesterday", 1);
	ok(date_today(NULL, &d) < 0, "a malformed THREAD_TODAY is refused");
	return done_testing();
}
