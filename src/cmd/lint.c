/*
 * thread lint - check person files against the repository format.
 *
 * Files are read, parsed, judged, printed and freed one at a time, so
 * memory does not grow with the number of files; only the sorted list of
 * people/ names is kept for the cross-file handle rule.
 */
#include "command.h"
#include "config.h"
#include "date.h"
#include "diag.h"
#include "gitstore.h"
#include "parallel.h"
#include "pattern.h"
#include "person.h"
#include "repo.h"
#include "rules.h"
#include "staged.h"
#include "strbuf.h"
#include "util.h"
#include "safeout.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *opt_format = "text", *opt_today, *opt_color = "auto", *opt_jobs;
static int opt_quiet, opt_list_rules, opt_staged;

static const char *const formats[] = { "text", "json", NULL };
static const char *const colors[] = { "auto", "always", "never", NULL };

const char *const lint_usage[] = {
	"thread lint [--format text|json] [--today DATE] [PATH...]",
	"thread lint --staged [--format text|json] [--today DATE]",
	"thread lint --list-rules [--format text|json]",
	NULL
};

const struct option lint_options[] = {
	OPT_CHOICE(0, "format", &opt_format, "FORMAT",
		   "output format: text or json", formats),
	OPT_STRING(0, "today", &opt_today, "DATE",
		   "judge dates as of this day (YYYY-MM-DD)", COMPLETE_DATE),
	OPT_CHOICE(0, "color", &opt_color, "WHEN",
		   "colour the output: auto, always or never", colors),
	OPT_FLAG(0, "staged", &opt_staged,
		 "lint what is staged in the index, not the work tree (for hooks)"),
	OPT_STRING('j', "jobs", &opt_jobs, "N",
		   "threads to lint a repository with (default: THREAD_JOBS, else every core)",
		   COMPLETE_NONE),
	OPT_FLAG('q', "quiet", &opt_quiet, "do not print the summary line"),
	OPT_FLAG(0, "list-rules", &opt_list_rules,
		 "list the rules with their severities and exit"),
	OPT_END(),
};

struct lint_run {
	struct diag_printer printer;
	int today;
	int system_error;
	int have_repo;
	int config_shown;        /* this repository's settings were printed */
	struct repo repo;
	struct config config;
	struct diag_list config_diags;
	struct diag_list list;
	struct severities defaults;
	struct gitstore_index *index;   /* --staged: read from here */
	/* --staged: what the commit changes, and the world before it */
	struct gitstore *git;
	struct staged staged;
	int before;              /* judging as of HEAD: removed people exist */
	struct config old_config;        /* HEAD's .thread.yaml */
	size_t nstaged, naffected;       /* files judged, files with findings */
	const char *blocking[3];         /* files with errors, for the last line */
	size_t nblocking;
	int jobs;                /* threads for a whole repository */
};

static int has_person(void *data, const char *handle)
{
	struct lint_run *run = data;
	if (run->before && staged_gone(&run->staged, handle))
		return 1;
	return repo_has_person(&run->repo, handle);
}

/* A repository file by its path from the root: the work tree's, or the
 * staged one with --staged. */
static int load(void *data, const char *path, struct strbuf *out)
{
	struct lint_run *run = data;
	struct strbuf full = STRBUF_INIT;
	struct stat st;
	int rc;

	if (!run->index)
		return repo_load(&run->repo, path, out);
	/* --staged reads git's blobs, never the work tree: as of HEAD for
	 * what the commit changes, else the index's */
	rc = run->before ? staged_read_old(&run->staged, run->git, path, out) : 2;
	if (rc == 2)
		rc = gitstore_index_read(run->index, path, out);
	strbuf_addf(&full, "%s/%s", run->repo.root, path);
	if (rc == 1 && !stat(full.buf, &st))
		rc = 2;         /* in the work tree, just not staged */
	strbuf_release(&full);
	return rc;
}

static void drop_repo(struct lint_run *run)
{
	if (!run->have_repo)
		return;
	repo_release(&run->repo);
	config_release(&run->config);
	diag_list_clear(&run->config_diags);
	run->have_repo = 0;
}

/* Make `root` the current repository (its people and settings). */
static int use_repo(struct lint_run *run, const char *root)
{
	struct strbuf cfg = STRBUF_INIT;
	int rc;

	if (run->have_repo && !strcmp(run->repo.root, root))
		return 0;
	drop_repo(run);
	if (repo_open(&run->repo, root))
		return -1;
	config_init(&run->config);
	strbuf_addf(&cfg, "%s/" CONFIG_FILE, root);
	rc = config_load(&run->config, cfg.buf, &run->config_diags);
	strbuf_release(&cfg);
	if (rc) {
		repo_release(&run->repo);
		return -1;
	}
	run->have_repo = 1;
	run->config_shown = 0;
	return 0;
}

static void system_error(struct lint_run *run)
{
	run->system_error = 1;
}

/* Judge one file's bytes under `config`, into `list`. */
static void lint_bytes_as(struct lint_run *run, const struct config *config,
			  const char *handle, const char *buf, size_t len,
			  struct diag_list *list)
{
	struct lint_env env = { config, run->today, has_person, load, run, &run->repo };
	struct person *p = person_parse(handle, buf, len, list);
	rules_check(p, &env, list);
	person_free(p);
}

static void lint_bytes(struct lint_run *run, const char *handle,
		       const char *buf, size_t len)
{
	lint_bytes_as(run, &run->config, handle, buf, len, &run->list);
}

/* Print one file's findings; remember it if it has errors (a hook that
 * blocks names the files to fix). */
static void print_findings(struct lint_run *run, const char *display,
			   const struct diag_list *list)
{
	size_t errors = run->printer.errors;

	diag_print(&run->printer, display, list);
	if (run->printer.errors == errors)
		return;
	if (run->nblocking < ARRAY_SIZE(run->blocking))
		run->blocking[run->nblocking] = xstrdup(display);
	run->nblocking++;
}

/* One person file judged: its findings, or why it could not be read. */
struct verdict {
	struct diag_list list;
	char *error;             /* a system error, to print (not a finding) */
};

/*
 * Judge the person file at `path`, shown to the user as `display`, into
 * v (initialised by the caller).  Prints nothing, so that files can be
 * judged on several threads and reported in order (report()).
 */
static void judge(struct lint_run *run, const char *path, const char *display,
		  const char *handle, const struct person_file *pf,
		  struct verdict *v)
{
	struct strbuf sb = STRBUF_INIT, msg = STRBUF_INIT;
	struct stat st;
	int rc;

	rules_file_name(handle, &v->list);
	if (pf && (pf->symlink_outside || pf->dangling)) {
		diag_add(&v->list, R_SYMLINK, 1, 1, pf->dangling ?
			 "symlink to a file that does not exist (remove it, or point it at a file in this repository)" :
			 "this file leads outside the repository through a symlink; thread does not read it (copy the file in instead)");
	} else if (run->index) {
		rc = gitstore_index_read(run->index, path, &sb);
		if (rc) {
			/* a libgit2 failure was printed there */
			if (rc > 0)
				strbuf_addf(&msg, "%s is not in the index", path);
			v->error = strbuf_detach(&msg, NULL);
			goto done;
		}
		if (sb.len > PERSON_FILE_MAX)
			rules_too_large(sb.len, &v->list);
		else
			lint_bytes_as(run, &run->config, handle, sb.buf, sb.len, &v->list);
	} else if (strbuf_read_file(&sb, path, PERSON_FILE_MAX) < 0) {
		if (errno != EFBIG) {
			strbuf_addf(&msg, "cannot read %s: %s", display, errno == EINVAL ?
				    "not a regular file" : strerror(errno));
			v->error = strbuf_detach(&msg, NULL);
			goto done;
		}
		if (stat(path, &st))
			st.st_size = PERSON_FILE_MAX;
		rules_too_large((size_t)st.st_size, &v->list);
	} else {
		lint_bytes_as(run, &run->config, handle, sb.buf, sb.len, &v->list);
	}
	diag_sort(&v->list);
done:
	strbuf_release(&sb);
	strbuf_release(&msg);
}

/* Print what judge() found. */
static void report(struct lint_run *run, const char *display,
		   const struct verdict *v)
{
	if (v->error) {
		if (*v->error)
			error("%s", v->error);
		system_error(run);
		return;
	}
	print_findings(run, display, &v->list);
}

/* Lint the person file at `path`, shown to the user as `display`. */
static void lint_person(struct lint_run *run, const char *path,
			const char *display, const char *handle,
			const struct person_file *pf)
{
	struct verdict v = { .error = NULL };

	diag_list_init(&v.list, &run->config.sev);
	judge(run, path, display, handle, pf, &v);
	report(run, display, &v);
	diag_list_release(&v.list);
	free(v.error);
}

/*
 * Print the repository's settings findings once.  They matter to every
 * file linted there (a hook may name only the changed person files), so
 * they are shown whenever there are any; a clean .thread.yaml is counted
 * only when it was asked for, by linting it or the whole repository.
 */
static void show_config(struct lint_run *run, int asked)
{
	char *display;

	if (run->config_shown || !run->config.present ||
	    (!asked && !run->config_diags.nr))
		return;
	display = path_join(run->repo.root, CONFIG_FILE);
	diag_sort(&run->config_diags);
	diag_print(&run->printer, display, &run->config_diags);
	free(display);
	run->config_shown = 1;
}


/* A person file of the repository being linted whole, judged on a
 * worker thread (parallel.h). */
struct repo_verdict {
	char *path;
	struct verdict v;
};

static void *judge_repo_file(void *data, size_t i)
{
	struct lint_run *run = data;
	const struct person_file *f = &run->repo.files[i];
	struct repo_verdict *r = xcalloc(1, sizeof(*r));
	char *people = path_join(run->repo.root, "people");

	r->path = path_join(people, f->name);
	diag_list_init(&r->v.list, &run->config.sev);
	judge(run, r->path, r->path, f->handle, f, &r->v);
	free(people);
	return r;
}

static void drop_repo_verdict(void *data, void *result)
{
	struct repo_verdict *r = result;

	(void)data;
	diag_list_release(&r->v.list);
	free(r->v.error);
	free(r->path);
	free(r);
}

/*
 * Every person file of the repository at `root`, judged on all the
 * threads asked for and reported in people/ order: the output is the
 * same byte for byte whatever the number of threads.
 */
static void lint_repo(struct lint_run *run, const char *root)
{
	struct parallel *par;
	size_t i;

	if (use_repo(run, root)) {
		system_error(run);
		return;
	}
	show_config(run, 1);
	par = parallel_start(run->repo.nfiles, run->jobs, judge_repo_file,
			     drop_repo_verdict, run);
	for (i = 0; i < run->repo.nfiles; i++) {
		struct repo_verdict *r = parallel_next(par);
		report(run, r->path, &r->v);
		drop_repo_verdict(run, r);
	}
	parallel_finish(par);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static int enter_repo_of(struct lint_run *run, const char *dir, const char *what)
{
	char *root;
	if (repo_find_root(dir, &root)) {
		error("%s is not inside a thread repository (no .thread.yaml or people/ above it)",
		      what);
		system_error(run);
		return -1;
	}
	if (use_repo(run, root)) {
		free(root);
		system_error(run);
		return -1;
	}
	free(root);
	return 0;
}

static void lint_file(struct lint_run *run, const char *path)
{
	char *dir = dir_of(path);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct person_file pf;
	size_t len = strlen(base);
	char *handle;

	if (enter_repo_of(run, dir, path))
		goto done;
	show_config(run, !strcmp(base, CONFIG_FILE));
	if (!strcmp(base, CONFIG_FILE))
		goto done;
	memset(&pf, 0, sizeof(pf));
	repo_check_link(&run->repo, path, &pf);
	handle = xstrndup(base, len > 3 && !strcmp(base + len - 3, ".md") ? len - 3 : len);
	lint_person(run, path, path, handle, &pf);
	free(handle);
done:
	free(dir);
}

/* A folder that is not a repository root: every NAME.md directly in it. */
static void lint_folder(struct lint_run *run, const char *dir)
{
	struct repo listing;
	size_t i;

	if (enter_repo_of(run, dir, dir))
		return;
	if (repo_list_md(dir, &listing)) {
		system_error(run);
		return;
	}
	for (i = 0; i < listing.nfiles; i++) {
		char *path = path_join(dir, listing.files[i].name);
		lint_file(run, path);
		free(path);
	}
	repo_release(&listing);
}

static void lint_path(struct lint_run *run, const char *arg)
{
	char *path = xstrdup(arg);
	size_t n = strlen(path);
	struct stat st;

	while (n > 1 && path[n - 1] == '/')
		path[--n] = '\0';
	if (lstat(path, &st)) {
		error("cannot lint %s: %s", arg, strerror(errno));
		system_error(run);
	} else if (S_ISLNK(st.st_mode) && stat(path, &st)) {
		lint_file(run, path);   /* a dangling link: reported as one */
	} else if (!S_ISDIR(st.st_mode)) {
		lint_file(run, path);
	} else if (repo_is_root(path)) {
		lint_repo(run, path);
	} else {
		lint_folder(run, path);
	}
	free(path);
}

struct staged_listing {
	struct repo *repo;
	size_t alloc;
};

/* people/NAME.md entries of the index, as the repository's people. */
static int add_staged_person(void *data, const char *path, unsigned mode)
{
	struct staged_listing *l = data;
	const char *name = path + strlen("people/");
	size_t len = strlen(name);
	struct person_file *f;

	if (strchr(name, '/') || len < 4 || strcmp(name + len - 3, ".md") ||
	    name[0] == '.')
		return 0;
	ALLOC_GROW(l->repo->files, l->repo->nfiles + 1, l->alloc);
	f = &l->repo->files[l->repo->nfiles++];
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(name);
	f->handle = xstrndup(name, len - 3);
	f->valid_handle = pattern_is_handle(f->handle, len - 3);
	/* A staged symlink holds only a path; it is never followed. */
	f->symlink_outside = (mode & 0170000) == 0120000;
	return 0;
}

/* By place: line, column, rule (diag_sort's order). */
static int cmp_place(const struct diag *a, const struct diag *b)
{
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return a->rule < b->rule ? -1 : a->rule > b->rule;
}

/* The findings of `now` that `before` does not have, time-based ones
 * left out (they are about the calendar, not the commit); both sorted. */
static void new_findings(struct diag_list *out, const struct diag_list *now,
			 const struct diag_list *before)
{
	size_t i, j = 0, k;

	for (i = 0; i < now->nr; i++) {
		const struct diag *d = &now->v[i];
		const char *msg = diag_message(now, d);
		int seen = 0;

		if (rule_table[d->rule].time_based)
			continue;
		while (j < before->nr && cmp_place(&before->v[j], d) < 0)
			j++;
		for (k = j; k < before->nr && !seen &&
			    !cmp_place(&before->v[k], d); k++)
			seen = before->v[k].severity == d->severity &&
			       !strcmp(diag_message(before, &before->v[k]), msg);
		if (!seen)
			diag_add(out, d->rule, d->line, d->col, "%s", msg);
	}
}

/*
 * A person file the commit leaves alone: report only what the commit
 * does to it (the findings it has now and did not have as of HEAD), and
 * only when a cheap look at its bytes says the commit can matter to it.
 */
static void lint_affected(struct lint_run *run, const char *path,
			  const struct person_file *f)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag_list before, shown;
	int rc;

	diag_list_init(&before, &run->old_config.sev);
	diag_list_init(&shown, &run->config.sev);
	if (f->symlink_outside || !f->valid_handle)
		goto done;   /* reported when the commit touches it */
	rc = gitstore_index_read(run->index, path, &sb);
	if (rc) {
		if (rc < 0)
			system_error(run);
		goto done;
	}
	if (sb.len > PERSON_FILE_MAX ||
	    !staged_may_affect(&run->staged, sb.buf, sb.len))
		goto done;
	diag_list_clear(&run->list);
	run->list.sev = &run->config.sev;
	lint_bytes(run, f->handle, sb.buf, sb.len);
	run->before = 1;
	lint_bytes_as(run, &run->old_config, f->handle, sb.buf, sb.len, &before);
	run->before = 0;
	diag_sort(&run->list);
	diag_sort(&before);
	new_findings(&shown, &run->list, &before);
	if (shown.nr) {
		print_findings(run, path, &shown);
		run->naffected++;
	}
done:
	diag_list_release(&before);
	diag_list_release(&shown);
	strbuf_release(&sb);
}

/* The settings: as staged, and (when the commit changes them) as of
 * HEAD.  Staged findings are shown only when .thread.yaml is in the
 * commit. */
static int staged_config(struct lint_run *run)
{
	struct strbuf cfg = STRBUF_INIT, old = STRBUF_INIT;
	int staged = gitstore_index_read(run->index, CONFIG_FILE, &cfg), rc = -1;

	config_init(&run->config);
	config_init(&run->old_config);
	if (staged < 0)
		goto done;
	if (!staged)
		config_load_buffer(&run->config, cfg.buf, cfg.len, &run->config_diags);
	rc = staged_read_old(&run->staged, run->git, CONFIG_FILE, &old);
	if (rc < 0)
		goto done;
	if (rc == 2 && !staged)          /* unchanged */
		config_load_buffer(&run->old_config, cfg.buf, cfg.len, NULL);
	else if (!rc)
		config_load_buffer(&run->old_config, old.buf, old.len, NULL);
	/* The uncited hint is for thread lint run by hand, not for every
	 * commit: closeout --cite and thread cite are where it is acted on. */
	run->config.sev.of[R_UNCITED] = run->old_config.sev.of[R_UNCITED] = SEV_OFF;
	if (staged_has(&run->staged, CONFIG_FILE)) {
		diag_sort(&run->config_diags);
		print_findings(run, CONFIG_FILE, &run->config_diags);
		run->nstaged++;
	}
	rc = 0;
done:
	strbuf_release(&cfg);
	strbuf_release(&old);
	return rc;
}

/*
 * --staged: the repository is the git work tree's top, every file is read
 * from the index, as git hands it to a pre-commit hook, and what is
 * judged is the commit: the person files it adds or changes, in full;
 * the others only for what it does to them.  The index's people/ listing
 * still answers "is there such a person" for every file.
 */
static void lint_staged(struct lint_run *run)
{
	struct staged_listing l = { &run->repo, 0 };
	int others;
	size_t i;

	if (gitstore_open(&run->git, ".") ||
	    gitstore_index_open(run->git, &run->index) ||
	    staged_read(&run->staged, run->index)) {
		system_error(run);
		goto done;
	}
	memset(&run->repo, 0, sizeof(run->repo));
	run->repo.root = xstrdup(gitstore_workdir(run->git));
	run->have_repo = 1;
	if (staged_config(run)) {
		system_error(run);
		goto done;
	}
	gitstore_index_each(run->index, "people/", add_staged_person, &l);
	others = run->staged.config_changed || run->staged.ngone ||
		 run->staged.others_changed;
	for (i = 0; i < run->repo.nfiles; i++) {
		const struct person_file *f = &run->repo.files[i];
		char *path = path_join("people", f->name);
		if (staged_has(&run->staged, path)) {
			lint_person(run, path, path, f->handle, f);
			run->nstaged++;
		} else if (others) {
			lint_affected(run, path, f);
		}
		free(path);
	}
done:
	gitstore_index_free(run->index);
	run->index = NULL;
	staged_release(&run->staged);
	config_release(&run->old_config);
	gitstore_free(run->git);
	run->git = NULL;
}

/* "thread: commit blocked by 2 errors in people/a.md and people/b.md; ..." */
static void blocked_line(const struct lint_run *run)
{
	size_t i, shown = run->nblocking < ARRAY_SIZE(run->blocking) ?
			  run->nblocking : ARRAY_SIZE(run->blocking);
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "thread: commit blocked by %zu %s in ", run->printer.errors,
		    run->printer.errors == 1 ? "error" : "errors");
	for (i = 0; i < shown; i++) {
		if (i)
			strbuf_addstr(&sb, i + 1 == run->nblocking ? " and " : ", ");
		strbuf_addstr(&sb, run->blocking[i]);
	}
	if (run->nblocking > shown)
		strbuf_addf(&sb, " and %zu more %s", run->nblocking - shown,
			    run->nblocking - shown == 1 ? "file" : "files");
	strbuf_addf(&sb, "; fix %s, or commit with git commit --no-verify to skip this check\n",
		    run->printer.errors == 1 ? "it" : "them");
	safe_write(stderr, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* The hook's last words: the summary, and when it blocks, why and how
 * to get past it.  git shows them after everything the lint printed
 * (stdout is flushed first). */
static void staged_summary(struct lint_run *run)
{
	const struct diag_printer *p = &run->printer;

	if (p->format == DIAG_JSON)
		return;
	if (!opt_quiet && !run->system_error) {
		fprintf(stderr, "%s: %zu %s, %zu %s in %zu staged %s", progname,
			p->errors, p->errors == 1 ? "error" : "errors",
			p->warnings, p->warnings == 1 ? "warning" : "warnings",
			run->nstaged, run->nstaged == 1 ? "file" : "files");
		if (run->naffected)
			fprintf(stderr, " and %zu other %s the commit affects",
				run->naffected, run->naffected == 1 ? "file" : "files");
		fputc('\n', stderr);
	}
	if (run->system_error)
		fprintf(stderr, "thread: commit blocked: the staged files could not be checked (the error is above); fix that, or commit with git commit --no-verify to skip this check\n");
	else if (p->errors)
		blocked_line(run);
}

/* -j N, else THREAD_JOBS, else every core.  0, or -1 printed. */
static int jobs_option(int *jobs)
{
	char *end;
	long n = 0;

	if (opt_jobs) {
		errno = 0;
		n = strtol(opt_jobs, &end, 10);
		if (*end || end == opt_jobs || n < 1 || n > 1024 || errno)
			return error("-j '%s' is not a number of threads; give 1 or more, such as -j 4",
				     opt_jobs);
	}
	*jobs = parallel_jobs((int)n);
	return *jobs < 0 ? -1 : 0;
}

static int want_color(void)
{
	const char *no = getenv("NO_COLOR");
	if ((no && *no) || !strcmp(opt_color, "never"))
		return 0;
	return !strcmp(opt_color, "always") || isatty(STDOUT_FILENO);
}

static int list_rules(void)
{
	struct config config;
	char *root = NULL;
	size_t i;
	int json = !strcmp(opt_format, "json");

	config_init(&config);
	if (!repo_find_root(".", &root)) {
		struct strbuf cfg = STRBUF_INIT;
		strbuf_addf(&cfg, "%s/" CONFIG_FILE, root);
		config_load(&config, cfg.buf, NULL);
		strbuf_release(&cfg);
	}
	if (json)
		fputs("[", stdout);
	for (i = 0; i < R__COUNT; i++) {
		const struct rule_info *r = &rule_table[i];
		if (json) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "%s\n{\"rule\":\"%s\",\"default\":\"%s\",\"severity\":\"%s\",\"time_based\":%s,\"summary\":",
				    i ? "," : "", r->id, severity_name(r->severity),
				    severity_name(config.sev.of[i]),
				    r->time_based ? "true" : "false");
			strbuf_add_json_str(&sb, r->summary, strlen(r->summary));
			strbuf_addch(&sb, '}');
			safe_write(stdout, sb.buf, sb.len);
			strbuf_release(&sb);
		} else {
			safe_printf("%-20s %-8s %s\n", r->id,
			       severity_name(config.sev.of[i]), r->summary);
		}
	}
	if (json)
		fputs("\n]\n", stdout);
	free(root);
	config_release(&config);
	return 0;
}

int cmd_lint(int argc, const char **argv)
{
	struct lint_run run;
	char *root = NULL;
	int i, n;

	n = parse_options(argc, argv, lint_options, lint_usage);
	if (n == PARSE_OPT_HELP)
		return 0;
	if (n < 0)
		return 2;
	if (opt_list_rules)
		return list_rules();

	memset(&run, 0, sizeof(run));
	if (date_today(opt_today, &run.today))
		return 2;
	if (jobs_option(&run.jobs))
		return 2;
	severities_default(&run.defaults);
	diag_list_init(&run.list, NULL);
	diag_list_init(&run.config_diags, &run.defaults);
	config_init(&run.config);

	if (opt_staged && n) {
		error("--staged lints what the commit changes; it takes no paths");
		print_usage(stderr, lint_options, lint_usage);
		return 2;
	}
	if (!n && !opt_staged && repo_find_root(".", &root)) {
		error("not inside a thread repository (no .thread.yaml or people/ in this folder or above); run it from one, or name a path");
		return 2;
	}
	diag_printer_init(&run.printer, stdout,
			  !strcmp(opt_format, "json") ? DIAG_JSON : DIAG_TEXT,
			  want_color());
	if (opt_staged)
		lint_staged(&run);
	else if (!n)
		lint_repo(&run, root);
	for (i = 0; i < n; i++)
		lint_path(&run, argv[i]);
	/* After a system error the summary would claim too much. */
	diag_printer_finish(&run.printer,
			    opt_quiet || run.system_error || opt_staged);
	if (opt_staged)
		staged_summary(&run);

	free(root);
	drop_repo(&run);
	config_release(&run.config);
	diag_list_release(&run.list);
	diag_list_release(&run.config_diags);
	for (i = 0; i < (int)ARRAY_SIZE(run.blocking); i++)
		free((char *)run.blocking[i]);
	pattern_release();
	if (run.system_error)
		return 2;
	return run.printer.errors ? 1 : 0;
}
