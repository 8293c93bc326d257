/*
 * fuzz-transcript.c - libFuzzer target: the transcript importers
 * (transcript.c) and the JSON reader under the JSON one (json.c).
 *
 * The first byte of the input picks the importer: 't' plain text, 'v'
 * WebVTT, 's' SubRip, 'j' JSON segments (either case); any other byte
 * means TRANSCRIPT_AUTO, detection by content.  The rest is the file.
 * The seeds in tests/fuzz/corpus/transcript/ carry that prefix.
 *
 * Beyond crashes, the target checks what transcript.h promises: a result
 * of -1 leaves `out` as it was and names a reason; a count of at least 1
 * appends exactly that many LF-terminated lines, each starting "[", with
 * no NUL and valid UTF-8; and the canonical output, imported again as plain
 * text, comes back unchanged.  Build and run with `make fuzz`.
 */
#include "arena.h"
#include "json.h"
#include "person.h"
#include "strbuf.h"
#include "transcript.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PREFIX "kept\n"

static void fail(const char *what, const char *name, const struct strbuf *out)
{
	fprintf(stderr, "fuzz-transcript: %s: %s\n--- output ---\n%s--- end ---\n",
		name, what, out->buf);
	abort();
}

/* Walk the tree json_parse() built, touching every node. */
static size_t walk(const struct json_value *v, int depth)
{
	size_t n = 1, kids = 0;
	const struct json_value *c;

	if (depth > JSON_MAX_DEPTH + 1)
		abort();
	if (!json_type_name(v->type))
		abort();
	if (v->type == JSON_STRING && v->str[v->len] != '\0')
		abort();
	for (c = v->child; c; c = c->next, kids++) {
		n += walk(c, depth + 1);
		if (v->type == JSON_OBJECT && !c->key)
			abort();
	}
	if ((v->type == JSON_ARRAY || v->type == JSON_OBJECT) && kids != v->count)
		abort();
	return n;
}

static void fuzz_json(const char *buf, size_t len)
{
	struct arena a = ARENA_INIT;
	struct json_error err;
	struct json_value *v = json_parse(&a, buf, len, &err);

	if (v) {
		walk(v, 0);
		json_get(v, "segments");
		json_get(v, "speaker");
	} else if (!err.msg[0] || err.line < 1 || err.col < 1) {
		abort();
	}
	arena_release(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum transcript_format fmt = TRANSCRIPT_AUTO;
	struct strbuf out = STRBUF_INIT, again = STRBUF_INIT;
	struct transcript_error err;
	const char *name = "meeting", *p, *end;
	char *buf;
	size_t len;
	int n, lines = 0;

	if (!size)
		return 0;
	switch (data[0]) {
	case 't': case 'T': fmt = TRANSCRIPT_TEXT; name = "meeting.txt"; break;
	case 'v': case 'V': fmt = TRANSCRIPT_VTT; name = "meeting.vtt"; break;
	case 's': case 'S': fmt = TRANSCRIPT_SRT; name = "meeting.srt"; break;
	case 'j': case 'J': fmt = TRANSCRIPT_JSON; name = "meeting.json"; break;
	}
	/* An exact-size copy, not NUL-terminated: ASan sees any overread. */
	len = size - 1;
	buf = malloc(len ? len : 1);
	memcpy(buf, data + 1, len);

	if (fmt == TRANSCRIPT_AUTO &&
	    transcript_detect(NULL, buf, len) == TRANSCRIPT_AUTO)
		abort();
	fuzz_json(buf, len);

	strbuf_addstr(&out, PREFIX);
	n = transcript_import(name, buf, len, fmt, &out, &err);
	if (n < 0) {
		if (n != -1)
			fail("returned less than -1", name, &out);
		if (out.len != strlen(PREFIX) || memcmp(out.buf, PREFIX, out.len))
			fail("failed but changed the output", name, &out);
		if (!err.message[0])
			fail("failed with no message", name, &out);
		goto done;
	}
	if (n < 1)
		fail("returned 0 utterances", name, &out);
	p = out.buf + strlen(PREFIX);
	end = out.buf + out.len;
	if (memchr(p, '\0', (size_t)(end - p)))
		fail("output holds a NUL byte", name, &out);
	if (utf8_invalid_at(p, (size_t)(end - p)) != (size_t)(end - p))
		fail("output is not valid UTF-8", name, &out);
	if (end == p || end[-1] != '\n')
		fail("output does not end with a newline", name, &out);
	for (; p < end; lines++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (*p != '[')
			fail("an output line does not start with [HH:MM:SS]", name, &out);
		p = nl + 1;
	}
	if (lines != n)
		fail("the count is not the number of lines", name, &out);

	/* The canonical form is plain text that imports to itself. */
	p = out.buf + strlen(PREFIX);
	if (transcript_import("canonical.txt", p, (size_t)(end - p),
			      TRANSCRIPT_TEXT, &again, &err) != n)
		fail(err.message[0] ? err.message :
		     "the canonical output imports to another count", name, &out);
	if (again.len != (size_t)(end - p) || memcmp(again.buf, p, again.len))
		fail("the canonical output does not import to itself", name, &out);
done:
	strbuf_release(&again);
	strbuf_release(&out);
	free(buf);
	return 0;
}
