/*
 * fuzz-person.c - libFuzzer target: the person-file parser (person.c) and
 * the lint rules (rules.c) over whatever it built.
 *
 * The input is the bytes of people/alex.md.  The rules run against a fixed
 * .thread.yaml and answer has_person() and load() from memory, so the
 * target touches no file and no repository: a transcript path containing
 * "absent" is missing, one containing "unstaged" is in the work tree only,
 * and any other is a transcript of as many lines as the path is long.
 * Build and run with `make fuzz` (see tests/fuzz/README).
 */
#include "config.h"
#include "date.h"
#include "diag.h"
#include "person.h"
#include "rules.h"
#include "strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Handles, sorted, that have a person file in the pretend repository. */
static const char *const people[] = {
	"alex", "ben", "chloe", "dmitri", "erin", "farah", "gus", "hana",
	"jonah", "kenji", "lena", "maya", "rosa",
};

static const char settings[] =
	"me: sam\n"
	"people:\n"
	"  - infra-team\n"
	"  - priya-pm\n"
	"  - security\n"
	"followup_words: 120\n"
	"repeat: { window: 3, min: 2 }\n"
	"lint:\n"
	"  done-when: error\n"
	"  priority-why: error\n"
	"  overdue: warning\n";

static struct config config;
static int today;
static FILE *devnull;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int has_person(void *data, const char *handle)
{
	(void)data;
	return bsearch(&handle, people, sizeof(people) / sizeof(*people),
		       sizeof(*people), cmp_str) != NULL;
}

static int load(void *data, const char *path, struct strbuf *out)
{
	size_t i, n = strlen(path);

	(void)data;
	if (strstr(path, "absent"))
		return 1;
	if (strstr(path, "unstaged"))
		return 2;
	for (i = 0; i < n; i++)
		strbuf_addf(out, "[00:%02zu:%02zu] Alex: line %zu\n",
			     i / 60 % 60, i % 60, i + 1);
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diag_list d;

	(void)argc;
	(void)argv;
	config_init(&config);
	diag_list_init(&d, &config.sev);
	config_load_buffer(&config, settings, sizeof(settings) - 1, &d);
	if (d.nr) {
		fprintf(stderr, "fuzz-person: the built-in settings have findings: %s\n",
			diag_message(&d, &d.v[0]));
		abort();
	}
	diag_list_release(&d);
	today = date_from_ymd(2026, 11, 21);
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lint_env env = { &config, today, has_person, load, NULL };
	struct diag_printer text, json;
	struct diag_list d;
	struct person *p;
	char *copy;

	/* An exact-size copy, so ASan sees any read past the end. */
	copy = malloc(size ? size : 1);
	if (size)
		memcpy(copy, data, size);
	diag_list_init(&d, &config.sev);
	p = person_parse("alex", copy, size, &d);
	free(copy);             /* person.h: buf may be freed on return */
	rules_check(p, &env, &d);
	diag_sort(&d);
	/* Render the findings both ways, as thread lint would. */
	diag_printer_init(&text, devnull, DIAG_TEXT, 1);
	diag_print(&text, "people/alex.md", &d);
	diag_printer_init(&json, devnull, DIAG_JSON, 0);
	diag_print(&json, "people/alex.md", &d);
	diag_printer_finish(&text, 1);
	diag_printer_finish(&json, 1);
	person_free(p);
	diag_list_release(&d);
	return 0;
}
