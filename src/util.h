/*
 * util.h - process-wide helpers: checked allocation and error reporting.
 *
 * Error convention (as in git): library code reports a problem with error(),
 * which prints "thread: <message>" on stderr and returns -1, so a caller can
 * write `return error("...")`.  Only main() and allocation failures die().
 */
#ifndef THREAD_UTIL_H
#define THREAD_UTIL_H

#include <stddef.h>
#include <stdlib.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Set once by main(): "thread lint" etc., used as the message prefix. */
extern const char *progname;

int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * For work on several threads (parallel.h): while set on a thread, its
 * error() and warning() messages are appended to *sb, escaped as printed,
 * for the caller to print in order (fwrite); NULL prints again.
 */
struct strbuf;
void error_capture(struct strbuf *sb);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Run argv (argv[0] looked up in PATH) with our stdin, stdout and
 * stderr; returns its exit status, or -1 (printed) when it could not run
 * or was killed. */
int run_command(const char *const *argv);

/* "dir/name", or just "name" when dir is "." (malloc'd). */
char *path_join(const char *dir, const char *name);

/* Grow *arr (of *alloc elements of `size` bytes) to hold at least `need`. */
void grow_array(void **arr, size_t *alloc, size_t need, size_t size);
#define ALLOC_GROW(arr, need, alloc) \
	grow_array((void **)&(arr), &(alloc), (need), sizeof(*(arr)))

#endif
