#include "date.h"
#include "strbuf.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Howard Hinnant's days_from_civil, which is exact for all int years. */
int date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_to_ymd(int z, int *y, int *m, int *d)
{
	int era, doe, yoe, doy, mp;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dim[m - 1];
}

static int digits(const char *s, int n)
{
	int v = 0;
	while (n--) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s++ - '0');
	}
	return v;
}

enum date_status date_parse(const char *s, size_t len, int *days)
{
	int y, m, d;
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return DATE_MALFORMED;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return DATE_MALFORMED;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return DATE_INVALID;
	*days = date_from_ymd(y, m, d);
	return DATE_OK;
}

void date_format(int days, char *buf)
{
	int y, m, d;
	/* Only 4-digit years are ever parsed, but arithmetic on them can
	 * leave that range (the day after 9999-12-31): clamp rather than
	 * wrap, so a late date never prints as an early one. */
	if (days > DATE_MAX)
		days = DATE_MAX;
	if (days < DATE_MIN)
		days = DATE_MIN;
	date_to_ymd(days, &y, &m, &d);
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

void strbuf_add_date(struct strbuf *sb, int days)
{
	char d[11];
	date_format(days, d);
	strbuf_addstr(sb, d);
}

void strbuf_add_json_date(struct strbuf *sb, const char *key, int ok, int days)
{
	char d[11];
	if (!ok) {
		strbuf_addf(sb, "\"%s\":null", key);
		return;
	}
	date_format(days, d);
	strbuf_addf(sb, "\"%s\":\"%s\"", key, d);
}

int date_arg(const char *name, const char *value, int *days)
{
	if (date_parse(value, strlen(value), days) != DATE_OK)
		return error("%s '%s' is not a date; write YYYY-MM-DD", name, value);
	return 0;
}

int date_today(const char *override, int *days)
{
	const char *src = override ? "--today" : "THREAD_TODAY";
	const char *s = override ? override : getenv("THREAD_TODAY");
	time_t now;
	struct tm tm;

	if (s && *s) {
		if (date_parse(s, strlen(s), days) != DATE_OK)
			return error("%s '%s' is not a date; write YYYY-MM-DD",
				     src, s);
		return 0;
	}
	now = time(NULL);
	if (!localtime_r(&now, &tm))
		return error("cannot read the local date");
	*days = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return 0;
}

int date_weekday(int days)
{
	return ((days + 3) % 7 + 7) % 7;
}

static const char *const weekday_names[] = { "Monday", "Tuesday", "Wednesday",
					      "Thursday", "Friday", "Saturday",
					      "Sunday" };

const char *date_weekday_name(int days)
{
	return weekday_names[date_weekday(days)];
}

int date_add_working_days(int days, int n)
{
	while (n > 0) {
		days++;
		if (date_weekday(days) < 5)
			n--;
	}
	return days;
}

/* Is s[0..len) `word`, ignoring case? */
static int word_is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && !strncasecmp(s, word, len);
}

int date_typed(const char *s, size_t len, int today, int *days)
{
	size_t i;
	long n = 0;

	if (date_parse(s, len, days) == DATE_OK)
		return 0;
	if (word_is(s, len, "today") || word_is(s, len, "tomorrow")) {
		*days = today + (len == 8);
		return 0;
	}
	if (word_is(s, len, "eow")) {
		*days = today + (4 - date_weekday(today) + 7) % 7;
		return 0;
	}
	for (i = 0; i < 7; i++)
		if (word_is(s, len, weekday_names[i]) ||
		    (len == 3 && !strncasecmp(s, weekday_names[i], 3))) {
			int ahead = ((int)i - date_weekday(today) + 7) % 7;
			*days = today + (ahead ? ahead : 7);
			return 0;
		}
	if (len < 3 || s[0] != '+' || (tolower((unsigned char)s[len - 1]) != 'd' &&
				       tolower((unsigned char)s[len - 1]) != 'w'))
		return -1;
	for (i = 1; i < len - 1; i++) {
		if (!isdigit((unsigned char)s[i]) || n > 10000)
			return -1;
		n = n * 10 + (s[i] - '0');
	}
	*days = today + (int)n * (tolower((unsigned char)s[len - 1]) == 'w' ? 7 : 1);
	return 0;
}
