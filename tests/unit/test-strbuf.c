/* Unit tests: string buffers and JSON strings (strbuf.c). */
#include "strbuf.h"
#include "tap.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	struct strbuf sb = STRBUF_INIT;
	char path[] = "/tmp/thread-strbuf-XXXXXX";
	size_t len;
	char *p;
	int fd, i;

	is_str(sb.buf, "", "a new strbuf is an empty string");
	strbuf_addstr(&sb, "hello");
	strbuf_addch(&sb, ' ');
	strbuf_addf(&sb, "%s %d", "world", 42);
	is_str(sb.buf, "hello world 42", "add, addch and addf append");
	is_int(sb.len, 14, "len counts the bytes");
	for (i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%04d", i);
	is_int(sb.len, 14 + 4000, "growing keeps every byte");
	ok(!memcmp(sb.buf + sb.len - 4, "0999", 4), "the last addition is at the end");
	strbuf_setlen(&sb, 5);
	is_str(sb.buf, "hello", "setlen truncates and terminates");
	p = strbuf_detach(&sb, &len);
	is_str(p, "hello", "detach hands over the buffer");
	is_int(len, 5, "and its length");
	is_str(sb.buf, "", "and leaves an empty strbuf");
	free(p);

	strbuf_add_json_str(&sb, "a\"b\\c\nd\te\x01", 10);
	is_str(sb.buf, "\"a\\\"b\\\\c\\nd\\te\\u0001\"", "JSON escapes quotes, backslashes and controls");
	strbuf_reset(&sb);
	strbuf_add_json_str(&sb, "caf\xc3\xa9", 5);
	is_str(sb.buf, "\"caf\xc3\xa9\"", "JSON keeps UTF-8 as it is");
	strbuf_release(&sb);

	fd = mkstemp(path);
	ok(fd >= 0, "a temporary file");
	ok(write(fd, "abc\0def", 7) == 7, "with a NUL byte in it");
	close(fd);
	ok(!strbuf_read_file(&sb, path, 0), "read_file reads it");
	is_int(sb.len, 7, "all of it, NUL included");
	strbuf_release(&sb);
	ok(strbuf_read_file(&sb, path, 6) < 0 && errno == EFBIG, "a limit below the size refuses with EFBIG");
	is_int(sb.len, 0, "and leaves the strbuf as it was");
	unlink(path);
	ok(strbuf_read_file(&sb, path, 0) < 0 && errno == ENOENT, "a missing file fails with ENOENT");
	strbuf_release(&sb);
	return done_testing();
}
