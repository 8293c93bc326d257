#include "ics.h"
#include "date.h"
#include "safeout.h"

#include <string.h>

#define ICS_LINE_MAX 75          /* octets per physical line, CRLF excluded */

static int utf8_continuation(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/*
 * Append the logical line s[0..len) as physical lines: the first holds up
 * to 75 octets, each next one a space and up to 74 more.  A cut never
 * falls before a continuation byte, so no UTF-8 sequence is split (an
 * unfolding reader would rejoin it, but many readers decode each physical
 * line on its own).
 */
static void fold(struct strbuf *out, const char *s, size_t len)
{
	size_t at = 0, room = ICS_LINE_MAX;

	for (;;) {
		size_t cut = len - at <= room ? len : at + room;
		while (cut < len && cut > at + 1 && utf8_continuation((unsigned char)s[cut]))
			cut--;
		strbuf_add(out, s + at, cut - at);
		strbuf_add(out, "\r\n", 2);
		if (cut >= len)
			return;
		strbuf_addch(out, ' ');
		at = cut;
		room = ICS_LINE_MAX - 1;
	}
}

void ics_escape(struct strbuf *out, const char *value, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)value[i];
		size_t n = utf8_seq_len(value + i, len - i);

		if (!n) {
			/* TEXT is UTF-8: a stray byte becomes U+FFFD. */
			strbuf_addstr(out, "\xef\xbf\xbd");
			i++;
			continue;
		}
		if (c == '\\' || c == ';' || c == ',') {
			strbuf_addch(out, '\\');
			strbuf_addch(out, c);
		} else if (c == '\n') {
			strbuf_add(out, "\\n", 2);
		} else if ((c < 0x20 && c != '\t') || c == 0x7f ||
			   (n == 2 && c == 0xc2 && (unsigned char)value[i + 1] < 0xa0)) {
			/* CR (of CRLF) and other controls, C1 included, are
			 * not allowed in TEXT (RFC 5545 3.3.11, CONTROL). */
		} else {
			strbuf_add(out, value + i, n);
		}
		i += n;
	}
}

static void line(struct strbuf *out, const char *name, const char *value, int text)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, name);
	strbuf_addch(&sb, ':');
	if (text)
		ics_escape(&sb, value, strlen(value));
	else
		strbuf_addstr(&sb, value);
	fold(out, sb.buf, sb.len);
	strbuf_release(&sb);
}

void ics_prop(struct strbuf *out, const char *name, const char *value)
{
	line(out, name, value, 0);
}

void ics_text(struct strbuf *out, const char *name, const char *value)
{
	line(out, name, value, 1);
}

/* "YYYYMMDD": the basic format RFC 5545 wants, from date.h's ISO form. */
static void basic_date(int days, char *buf)
{
	char iso[11];

	date_format(days, iso);
	memcpy(buf, iso, 4);
	memcpy(buf + 4, iso + 5, 2);
	memcpy(buf + 6, iso + 8, 2);
	buf[8] = '\0';
}

void ics_date(struct strbuf *out, const char *name, int days)
{
	struct strbuf sb = STRBUF_INIT;
	char d[9];

	basic_date(days, d);
	strbuf_addf(&sb, "%s;VALUE=DATE", name);
	line(out, sb.buf, d, 0);
	strbuf_release(&sb);
}

void ics_midnight_utc(struct strbuf *out, const char *name, int days)
{
	char d[9 + 8];

	basic_date(days, d);
	memcpy(d + 8, "T000000Z", 9);
	line(out, name, d, 0);
}

void ics_all_day(struct strbuf *out, int days)
{
	ics_date(out, "DTSTART", days);
	/* An all-day event without DTEND lasts one day (RFC 5545 3.6.1):
	 * after 9999-12-31 there is no date to end on. */
	if (days < DATE_MAX)
		ics_date(out, "DTEND", days + 1);
}
