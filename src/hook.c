/*
 * hook.c - thread's pre-commit hook: runs `thread lint --staged`.
 *
 * An existing pre-commit hook that is not thread's is never overwritten:
 * it is renamed to pre-commit.thread-chained and thread's hook runs it
 * first.  The hook is written atomically and is recognised later by its
 * marker line.
 */
#include "atomic.h"
#include "gitstore.h"
#include "hook.h"
#include "strbuf.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HOOK_MARKER "# installed by thread hook install"
#define CHAINED "pre-commit.thread-chained"

/* The program that is running, so the hook calls this very thread. */
static void self_path(struct strbuf *out)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = '\0';
		strbuf_addstr(out, buf);
	} else {
		strbuf_addstr(out, "thread");
	}
}

/* Quote s for the shell, in single quotes. */
static void add_quoted(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			strbuf_addstr(sb, "'\\''");
		else
			strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '\'');
}

static void hook_script(struct strbuf *sb, int chained)
{
	struct strbuf self = STRBUF_INIT;

	self_path(&self);
	strbuf_addstr(sb, "#!/bin/sh\n" HOOK_MARKER "\n"
		      "# Lints the person files as staged, so a commit never lands notes\n"
		      "# with an ask that has no escalation date, an unconverted blocker...\n");
	if (chained)
		/* Git skips a hook that is not executable; so do we. */
		strbuf_addstr(sb, "hooks=$(dirname \"$0\")\n"
			      "if [ -x \"$hooks/" CHAINED "\" ]; then\n"
			      "\t\"$hooks/" CHAINED "\" \"$@\" || exit $?\n"
			      "fi\n");
	strbuf_addstr(sb, "thread=");
	add_quoted(sb, self.buf);
	/* Whatever blocks the commit says why and how to get past it, as
	 * its last line; lint --staged ends with its summary and that. */
	strbuf_addstr(sb, "\n[ -x \"$thread\" ] || thread=thread\n"
		      "if ! command -v \"$thread\" >/dev/null 2>&1; then\n"
		      "\techo \"thread: commit blocked: the thread program was not found (install it, then run thread hook install), or commit with git commit --no-verify to skip this check\" >&2\n"
		      "\texit 1\n"
		      "fi\n"
		      "exec \"$thread\" lint --staged\n");
	strbuf_release(&self);
}

/* 0 not thread's hook, 1 thread's as `script` says, 2 thread's but
 * older (another program, or an earlier version of the script). */
static int is_ours(const char *path, const struct strbuf *script)
{
	struct strbuf sb = STRBUF_INIT;
	int ours = 0;

	if (!strbuf_read_file(&sb, path, 1 << 20) && strstr(sb.buf, HOOK_MARKER))
		ours = script && (sb.len != script->len ||
				  memcmp(sb.buf, script->buf, sb.len)) ? 2 : 1;
	strbuf_release(&sb);
	return ours;
}

static int exists(const char *path)
{
	struct stat st;
	return !lstat(path, &st);
}

/* The paths of the hook and of the chained one; 0, or -1 printed. */
static int hook_paths(struct gitstore *g, struct strbuf *dir, struct strbuf *hook,
		      struct strbuf *chained)
{
	if (gitstore_hooks_dir(g, dir))
		return -1;
	strbuf_addf(hook, "%s/pre-commit", dir->buf);
	strbuf_addf(chained, "%s/" CHAINED, dir->buf);
	return 0;
}

static int refuse_over_chained(const struct strbuf *hook, const struct strbuf *chained,
			       int force)
{
	if (exists(hook->buf) && !is_ours(hook->buf, NULL) && exists(chained->buf) && !force)
		return error("%s is not thread's, and %s already exists; move one of them away, or use --force to replace %s",
			     hook->buf, chained->buf, chained->buf);
	return 0;
}

int hook_check(struct gitstore *g, int force)
{
	struct strbuf dir = STRBUF_INIT, hook = STRBUF_INIT, chained = STRBUF_INIT;
	int rc = hook_paths(g, &dir, &hook, &chained) ||
		 refuse_over_chained(&hook, &chained, force) ? -1 : 0;
	strbuf_release(&dir);
	strbuf_release(&hook);
	strbuf_release(&chained);
	return rc;
}

/* Is `path`, or the nearest folder above it that exists, under `top`? */
static int resolves_under(const char *path, const char *top)
{
	char real[PATH_MAX], realtop[PATH_MAX];
	char *p = xstrdup(path), *slash;
	int under = 0;
	size_t n;

	while (!realpath(p, real) && (slash = strrchr(p, '/')) && slash != p)
		*slash = '\0';
	if (realpath(p, real) && realpath(top, realtop)) {
		n = strlen(realtop);
		under = !strncmp(real, realtop, n) && (!real[n] || real[n] == '/');
	}
	free(p);
	return under;
}

int hook_outside(struct gitstore *g)
{
	struct strbuf dir = STRBUF_INIT;
	int rc = -1;

	if (!gitstore_hooks_dir(g, &dir))
		rc = !resolves_under(dir.buf, gitstore_workdir(g)) &&
		     !resolves_under(dir.buf, gitstore_gitdir(g));
	strbuf_release(&dir);
	return rc;
}

int hook_install_inside(struct gitstore *g, int quiet)
{
	struct strbuf dir = STRBUF_INIT;
	int outside = hook_outside(g);

	if (outside <= 0)
		return outside < 0 ? -1 : hook_install(g, 0, quiet);
	gitstore_hooks_dir(g, &dir);
	/* Shared by every repository of the user: not ours to change. */
	warning("core.hooksPath is %s, outside this repository, so thread init writes nothing there.\n"
		"To lint the staged notes before each commit, add this line to %s/pre-commit\n"
		"(or run 'thread hook install' here, which keeps a hook already there and runs it first):\n"
		"    thread lint --staged",
		dir.buf, dir.buf);
	strbuf_release(&dir);
	return 0;
}

int hook_install(struct gitstore *g, int force, int quiet)
{
	struct strbuf dir = STRBUF_INIT, hook = STRBUF_INIT, chained = STRBUF_INIT,
		      script = STRBUF_INIT;
	int rc = -1, chain = 0, ours;

	if (hook_paths(g, &dir, &hook, &chained))
		goto done;
	hook_script(&script, exists(chained.buf));
	ours = exists(hook.buf) ? is_ours(hook.buf, &script) : 0;
	if (ours == 1) {
		if (!quiet)
			printf("thread's pre-commit hook is already installed in %s\n",
			       hook.buf);
		rc = 0;
		goto done;
	}
	if (refuse_over_chained(&hook, &chained, force))
		goto done;
	if (ours == 2) {
		chain = exists(chained.buf);   /* an older script of ours */
	} else if (exists(hook.buf)) {
		if (rename(hook.buf, chained.buf)) {
			error("cannot keep your hook as %s: %s", chained.buf, strerror(errno));
			goto done;
		}
		chain = 1;
	} else {
		chain = exists(chained.buf);   /* reinstalled after removal */
	}
	if (make_parent_dirs(hook.buf))   /* the hooks folder may be new */
		goto done;
	strbuf_reset(&script);
	hook_script(&script, chain);
	if (atomic_write(hook.buf, script.buf, script.len, 0755))
		goto done;
	if (!quiet) {
		printf("%s %s: it runs thread lint --staged before each commit\n",
		       ours == 2 ? "updated" : "installed", hook.buf);
		if (chain && ours != 2)
			printf("your earlier hook is kept as %s and runs first\n",
			       chained.buf);
	}
	rc = 0;
done:
	strbuf_release(&dir);
	strbuf_release(&hook);
	strbuf_release(&chained);
	strbuf_release(&script);
	return rc;
}

