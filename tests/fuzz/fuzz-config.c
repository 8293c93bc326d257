/*
 * fuzz-config.c - libFuzzer target: the .thread.yaml loader (config.c),
 * with the front-matter YAML reader under it.
 *
 * The input is the bytes of a .thread.yaml.  Beyond crashes, the target
 * checks that every finding is a `config` finding with a position, and
 * that a second load of the same bytes gives the same settings.  Build
 * and run with `make fuzz`.
 */
#include "config.h"
#include "diag.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void load(struct config *c, struct diag_list *d, const char *buf,
		 size_t len, const struct severities *defaults)
{
	config_init(c);
	diag_list_init(d, defaults);
	config_load_buffer(c, buf, len, d);
}

static int same(const struct config *a, const struct config *b)
{
	size_t i;

	if (a->present != b->present || a->npeople != b->npeople ||
	    !a->me != !b->me || (a->me && strcmp(a->me, b->me)) ||
	    a->followup_words != b->followup_words ||
	    a->repeat_window != b->repeat_window ||
	    a->repeat_min != b->repeat_min ||
	    memcmp(&a->repeat_threshold, &b->repeat_threshold, sizeof(double)) ||
	    memcmp(&a->sev, &b->sev, sizeof(a->sev)))
		return 0;
	for (i = 0; i < a->npeople; i++)
		if (strcmp(a->people[i], b->people[i]))
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct severities defaults;
	struct config c, c2;
	struct diag_list d, d2;
	char *buf;
	size_t i;

	severities_default(&defaults);
	/* An exact-size copy, not NUL-terminated: ASan sees any overread. */
	buf = malloc(size ? size : 1);
	if (size)
		memcpy(buf, data, size);

	load(&c, &d, buf, size, &defaults);
	for (i = 0; i < d.nr; i++) {
		if (d.v[i].rule != R_CONFIG || d.v[i].line < 1 || d.v[i].col < 1) {
			fprintf(stderr, "fuzz-config: finding %s at %d:%d: %s\n",
				rule_table[d.v[i].rule].id, d.v[i].line,
				d.v[i].col, diag_message(&d, &d.v[i]));
			abort();
		}
	}
	for (i = 0; i < c.npeople; i++)
		if (!c.people[i] || !config_knows(&c, c.people[i]))
			abort();
	config_knows(&c, "me");
	config_knows(&c, "alex");
	for (i = 0; i < R__COUNT; i++)
		if (c.sev.of[i] != SEV_OFF && c.sev.of[i] != SEV_WARNING &&
		    c.sev.of[i] != SEV_ERROR)
			abort();

	load(&c2, &d2, buf, size, &defaults);
	if (!same(&c, &c2) || d.nr != d2.nr) {
		fprintf(stderr, "fuzz-config: two loads of the same bytes differ\n");
		abort();
	}
	free(buf);
	config_release(&c2);
	diag_list_release(&d2);
	config_release(&c);
	diag_list_release(&d);
	return 0;
}
