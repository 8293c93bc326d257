#include "gitstore.h"
#include "fault.h"
#include "repo.h"
#include "sign.h"
#include "util.h"

#include <dlfcn.h>
#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* The cap on libgit2's object cache, in bytes. */
#define GITSTORE_CACHE_MAX (4 * 1024 * 1024)
/* Of pack files, mapped: the size of one window, and of all of them. */
#define GITSTORE_WINDOW (4 * 1024 * 1024)
#define GITSTORE_MAPPED_MAX (16 * 1024 * 1024)

struct gitstore {
	git_repository *repo;
	char *workdir, *gitdir;
};

struct gitstore_index {
	struct gitstore *g;
	git_index *index;
};

static int config_string(git_config *cfg, const char *key, char **out);
static int signature_from(git_config *cfg, const char *who, git_signature **out);

/* The one place libgit2's own message is added to an error. */
static int git_fail(const char *what, const char *arg)
{
	const git_error *e = git_error_last();
	return error("%s%s%s: %s", what, arg ? " " : "", arg ? arg : "",
		     e && e->message ? e->message : "unknown libgit2 error");
}

/* A closeout is the only record of a meeting: objects, refs and the
 * index are flushed to disk before libgit2 reports them written. */
static void durable(void)
{
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	/* A walk of 20,000 commits would otherwise keep every commit and
	 * tree it read in libgit2's object cache (256 MB by default):
	 * nothing is read twice, so a small cache costs no time. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)GITSTORE_CACHE_MAX);
	/* Pack files are mapped in windows, 1 GB each and 8 GB in all by
	 * default on 64-bit systems, and what is mapped and read stays in
	 * memory: keep at most a few windows of a few MB. */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)GITSTORE_WINDOW);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)GITSTORE_MAPPED_MAX);
}

/*
 * libgit2 1.5 built on mbedTLS (Debian's) parses the whole system CA
 * bundle in git_libgit2_init(), whatever the caller needs: 4 ms a run,
 * a third of lint --staged in a pre-commit hook, for TLS that thread
 * never speaks (it reads and writes local repositories only).  No option
 * or environment variable skips it (GIT_OPT_SET_SSL_CERT_LOCATIONS can
 * only be set after the load), so this definition, which the dynamic
 * linker prefers to mbedTLS's, takes the call while gitstore initialises
 * libgit2 and loads nothing; any later call (a caller setting
 * GIT_OPT_SET_SSL_CERT_LOCATIONS before a network operation) goes to
 * mbedTLS.  A libgit2 on OpenSSL never calls it.
 */
static int initialising;

int mbedtls_x509_crt_parse_file(void *chain, const char *path);
int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	int (*real)(void *, const char *);
	void *sym;

	if (initialising)
		return 0;     /* an empty chain: no certificate trusted */
	sym = dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file");
	if (!sym)
		return -1;
	memcpy(&real, &sym, sizeof(real));
	return real(chain, path);
}

static void libgit2_init(void)
{
	initialising = 1;
	git_libgit2_init();
	initialising = 0;
}

static int wrap(struct gitstore **out, git_repository *repo)
{
	struct gitstore *g = xcalloc(1, sizeof(*g));
	const char *wd = git_repository_workdir(repo);

	if (!wd) {
		git_repository_free(repo);
		free(g);
		git_libgit2_shutdown();
		return error("the repository has no work tree (a bare repository cannot hold thread files)");
	}
	g->repo = repo;
	g->workdir = xstrdup(wd);
	g->gitdir = xstrdup(git_repository_path(repo));
	*out = g;
	return 0;
}

int gitstore_open(struct gitstore **out, const char *path)
{
	git_repository *repo = NULL;

	libgit2_init();
	durable();
	if (git_repository_open_ext(&repo, path, 0, NULL) < 0) {
		git_libgit2_shutdown();
		return error("%s is not in a git repository (run thread init there)", path);
	}
	return wrap(out, repo);
}

int gitstore_find(struct gitstore **out, const char *path)
{
	git_repository *repo = NULL;

	libgit2_init();
	durable();
	if (git_repository_open_ext(&repo, path, 0, NULL) < 0) {
		git_libgit2_shutdown();
		return 1;
	}
	return wrap(out, repo) ? -1 : 0;
}

int gitstore_init(struct gitstore **out, const char *dir, int *created)
{
	git_repository *repo = NULL;

	libgit2_init();
	durable();
	*created = 0;
	if (git_repository_open_ext(&repo, dir, 0, NULL) < 0) {
		if (git_repository_init(&repo, dir, 0) < 0) {
			git_fail("cannot create a git repository in", dir);
			git_libgit2_shutdown();
			return -1;
		}
		*created = 1;
	}
	return wrap(out, repo);
}

void gitstore_free(struct gitstore *g)
{
	if (!g)
		return;
	git_repository_free(g->repo);
	free(g->workdir);
	free(g->gitdir);
	free(g);
	git_libgit2_shutdown();
}

const char *gitstore_workdir(const struct gitstore *g)
{
	return g->workdir;
}

const char *gitstore_gitdir(const struct gitstore *g)
{
	return g->gitdir;
}

int gitstore_hooks_dir(struct gitstore *g, struct strbuf *out)
{
	git_config *cfg = NULL;
	git_buf buf = { 0 };
	int rc = 0;

	if (git_repository_config_snapshot(&cfg, g->repo) < 0)
		return git_fail("cannot read the git configuration", NULL);
	if (git_config_get_path(&buf, cfg, "core.hooksPath") == 0 && buf.size) {
		if (buf.ptr[0] != '/')
			strbuf_addstr(out, g->workdir);
		strbuf_add(out, buf.ptr, buf.size);
		while (out->len > 1 && out->buf[out->len - 1] == '/')
			strbuf_setlen(out, out->len - 1);
	} else {
		strbuf_addf(out, "%shooks", g->gitdir);
	}
	git_buf_dispose(&buf);
	git_config_free(cfg);
	return rc;
}

/*
 * commit.gpgsign, as git reads it: 0 unsigned, 1 sign with *program and
 * *key (malloc'd), -1 refused (printed): thread signs only with OpenPGP.
 */
static int signing(struct gitstore *g, char **program, char **key)
{
	git_config *cfg = NULL;
	char *format = NULL;
	int sign = 0, rc = -1;

	*program = *key = NULL;
	if (git_repository_config_snapshot(&cfg, g->repo) < 0)
		return git_fail("cannot read the git configuration", NULL);
	if (git_config_get_bool(&sign, cfg, "commit.gpgsign") < 0 || !sign) {
		rc = 0;
		goto done;
	}
	if (!config_string(cfg, "gpg.format", &format) && strcmp(format, "openpgp")) {
		error("commit.gpgsign is true with gpg.format=%s, and thread signs only with OpenPGP (gpg); nothing was committed.\n"
		      "Commit with git instead (git commit signs as configured), or turn signing off for this repository: git config commit.gpgsign false",
		      format);
		goto done;
	}
	if (config_string(cfg, "gpg.openpgp.program", program) &&
	    config_string(cfg, "gpg.program", program))
		*program = xstrdup("gpg");
	if (config_string(cfg, "user.signingkey", key) || !**key) {
		git_signature *who = NULL;
		free(*key);
		*key = NULL;
		/* git's default: the committer's identity, without the date */
		if (signature_from(cfg, "COMMITTER", &who))
			goto done;
		*key = xmalloc(strlen(who->name) + strlen(who->email) + 4);
		sprintf(*key, "%s <%s>", who->name, who->email);
		git_signature_free(who);
	}
	rc = 1;
done:
	if (rc < 0) {
		free(*program);
		free(*key);
		*program = *key = NULL;
	}
	free(format);
	git_config_free(cfg);
	return rc;
}

int gitstore_ready_to_commit(struct gitstore *g)
{
	static const struct { int state; const char *what; } busy[] = {
		{ GIT_REPOSITORY_STATE_MERGE, "a merge" },
		{ GIT_REPOSITORY_STATE_REVERT, "a revert" },
		{ GIT_REPOSITORY_STATE_REVERT_SEQUENCE, "a revert" },
		{ GIT_REPOSITORY_STATE_CHERRYPICK, "a cherry-pick" },
		{ GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE, "a cherry-pick" },
		{ GIT_REPOSITORY_STATE_BISECT, "a bisect" },
		{ GIT_REPOSITORY_STATE_REBASE, "a rebase" },
		{ GIT_REPOSITORY_STATE_REBASE_INTERACTIVE, "a rebase" },
		{ GIT_REPOSITORY_STATE_REBASE_MERGE, "a rebase" },
		{ GIT_REPOSITORY_STATE_APPLY_MAILBOX, "git am" },
		{ GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE, "git am or a rebase" },
	};
	struct strbuf lock = STRBUF_INIT;
	struct stat st;
	int state = git_repository_state(g->repo), locked;
	char *program = NULL, *key = NULL;
	size_t i;

	locked = signing(g, &program, &key);   /* refused before any write */
	free(program);
	free(key);
	if (locked < 0)
		return -1;

	for (i = 0; i < ARRAY_SIZE(busy); i++)
		if (busy[i].state == state)
			return error("the repository is in the middle of %s; finish or abort it first",
				     busy[i].what);
	strbuf_addf(&lock, "%sindex.lock", g->gitdir);
	locked = !stat(lock.buf, &st);
	if (locked)
		error("another git process holds %s; wait for it, or remove the file if no git is running",
		      lock.buf);
	strbuf_release(&lock);
	return locked ? -1 : 0;
}

/* ---- identity ---- */

static int config_string(git_config *cfg, const char *key, char **out)
{
	git_buf buf = { 0 };
	if (git_config_get_string_buf(&buf, cfg, key) < 0)
		return -1;
	*out = xstrndup(buf.ptr, buf.size);
	git_buf_dispose(&buf);
	return 0;
}

/* "Fri, 20 Nov 2026 18:30:00 +0100" (RFC 2822), month names in English. */
static int parse_rfc2822(const char *s, long long *when, int *offset)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char mon[4], sign;
	int d, y, h, mi, sec, tzh, tzm;
	const char *m, *comma = strchr(s, ',');
	struct tm tm;

	if (sscanf(comma ? comma + 1 : s, "%2d %3s %4d %2d:%2d:%2d %c%2d%2d", &d, mon,
		   &y, &h, &mi, &sec, &sign, &tzh, &tzm) != 9 ||
	    (sign != '+' && sign != '-') || !(m = strstr(months, mon)) ||
	    (m - months) % 3)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = (int)(m - months) / 3;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*offset = (sign == '-' ? -1 : 1) * (tzh * 60 + tzm);
	*when = (long long)timegm(&tm) - (long long)*offset * 60;
	return 0;
}

/* "@1700000000 +0100", "2026-11-20T17:00:00Z", "2026-11-20 17:00:00 +0100",
 * or RFC 2822: the forms of GIT_AUTHOR_DATE that git documents. */
static int parse_date(const char *s, long long *when, int *offset)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0, tzh = 0, tzm = 0;
	char sign = '+';
	struct tm tm;

	*offset = 0;
	if (*s == '@') {
		char *end;
		*when = strtoll(s + 1, &end, 10);
		if (sscanf(end, " %c%2d%2d", &sign, &tzh, &tzm) == 3)
			*offset = (sign == '-' ? -1 : 1) * (tzh * 60 + tzm);
		return 0;
	}
	if (sscanf(s, "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) < 6)
		return parse_rfc2822(s, when, offset);
	s += n;
	while (*s == ' ')
		s++;
	if (*s == '+' || *s == '-') {
		sign = *s++;
		if (sscanf(s, "%2d%*1[:]%2d", &tzh, &tzm) < 2 &&
		    sscanf(s, "%2d%2d", &tzh, &tzm) < 2)
			return -1;
		*offset = (sign == '-' ? -1 : 1) * (tzh * 60 + tzm);
	} else if (*s && *s != 'Z') {
		return -1;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*when = (long long)timegm(&tm) - (long long)*offset * 60;
	return 0;
}

static void now(long long *when, int *offset)
{
	time_t t = time(NULL);
	struct tm tm;
	*when = t;
	*offset = localtime_r(&t, &tm) ? (int)(tm.tm_gmtoff / 60) : 0;
}

void gitstore_author_time(long long *when, int *offset)
{
	const char *env = getenv("GIT_AUTHOR_DATE");
	if (!env || !*env || parse_date(env, when, offset))
		now(when, offset);
}

/* who: "AUTHOR" or "COMMITTER"; cfg: where user.name and user.email are. */
static int signature_from(git_config *cfg, const char *who, git_signature **out)
{
	char var[40];
	const char *env;
	char *name = NULL, *email = NULL;
	long long when;
	int offset, rc = -1;

	snprintf(var, sizeof(var), "GIT_%s_NAME", who);
	if ((env = getenv(var)) && *env)
		name = xstrdup(env);
	else
		config_string(cfg, "user.name", &name);
	snprintf(var, sizeof(var), "GIT_%s_EMAIL", who);
	if ((env = getenv(var)) && *env)
		email = xstrdup(env);
	else
		config_string(cfg, "user.email", &email);
	if (!name || !email || !*name || !*email) {
		error("no git identity (user.name and user.email); set one with\n"
		      "    git config --global user.name 'Your Name'\n"
		      "    git config --global user.email you@example.com");
		goto done;
	}
	snprintf(var, sizeof(var), "GIT_%s_DATE", who);
	if ((env = getenv(var)) && *env) {
		if (parse_date(env, &when, &offset)) {
			error("%s='%s' is not a date git understands (try 2026-11-20T17:00:00Z)",
			      var, env);
			goto done;
		}
	} else {
		now(&when, &offset);
	}
	if (git_signature_new(out, name, email, (git_time_t)when, offset) < 0) {
		git_fail("cannot use the git identity", name);
		goto done;
	}
	rc = 0;
done:
	free(name);
	free(email);
	return rc;
}

static int signature(struct gitstore *g, const char *who, git_signature **out)
{
	git_config *cfg = NULL;
	int rc;

	if (git_repository_config_snapshot(&cfg, g->repo) < 0)
		return git_fail("cannot read the git configuration", NULL);
	rc = signature_from(cfg, who, out);
	git_config_free(cfg);
	return rc;
}

int gitstore_identity_default(struct strbuf *out)
{
	git_config *cfg = NULL, *snap = NULL;
	git_signature *sig = NULL;
	int rc = -1;

	libgit2_init();
	if (git_config_open_default(&cfg) < 0 || git_config_snapshot(&snap, cfg) < 0) {
		git_fail("cannot read the git configuration", NULL);
		goto done;
	}
	if (signature_from(snap, "AUTHOR", &sig))
		goto done;
	strbuf_addf(out, "%s <%s>", sig->name, sig->email);
	rc = 0;
done:
	git_signature_free(sig);
	git_config_free(snap);
	git_config_free(cfg);
	git_libgit2_shutdown();
	return rc;
}

int gitstore_identity(struct gitstore *g, struct strbuf *out)
{
	git_signature *sig = NULL;
	if (signature(g, "AUTHOR", &sig))
		return -1;
	strbuf_addf(out, "%s <%s>", sig->name, sig->email);
	git_signature_free(sig);
	return 0;
}

/* ---- blobs and commits ---- */

int gitstore_blob_id(const void *data, size_t len, char hex[41])
{
	git_oid oid;
	if (git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB) < 0)
		return git_fail("cannot hash", NULL);
	git_oid_tostr(hex, 41, &oid);
	return 0;
}

static int head_commit(struct gitstore *g, git_commit **out)
{
	git_oid oid;
	int rc = git_reference_name_to_id(&oid, g->repo, "HEAD");
	*out = NULL;
	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH)
		return 0;                     /* no commit yet */
	if (rc < 0 || git_commit_lookup(out, g->repo, &oid) < 0)
		return git_fail("cannot read HEAD", NULL);
	return 0;
}

static int base_tree(struct gitstore *g, git_commit *head, git_tree **out)
{
	git_treebuilder *tb = NULL;
	git_oid oid;
	int rc;

	if (head)
		return git_commit_tree(out, head) < 0 ?
			git_fail("cannot read HEAD's tree", NULL) : 0;
	/* The first commit starts from the empty tree. */
	rc = git_treebuilder_new(&tb, g->repo, NULL) < 0 ||
	     git_treebuilder_write(&oid, tb) < 0 ||
	     git_tree_lookup(out, g->repo, &oid) < 0;
	git_treebuilder_free(tb);
	return rc ? git_fail("cannot make an empty tree", NULL) : 0;
}

static int stage_paths(struct gitstore *g, const struct gitstore_file *files,
		       size_t n)
{
	git_index *index = NULL;
	size_t i;
	int rc = -1;

	if (git_repository_index(&index, g->repo) < 0 ||
	    git_index_read(index, 0) < 0) {
		git_fail("cannot read the index", NULL);
		goto done;
	}
	for (i = 0; i < n; i++)
		if (git_index_add_bypath(index, files[i].path) < 0) {
			git_fail("cannot stage", files[i].path);
			goto done;
		}
	if (git_index_write(index) < 0) {
		git_fail("could not update the index for", files[0].path);
		goto done;
	}
	rc = 0;
done:
	git_index_free(index);
	return rc;
}

/*
 * Point HEAD's branch at the new commit, but only if it still points at
 * `head`: a commit that landed meanwhile (another closeout, a git commit)
 * is never lost; this one is refused instead, and can be run again.
 */
static int move_head(struct gitstore *g, git_commit *head, const git_oid *id,
		     const char *message)
{
	git_reference *ref = NULL, *branch = NULL, *moved = NULL;
	const char *nl = strchr(message, '\n');
	struct strbuf log = STRBUF_INIT;
	int rc = -1;

	strbuf_addf(&log, "commit: %.*s", (int)(nl ? nl - message : (long)strlen(message)),
		    message);
	if (git_reference_lookup(&ref, g->repo, "HEAD") < 0 ||
	    git_reference_resolve(&branch, ref) < 0) {
		/* HEAD unborn: create its branch, which must not exist yet */
		const char *name = git_reference_symbolic_target(ref);
		if (!head && name &&
		    git_reference_create(&moved, g->repo, name, id, 0, log.buf) == 0)
			rc = 0;
		else
			git_fail("cannot move HEAD", NULL);
		goto done;
	}
	if (!head || !git_oid_equal(git_reference_target(branch), git_commit_id(head))) {
		error("HEAD moved while this ran (another commit landed); nothing was committed, so run it again");
		goto done;
	}
	if (git_reference_set_target(&moved, branch, id, log.buf) < 0) {
		git_fail("cannot move HEAD (is another git command running?)", NULL);
		goto done;
	}
	rc = 0;
done:
	strbuf_release(&log);
	git_reference_free(moved);
	git_reference_free(branch);
	git_reference_free(ref);
	return rc;
}

/* The commit object, signed when commit.gpgsign asks for it. */
static int create_commit(struct gitstore *g, git_oid *id, const git_signature *author,
			 const git_signature *committer, const char *message,
			 const git_tree *tree, git_commit *head)
{
	git_buf buf = { 0 };
	struct strbuf sig = STRBUF_INIT;
	char *program = NULL, *key = NULL;
	int rc = -1, sign = signing(g, &program, &key);

	if (sign < 0)
		return -1;
	if (!sign) {
		if (git_commit_create(id, g->repo, NULL, author, committer, NULL, message,
				      tree, head ? 1 : 0, (const git_commit **)&head) < 0)
			return git_fail("cannot commit", NULL);
		return 0;
	}
	if (git_commit_create_buffer(&buf, g->repo, author, committer, NULL, message,
				     tree, head ? 1 : 0, (const git_commit **)&head) < 0) {
		git_fail("cannot commit", NULL);
		goto done;
	}
	if (sign_buffer(program, key, buf.ptr, buf.size, &sig))
		goto done;
	if (git_commit_create_with_signature(id, g->repo, buf.ptr, sig.buf, NULL) < 0) {
		git_fail("cannot commit", NULL);
		goto done;
	}
	rc = 0;
done:
	git_buf_dispose(&buf);
	strbuf_release(&sig);
	free(program);
	free(key);
	return rc;
}

int gitstore_commit_files(struct gitstore *g, const struct gitstore_file *files,
			  size_t n, const char *message, char id[41])
{
	git_tree_update *up = xcalloc(n, sizeof(*up));
	git_signature *author = NULL, *committer = NULL;
	git_commit *head = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_oid tree_id, commit_id;
	size_t i;
	int rc = -1;

	/* The content is given, but git_index_add_bypath() reads the work
	 * tree: a path through a symlink is never committed. */
	for (i = 0; i < n; i++)
		if (repo_check_path(g->workdir, files[i].path, REPO_WRITE))
			goto done;
	if (signature(g, "AUTHOR", &author) || signature(g, "COMMITTER", &committer) ||
	    head_commit(g, &head) || base_tree(g, head, &base))
		goto done;
	for (i = 0; i < n; i++) {
		up[i].action = GIT_TREE_UPDATE_UPSERT;
		up[i].filemode = GIT_FILEMODE_BLOB;
		up[i].path = files[i].path;
		if (git_blob_create_from_buffer(&up[i].id, g->repo, files[i].data,
						files[i].len) < 0) {
			git_fail("cannot store", files[i].path);
			goto done;
		}
	}
	if (git_tree_create_updated(&tree_id, g->repo, base, n, up) < 0 ||
	    git_tree_lookup(&tree, g->repo, &tree_id) < 0) {
		git_fail("cannot build the commit's tree", NULL);
		goto done;
	}
	if (fault_at("commit-object"))
		goto done;
	if (create_commit(g, &commit_id, author, committer, message, tree, head))
		goto done;
	git_oid_tostr(id, 41, &commit_id);
	if (fault_at("ref-update") || move_head(g, head, &commit_id, message))
		goto done;
	/* From here the commit stands, whatever happens to the index. */
	rc = 0;
	if (fault_at("index-update") || stage_paths(g, files, n)) {
		error("committed as %.7s, but the index still holds the old %s; run 'git reset -q -- %s%s%s'",
		      id, n > 1 ? "files" : "file", files[0].path, n > 1 ? " " : "",
		      n > 1 ? files[1].path : "");
		rc = 1;
	}
done:
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(head);
	git_signature_free(author);
	git_signature_free(committer);
	free(up);
	return rc;
}

int gitstore_same_as_head(struct gitstore *g, const char *path,
			  const void *data, size_t len)
{
	git_commit *head = NULL;
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	git_oid oid;
	int rc = -1;

	if (head_commit(g, &head))
		return -1;
	if (!head) {
		rc = 0;
		goto done;
	}
	if (git_commit_tree(&tree, head) < 0) {
		git_fail("cannot read HEAD's tree", NULL);
		goto done;
	}
	if (git_tree_entry_bypath(&entry, tree, path) < 0 ||
	    git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB) < 0) {
		rc = 0;
		goto done;
	}
	rc = git_oid_equal(&oid, git_tree_entry_id(entry));
done:
	git_tree_entry_free(entry);
	git_tree_free(tree);
	git_commit_free(head);
	return rc;
}

/* ---- index ---- */

int gitstore_index_open(struct gitstore *g, struct gitstore_index **out)
{
	const char *file = getenv("GIT_INDEX_FILE");
	git_index *index = NULL;

	if (file && *file) {
		if (git_index_open(&index, file) < 0)
			return git_fail("cannot read the index named by GIT_INDEX_FILE,", file);
	} else if (git_repository_index(&index, g->repo) < 0 ||
		   git_index_read(index, 1) < 0) {
		git_index_free(index);
		return git_fail("cannot read the index", NULL);
	}
	*out = xcalloc(1, sizeof(**out));
	(*out)->g = g;
	(*out)->index = index;
	return 0;
}

void gitstore_index_free(struct gitstore_index *ix)
{
	if (!ix)
		return;
	git_index_free(ix->index);
	free(ix);
}

static int read_blob_oid(struct gitstore *g, const git_oid *oid, struct strbuf *out)
{
	git_blob *blob = NULL;
	if (git_blob_lookup(&blob, g->repo, oid) < 0)
		return git_fail("cannot read a blob", NULL);
	strbuf_add(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return 0;
}

int gitstore_index_read(struct gitstore_index *ix, const char *path,
			struct strbuf *out)
{
	const git_index_entry *e = git_index_get_bypath(ix->index, path, 0);
	if (!e)
		return 1;
	return read_blob_oid(ix->g, &e->id, out);
}

int gitstore_index_each(struct gitstore_index *ix, const char *prefix,
			int (*fn)(void *data, const char *path, unsigned mode),
			void *data)
{
	size_t i, n = git_index_entrycount(ix->index), plen = strlen(prefix);
	for (i = 0; i < n; i++) {
		const git_index_entry *e = git_index_get_byindex(ix->index, i);
		int rc;
		if (GIT_INDEX_ENTRY_STAGE(e) || strncmp(e->path, prefix, plen))
			continue;
		if ((rc = fn(data, e->path, e->mode)))
			return rc;
	}
	return 0;
}

/* A commit's changes: the index against HEAD's tree, entry by entry. */
int gitstore_index_changes(struct gitstore_index *ix,
			   int (*fn)(void *data, const char *path,
				     const char *old_id, int removed),
			   void *data)
{
	git_commit *head = NULL;
	git_tree *tree = NULL;
	git_diff *diff = NULL;
	size_t i, n;
	int rc = -1;

	if (head_commit(ix->g, &head))
		goto done;
	if (head && git_commit_tree(&tree, head) < 0) {
		git_fail("cannot read HEAD's tree", NULL);
		goto done;
	}
	/* An unborn HEAD (tree NULL) makes every staged file an addition. */
	if (git_diff_tree_to_index(&diff, ix->g->repo, tree, ix->index, NULL) < 0) {
		git_fail("cannot compare the index with HEAD", NULL);
		goto done;
	}
	rc = 0;
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n && !rc; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		char hex[41] = "";
		int removed = d->status == GIT_DELTA_DELETED;

		if (d->status != GIT_DELTA_ADDED)
			git_oid_tostr(hex, sizeof(hex), &d->old_file.id);
		rc = fn(data, removed ? d->old_file.path : d->new_file.path, hex,
			removed);
	}
done:
	git_diff_free(diff);
	git_tree_free(tree);
	git_commit_free(head);
	return rc;
}

/* ---- history ---- */

int gitstore_is_shallow(struct gitstore *g)
{
	return git_repository_is_shallow(g->repo) == 1;
}

/* The commits of a walk: from libgit2's revwalk, or, in a shallow clone,
 * from a list made by hand. */
struct walk {
	git_revwalk *rw;
	struct walk_commit { git_oid id; git_time_t time; } *list;
	size_t n, alloc, next;
};

static int walk_next(struct walk *w, git_oid *oid)
{
	if (w->rw)
		return git_revwalk_next(oid, w->rw);
	if (w->next >= w->n)
		return GIT_ITEROVER;
	git_oid_cpy(oid, &w->list[w->next++].id);
	return 0;
}

static void walk_free(struct walk *w)
{
	git_revwalk_free(w->rw);
	free(w->list);
}

static int newer_first(const void *a, const void *b)
{
	const struct walk_commit *x = a, *y = b;
	return x->time < y->time ? 1 : x->time > y->time ? -1 : 0;
}

static int listed(const struct walk *w, const git_oid *id)
{
	size_t i;
	for (i = 0; i < w->n; i++)
		if (git_oid_equal(&w->list[i].id, id))
			return 1;
	return 0;
}

/*
 * A shallow clone lacks the parents of its oldest commits, and libgit2
 * 1.5's revwalk stops with "object not found" on them.  So list what is
 * there from HEAD, stopping at parents that are not in the object store:
 * newest first (by time), or the first-parent line oldest first.
 */
static int list_shallow(struct gitstore *g, struct walk *w, int first_parent)
{
	git_odb *odb = NULL;
	git_oid *todo = NULL;
	size_t ntodo = 0, alloc = 0;
	git_oid head;
	int rc = -1;

	if (git_repository_odb(&odb, g->repo) < 0 ||
	    git_reference_name_to_id(&head, g->repo, "HEAD") < 0) {
		git_fail("cannot read HEAD", NULL);
		goto done;
	}
	ALLOC_GROW(todo, 1, alloc);
	git_oid_cpy(&todo[ntodo++], &head);
	while (ntodo) {
		git_oid id = todo[--ntodo];
		git_commit *c = NULL;
		unsigned i, np;

		if (listed(w, &id))
			continue;
		if (git_commit_lookup(&c, g->repo, &id) < 0) {
			git_fail("cannot read a commit", NULL);
			goto done;
		}
		ALLOC_GROW(w->list, w->n + 1, w->alloc);
		git_oid_cpy(&w->list[w->n].id, &id);
		w->list[w->n++].time = git_commit_time(c);
		np = first_parent && git_commit_parentcount(c) ? 1 : git_commit_parentcount(c);
		for (i = np; i-- > 0;) {
			const git_oid *p = git_commit_parent_id(c, i);
			if (!git_odb_exists(odb, p))
				continue;        /* beyond the shallow boundary */
			ALLOC_GROW(todo, ntodo + 1, alloc);
			git_oid_cpy(&todo[ntodo++], p);
		}
		git_commit_free(c);
	}
	if (!first_parent) {
		qsort(w->list, w->n, sizeof(*w->list), newer_first);
	} else {
		size_t i;
		for (i = 0; i < w->n / 2; i++) {   /* oldest first */
			struct walk_commit t = w->list[i];
			w->list[i] = w->list[w->n - 1 - i];
			w->list[w->n - 1 - i] = t;
		}
	}
	rc = 0;
done:
	free(todo);
	git_odb_free(odb);
	return rc;
}

/* Said once: what is shown starts where the clone's history does. */
static void note_shallow(void)
{
	static int said;
	if (said++)
		return;
	fprintf(stderr, "%s: note: this is a shallow clone; only the history it holds is read (git fetch --unshallow fetches the rest)\n",
		progname);
}

/*
 * A walk from HEAD, for both history readers: 1 when there is something
 * to walk, 0 when HEAD is unborn (nothing yet; libgit2 1.5 answers that
 * with -1 rather than GIT_EUNBORNBRANCH, so ask first), -1 on error.
 */
static int start_walk(struct gitstore *g, struct walk *walk, unsigned sorting,
		      int first_parent)
{
	int rc;

	memset(walk, 0, sizeof(*walk));
	if (git_repository_head_unborn(g->repo) == 1)
		return 0;
	if (gitstore_is_shallow(g)) {
		note_shallow();
		return list_shallow(g, walk, first_parent) ? -1 : 1;
	}
	if (git_revwalk_new(&walk->rw, g->repo) < 0)
		return git_fail("cannot walk the history", NULL);
	git_revwalk_sorting(walk->rw, sorting);
	if (first_parent)
		git_revwalk_simplify_first_parent(walk->rw);
	rc = git_revwalk_push_head(walk->rw);
	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH)
		return 0;
	return rc < 0 ? git_fail("cannot walk the history from HEAD", NULL) : 1;
}

/* Hand the commit `oid` to a walk's callback. */
static int visit(struct gitstore *g, const git_oid *oid,
		 int (*fn)(void *data, const struct gitstore_commit *c), void *data)
{
	git_commit *c = NULL;
	struct gitstore_commit gc;
	char hex[41];
	int rc;

	if (git_commit_lookup(&c, g->repo, oid) < 0)
		return git_fail("cannot read a commit", NULL);
	git_oid_tostr(hex, sizeof(hex), oid);
	gc.id = hex;
	gc.message = git_commit_message(c);
	gc.time = (long long)git_commit_time(c);
	gc.offset = git_commit_time_offset(c);
	gc.merge = git_commit_parentcount(c) > 1;
	rc = fn(data, &gc);
	git_commit_free(c);
	return rc;
}

int gitstore_walk(struct gitstore *g,
		  int (*fn)(void *data, const struct gitstore_commit *c),
		  void *data)
{
	struct walk walk;
	git_oid oid;
	int rc = start_walk(g, &walk, GIT_SORT_TIME, 0);

	if (rc <= 0)
		goto done;
	while (!(rc = walk_next(&walk, &oid)))
		if ((rc = visit(g, &oid, fn, data)))
			goto done;
	rc = rc == GIT_ITEROVER ? 0 : git_fail("cannot walk the history", NULL);
done:
	walk_free(&walk);
	return rc;
}

int gitstore_walk_range(struct gitstore *g, const char *tip, const char *hide,
			int (*fn)(void *data, const struct gitstore_commit *c),
			void *data)
{
	git_revwalk *rw = NULL;
	git_oid oid;
	int rc;

	if (git_revwalk_new(&rw, g->repo) < 0) {
		rc = git_fail("cannot walk the history", NULL);
		goto done;
	}
	git_revwalk_sorting(rw, GIT_SORT_TIME);
	if (git_oid_fromstr(&oid, tip) < 0 || git_revwalk_push(rw, &oid) < 0 ||
	    (hide && (git_oid_fromstr(&oid, hide) < 0 || git_revwalk_hide(rw, &oid) < 0))) {
		rc = git_fail("cannot walk the history from", tip);
		goto done;
	}
	while (!(rc = git_revwalk_next(&oid, rw)))
		if ((rc = visit(g, &oid, fn, data)))
			goto done;
	rc = rc == GIT_ITEROVER ? 0 : git_fail("cannot walk the history", NULL);
done:
	git_revwalk_free(rw);
	return rc;
}

int gitstore_read_at(struct gitstore *g, const char *id, const char *path,
		     struct strbuf *out)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	git_oid oid;
	int rc = -1;

	if (git_oid_fromstr(&oid, id) < 0 || git_commit_lookup(&c, g->repo, &oid) < 0 ||
	    git_commit_tree(&tree, c) < 0) {
		git_fail("cannot read commit", id);
		goto done;
	}
	if (git_tree_entry_bypath(&entry, tree, path) < 0) {
		rc = 1;
		goto done;
	}
	rc = read_blob_oid(g, git_tree_entry_id(entry), out);
done:
	git_tree_entry_free(entry);
	git_tree_free(tree);
	git_commit_free(c);
	return rc;
}

int gitstore_read_blob(struct gitstore *g, const char *id, struct strbuf *out)
{
	git_blob *blob = NULL;
	git_oid oid;
	size_t len = strlen(id);

	if (len < 4 || len > 40 || git_oid_fromstrn(&oid, id, len) < 0)
		return error("'%s' is not a blob id", id);
	if (git_blob_lookup_prefix(&blob, g->repo, &oid, len) < 0)
		return 1;
	strbuf_add(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return 0;
}

int gitstore_trailers(const char *message,
		      int (*fn)(void *data, const char *key, const char *value),
		      void *data)
{
	git_message_trailer_array arr = { 0 };
	size_t i;
	int rc = 0;

	if (git_message_trailers(&arr, message) < 0)
		return git_fail("cannot read the trailers of a commit message", NULL);
	for (i = 0; i < arr.count && !rc; i++)
		rc = fn(data, arr.trailers[i].key, arr.trailers[i].value);
	git_message_trailer_array_free(&arr);
	return rc;
}

/* ---- history, oldest first ---- */

struct change_list {
	char **paths, **blobs;
	size_t n, alloc, alloc_b;
};

static void change_add(struct change_list *l, const char *path, const git_oid *blob)
{
	char hex[41] = "";
	if (blob)
		git_oid_tostr(hex, sizeof(hex), blob);
	ALLOC_GROW(l->paths, l->n + 1, l->alloc);
	ALLOC_GROW(l->blobs, l->n + 1, l->alloc_b);
	l->paths[l->n] = xstrdup(path);
	l->blobs[l->n++] = xstrdup(hex);
}

static void change_clear(struct change_list *l)
{
	size_t i;
	for (i = 0; i < l->n; i++) {
		free(l->paths[i]);
		free(l->blobs[i]);
	}
	l->n = 0;
}

/*
 * The first-parent line from HEAD back to (not including) `after`, newest
 * first, into *list: 0 found, 1 when `after` is not on it (HEAD was reset,
 * amended or rebased past it) or is NULL, -1 error.  Costs one commit per
 * step, and no more: libgit2's revwalk would read each commit twice.
 */
static int chain_after(struct gitstore *g, const git_oid *after, git_oid **list,
		       size_t *n)
{
	size_t alloc = 0;
	git_oid id;

	*list = NULL;
	*n = 0;
	if (git_reference_name_to_id(&id, g->repo, "HEAD") < 0)
		return git_fail("cannot read HEAD", NULL);
	for (;;) {
		git_commit *c = NULL;
		if (after && git_oid_equal(&id, after))
			return 0;
		if (git_commit_lookup(&c, g->repo, &id) < 0)
			return git_fail("cannot read a commit", NULL);
		ALLOC_GROW(*list, *n + 1, alloc);
		git_oid_cpy(&(*list)[(*n)++], &id);
		if (!git_commit_parentcount(c)) {
			git_commit_free(c);
			return 1;
		}
		git_oid_cpy(&id, git_commit_parent_id(c, 0));
		git_commit_free(c);
	}
}

/*
 * The entry `name` (len bytes) of tree `tree`, read raw: git's own tree
 * format, "MODE NAME\0" and 20 bytes of id, scanned without building
 * libgit2's parsed tree (most of the cost of a long walk).  1 found (with
 * *is_tree), 0 absent, -1 error.
 */
static int raw_entry(git_odb *odb, const git_oid *tree, const char *name,
		     size_t len, git_oid *out, int *is_tree)
{
	git_odb_object *obj = NULL;
	const char *p, *end;
	int rc = 0;

	if (git_odb_read(&obj, odb, tree) < 0)
		return git_fail("cannot read a tree", NULL);
	p = git_odb_object_data(obj);
	end = p + git_odb_object_size(obj);
	while (p < end) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		const char *nul = sp ? memchr(sp, '\0', (size_t)(end - sp)) : NULL;
		if (!nul || end - nul < 21) {
			rc = error("a tree of the repository is damaged");
			break;
		}
		if ((size_t)(nul - sp - 1) == len && !memcmp(sp + 1, name, len)) {
			*is_tree = *p == '4';    /* mode 40000 */
			memcpy(out->id, nul + 1, 20);
			rc = 1;
			break;
		}
		p = nul + 21;
	}
	git_odb_object_free(obj);
	return rc;
}

/*
 * The blob at `path` (components separated by '/') under root tree
 * `root`, level by level; `seen` holds each level's tree id in the last
 * commit read, so a level whose tree has not changed ends the search with
 * the answer from last time (*same set).  1 found, 0 absent, -1 error.
 */
static int path_blob(git_odb *odb, const git_oid *root, const char *path,
		     git_oid *seen, size_t levels, git_oid *out, int *same)
{
	git_oid cur = *root;
	const char *p = path;
	size_t level;

	*same = 0;
	for (level = 0; level < levels; level++) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		int is_tree = 0, rc;

		if (git_oid_equal(&seen[level], &cur)) {
			*same = 1;
			return 0;
		}
		git_oid_cpy(&seen[level], &cur);
		memset(&seen[level + 1], 0, sizeof(*seen) * (levels - level));
		rc = raw_entry(odb, &cur, p, len, &cur, &is_tree);
		if (rc <= 0)
			return rc;
		if (!slash)
			break;
		if (!is_tree)
			return 0;
		p = slash + 1;
	}
	git_oid_cpy(out, &cur);
	return 1;
}

/*
 * A long read-only walk reads every commit and a tree or two of each,
 * once.  libgit2 hashes each object again as it reads it (strict
 * verification), which was four fifths of the time of 20,000 commits;
 * git reads without re-hashing too (fsck is what checks), and zlib still
 * checks the packed bytes.  And its object cache would only hold what is
 * not read again.  The history walks turn both off for their own
 * duration (walk_reads(1) ... walk_reads(0)): a commit is still built on
 * checked objects.
 */
static void walk_reads(int walking)
{
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, !walking);
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, !walking);
}

/* What the walk of one file needs of a commit. */
struct raw_commit {
	git_oid id, tree, parent;
	int has_parent, merge, offset;
	long long time;
	char *message;
};

/* "committer NAME <EMAIL> TIME +HHMM": its time and zone. */
static void committer_time(const char *line, const char *eol,
			   struct raw_commit *c)
{
	const char *gt = line, *q;
	char *end;

	for (q = line; q < eol; q++)
		if (*q == '>')
			gt = q;
	c->time = strtoll(gt + 1, &end, 10);
	while (end < eol && *end == ' ')
		end++;
	if (eol - end >= 5 && (*end == '+' || *end == '-')) {
		int hh = (end[1] - '0') * 10 + (end[2] - '0');
		int mm = (end[3] - '0') * 10 + (end[4] - '0');
		c->offset = (*end == '-' ? -1 : 1) * (hh * 60 + mm);
	}
}

/*
 * A commit read raw and only as far as the walk needs: its tree, first
 * parent, committer time and message, as git_commit_message gives it
 * (leading newlines dropped).  libgit2's full parse of every commit, and
 * its copies of both signatures, were most of a long walk's cost.
 */
static int raw_commit_read(git_odb *odb, const git_oid *id, struct raw_commit *c)
{
	git_odb_object *obj = NULL;
	const char *p, *end, *body;
	int has_tree = 0;

	memset(c, 0, sizeof(*c));
	git_oid_cpy(&c->id, id);
	if (git_odb_read(&obj, odb, id) < 0 || git_odb_object_type(obj) != GIT_OBJECT_COMMIT) {
		git_odb_object_free(obj);
		return git_fail("cannot read a commit", NULL);
	}
	p = git_odb_object_data(obj);
	end = p + git_odb_object_size(obj);
	body = memmem(p, (size_t)(end - p), "\n\n", 2);
	body = body ? body + 2 : end;
	while (p < body) {
		const char *eol = memchr(p, '\n', (size_t)(body - p));
		if (!eol)
			eol = body;
		if (eol - p >= 45 && !memcmp(p, "tree ", 5))
			has_tree = !git_oid_fromstrn(&c->tree, p + 5, 40);
		else if (eol - p >= 47 && !memcmp(p, "parent ", 7) && !c->has_parent)
			c->has_parent = !git_oid_fromstrn(&c->parent, p + 7, 40);
		else if (eol - p >= 47 && !memcmp(p, "parent ", 7))
			c->merge = 1;
		else if (eol - p > 10 && !memcmp(p, "committer ", 10))
			committer_time(p, eol, c);
		p = eol + 1;
	}
	while (body < end && *body == '\n')
		body++;
	c->message = xstrndup(body, (size_t)(end - body));
	git_odb_object_free(obj);
	return has_tree ? 0 : error("commit %s has no tree", git_oid_tostr_s(id));
}

static void raw_commits_free(struct raw_commit *list, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		free(list[i].message);
	free(list);
}

/* The first-parent line from HEAD, oldest first (what a shallow clone
 * holds of it, there). */
static int file_walk_list(struct gitstore *g, git_odb *odb,
			  struct raw_commit **out, size_t *n)
{
	struct raw_commit *list = NULL;
	size_t alloc = 0, i;
	git_oid id;
	int rc = -1;

	*n = 0;
	if (gitstore_is_shallow(g)) {
		struct walk walk;
		int more = start_walk(g, &walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE, 1);
		for (i = 0; more > 0 && i < walk.n; i++) {
			ALLOC_GROW(list, *n + 1, alloc);
			if (raw_commit_read(odb, &walk.list[i].id, &list[*n]))
				more = -1;
			else
				(*n)++;
		}
		walk_free(&walk);
		rc = more < 0 ? -1 : 0;
		goto done;
	}
	if (git_reference_name_to_id(&id, g->repo, "HEAD") < 0) {
		git_fail("cannot read HEAD", NULL);
		goto done;
	}
	for (;;) {
		ALLOC_GROW(list, *n + 1, alloc);
		if (raw_commit_read(odb, &id, &list[*n]))
			goto done;
		if (!list[(*n)++].has_parent)
			break;
		git_oid_cpy(&id, &list[*n - 1].parent);
	}
	for (i = 0; i < *n / 2; i++) {
		struct raw_commit t = list[i];
		list[i] = list[*n - 1 - i];
		list[*n - 1 - i] = t;
	}
	rc = 0;
done:
	if (rc) {
		raw_commits_free(list, *n);
		list = NULL;
		*n = 0;
	}
	*out = list;
	return rc;
}

int gitstore_walk_file(struct gitstore *g, const char *path,
		       int (*fn)(void *data, const struct gitstore_commit *c,
				 const char *const *paths,
				 const char *const *blobs, size_t n),
		       void *data)
{
	struct raw_commit *list = NULL;
	git_odb *odb = NULL;
	git_oid prev_blob, *seen = NULL;
	size_t levels = 1, ncommits = 0, i;
	const char *q;
	int rc = 0, had = 0;

	for (q = path; (q = strchr(q, '/')); q++)
		levels++;
	seen = xcalloc(levels + 1, sizeof(*seen));
	memset(&prev_blob, 0, sizeof(prev_blob));
	walk_reads(1);
	if (git_repository_head_unborn(g->repo) == 1)
		goto done;
	if (git_repository_odb(&odb, g->repo) < 0) {
		rc = git_fail("cannot read the object store", NULL);
		goto done;
	}
	if ((rc = file_walk_list(g, odb, &list, &ncommits)))
		goto done;
	for (i = 0; i < ncommits && !rc; i++) {
		struct raw_commit *c = &list[i];
		git_oid blob;
		char hex[41], blob_hex[41] = "";
		const char *paths[1] = { path }, *blobs[1] = { blob_hex };
		struct gitstore_commit gc;
		int has, same;
		size_t n = 0;

		has = path_blob(odb, &c->tree, path, seen, levels, &blob, &same);
		if (has < 0) {
			rc = -1;
			break;
		}
		if (!same && (has != had || (has && !git_oid_equal(&blob, &prev_blob)))) {
			n = 1;
			if (has) {
				git_oid_tostr(blob_hex, sizeof(blob_hex), &blob);
				git_oid_cpy(&prev_blob, &blob);
			}
			had = has;
		}
		git_oid_tostr(hex, sizeof(hex), &c->id);
		gc.id = hex;
		gc.message = c->message;
		gc.time = c->time;
		gc.offset = c->offset;
		gc.merge = c->merge;
		rc = fn(data, &gc, paths, blobs, n);
	}
done:
	walk_reads(0);
	raw_commits_free(list, ncommits);
	git_odb_free(odb);
	free(seen);
	return rc;
}

/* ---- the changes in a folder, commit by commit ---- */

/* One entry of a raw tree. */
struct tree_entry {
	const char *name, *mode;
	size_t len, mode_len;
	const unsigned char *id;
	int is_tree;
};

/* The entry at *p into e: 1, or 0 at the end (or where the tree is cut). */
static int next_entry(const char **p, const char *end, struct tree_entry *e)
{
	const char *sp, *nul;

	if (*p >= end || !(sp = memchr(*p, ' ', (size_t)(end - *p))) ||
	    !(nul = memchr(sp, '\0', (size_t)(end - sp))) || end - nul < 21)
		return 0;
	e->mode = *p;
	e->mode_len = (size_t)(sp - *p);
	e->name = sp + 1;
	e->len = (size_t)(nul - sp - 1);
	e->id = (const unsigned char *)nul + 1;
	e->is_tree = *e->mode == '4';
	*p = nul + 21;
	return 1;
}

/* git's order of tree entries: a folder's name sorts as if it ended in '/'. */
static int entry_cmp(const struct tree_entry *a, const struct tree_entry *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->name, b->name, n);
	unsigned ca, cb;

	if (c)
		return c;
	ca = n < a->len ? (unsigned char)a->name[n] : a->is_tree ? '/' : 0;
	cb = n < b->len ? (unsigned char)b->name[n] : b->is_tree ? '/' : 0;
	return (ca > cb) - (ca < cb);
}

/* Record entry e of the folder: a file with its new id (NULL: deleted); a
 * folder inside it as "NAME/", which is no one's file. */
static void change_entry(struct change_list *l, struct strbuf *path, size_t base,
			 const struct tree_entry *e, int deleted)
{
	git_oid id;

	strbuf_setlen(path, base);
	strbuf_add(path, e->name, e->len);
	if (e->is_tree) {
		strbuf_addch(path, '/');
		change_add(l, path->buf, NULL);
		return;
	}
	memcpy(id.id, e->id, GIT_OID_RAWSZ);
	change_add(l, path->buf, deleted ? NULL : &id);
}

/* Where each entry of a raw tree starts: v[0..n), and v[n] where its
 * entries end (its size, unless it is cut). */
struct tree_offsets {
	size_t *v;
	size_t n, alloc;
};

static void offsets_push(struct tree_offsets *o, size_t off)
{
	ALLOC_GROW(o->v, o->n + 2, o->alloc);
	o->v[o->n++] = off;
}

/* n places of another tree, each moved by `shift` bytes. */
static void offsets_copy(struct tree_offsets *o, const size_t *v, size_t n,
			 size_t from, size_t to)
{
	size_t k;
	ALLOC_GROW(o->v, o->n + n + 1, o->alloc);
	for (k = 0; k < n; k++)
		o->v[o->n + k] = v[k] - from + to;
	o->n += n;
}

static void offsets_end(struct tree_offsets *o, size_t off)
{
	ALLOC_GROW(o->v, o->n + 1, o->alloc);
	o->v[o->n] = off;
}

static void tree_offsets(const char *buf, size_t len, struct tree_offsets *o)
{
	const char *p = buf, *at = buf;
	struct tree_entry e;

	o->n = 0;
	while (next_entry(&p, buf + len, &e)) {
		offsets_push(o, (size_t)(at - buf));
		at = p;
	}
	offsets_end(o, (size_t)(at - buf));
}

static size_t common_prefix(const char *a, const char *b, size_t n)
{
	size_t i = 0;
	while (i + 64 <= n && !memcmp(a + i, b + i, 64))
		i += 64;
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

static size_t common_suffix(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t n = alen < blen ? alen : blen, i = 0;
	while (i + 64 <= n && !memcmp(a + alen - i - 64, b + blen - i - 64, 64))
		i += 64;
	while (i < n && a[alen - 1 - i] == b[blen - 1 - i])
		i++;
	return i;
}

/*
 * The changes between two raw trees of the folder at `prefix` (either
 * may be empty), by merging their sorted entries; bo is set to b's
 * entries' places, from ao, a's.  A commit changes one or two entries
 * of a folder of hundreds, so the entries wholly in the bytes both
 * trees start with are skipped by their places in a (the same in b),
 * and the merge stops where the rest of both is the same bytes: parsing
 * every entry of both trees made a walk cost commits x people.
 */
static void diff_raw(const char *a, size_t alen, const struct tree_offsets *ao,
		     const char *b, size_t blen, struct tree_offsets *bo,
		     const char *prefix, struct change_list *l)
{
	const char *aend = a + alen, *bend = b + blen, *ap, *bp, *a_at, *b_at;
	size_t same = common_prefix(a, b, alen < blen ? alen : blen);
	size_t tail = common_suffix(a, alen, b, blen);
	size_t ia = 0, hi = ao->n;
	struct tree_entry ea, eb;
	struct strbuf path = STRBUF_INIT;
	size_t base;
	int has_a, has_b;

	while (ia < hi) {        /* ia: a's entries that end within `same` */
		size_t mid = ia + (hi - ia) / 2;
		if (ao->v[mid + 1] <= same)
			ia = mid + 1;
		else
			hi = mid;
	}
	bo->n = 0;
	offsets_copy(bo, ao->v, ia, 0, 0);
	strbuf_addstr(&path, prefix);
	base = path.len;
	ap = a_at = a + ao->v[ia];
	bp = b_at = b + ao->v[ia];
	has_a = next_entry(&ap, aend, &ea);
	has_b = next_entry(&bp, bend, &eb);
	while (has_a || has_b) {
		int c;
		if (has_a && has_b && aend - a_at == bend - b_at &&
		    (size_t)(aend - a_at) <= tail) {
			/* the rest is the same bytes: the same entries */
			offsets_copy(bo, ao->v + ia, ao->n - ia + 1,
				     (size_t)(a_at - a), (size_t)(b_at - b));
			bo->n--;             /* the last is where they end */
			goto done;
		}
		c = !has_a ? 1 : !has_b ? -1 : entry_cmp(&ea, &eb);
		if (c < 0) {
			change_entry(l, &path, base, &ea, 1);
		} else if (c > 0) {
			change_entry(l, &path, base, &eb, 0);
		} else if (memcmp(ea.id, eb.id, GIT_OID_RAWSZ) || ea.mode_len != eb.mode_len ||
			   memcmp(ea.mode, eb.mode, ea.mode_len)) {
			change_entry(l, &path, base, &eb, 0);
		}
		if (c <= 0) {
			ia++;
			a_at = ap;
			has_a = next_entry(&ap, aend, &ea);
		}
		if (c >= 0) {
			offsets_push(bo, (size_t)(b_at - b));
			b_at = bp;
			has_b = next_entry(&bp, bend, &eb);
		}
	}
	offsets_end(bo, (size_t)(b_at - b));
done:
	strbuf_release(&path);
}

/* The tree of folder `prefix` ("people/", "team/people/") in root tree
 * `root`: 1 found, 0 none, -1 error. */
static int folder_tree(git_odb *odb, const git_oid *root, const char *prefix,
		       git_oid *out)
{
	git_oid cur = *root;
	const char *p = prefix;

	while (*p) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		int is_tree = 0, rc = raw_entry(odb, &cur, p, len, &cur, &is_tree);
		if (rc <= 0)
			return rc;
		if (!is_tree)
			return 0;
		if (!slash)
			break;
		p = slash + 1;
	}
	git_oid_cpy(out, &cur);
	return 1;
}

/* A walk of the changes in a folder, one commit after another. */
struct change_walk {
	git_odb *odb;
	const char *prefix;
	git_oid prev_sub;        /* the folder's tree in the last commit (zero: none) */
	git_odb_object *prev;    /* that tree, read */
	struct tree_offsets prev_offs, offs;   /* its entries' places; the next's */
	int prev_offs_ok;
	struct change_list l;
	int (*fn)(void *data, const struct gitstore_commit *c,
		  const char *const *paths, const char *const *blobs, size_t n);
	void *data;
};

/* Start from the folder as it is in root tree `root`. */
static int change_base(struct change_walk *w, const git_oid *root)
{
	int rc = folder_tree(w->odb, root, w->prefix, &w->prev_sub);
	if (rc <= 0)
		return rc;
	if (git_odb_read(&w->prev, w->odb, &w->prev_sub) < 0)
		return git_fail("cannot read a tree", NULL);
	return 0;
}

static int change_step(struct change_walk *w, const struct raw_commit *c)
{
	git_odb_object *obj = NULL;
	git_oid sub;
	char hex[41];
	struct gitstore_commit gc;
	struct tree_offsets offs;
	int found;

	git_oid_tostr(hex, sizeof(hex), &c->id);
	gc.id = hex;
	gc.message = c->message;
	gc.time = c->time;
	gc.offset = c->offset;
	gc.merge = c->merge;
	memset(&sub, 0, sizeof(sub));
	if ((found = folder_tree(w->odb, &c->tree, w->prefix, &sub)) < 0)
		return -1;
	if (git_oid_equal(&sub, &w->prev_sub))       /* the folder did not change */
		return w->fn(w->data, &gc, NULL, NULL, 0);
	if (found && git_odb_read(&obj, w->odb, &sub) < 0)
		return git_fail("cannot read a tree", NULL);
	change_clear(&w->l);
	if (!w->prev_offs_ok) {
		tree_offsets(w->prev ? git_odb_object_data(w->prev) : "",
			     w->prev ? git_odb_object_size(w->prev) : 0, &w->prev_offs);
		w->prev_offs_ok = 1;
	}
	diff_raw(w->prev ? git_odb_object_data(w->prev) : "",
		 w->prev ? git_odb_object_size(w->prev) : 0, &w->prev_offs,
		 obj ? git_odb_object_data(obj) : "", obj ? git_odb_object_size(obj) : 0,
		 &w->offs, w->prefix, &w->l);
	offs = w->prev_offs;          /* this tree's places are the next's prev */
	w->prev_offs = w->offs;
	w->offs = offs;
	git_odb_object_free(w->prev);
	w->prev = obj;
	w->prev_sub = sub;
	return w->fn(w->data, &gc, (const char *const *)w->l.paths,
		     (const char *const *)w->l.blobs, w->l.n);
}

static void change_walk_release(struct change_walk *w)
{
	walk_reads(0);
	change_clear(&w->l);
	free(w->l.paths);
	free(w->l.blobs);
	free(w->prev_offs.v);
	free(w->offs.v);
	git_odb_object_free(w->prev);
	git_odb_free(w->odb);
}

static int change_walk_init(struct change_walk *w, struct gitstore *g,
			    const char *prefix,
			    int (*fn)(void *data, const struct gitstore_commit *c,
				      const char *const *paths,
				      const char *const *blobs, size_t n),
			    void *data)
{
	memset(w, 0, sizeof(*w));
	walk_reads(1);
	w->prefix = prefix;
	w->fn = fn;
	w->data = data;
	if (git_repository_odb(&w->odb, g->repo) < 0)
		return git_fail("cannot read the object store", NULL);
	return 0;
}

/*
 * Commits and trees are read raw, as for one file (gitstore_walk_file),
 * and the folder's trees compared entry by entry: libgit2's diff of two
 * trees, and its full parse of each commit, cost more than reading them.
 */
int gitstore_walk_changes(struct gitstore *g, const char *prefix,
			  int (*fn)(void *data, const struct gitstore_commit *c,
				    const char *const *paths,
				    const char *const *blobs, size_t n),
			  void *data)
{
	struct change_walk w;
	struct raw_commit *list = NULL;
	size_t n = 0, i;
	int rc;

	if ((rc = change_walk_init(&w, g, prefix, fn, data)))
		goto done;
	if (git_repository_head_unborn(g->repo) == 1)
		goto done;
	if ((rc = file_walk_list(g, w.odb, &list, &n)))
		goto done;
	for (i = 0; i < n && !rc; i++)
		rc = change_step(&w, &list[i]);
done:
	raw_commits_free(list, n);
	change_walk_release(&w);
	return rc;
}

int gitstore_walk_changes_after(struct gitstore *g, const char *prefix,
				const char *after,
				int (*fn)(void *data, const struct gitstore_commit *c,
					  const char *const *paths,
					  const char *const *blobs, size_t n),
				void *data)
{
	struct change_walk w;
	struct raw_commit base, *list = NULL;
	git_oid after_id, *ids = NULL;
	size_t n = 0, got = 0, i;
	int rc;

	memset(&base, 0, sizeof(base));
	if ((rc = change_walk_init(&w, g, prefix, fn, data)))
		goto done;
	if (git_oid_fromstr(&after_id, after) < 0 ||
	    git_repository_head_unborn(g->repo) == 1) {
		rc = 1;
		goto done;
	}
	if ((rc = chain_after(g, &after_id, &ids, &n)))
		goto done;
	if ((rc = raw_commit_read(w.odb, &after_id, &base)) || (rc = change_base(&w, &base.tree)))
		goto done;
	list = xcalloc(n ? n : 1, sizeof(*list));
	for (got = 0; got < n && !rc; got++)       /* oldest first */
		rc = raw_commit_read(w.odb, &ids[n - 1 - got], &list[got]);
	for (i = 0; i < got && !rc; i++)
		rc = change_step(&w, &list[i]);
done:
	free(base.message);
	raw_commits_free(list, got);
	free(ids);
	change_walk_release(&w);
	return rc;
}
