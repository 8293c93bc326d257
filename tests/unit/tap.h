/*
 * tap.h - a minimal Test Anything Protocol producer for unit tests.
 * ok(cond, fmt, ...) prints "ok N - ..." or "not ok N - ..." and the place
 * of the failure; is_int/is_str also show both values.  done_testing()
 * prints the plan and returns the exit status for main().
 */
#ifndef THREAD_TAP_H
#define THREAD_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) \
	tap_is_int((long)(got), (long)(want), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) \
	tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)

__attribute__((format(printf, 4, 5), unused))
static int tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	tap_n++;
	printf("%sok %d - ", pass ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!pass) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	return pass;
}

#define TAP_VA(pass, file, line, fmt) do { va_list ap; \
	tap_n++; printf("%sok %d - ", (pass) ? "" : "not ", tap_n); \
	va_start(ap, fmt); vprintf(fmt, ap); va_end(ap); putchar('\n'); \
	if (!(pass)) { tap_failed++; printf("#   failed at %s:%d\n", file, line); } \
	} while (0)

__attribute__((format(printf, 5, 6), unused))
static int tap_is_int(long got, long want, const char *file, int line,
		      const char *fmt, ...)
{
	TAP_VA(got == want, file, line, fmt);
	if (got != want)
		printf("#        got: %ld\n#   expected: %ld\n", got, want);
	return got == want;
}

__attribute__((format(printf, 5, 6), unused))
static int tap_is_str(const char *got, const char *want, const char *file,
		      int line, const char *fmt, ...)
{
	int pass = (got && want) ? !strcmp(got, want) : got == want;
	TAP_VA(pass, file, line, fmt);
	if (!pass)
		printf("#        got: '%s'\n#   expected: '%s'\n",
		       got ? got : "(null)", want ? want : "(null)");
	return pass;
}

__attribute__((unused))
static int done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
