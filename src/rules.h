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

/* A person file over this is not read: too-large. */
#define PERSON_FILE_MAX (16 * 1024 * 1024)
/* The rules about the file rather than its notes: file-name, when its
 * name is not a valid handle; too-large, for a file of `size` bytes
 * (over PERSON_FILE_MAX). */
void rules_file_name(const char *handle, struct diag_list *d);
void rules_too_large(size_t size, struct diag_list *d);

#endif
