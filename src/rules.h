/*
 * rules.h - the lint rules that judge a parsed person (model.h).
 *
 * Reading problems (front matter, encoding, dates) are reported by the
 * parser as it meets them; rules_check() adds every rule that judges the
 * content: ledger fields, transcripts, handles, structure and time.
 */
#ifndef THREAD_RULES_H
#define THREAD_RULES_H

#include "config.h"
#include "diag.h"
#include "model.h"
#include "repo.h"
#include "strbuf.h"

struct lint_env {
	const struct config *config;
	int today;                       /* day number */
	/* Is there a person file for this handle? */
	int (*has_person)(void *data, const char *handle);
	/* Read a file of the repository (a transcript) by its path relative
	 * to the repository root: 0 read, 1 absent, 2 not staged (absent
	 * from the index, which is being linted, but in the work tree), 3 not
	 * read: it leads outside the repository (repo_reach()), -1 error
	 * (printed).  The work tree or the index, as the caller decides. */
	int (*load)(void *data, const char *path, struct strbuf *out);
	void *data;
	/* The person files, for "did you mean @chris?"; NULL: none known. */
	const struct repo *repo;
};

void rules_check(const struct person *p, const struct lint_env *env,
		 struct diag_list *d);

#endif
