#include "util.h"
#include "safeout.h"
#include "strbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

const char *progname = "thread";

static _Thread_local struct strbuf *capture;

void error_capture(struct strbuf *sb)
{
	capture = sb;
}

/* Messages quote file names and notes: escaped like all output. */
static void report(const char *prefix, const char *fmt, va_list ap)
{
	if (capture) {
		struct strbuf msg = STRBUF_INIT;
		strbuf_addf(&msg, "%s: %s", progname, prefix);
		strbuf_vaddf(&msg, fmt, ap);
		strbuf_addch(&msg, '\n');
		strbuf_add_safe(capture, msg.buf, msg.len);
		strbuf_release(&msg);
		return;
	}
	fflush(stdout);
	fprintf(stderr, "%s: %s", progname, prefix);
	safe_vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report("", fmt, ap);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report("warning: ", fmt, ap);
	va_end(ap);
}

void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report("", fmt, ap);
	va_end(ap);
	exit(2);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("out of memory (%zu bytes)", n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die("out of memory (%zu bytes)", n);
	return q;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void grow_array(void **arr, size_t *alloc, size_t need, size_t size)
{
	size_t n = *alloc;
	if (need <= n)
		return;
	n = n < 8 ? 8 : n;
	while (n < need)
		n = n / 2 * 3 + 8;
	if (n > ((size_t)-1) / size)
		die("out of memory (array of %zu)", n);
	*arr = xrealloc(*arr, n * size);
	*alloc = n;
}

char *path_join(const char *dir, const char *name)
{
	size_t d = strlen(dir), n = strlen(name);
	char *p;

	if (!strcmp(dir, "."))
		return xstrdup(name);
	p = xmalloc(d + n + 2);
	memcpy(p, dir, d);
	p[d] = '/';
	memcpy(p + d + 1, name, n + 1);
	return p;
}

int run_command(const char *const *argv)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return error("cannot start %s: %s", argv[0], strerror(errno));
	if (!pid) {
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "%s: cannot run %s: %s\n", progname, argv[0],
			strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return error("cannot wait for %s: %s", argv[0], strerror(errno));
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return error("%s was killed by signal %d", argv[0], WTERMSIG(status));
}
