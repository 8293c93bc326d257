/* Unit tests: the YAML reader (frontmatter.c). */
#include "frontmatter.h"
#include "tap.h"

static struct fm_node *parse(struct arena *a, const char *s, struct fm_error *e)
{
	return fm_parse(a, s, strlen(s), 1, e);
}

int main(void)
{
	struct arena a = ARENA_INIT;
	struct fm_error e;
	struct fm_node *m, *n;
	char bomb[2048] = "a: &a [x, x, x, x, x, x, x, x, x]\n";
	char deep[200];
	int i;

	m = parse(&a, "name: Alice\ntags: [a, b]\nrepeat: { window: 3 }\n", &e);
	ok(m && m->kind == FM_MAP, "a mapping");
	n = fm_get(m, "name");
	ok(n && n->kind == FM_SCALAR && !strcmp(n->value, "Alice"), "a scalar value");
	is_int(n ? n->line : 0, 2, "its line counts from the offset");
	is_int(n ? n->col : 0, 7, "its column");
	n = fm_get(m, "tags");
	ok(n && n->kind == FM_SEQ && n->child && !strcmp(n->child->next->value, "b"), "a flow list");
	n = fm_get(fm_get(m, "repeat"), "window");
	ok(n && !strcmp(n->value, "3"), "a nested mapping");
	ok(!fm_get(m, "nope"), "a missing key");

	m = parse(&a, "", &e);
	ok(m && m->kind == FM_MAP && !m->child, "an empty document is an empty mapping");
	m = parse(&a, "# only a comment\n", &e);
	ok(m && m->kind == FM_MAP, "a comment-only document too");

	ok(!parse(&a, "- a\n- b\n", &e), "a list is not a mapping");
	ok(strstr(e.msg, "list") != NULL, "and says it is a list");
	ok(!parse(&a, "just words\n", &e), "a scalar is not a mapping");
	ok(!parse(&a, "a: 1\nb: [\n", &e), "unclosed flow list");
	ok(e.line >= 3, "error line is in the file's numbering (got %d)", e.line);
	ok(!parse(&a, "a: 1\na: 2\n", &e), "a duplicate key");
	is_int(e.line, 3, "reported at the second key");
	ok(!parse(&a, "a: &x 1\nb: *x\n", &e), "an alias is refused");
	is_int(e.line, 3, "at the alias's line");

	for (i = 1; i < 9; i++) {
		char line[128];
		snprintf(line, sizeof(line), "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n",
			 'a' + i, 'a' + i, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1,
			 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1,
			 'a' + i - 1, 'a' + i - 1);
		strcat(bomb, line);
	}
	ok(!parse(&a, bomb, &e), "a billion-laughs document is refused at its first alias");
	is_int(e.line, 3, "which is on its second line");

	strcpy(deep, "a: ");
	for (i = 3; i < 63; i++)
		deep[i] = '[';
	strcpy(deep + 63, "\n");
	ok(!parse(&a, deep, &e), "nesting deeper than the limit is refused");
	ok(strstr(e.msg, "deeper") != NULL, "and says why: %s", e.msg);
	arena_release(&a);
	return done_testing();
}
