/*
 * thread init [DIR] - create or adopt a thread repository.
 *
 * Writes only what is missing (.thread.yaml, people/, transcripts/),
 * installs the pre-commit hook, and commits exactly the files it created.
 * Running it again changes nothing.
 */
#include "atomic.h"
#include "command.h"
#include "config.h"
#include "gitstore.h"
#include "hook.h"
#include "repo.h"
#include "strbuf.h"
#include "util.h"
#include "safeout.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *const init_usage[] = { "thread init [DIR]", NULL };
const struct option init_options[] = { OPT_END() };

static const char settings_template[] =
	"# thread settings; see thread(5).  Every key is optional.\n"
	"\n"
	"# me: sam                        # your handle: @me means you\n"
	"# people:                        # handles that hold asks but have no file\n"
	"#   - infra-team\n"
	"# followup_words: 120            # word cap of the same-day follow-up\n"
	"# repeat: { window: 3, min: 2 }  # repeat blockers: last N sessions, K hits\n"
	"# lint:                          # rule severities: error, warning or off\n"
	"#   done-when: warning\n";

struct new_file {
	const char *path;        /* from the repository root */
	const char *content;
	int created;
};

static int exists(const char *path)
{
	struct stat st;
	return !lstat(path, &st);
}

/* The nearest folder that exists, from dir upwards (malloc'd). */
static char *existing_ancestor(const char *dir)
{
	char *p = xstrdup(dir), *slash;
	while (!exists(p)) {
		slash = strrchr(p, '/');
		if (!slash) {
			free(p);
			return xstrdup(".");
		}
		*slash = '\0';
		if (!*p) {
			free(p);
			return xstrdup("/");
		}
	}
	return p;
}

/*
 * Everything that can refuse, before anything is written: DIR must be the
 * top of its git repository if it is in one (the hook lints the index,
 * whose paths start at the top), there must be a git identity, and an
 * existing hook must not block ours.
 */
static int check_first(const char *dir)
{
	struct gitstore *g = NULL;
	struct strbuf who = STRBUF_INIT;
	char *near = existing_ancestor(dir), real[PATH_MAX];
	int rc = -1, found = gitstore_find(&g, near);

	if (found < 0)
		goto done;
	if (found == 0) {
		size_t n;
		if (!exists(dir) || !realpath(dir, real)) {
			error("%s would be inside the git repository %s; run thread init at its top, or in a folder outside it",
			      dir, gitstore_workdir(g));
			goto done;
		}
		n = strlen(real);
		if (strncmp(gitstore_workdir(g), real, n) ||
		    strcmp(gitstore_workdir(g) + n, "/")) {
			error("%s is inside the git repository %s; run thread init at its top, or in a folder outside it",
			      dir, gitstore_workdir(g));
			goto done;
		}
		if (gitstore_identity(g, &who) || (hook_outside(g) == 0 && hook_check(g, 0)))
			goto done;
	} else if (gitstore_identity_default(&who)) {
		goto done;
	}
	rc = 0;
done:
	free(near);
	strbuf_release(&who);
	gitstore_free(g);
	return rc;
}

static void undo(const char *dir, struct new_file *f, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		struct strbuf p = STRBUF_INIT;
		if (!f[i].created)
			continue;
		strbuf_addf(&p, "%s/%s", dir, f[i].path);
		unlink(p.buf);
		strbuf_release(&p);
	}
}

static int write_missing(const char *dir, struct new_file *f, size_t n,
			 size_t *created)
{
	size_t i;
	*created = 0;
	for (i = 0; i < n; i++) {
		struct strbuf p = STRBUF_INIT;
		int rc = 0;
		strbuf_addf(&p, "%s/%s", dir, f[i].path);
		if (repo_check_path(dir, f[i].path, REPO_WRITE))
			rc = -1;
		else if (!exists(p.buf)) {
			rc = make_parent_dirs(p.buf) ||
			     atomic_write(p.buf, f[i].content, strlen(f[i].content), 0666);
			f[i].created = !rc;
			*created += !rc;
		}
		strbuf_release(&p);
		if (rc)
			return -1;
	}
	return 0;
}

static int commit_created(struct gitstore *g, struct new_file *f, size_t n)
{
	struct gitstore_file files[3];
	size_t i, k = 0;
	char id[41];

	for (i = 0; i < n; i++)
		if (f[i].created) {
			files[k].path = f[i].path;
			files[k].data = f[i].content;
			files[k].len = strlen(f[i].content);
			k++;
		}
	if (!k)
		return 0;
	if (gitstore_commit_files(g, files, k, "thread: start the repository\n", id) < 0)
		return -1;
	safe_printf("committed %.7s: thread: start the repository\n", id);
	return 0;
}

int cmd_init(int argc, const char **argv)
{
	struct new_file files[] = {
		{ CONFIG_FILE, settings_template, 0 },
		{ "people/.gitkeep", "", 0 },
		{ "transcripts/.gitkeep", "", 0 },
	};
	struct gitstore *g = NULL;
	const char *dir;
	size_t created = 0;
	int n, rc = 2, fresh;

	n = parse_options(argc, argv, init_options, init_usage);
	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n > 1) {
		error("give at most one folder");
		return 2;
	}
	dir = n ? argv[0] : ".";
	if (check_first(dir))
		return 2;
	if (mkdir(dir, 0777) && errno != EEXIST) {
		error("cannot create %s: %s", dir, strerror(errno));
		return 2;
	}
	if (gitstore_init(&g, dir, &fresh))
		return 2;
	if (gitstore_ready_to_commit(g))     /* say, signing it cannot do */
		goto done;
	if (write_missing(dir, files, ARRAY_SIZE(files), &created) ||
	    commit_created(g, files, ARRAY_SIZE(files))) {
		undo(dir, files, ARRAY_SIZE(files));
		goto done;
	}
	if (hook_install_inside(g, created == 0))
		goto done;
	if (created)
		safe_printf("%s a thread repository in %s: %s, people/, transcripts/\n"
		       "next: thread add HANDLE --name 'Full Name'\n",
		       fresh ? "created" : "adopted", dir, CONFIG_FILE);
	else
		safe_printf("%s is already a thread repository; nothing to do\n", dir);
	rc = 0;
done:
	gitstore_free(g);
	return rc;
}
