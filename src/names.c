#include "names.h"
#include "pattern.h"
#include "person.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void names_init(struct names *n, struct team *t, const char *report)
{
	memset(n, 0, sizeof(*n));
	n->team = t;
	n->report = report;
	n->said = xcalloc(t->repo.nfiles + 1, sizeof(*n->said));
	n->looked = xcalloc(t->repo.nfiles + 1, 1);
}

void names_release(struct names *n)
{
	size_t i;

	for (i = 0; n->said && i < n->team->repo.nfiles; i++)
		free(n->said[i]);
	free(n->said);
	free(n->looked);
	memset(n, 0, sizeof(*n));
}

int names_is_me(const struct names *n, const char *handle)
{
	return !strcmp(handle, "me") || !strcmp(handle, team_me(n->team));
}

/* A name goes into a sentence: a line break or tab in it (a quoted YAML
 * name may hold one) becomes a space; NULL when it says nothing. */
static char *one_line_name(const char *name)
{
	char *s, *c;

	if (!name || !name[strspn(name, " \t\r\n")])
		return NULL;
	s = xstrdup(name);
	for (c = s; *c; c++)
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
	return s;
}

/* The name: of people/HANDLE.md, the i-th file.  A file that cannot be
 * read is reported by team_person(); the message then says the name
 * .thread.yaml gives, or the handle. */
static const char *file_name(struct names *n, size_t i)
{
	struct person *p;
	const char *path;

	if (!n->looked[i]) {
		n->looked[i] = 1;
		if ((p = team_person(n->team, i, &path))) {
			n->said[i] = one_line_name(p->name);
			person_free(p);
		}
	}
	return n->said[i];
}

const char *names_of(struct names *n, const char *handle)
{
	const struct repo *r = &n->team->repo;
	const char *name = NULL;
	size_t i;

	for (i = 0; i < r->nfiles; i++)
		if (!strcmp(r->files[i].handle, handle)) {
			name = file_name(n, i);
			break;
		}
	if (!name)
		name = config_name(&n->team->config, handle);
	return name ? name : handle;
}

/* Does a sentence start at s[at]: nothing but spaces before it, or the
 * end of one (". ", "! ", "? ")? */
static int sentence_start(const char *s, size_t at)
{
	while (at && s[at - 1] == ' ')
		at--;
	return !at || strchr(".!?", s[at - 1]);
}

static int possessive(const char *s, size_t len, size_t at)
{
	return at + 1 < len && s[at] == '\'' && s[at + 1] == 's' &&
	       (at + 2 == len || !((s[at + 2] >= 'a' && s[at + 2] <= 'z') ||
				  (s[at + 2] >= 'A' && s[at + 2] <= 'Z')));
}

static void say_one(struct names *n, const char *s, size_t len,
		    const struct field_match *m, struct strbuf *out, size_t *next)
{
	size_t end = m->vend;
	char *handle;
	int start = sentence_start(s, m->start), mine, me, you;

	/* "ask @dave." ends a sentence: the full stop is not the handle's. */
	while (end > m->vstart + 1 && strchr("._-", s[end - 1]))
		end--;
	handle = xstrndup(s + m->vstart, end - m->vstart);
	mine = possessive(s, len, end);
	me = names_is_me(n, handle);
	you = !strcmp(handle, n->report);
	*next = end;
	if ((me || you) && mine) {
		strbuf_addstr(out, me ? (start ? "My" : "my") : (start ? "Your" : "your"));
		*next += 2;
	} else if (me) {
		strbuf_addstr(out, start ? "I" : "me");
	} else if (you) {
		strbuf_addstr(out, start ? "You" : "you");
	} else {
		strbuf_addstr(out, names_of(n, handle));
	}
	free(handle);
}

void names_say(struct names *n, const char *s, size_t len, struct strbuf *out)
{
	struct field_match m;
	size_t from = 0, next;

	while (from < len && pattern_next_field(s, len, from, &m) == 1) {
		strbuf_add(out, s + from, m.start - from);
		if (m.kind == FIELD_HANDLE) {
			say_one(n, s, len, &m, out, &next);
		} else {
			strbuf_add(out, s + m.start, m.vend - m.start);
			next = m.vend;
		}
		from = next;
	}
	if (from < len)
		strbuf_add(out, s + from, len - from);
}
