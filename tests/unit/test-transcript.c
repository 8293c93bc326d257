/* Unit tests: the JSON reader (json.c) and the transcript importers
 * (transcript.c), the latter mostly through the files in
 * tests/fixtures/transcripts: each input has NAME.expected (the canonical
 * output) or NAME.error (the exact message).  Run from the repository
 * root, as `make check` does. */
#include "json.h"
#include "strbuf.h"
#include "transcript.h"
#include "util.h"
#include "tap.h"

#include <dirent.h>
#include <stdlib.h>

#define FIXTURES "tests/fixtures/transcripts"

/* `text` on one line, for a test's name: TAP names cannot hold newlines. */
static const char *show(const char *text)
{
	static char buf[4][96];
	static int next;
	char *b = buf[next++ % 4], *o = b;

	for (; *text && o < b + sizeof(buf[0]) - 5; text++) {
		unsigned char c = (unsigned char)*text;
		if (c == '\n' || c == '\r' || c == '\t')
			o += sprintf(o, "\\%c", c == '\n' ? 'n' : c == '\r' ? 'r' : 't');
		else if (c < 0x20 || c >= 0x7f)
			o += sprintf(o, "\\x%02x", c);
		else
			*o++ = (char)c;
	}
	*o = '\0';
	return b;
}

/* ---- json.c ---- */

static struct arena arena = ARENA_INIT;

static struct json_value *parse(const char *text, struct json_error *err)
{
	return json_parse(&arena, text, strlen(text), err);
}

/* Parse `text`, expecting failure at line:col with a message containing
 * `msg`. */
static void parse_fails(const char *text, int line, int col, const char *msg)
{
	struct json_error err;
	struct json_value *v = parse(text, &err);

	if (!ok(!v && err.line == line && err.col == col && strstr(err.msg, msg),
		"json refuses %s at %d:%d: %s", show(text), line, col, show(msg)))
		printf("#   got %s at %d:%d: %s\n", v ? "a value" : "an error",
		       err.line, err.col, show(err.msg));
}

/* Parse a JSON string literal; its decoded bytes, or NULL. */
static const struct json_value *parse_str(const char *text)
{
	struct json_error err;
	struct json_value *v = parse(text, &err);
	return v && v->type == JSON_STRING ? v : NULL;
}

static void test_json_literals_and_numbers(void)
{
	struct json_error err;
	struct json_value *v;
	static const struct { const char *text; double want; } nums[] = {
		{ "0", 0 }, { "-0", 0 }, { "42", 42 }, { "-12.25", -12.25 },
		{ "1.5e3", 1500 }, { "2E-2", 0.02 }, { "1e+2", 100 },
		{ "3725.9", 3725.9 }, { "1e-400", 0 },
	};
	size_t i;

	ok((v = parse(" null ", &err)) && v->type == JSON_NULL, "null");
	ok((v = parse("true", &err)) && v->type == JSON_TRUE, "true");
	ok((v = parse("false", &err)) && v->type == JSON_FALSE, "false");
	for (i = 0; i < ARRAY_SIZE(nums); i++)
		ok((v = parse(nums[i].text, &err)) && v->type == JSON_NUMBER &&
		   v->number == nums[i].want, "number %s", nums[i].text);
	parse_fails("01", 1, 1, "leading zeros");
	parse_fails("1.", 1, 3, "expected a digit after '.'");
	parse_fails(".5", 1, 1, "unexpected '.'");
	parse_fails("-", 1, 2, "expected a digit");
	parse_fails("1e", 1, 3, "in the exponent");
	parse_fails("+1", 1, 1, "unexpected '+'");
	parse_fails("1e400", 1, 1, "out of range");
	parse_fails("NaN", 1, 1, "unexpected 'N'");
	parse_fails("True", 1, 1, "unexpected 'T'; expected a value");
}

static void test_json_strings(void)
{
	const struct json_value *v;

	v = parse_str("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"");
	ok(v && v->len == 8 && !memcmp(v->str, "\"\\/\b\f\n\r\t", 8),
	   "the two-character escapes");
	v = parse_str("\"caf\\u00e9 \\u20AC\"");
	is_str(v ? v->str : NULL, "caf\xc3\xa9 \xe2\x82\xac", "\\u escapes to UTF-8");
	v = parse_str("\"\\ud83d\\ude00\"");
	is_str(v ? v->str : NULL, "\xf0\x9f\x98\x80", "a surrogate pair is one code point");
	v = parse_str("\"a\\u0000b\"");
	ok(v && v->len == 3 && !memcmp(v->str, "a\0b", 4), "\\u0000 kept, length known");
	v = parse_str("\"h\xc3\xa9\"");
	is_str(v ? v->str : NULL, "h\xc3\xa9", "raw UTF-8 kept");
	parse_fails("\"\\ud83d\"", 1, 2, "lone high surrogate \\uD83D");
	parse_fails("\"\\ud83d\\u0041\"", 1, 2, "lone high surrogate");
	parse_fails("\"x\\ude00\"", 1, 3, "lone low surrogate \\uDE00");
	parse_fails("\"\\u12g4\"", 1, 2, "expected four hex digits");
	parse_fails("\"\\x\"", 1, 2, "invalid escape '\\x'");
	parse_fails("\"a\tb\"", 1, 3, "unescaped control character U+0009");
	parse_fails("[\"ab\ncd\"]", 1, 5, "not closed before the end of the line");
	parse_fails("\"abc", 1, 1, "never closed");
	parse_fails("\"abc\\", 1, 1, "never closed");
	parse_fails("\"caf\xe9\"", 1, 5, "invalid UTF-8 byte 0xe9");
	parse_fails("\"\xed\xa0\x80\"", 1, 2, "invalid UTF-8");   /* a surrogate */
	parse_fails("\"\xc0\xaf\"", 1, 2, "invalid UTF-8");       /* overlong */
}

static void test_json_containers(void)
{
	struct json_error err;
	struct json_value *v = parse("{\"b\": [1, {\"c\": null}], \"a\": \"x\", \"b\": 2}", &err);
	struct json_value *m;

	ok(v && v->type == JSON_OBJECT && v->count == 3, "object with three members");
	m = v ? v->child : NULL;
	ok(m && !strcmp(m->key, "b") && m->next && !strcmp(m->next->key, "a") &&
	   m->next->next && !strcmp(m->next->next->key, "b"), "keys kept in order");
	m = json_get(v, "b");
	ok(m && m->type == JSON_ARRAY && m->count == 2, "json_get finds the first of two");
	ok(m && m->child->next && json_get(m->child->next, "c") &&
	   json_get(m->child->next, "c")->type == JSON_NULL, "nested object");
	ok(!json_get(v, "zz") && !json_get(m, "b") && !json_get(NULL, "b"),
	   "json_get: missing key, not an object, NULL");
	ok((v = parse("[ ]", &err)) && v->type == JSON_ARRAY && !v->count && !v->child,
	   "empty array");
	ok((v = parse("\xef\xbb\xbf{}", &err)) && v->type == JSON_OBJECT, "a BOM is ignored");
	parse_fails("[1,]", 1, 4, "a trailing comma is not allowed");
	parse_fails("{\"a\": 1,}", 1, 9, "a trailing comma is not allowed");
	parse_fails("{]", 1, 2, "unexpected ']'; expected a string key");
	parse_fails("{\"a\" 1}", 1, 6, "expected ':' after the key \"a\"");
	parse_fails("{1: 2}", 1, 2, "expected a string key");
	parse_fails("[1 2]", 1, 4, "expected ',' or ']'");
	parse_fails("[1, 2", 1, 6, "the array opened at line 1, column 1 is never closed");
	parse_fails("{\n  \"a\": {\n", 3, 1, "the object opened at line 2, column 8 is never closed");
}

static void test_json_errors(void)
{
	char deep[200];
	struct json_error err;
	struct json_value *v;

	memset(deep, '[', 64);
	memset(deep + 64, ']', 64);
	deep[128] = '\0';
	ok((v = parse(deep, &err)) && v->type == JSON_ARRAY, "64 levels of nesting");
	memset(deep, '[', 65);
	memset(deep + 65, ']', 65);
	deep[130] = '\0';
	parse_fails(deep, 1, 65, "nesting deeper than 64 levels");
	parse_fails("[1] x", 1, 5, "unexpected text after the JSON value");
	parse_fails("{} {}", 1, 4, "unexpected text after the JSON value");
	parse_fails("", 1, 1, "the text is empty");
	parse_fails(" \r\n\t", 2, 2, "the text is empty");
	parse_fails("[\n  1,\n  2,\n  x\n]", 4, 3, "unexpected 'x'");
	parse_fails("\xef\xbb\xbf[x]", 1, 2, "unexpected 'x'");   /* columns skip the BOM */
	parse_fails("// comment\n1", 1, 1, "unexpected '/'");
	parse_fails("['a']", 1, 2, "unexpected '''");
	ok(json_parse(&arena, "[1]", 2, &err) == NULL && err.line == 1 && err.col == 3,
	   "only len bytes are read");
}

/* ---- transcript.c: detection and formats ---- */

static void test_detect(void)
{
	static const struct { const char *name, *text; enum transcript_format want; } t[] = {
		{ "a.vtt", "", TRANSCRIPT_VTT },
		{ "a.SRT", "", TRANSCRIPT_SRT },
		{ "dir/a.Json", "Alice: hi", TRANSCRIPT_JSON },
		{ "a.txt", "WEBVTT\n", TRANSCRIPT_TEXT },
		{ "my.vtt/notes", "Alice: hi", TRANSCRIPT_TEXT },
		{ NULL, "WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", TRANSCRIPT_VTT },
		{ "x", "\xef\xbb\xbfWEBVTT - Teams\r\n", TRANSCRIPT_VTT },
		{ "x", "WEBVTT", TRANSCRIPT_VTT },
		{ "x", "WEBVTTX\n", TRANSCRIPT_TEXT },
		{ "x", "\n  [{\"text\": \"hi\"}]", TRANSCRIPT_JSON },
		{ "x", "{\"segments\": []}", TRANSCRIPT_JSON },
		{ "x", "[00:00:01] Alice: hi\n", TRANSCRIPT_TEXT },
		{ "x", "{ not json", TRANSCRIPT_TEXT },
		{ "x", "\n1\n00:00:01,000 --> 00:00:02,000\nhi\n", TRANSCRIPT_SRT },
		{ "x", "1\nAlice: hi\n", TRANSCRIPT_TEXT },
		{ "x.md", "Alice: hi\n", TRANSCRIPT_TEXT },
		{ "x", "", TRANSCRIPT_TEXT },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		is_str(transcript_format_name(transcript_detect(t[i].name, t[i].text,
								strlen(t[i].text))),
		       transcript_format_name(t[i].want), "detect %s: %s",
		       t[i].name ? t[i].name : "(no name)", show(t[i].text));
	is_str(transcript_format_name(TRANSCRIPT_AUTO), "auto", "format name auto");
	is_str(transcript_format_name(TRANSCRIPT_JSON), "json", "format name json");
}

static struct strbuf out = STRBUF_INIT;

/* The messages as a command prints them: "NAME:LINE: ..." or alone, one
 * a line. */
static void add_error(struct strbuf *sb, const char *name,
		      const struct transcript_error *err)
{
	int i;

	for (i = 0; i < err->nr && i < TRANSCRIPT_MAX_ERRORS; i++) {
		if (i)
			strbuf_addch(sb, '\n');
		if (err->v[i].line)
			strbuf_addf(sb, "%s:%d: ", name, err->v[i].line);
		strbuf_addstr(sb, err->v[i].message);
	}
}

/* Import `text` as `fmt` under the name "in"; the output or the error. */
static const char *import(const char *text, enum transcript_format fmt)
{
	struct transcript_error err;

	strbuf_reset(&out);
	if (transcript_import("in", text, strlen(text), fmt, &out, &err) < 0) {
		strbuf_addstr(&out, "error: ");
		add_error(&out, "in", &err);
	}
	return out.buf;
}

static void test_text(void)
{
	is_str(import("Alice: a\n\n  b  \n[0:00:07] Bob:c d\n", TRANSCRIPT_TEXT),
	       "[00:00:00] Alice: a b [0:00:07] Bob:c d\n",
	       "a speaker needs ': ', else even a stamped line continues");
	is_str(import("[00:00:07] Bob: x\r\n[00:01] Ann: y\r\n12:30: z\r\n", TRANSCRIPT_TEXT),
	       "[00:00:07] Bob: x\n[00:00:01] Ann: y 12:30: z\n",
	       "[MM:SS] stamps, CRLF, no speaker starting with a digit");
	is_str(import("[00:00:01] +1 555 0100: hello\n", TRANSCRIPT_TEXT),
	       "[00:00:01] +1 555 0100: hello\n",
	       "after a stamp, any name (so canonical lines import as themselves)");
	is_str(import("Notes from Tuesday\nAlice: hi\n", TRANSCRIPT_TEXT),
	       "error: in:1: expected an utterance such as \"[00:00:01] Alice: text\" or \"Alice: text\"",
	       "text before the first utterance");
	is_str(import("A123456789012345678901234567890123456789012345678901234567890: x\n",
		      TRANSCRIPT_TEXT),
	       "error: in:1: expected an utterance such as \"[00:00:01] Alice: text\" or \"Alice: text\"",
	       "a 61-character speaker is prose");
	is_str(import("\n \n", TRANSCRIPT_TEXT), "error: no utterances in in", "no utterances");
}

static void test_vtt(void)
{
	is_str(import("WEBVTT\n00:00:01.000 --> 00:00:02.000\nhi\n", TRANSCRIPT_VTT),
	       "error: in:2: expected a blank line between the WEBVTT header and the first cue",
	       "vtt: no blank line after the header");
	is_str(import("Hello\n", TRANSCRIPT_VTT),
	       "error: in:1: expected WEBVTT on the first line", "vtt: no header");
	is_str(import("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>a\n00:03.000 --> 00:04.000\nb\n",
		      TRANSCRIPT_VTT),
	       "[00:00:01] Ann: a\n[00:00:03] Ann: b\n",
	       "vtt: a \"-->\" line in cue text starts a new cue (youtube-dl)");
	is_str(import("WEBVTT\n\nintro\n", TRANSCRIPT_VTT),
	       "error: in:4: expected a cue timing line such as 00:00:01.000 --> 00:00:04.000",
	       "vtt: a cue id at the end of the file");
	is_str(import("WEBVTT\n\n00:00:60.000 --> 00:01:00.000\nx\n", TRANSCRIPT_VTT),
	       "error: in:3: expected a cue timing line such as 00:00:01.000 --> 00:00:04.000",
	       "vtt: 60 seconds");
	is_str(import("WEBVTT\n\nSTYLE\n::cue { color: red }\n\n"
		      "00:00:01.000 --> 00:00:02.000 align:start\n"
		      "<v Ann>a &quot;b&quot; &#233;&#x263A; &bogus; &nbsp;<b>c</b> <5\n\n"
		      "00:02.000 --> 00:03.000\n<c.x>only tags</c>\n\n"
		      "00:03.000 --> 00:04.000\n<v>\n",
		      TRANSCRIPT_VTT),
	       "[00:00:01] Ann: a \"b\" \xc3\xa9\xe2\x98\xba &bogus; c <5\n"
	       "[00:00:02] Ann: only tags\n",
	       "vtt: STYLE, settings, entities, tags, empty cue dropped");
	is_str(import("WEBVTT\n\n00:01.000 --> 00:02.000\n<v A: B>x\n\n"
		      "00:02.000 --> 00:03.000\n<v Ann>y\n\n"
		      "00:03.000 --> 00:04.000\n<v A: B>z\n", TRANSCRIPT_VTT),
	       "[00:00:01] Speaker 1: x\n[00:00:02] Ann: y\n[00:00:03] Speaker 1: z\n",
	       "vtt: a voice unfit for a line is an id: Speaker 1, stable");
	is_str(import("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>a <v Bob>b</v>\n", TRANSCRIPT_VTT),
	       "[00:00:01] Ann: a\n[00:00:01] Bob: b\n",
	       "vtt: a cue with two voices keeps both");
}

static void test_srt_and_json(void)
{
	is_str(import("00:00:01,000 --> 00:00:02,000\nAnn: a\n\n"
		      "2\n00:00:03.000 --> 00:00:04.000 X1:1\nb\n", TRANSCRIPT_SRT),
	       "[00:00:01] Ann: a\n[00:00:03] Ann: b\n",
	       "srt: without a number, '.' for ',', coordinates after the timing");
	is_str(import("1\n00:00:01,000 --> 00:00:02,000\na\n2\n00:00:03,000 --> 00:00:04,000\nb\n",
		      TRANSCRIPT_SRT),
	       "error: in:5: expected a blank line before this subtitle",
	       "srt: a missing blank line");
	is_str(import("one\n00:00:01,000 --> 00:00:02,000\na\n", TRANSCRIPT_SRT),
	       "error: in:1: expected a subtitle number such as 1", "srt: not a number");
	is_str(import("1\n00:01,000 --> 00:02,000\na\n", TRANSCRIPT_SRT),
	       "error: in:2: expected a timing line such as 00:00:01,000 --> 00:00:04,000",
	       "srt: hours are required");
	is_str(import("[{\"start\": 360000.5, \"speaker\": null, \"text\": \"x\"},"
		      " {\"text\": \"y\"}]", TRANSCRIPT_JSON),
	       "[100:00:00] Unknown: x\n[100:00:00] Unknown: y\n",
	       "json: 100 hours; no start is the last time seen");
	is_str(import("[{\"start\": -1, \"text\": \"x\"}]", TRANSCRIPT_JSON),
	       "error: in:1: segment 1: expected \"start\" to be a number of seconds from 0 to 3600000000",
	       "json: a negative start");
	is_str(import("[{\"start\": \"00:01\", \"text\": \"x\"}]", TRANSCRIPT_JSON),
	       "error: in:1: segment 1: expected \"start\" to be a number of seconds, not string",
	       "json: a start that is a string");
	is_str(import("[\n{\"speaker\": 2, \"text\": \"x\"}]", TRANSCRIPT_JSON),
	       "error: in:2: segment 1: expected \"speaker\" to be a string, not number",
	       "json: a numeric speaker");
	is_str(import("[{\"speaker\": \"A\", \"text\": \"x\"},\n \"y\"]", TRANSCRIPT_JSON),
	       "error: in:2: segment 2: expected an object with \"text\", not string",
	       "json: a segment that is not an object");
	is_str(import("[{\"text\": \"a\\u0007b\"}]", TRANSCRIPT_JSON),
	       "error: in:1: unexpected control character U+0007 in the text",
	       "json: a control character from an escape");
	is_str(import("[{\"speaker\": \"Dr: X\", \"text\": \"x\"}]", TRANSCRIPT_JSON),
	       "[00:00:00] Speaker 1: x\n",
	       "json: a speaker with ':' is an id");
	is_str(import("{\"segments\": {}}", TRANSCRIPT_JSON),
	       "error: in:1: expected a JSON array of segments, or an object with a \"segments\" array",
	       "json: segments not an array");
	is_str(import("[]", TRANSCRIPT_JSON), "error: no utterances in in", "json: no segments");
}

static void test_input_checks(void)
{
	struct transcript_error err;
	static const char nul[] = "Alice: a\nBob: \0b\n";

	strbuf_reset(&out);
	strbuf_addstr(&out, "kept\n");
	is_int(transcript_import("in", "WEBVTT\n\n1\nbad\n", 14, TRANSCRIPT_AUTO, &out, &err),
	       -1, "a failed import returns -1");
	is_str(out.buf, "kept\n", "and leaves the output as it was");
	is_int(err.line, 4, "err.line");
	is_int(transcript_import("in", "Ann: a\nBob: b\n", 14, TRANSCRIPT_TEXT, &out, &err),
	       2, "returns the number of utterances");
	is_str(out.buf, "kept\n[00:00:00] Ann: a\n[00:00:00] Bob: b\n", "and appends");
	strbuf_release(&out);
	is_int(transcript_import("in", nul, sizeof(nul) - 1, TRANSCRIPT_TEXT, &out, &err),
	       -1, "a NUL byte is refused");
	is_str(err.message, "NUL byte: this is not a text file (UTF-16 without a byte-order mark? convert it with iconv -f UTF-16LE -t UTF-8)", "a message");
	is_int(err.line, 2, "with its line");
	is_str(import("\xff\xfe" "A", TRANSCRIPT_AUTO),
	       "error: in:1: invalid UTF-16: the file ends in half a character", "UTF-16 cut short");
	is_str(import("Ann: a\n\nBob: \x1b[1mb\n", TRANSCRIPT_TEXT),
	       "error: in:3: unexpected control character U+001B", "a control character");
	is_str(import("\xef\xbb\xbf" "Ann: x\n", TRANSCRIPT_TEXT), "[00:00:00] Ann: x\n",
	       "a BOM is skipped in text too");
}

/* Import with a speaker map; the output or the errors. */
static const char *import_map(const char *text, const struct transcript_speaker *map,
			      size_t nmap)
{
	struct transcript_error err;

	strbuf_reset(&out);
	if (transcript_import_map("in", text, strlen(text), TRANSCRIPT_AUTO, map, nmap,
				  &out, &err, NULL) < 0) {
		strbuf_addstr(&out, "error: ");
		add_error(&out, "in", &err);
	}
	return out.buf;
}

static void test_speakers(void)
{
	static const char ids[] =
		"WEBVTT\n\n00:01.000 --> 00:02.000\n<v 68f0e9b4-d6de-4b1a-9a57-0c3e5f1d2b7a@x>a\n\n"
		"00:03.000 --> 00:04.000\n<v 1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5@x>b\n\n"
		"00:05.000 --> 00:06.000\n<v 1c2d3e4f-0000-4c7d-8e9f-a0b1c2d3e4f5@x>c\n";
	const struct transcript_speaker prefix[] = { { "68f0e9b4", "Ann", 1 },
		{ "Speaker 3", "Cy", 1 }, { "1c2d3e4f-5", "Bob", 1 } };
	const struct transcript_speaker later[] = { { "68f0", "Ann", 0 }, { "68f0", "Anna", 1 } };
	const struct transcript_speaker ambiguous[] = { { "1c2d3e4f", "Bob", 1 } };
	const struct transcript_speaker nobody[] = { { "Zed", "Z", 1 }, { "Yan", "Y", 0 } };
	const struct transcript_speaker badname[] = { { "68f0", "A: B", 1 } };
	const struct transcript_speaker display[] = { { "Sam P (iPhone)", "Sam Patel", 0 } };
	struct transcript_info info = TRANSCRIPT_INFO_INIT;
	struct transcript_error err;

	is_str(import_map(ids, NULL, 0),
	       "[00:00:01] Speaker 1: a\n[00:00:03] Speaker 2: b\n[00:00:05] Speaker 3: c\n",
	       "ids are Speaker N by first appearance");
	is_str(import_map(ids, prefix, 3),
	       "[00:00:01] Ann: a\n[00:00:03] Bob: b\n[00:00:05] Cy: c\n",
	       "map: a unique id prefix, a Speaker N");
	is_str(import_map(ids, later, 2), "[00:00:01] Anna: a\n[00:00:03] Speaker 2: b\n"
	       "[00:00:05] Speaker 3: c\n", "map: a later entry wins");
	is_str(import_map(ids, ambiguous, 1),
	       "error: '1c2d3e4f' is the start of 2 speakers' ids in in (Speaker 3 (1c2d3e4f-0000), "
	       "Speaker 2 (1c2d3e4f-5a6b), Speaker 1 (68f0e9b4-d6de)); give more of the id",
	       "map: an ambiguous prefix is refused");
	ok(strstr(import_map(ids, nobody, 2), "error: 'Zed' names no speaker of in") &&
	   !strstr(out.buf, "Yan"), "map: a required entry must match, a front-matter one need not");
	ok(strstr(import_map(ids, badname, 1), "error: the speaker 'A: B' for '68f0'") != NULL,
	   "map: a name unfit for a line is refused");
	is_str(import_map("WEBVTT\n\n00:01.000 --> 00:02.000\nsam p (iPhone): hi\n\n"
			  "00:02.000 --> 00:03.000\nSam P (iPhone): ok\n", display, 1),
	       "[00:00:01] Unknown: sam p (iPhone): hi\n[00:00:02] Sam Patel: ok\n",
	       "map: a Zoom display name, exactly (another spelling, used once, is text)");
	strbuf_reset(&out);
	ok(transcript_import_map("in", ids, strlen(ids), TRANSCRIPT_VTT, NULL, 0, &out, &err,
				 &info) == 3 && info.nlines == 3, "info: the lines");
	is_str(info.ids.buf, "Speaker 1\t68f0e9b4-d6de-4b1a-9a57-0c3e5f1d2b7a@x\n"
	       "Speaker 2\t1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5@x\n"
	       "Speaker 3\t1c2d3e4f-0000-4c7d-8e9f-a0b1c2d3e4f5@x\n", "info: ids in order of appearance");
	transcript_info_release(&info);
	ok(transcript_speaker_ok("Dana Ortiz", 10) && !transcript_speaker_ok("a: b", 4) &&
	   !transcript_speaker_ok("68f0e9b4-d6de", 13) && !transcript_speaker_ok(" x", 2),
	   "transcript_speaker_ok");
}

static void test_name_rules(void)
{
	is_str(import("Alice: hi\nNext steps: I will send it\nNote to self:\nbuy milk\n",
		      TRANSCRIPT_TEXT),
	       "[00:00:00] Alice: hi Next steps: I will send it Note to self: buy milk\n",
	       "text: a sentence before ':' and a bare 'Note to self:' are text");
	is_str(import("alice: a\nbob: b\nalice: c\n", TRANSCRIPT_TEXT),
	       "[00:00:00] alice: a bob: b\n[00:00:00] alice: c\n",
	       "text: a lowercase name counts when used twice, not once");
	is_str(import("Maria de la Cruz: hola\nDave:\n  Wrap up.\nDave: bye\n", TRANSCRIPT_TEXT),
	       "[00:00:00] Maria de la Cruz: hola\n[00:00:00] Dave: Wrap up.\n[00:00:00] Dave: bye\n",
	       "text: particles in names; 'Dave:' alone is a speaker when used again");
	is_str(import("WEBVTT\n\n00:01.000 --> 00:01.300\n<v Ann>one\n\n"
		      "00:01.300 --> 00:01.600\n<v Ann>two\n\n00:03.000 --> 00:03.200\n<v Ann>three\n\n"
		      "00:03.200 --> 00:03.500\n<v Bob>four\n", TRANSCRIPT_VTT),
	       "[00:00:01] Ann: one two\n[00:00:03] Ann: three\n[00:00:03] Bob: four\n",
	       "word-level: a gap of a second or a new speaker starts a line");
	is_str(import("[{\"text\": \"a\\u0085b\"}]", TRANSCRIPT_JSON),
	       "error: in:1: unexpected control character U+0085 in the text",
	       "json: a C1 control from an escape");
}

static void test_many_errors(void)
{
	struct strbuf in = STRBUF_INIT;
	struct transcript_error err;
	int i;

	strbuf_addstr(&in, "1\n00:00:01,000 --> 00:00:02,000\nok\n\n");
	for (i = 0; i < 25; i++)
		strbuf_addf(&in, "%d\nbad timing\ntext\n\n", i + 2);
	strbuf_reset(&out);
	is_int(transcript_import("in", in.buf, in.len, TRANSCRIPT_SRT, &out, &err), -1,
	       "25 bad subtitles: refused");
	is_int(err.nr, 25, "every problem counted");
	ok(err.v[0].line == 6 && err.v[19].line == 82 && err.line == 6,
	   "the first 20 kept with their lines");
	strbuf_release(&in);
	strbuf_reset(&out);
	ok(transcript_import("in", "\xfe\xff\xd8\x00\x00A", 6, TRANSCRIPT_AUTO, &out, &err) == -1 &&
	   !strcmp(err.message, "invalid UTF-16: a lone surrogate 0xD800") && err.line == 1,
	   "UTF-16: a lone surrogate");
	ok(transcript_import("in", "\xff\xfe" "A\0:\0 \0x\0", 10, TRANSCRIPT_AUTO, &out, &err) == 1,
	   "UTF-16 LE decoded");
	is_str(out.buf, "[00:00:00] A: x\n", "UTF-16 LE: the line");
}

/* ---- the fixtures ---- */

static int read_fixture(const char *name, const char *suffix, struct strbuf *sb)
{
	struct strbuf path = STRBUF_INIT;
	int ret;

	strbuf_addf(&path, "%s/%s%s", FIXTURES, name, suffix);
	ret = strbuf_read_file(sb, path.buf, 0);
	strbuf_release(&path);
	return ret;
}

/* A canonical transcript, imported as plain text, is itself. */
static void check_round_trip(const char *name, const struct strbuf *canonical)
{
	struct strbuf again = STRBUF_INIT;
	struct transcript_error err;

	transcript_import(name, canonical->buf, canonical->len, TRANSCRIPT_TEXT,
			  &again, &err);
	is_str(again.buf, canonical->buf, "%s: the canonical form imports as itself", name);
	strbuf_release(&again);
}

static void check_fixture(const char *name)
{
	struct strbuf in = STRBUF_INIT, want = STRBUF_INIT, got = STRBUF_INIT;
	struct strbuf msg = STRBUF_INIT;
	struct transcript_error err;
	int is_error = !read_fixture(name, ".error", &want), n;

	if (!is_error && read_fixture(name, ".expected", &want)) {
		ok(0, "%s has a .expected or a .error file", name);
		return;
	}
	if (read_fixture(name, "", &in))
		ok(0, "%s: cannot read it", name);
	n = transcript_import(name, in.buf, in.len, TRANSCRIPT_AUTO, &got, &err);
	if (is_error) {
		if (want.len && want.buf[want.len - 1] == '\n')
			strbuf_setlen(&want, want.len - 1);
		ok(n == -1 && !got.len, "%s is refused", name);
		add_error(&msg, name, &err);
		is_str(msg.buf, want.buf, "%s: the message", name);
	} else {
		ok(n > 0, "%s imports (%d utterances)", name, n);
		is_str(got.buf, want.buf, "%s: the canonical output", name);
		check_round_trip(name, &got);
	}
	strbuf_release(&in);
	strbuf_release(&want);
	strbuf_release(&got);
	strbuf_release(&msg);
}

static int all_crlf(const struct strbuf *sb)
{
	size_t i;
	for (i = 0; i < sb->len; i++)
		if (sb->buf[i] == '\n' && (!i || sb->buf[i - 1] != '\r'))
			return 0;
	return 1;
}

/* Git or an editor could normalise the Teams file's bytes away. */
static void check_teams_bytes(void)
{
	struct strbuf sb = STRBUF_INIT;

	ok(!read_fixture("teams.vtt", "", &sb) && all_crlf(&sb) &&
	   !strncmp(sb.buf, "\xef\xbb\xbfWEBVTT\r\n", 11) &&
	   strstr(sb.buf, "\r\n0:0:1.5 --> 0:0:3.0\r\n"),
	   "teams.vtt still has its BOM, CRLF and unpadded times");
	strbuf_release(&sb);
}

static int is_input(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' &&
		!(n > 9 && !strcmp(name + n - 9, ".expected")) &&
		!(n > 6 && !strcmp(name + n - 6, ".error"));
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_fixtures(void)
{
	DIR *dir = opendir(FIXTURES);
	struct dirent *de;
	char *names[256];
	size_t n = 0, i;

	if (!ok(dir != NULL, "open %s (run from the repository root)", FIXTURES))
		return;
	while ((de = readdir(dir)) && n < ARRAY_SIZE(names))
		if (is_input(de->d_name))
			names[n++] = strdup(de->d_name);
	closedir(dir);
	qsort(names, n, sizeof(*names), by_name);
	ok(n >= 12, "%zu fixtures", n);
	check_teams_bytes();
	for (i = 0; i < n; i++) {
		check_fixture(names[i]);
		free(names[i]);
	}
}

int main(void)
{
	test_json_literals_and_numbers();
	test_json_strings();
	test_json_containers();
	test_json_errors();
	arena_release(&arena);
	test_detect();
	test_text();
	test_vtt();
	test_srt_and_json();
	test_input_checks();
	test_speakers();
	test_name_rules();
	test_many_errors();
	test_fixtures();
	strbuf_release(&out);
	return done_testing();
}
