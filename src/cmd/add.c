/*
 * thread add HANDLE --name NAME [...] - start a person's thread.
 *
 * Writes people/HANDLE.md from the template, atomically; refuses an
 * invalid or taken handle and values the format does not allow.  It does
 * not commit: the first closeout does.
 */
#include "atomic.h"
#include "config.h"
#include "frontmatter.h"
#include "command.h"
#include "pattern.h"
#include "person.h"
#include "repo.h"
#include "strbuf.h"
#include "util.h"
#include "safeout.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *opt_name, *opt_role, *opt_cadence = "weekly",
		  *opt_type = "manager", *opt_consent = "notes-only", *opt_email;

const char *const add_usage[] = {
	"thread add HANDLE --name NAME [--role ROLE] [--cadence CADENCE] [--type TYPE]\n"
	"                  [--consent recorded|notes-only] [--email EMAIL]",
	NULL
};

const struct option add_options[] = {
	OPT_STRING(0, "name", &opt_name, "NAME", "the person's full name (required)",
		   COMPLETE_NONE),
	OPT_STRING(0, "role", &opt_role, "ROLE", "their role", COMPLETE_NONE),
	OPT_STRING(0, "cadence", &opt_cadence, "CADENCE",
		   "weekly (default), biweekly, monthly or a number of days such as 10d",
		   COMPLETE_NONE),
	OPT_CHOICE(0, "type", &opt_type, "TYPE", "the kind of 1:1 (default manager)",
		   person_types),
	OPT_CHOICE(0, "consent", &opt_consent, "CONSENT",
		   "recorded or notes-only (default): may transcripts be kept?",
		   person_consents),
	OPT_STRING(0, "email", &opt_email, "EMAIL", "their e-mail address, for follow-ups",
		   COMPLETE_NONE),
	OPT_END(),
};

static void add_key(struct strbuf *sb, const char *key, const char *v)
{
	if (!v)
		return;
	strbuf_addf(sb, "%s: ", key);
	fm_add_scalar(sb, v);
	strbuf_addch(sb, '\n');
}

static int check_values(const char *handle)
{
	if (!pattern_is_handle(handle, strlen(handle)))
		return error("'%s' is not a valid handle: use lowercase letters, digits, '.', '_' or '-', starting with a letter or digit (such as alice-chen)",
			     handle);
	if (!opt_name || !*opt_name)
		return error("say who it is: --name 'Full Name'");
	if (strchr(opt_name, '\n') || (opt_role && strchr(opt_role, '\n')) ||
	    (opt_email && strchr(opt_email, '\n')))
		return error("values must fit on one line");
	if (cadence_days(opt_cadence) < 0)
		return error("--cadence must be weekly, biweekly, monthly or a number of days such as 10d, not '%s'",
			     opt_cadence);
	if (opt_email && !strchr(opt_email, '@'))
		return error("--email '%s' is not an e-mail address", opt_email);
	return 0;
}

int cmd_add(int argc, const char **argv)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	char *root = NULL;
	struct stat st;
	int n, rc = 2;

	n = parse_options(argc, argv, add_options, add_usage);
	if (n < 0)
		return n == PARSE_OPT_HELP ? 0 : 2;
	if (n != 1) {
		error("name one person: thread add HANDLE --name 'Full Name'");
		return 2;
	}
	if (check_values(argv[0]))
		return 2;
	if (repo_find_root(".", &root)) {
		error("not inside a thread repository; run thread init first");
		return 2;
	}
	{
		char *dir = path_join(root, "people");
		strbuf_addf(&path, "%s/%s.md", dir, argv[0]);
		free(dir);
	}
	{
		struct strbuf rel = STRBUF_INIT;
		int bad;
		strbuf_addf(&rel, "people/%s.md", argv[0]);
		bad = repo_check_path(root, rel.buf, REPO_WRITE);
		strbuf_release(&rel);
		if (bad)
			goto done;
	}
	if (!lstat(path.buf, &st)) {
		error("%s already exists; thread add never replaces a person's thread",
		      path.buf);
		goto done;
	}
	strbuf_addstr(&text, "---\n");
	add_key(&text, "name", opt_name);
	add_key(&text, "role", opt_role);
	add_key(&text, "email", opt_email);
	add_key(&text, "cadence", opt_cadence);
	add_key(&text, "type", opt_type);
	add_key(&text, "consent", opt_consent);
	strbuf_addf(&text, "---\n\n# %s\n", opt_name);
	if (make_parent_dirs(path.buf) ||
	    atomic_write(path.buf, text.buf, text.len, config_files_mode(root)))
		goto done;
	safe_printf("created %s; start the first session with: thread new %s\n",
	       path.buf, argv[0]);
	rc = 0;
done:
	free(root);
	strbuf_release(&path);
	strbuf_release(&text);
	return rc;
}
