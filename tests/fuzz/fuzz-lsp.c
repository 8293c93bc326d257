/*
 * fuzz-lsp.c - libFuzzer target: thread lsp's framing and dispatch
 * (jsonrpc.c, lsp.c, lsp_docs.c, lsp_diag.c), fed what a client sends.
 *
 * The input is the byte stream on the server's stdin: framed messages,
 * broken frames, anything.  The server runs on it to its end; the seeds
 * name a scratch repository (FUZZ_ROOT, with people/alice.md) as their
 * rootUri and open, edit and outline its files.  (No chdir there: the
 * fuzzer's relative paths, -dict= among them, must keep working.)  Beyond crashes, leaks and hangs, the
 * target checks that the server exits 0 or 1 and that everything it
 * wrote is a sequence of well-framed JSON messages.  Build and run with
 * `make fuzz`.
 */
#include "jsonrpc.h"
#include "lsp.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define FUZZ_ROOT "/tmp/thread-fuzz-lsp"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	FILE *f;

	(void)argc;
	(void)argv;
	mkdir(FUZZ_ROOT, 0700);
	mkdir(FUZZ_ROOT "/people", 0700);
	f = fopen(FUZZ_ROOT "/people/alice.md", "w");
	if (!f || fputs("---\nname: Alice\n---\n\n## 2026-11-20\n\n### Tasks\n- [ ] @alice x due:2026-11-24\n", f) < 0 ||
	    fclose(f))
		abort();
	setenv("THREAD_TODAY", "2026-11-21", 1);
	return 0;
}

static int memfd_with(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz-lsp", 0);

	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size) ||
	    lseek(fd, 0, SEEK_SET))
		abort();
	return fd;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int in = memfd_with(data, size), out = memfd_with(NULL, 0), rc;
	struct jsonrpc r;
	char why[256];
	json_t *msg;
	enum jsonrpc_status st;

	rc = lsp_serve(in, out);
	if (rc != 0 && rc != 1) {
		fprintf(stderr, "fuzz-lsp: exit status %d\n", rc);
		abort();
	}
	if (lseek(out, 0, SEEK_SET))
		abort();
	jsonrpc_init(&r, out, -1);
	while ((st = jsonrpc_read(&r, &msg, why, sizeof(why))) == JSONRPC_MESSAGE) {
		if (!json_is_object(msg))
			abort();
		json_decref(msg);
	}
	if (st != JSONRPC_EOF) {
		fprintf(stderr, "fuzz-lsp: the server wrote a bad message: %s\n", why);
		abort();
	}
	jsonrpc_release(&r);
	close(in);
	close(out);
	return 0;
}
