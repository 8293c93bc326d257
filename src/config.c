#include "config.h"
#include "repo.h"
#include "frontmatter.h"
#include "pattern.h"
#include "person.h"
#include "similar.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void config_init(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->followup_words = 120;
	c->escalate_after = 2;
	c->repeat_window = 3;
	c->repeat_min = 2;
	c->repeat_threshold = SIMILAR_THRESHOLD;
	c->files_mode = NOTES_MODE;
	severities_default(&c->sev);
}

void config_release(struct config *c)
{
	free(c->people);
	free(c->people_names);
	arena_release(&c->arena);
	config_init(c);
}

const char *config_name(const struct config *c, const char *handle)
{
	size_t i;
	for (i = 0; i < c->npeople; i++)
		if (!strcmp(c->people[i], handle))
			return c->people_names[i];
	return NULL;
}

int config_knows(const struct config *c, const char *handle)
{
	size_t i;
	if (!strcmp(handle, "me") || (c->me && !strcmp(handle, c->me)))
		return 1;
	for (i = 0; i < c->npeople; i++)
		if (!strcmp(c->people[i], handle))
			return 1;
	return 0;
}

static const char *handle_value(struct config *c, struct fm_node *n,
				struct diag_list *d, const char *what)
{
	if (n->kind != FM_SCALAR) {
		diag_add(d, R_CONFIG, n->line, n->col, "%s must be a handle", what);
		return NULL;
	}
	if (!pattern_is_handle(n->value, n->len)) {
		diag_add(d, R_CONFIG, n->line, n->col,
			 "%s '%.64s' is not a valid handle (lowercase letters, digits, '.', '_' or '-')",
			 what, n->value);
		return NULL;
	}
	return arena_strndup(&c->arena, n->value, n->len);
}

static void positive(struct fm_node *n, struct diag_list *d, int *out)
{
	char *end;
	long v;
	if (n->kind == FM_SCALAR) {
		errno = 0;
		v = strtol(n->value, &end, 10);
		if (!errno && !*end && end != n->value && v > 0 && v <= 100000) {
			*out = (int)v;
			return;
		}
	}
	diag_add(d, R_CONFIG, n->line, n->col,
		 "%s must be a whole number above 0", n->key);
}

static void fraction(struct fm_node *n, struct diag_list *d, double *out)
{
	char *end;
	double v;
	if (n->kind == FM_SCALAR) {
		v = strtod(n->value, &end);
		if (!*end && end != n->value && v > 0 && v <= 1) {
			*out = v;
			return;
		}
	}
	diag_add(d, R_CONFIG, n->line, n->col,
		 "%s must be a number above 0 and at most 1, such as 0.4", n->key);
}

/*
 * A name to say instead of the handle in a message to someone else
 * (thread followup): text on one line, since it goes into a sentence.
 */
static const char *name_value(struct config *c, struct fm_node *n,
			      struct diag_list *d, const char *handle)
{
	size_t i;

	if (n->kind == FM_SCALAR && n->len && n->len <= 100 &&
	    n->value[strspn(n->value, " ")]) {
		for (i = 0; i < n->len; i++)
			if ((unsigned char)n->value[i] < ' ' || n->value[i] == 0x7f)
				break;
		if (i == n->len)
			return arena_strndup(&c->arena, n->value, n->len);
	}
	diag_add(d, R_CONFIG, n->line, n->col,
		 "the name of %s under people must be text on one line of at most 100 bytes, such as %s: Dave Kowalski",
		 handle, handle);
	return NULL;
}

static void add_person(struct config *c, const char *handle, const char *name,
		       size_t *alloc)
{
	ALLOC_GROW(c->people, c->npeople + 1, *alloc);
	c->people_names = xrealloc(c->people_names, *alloc * sizeof(*c->people_names));
	c->people_names[c->npeople] = name;
	c->people[c->npeople++] = handle;
}

/* "dave: Dave Kowalski", as a key of the people mapping or as the one key
 * of an entry of the people list. */
static void read_named(struct config *c, struct fm_node *n, struct diag_list *d,
		       size_t *alloc)
{
	const char *h;

	if (!pattern_is_handle(n->key, strlen(n->key))) {
		diag_add(d, R_CONFIG, n->key_line, n->key_col,
			 "'%.64s' under people is not a valid handle (lowercase letters, digits, '.', '_' or '-')",
			 n->key);
		return;
	}
	h = arena_strndup(&c->arena, n->key, strlen(n->key));
	add_person(c, h, name_value(c, n, d, h), alloc);
}

/*
 * people: a list of handles, [infra-team, dave]; or of handles with the
 * names a message says instead, "- dave: Dave Kowalski"; or a mapping of
 * handles to names, { dave: Dave Kowalski }.
 */
static void read_people(struct config *c, struct fm_node *n, struct diag_list *d)
{
	struct fm_node *i;
	size_t alloc = 0;
	if (n->kind == FM_MAP) {
		for (i = n->child; i; i = i->next)
			read_named(c, i, d, &alloc);
		return;
	}
	if (n->kind != FM_SEQ) {
		diag_add(d, R_CONFIG, n->line, n->col,
			 "people must be a list of handles such as [infra-team, dave], or of handles with names such as - dave: Dave Kowalski");
		return;
	}
	for (i = n->child; i; i = i->next) {
		const char *h;
		if (i->kind == FM_MAP && i->child && !i->child->next) {
			read_named(c, i->child, d, &alloc);
			continue;
		}
		h = handle_value(c, i, d, "each entry of people");
		if (h)
			add_person(c, h, NULL, &alloc);
	}
}

static void read_repeat(struct config *c, struct fm_node *n, struct diag_list *d)
{
	struct fm_node *i;
	if (n->kind != FM_MAP) {
		diag_add(d, R_CONFIG, n->line, n->col,
			 "repeat must be a mapping such as { window: 3, min: 2, threshold: 0.4 }");
		return;
	}
	for (i = n->child; i; i = i->next) {
		if (!strcmp(i->key, "window"))
			positive(i, d, &c->repeat_window);
		else if (!strcmp(i->key, "min"))
			positive(i, d, &c->repeat_min);
		else if (!strcmp(i->key, "threshold"))
			fraction(i, d, &c->repeat_threshold);
		else
			diag_add(d, R_CONFIG, i->key_line, i->key_col,
				 "unknown key '%.40s' under repeat (known: window, min, threshold)",
				 i->key);
	}
}

/*
 * A mode in octal such as "0640".  The owner must be able to read and
 * write; nothing is executable, and no one else may write: the notes are
 * private, and a group-readable repository is a choice, not a default.
 */
static void read_files(struct config *c, struct fm_node *n, struct diag_list *d)
{
	struct fm_node *i;
	if (n->kind != FM_MAP) {
		diag_add(d, R_CONFIG, n->line, n->col,
			 "files must be a mapping such as { mode: \"0640\" }");
		return;
	}
	for (i = n->child; i; i = i->next) {
		char *end;
		long v;
		if (strcmp(i->key, "mode")) {
			diag_add(d, R_CONFIG, i->key_line, i->key_col,
				 "unknown key '%.40s' under files (known: mode)", i->key);
			continue;
		}
		v = i->kind == FM_SCALAR ? strtol(i->value, &end, 8) : -1;
		if (i->kind != FM_SCALAR || *end || end == i->value || i->len < 3 ||
		    i->len > 4 || v < 0 || (v & 0600) != 0600 || (v & ~0664)) {
			diag_add(d, R_CONFIG, i->line, i->col,
				 "files: mode must be an octal mode the owner can read and write, with no execute bit and no write for others, such as \"0600\" or \"0640\"");
			continue;
		}
		c->files_mode = (unsigned)v;
	}
}

static void read_lint(struct config *c, struct fm_node *n, struct diag_list *d)
{
	struct fm_node *i;
	if (n->kind != FM_MAP) {
		diag_add(d, R_CONFIG, n->line, n->col,
			 "lint must be a mapping of rule ids to error, warning or off");
		return;
	}
	for (i = n->child; i; i = i->next) {
		int rule = rule_lookup(i->key);
		enum severity sev;
		if (rule < 0) {
			diag_add(d, R_CONFIG, i->key_line, i->key_col,
				 "unknown rule '%.40s' (thread lint --list-rules shows them)",
				 i->key);
			continue;
		}
		if (i->kind == FM_SCALAR && !strcmp(i->value, "error"))
			sev = SEV_ERROR;
		else if (i->kind == FM_SCALAR && !strcmp(i->value, "warning"))
			sev = SEV_WARNING;
		else if (i->kind == FM_SCALAR && !strcmp(i->value, "off"))
			sev = SEV_OFF;
		else {
			diag_add(d, R_CONFIG, i->line, i->col,
				 "%s must be error, warning or off", i->key);
			continue;
		}
		/* A finding that depends on the date must never fail a commit:
		 * what passed yesterday would fail today with no change. */
		if (sev == SEV_ERROR && rule_table[rule].time_based) {
			diag_add(d, R_CONFIG, i->line, i->col,
				 "%s depends on today's date, so it can be warning or off, not error",
				 i->key);
			continue;
		}
		c->sev.of[rule] = sev;
	}
}

/* The mail command: one line of text, run by sh(1) with the message on
 * its standard input, as "sendmail -t" is. */
static const char *command_value(struct config *c, struct fm_node *n,
				 struct diag_list *d)
{
	size_t i;

	if (n->kind == FM_SCALAR && n->len && n->value[strspn(n->value, " ")]) {
		for (i = 0; i < n->len; i++)
			if ((unsigned char)n->value[i] < ' ' || n->value[i] == 0x7f)
				break;
		if (i == n->len)
			return arena_strndup(&c->arena, n->value, n->len);
	}
	diag_add(d, R_CONFIG, n->line, n->col,
		 "sendmail must be a command on one line that reads the message on its input, such as sendmail: msmtp -t");
	return NULL;
}

static void read_settings(struct config *c, struct fm_node *map,
			  struct diag_list *d)
{
	struct fm_node *n;
	for (n = map->child; n; n = n->next) {
		if (!strcmp(n->key, "me"))
			c->me = handle_value(c, n, d, "me");
		else if (!strcmp(n->key, "people"))
			read_people(c, n, d);
		else if (!strcmp(n->key, "followup_words"))
			positive(n, d, &c->followup_words);
		else if (!strcmp(n->key, "repeat"))
			read_repeat(c, n, d);
		else if (!strcmp(n->key, "escalate_after"))
			positive(n, d, &c->escalate_after);
		else if (!strcmp(n->key, "lint"))
			read_lint(c, n, d);
		else if (!strcmp(n->key, "files"))
			read_files(c, n, d);
		else if (!strcmp(n->key, "sendmail"))
			c->sendmail = command_value(c, n, d);
		else
			diag_add(d, R_CONFIG, n->key_line, n->key_col,
				 "unknown key '%.40s' (known: me, people, followup_words, repeat, escalate_after, lint, files, sendmail)",
				 n->key);
	}
}

int config_load(struct config *c, const char *path, struct diag_list *d)
{
	struct strbuf sb = STRBUF_INIT;

	if (strbuf_read_file(&sb, path, FRONT_MATTER_MAX + 1) < 0) {
		if (errno == ENOENT)
			return 0;
		if (errno == EFBIG) {
			diag_add(d, R_CONFIG, 1, 1,
				 "the file is over 64 KiB; settings are a few lines");
			c->present = 1;
			return 0;
		}
		return error("cannot read %s: %s", path, strerror(errno));
	}
	config_load_buffer(c, sb.buf, sb.len, d);
	strbuf_release(&sb);
	return 0;
}

void config_load_buffer(struct config *c, const char *buf, size_t len,
			struct diag_list *d)
{
	size_t bad = utf8_invalid_at(buf, len);
	const char *nul = memchr(buf, '\0', len);
	struct fm_error err;
	struct fm_node *map;

	c->present = 1;
	if (len > FRONT_MATTER_MAX) {
		diag_add(d, R_CONFIG, 1, 1,
			 "the file is over 64 KiB; settings are a few lines");
	} else if (nul || bad < len) {
		struct pos p = pos_of_offset(buf, nul && (size_t)(nul - buf) < bad ?
					     (size_t)(nul - buf) : bad);
		diag_add(d, R_CONFIG, p.line, p.col,
			 "not UTF-8 text (save the file as UTF-8)");
	} else if ((map = fm_parse(&c->arena, buf, len, 0, &err))) {
		read_settings(c, map, d);
	} else {
		diag_add(d, R_CONFIG, err.line, err.col, "%s", err.msg);
	}
}

int config_load_overlay(struct config *c, const char *root,
			const struct repo_overlay *o, struct diag_list *d)
{
	const struct repo_overlay_file *f = repo_overlay_find(o, CONFIG_FILE);
	char *path;
	int rc;

	if (f) {
		config_load_buffer(c, f->buf, f->len, d);
		return 0;
	}
	path = path_join(root, CONFIG_FILE);
	rc = config_load(c, path, d);
	free(path);
	return rc;
}

unsigned config_files_mode(const char *root)
{
	struct config c;
	char *path = path_join(root, CONFIG_FILE);
	unsigned mode;

	config_init(&c);
	config_load(&c, path, NULL);
	mode = c.files_mode;
	config_release(&c);
	free(path);
	return mode;
}
