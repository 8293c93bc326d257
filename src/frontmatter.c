#include "frontmatter.h"
#include "strbuf.h"

#include <stdio.h>
#include <string.h>
#include <yaml.h>

struct builder {
	struct arena *arena;
	yaml_parser_t parser;
	int line_offset;
	struct fm_error *err;
};

static int fail(struct builder *b, yaml_mark_t mark, const char *fmt,
		const char *arg)
{
	b->err->line = (int)mark.line + b->line_offset + 1;
	b->err->col = (int)mark.column + 1;
	snprintf(b->err->msg, sizeof(b->err->msg), fmt, arg ? arg : "");
	return -1;
}

static int fail_at(struct builder *b, int line, int col, const char *msg,
		   const char *arg)
{
	b->err->line = line;
	b->err->col = col;
	snprintf(b->err->msg, sizeof(b->err->msg), msg, arg);
	return -1;
}

static int has_key(struct fm_node *map, const char *key)
{
	struct fm_node *n;
	for (n = map->child; n; n = n->next)
		if (n->key && !strcmp(n->key, key))
			return 1;
	return 0;
}

static int next_event(struct builder *b, yaml_event_t *ev)
{
	if (yaml_parser_parse(&b->parser, ev))
		return 0;
	/* Where a construct was left open ("[" never closed), the problem is
	 * found at the end of the text; its start is the place to fix. */
	yaml_mark_t m = b->parser.context ? b->parser.context_mark :
		b->parser.problem_mark;
	b->err->line = (int)m.line + b->line_offset + 1;
	b->err->col = (int)m.column + 1;
	snprintf(b->err->msg, sizeof(b->err->msg), "invalid YAML: %s%s%s",
		 b->parser.problem ? b->parser.problem : "syntax error",
		 b->parser.context ? " " : "",
		 b->parser.context ? b->parser.context : "");
	return -1;
}

static struct fm_node *new_node(struct builder *b, enum fm_kind kind,
				yaml_mark_t mark)
{
	struct fm_node *n = ARENA_NEW(b->arena, struct fm_node);
	n->kind = kind;
	n->line = (int)mark.line + b->line_offset + 1;
	n->col = (int)mark.column + 1;
	return n;
}

static struct fm_node *build(struct builder *b, yaml_event_t *ev, int depth);

/* Read children until the closing event of a sequence or mapping. */
static int build_children(struct builder *b, struct fm_node *parent, int depth)
{
	struct fm_node **tail = &parent->child;
	yaml_event_type_t end = parent->kind == FM_MAP ?
		YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT;

	for (;;) {
		yaml_event_t ev;
		struct fm_node *key = NULL, *val;

		if (next_event(b, &ev))
			return -1;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			return 0;
		}
		if (parent->kind == FM_MAP) {
			key = build(b, &ev, depth + 1);
			if (!key)
				return -1;
			if (key->kind != FM_SCALAR)
				return fail_at(b, key->line, key->col,
					       "a mapping key must be a plain word%s", "");
			if (has_key(parent, key->value))
				return fail_at(b, key->line, key->col,
					       "the key '%s' appears twice; keep one", key->value);
			if (next_event(b, &ev))
				return -1;
		}
		val = build(b, &ev, depth + 1);
		if (!val)
			return -1;
		if (key) {
			val->key = key->value;
			val->key_line = key->line;
			val->key_col = key->col;
		}
		*tail = val;
		tail = &val->next;
	}
}

/* Build the node that starts with event *ev; consumes and frees *ev. */
static struct fm_node *build(struct builder *b, yaml_event_t *ev, int depth)
{
	struct fm_node *n = NULL;
	yaml_mark_t mark = ev->start_mark;

	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		fail(b, mark, "aliases (*%s) are not allowed here; write the value out",
		     (const char *)ev->data.alias.anchor);
		break;
	case YAML_SCALAR_EVENT:
		n = new_node(b, FM_SCALAR, mark);
		n->len = ev->data.scalar.length;
		n->value = arena_strndup(b->arena,
					 (const char *)ev->data.scalar.value, n->len);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (depth >= FM_MAX_DEPTH) {
			fail(b, mark, "nesting is deeper than 32 levels%s", NULL);
			break;
		}
		n = new_node(b, ev->type == YAML_MAPPING_START_EVENT ?
			     FM_MAP : FM_SEQ, mark);
		yaml_event_delete(ev);
		if (build_children(b, n, depth))
			return NULL;
		return n;
	default:
		fail(b, mark, "unexpected YAML structure%s", NULL);
		break;
	}
	yaml_event_delete(ev);
	return n;
}

static int expect(struct builder *b, yaml_event_type_t type)
{
	yaml_event_t ev;
	if (next_event(b, &ev))
		return -1;
	if (ev.type != type) {
		yaml_mark_t m = ev.start_mark;
		yaml_event_delete(&ev);
		return fail(b, m, "more than one YAML document%s", NULL);
	}
	yaml_event_delete(&ev);
	return 0;
}

struct fm_node *fm_parse(struct arena *a, const char *text, size_t len,
			 int line_offset, struct fm_error *err)
{
	struct builder b = { a, { 0 }, line_offset, err };
	struct fm_node *root = NULL;
	yaml_event_t ev;
	yaml_mark_t zero = { 0, 0, 0 };

	memset(err, 0, sizeof(*err));
	if (!yaml_parser_initialize(&b.parser)) {
		fail(&b, zero, "cannot start the YAML parser%s", NULL);
		return NULL;
	}
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)text, len);

	if (expect(&b, YAML_STREAM_START_EVENT) || next_event(&b, &ev))
		goto done;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		root = new_node(&b, FM_MAP, zero);
		goto done;
	}
	yaml_event_delete(&ev);      /* DOCUMENT-START */
	if (next_event(&b, &ev))
		goto done;
	if (ev.type == YAML_SCALAR_EVENT && ev.data.scalar.length == 0 &&
	    ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
		/* An empty document is an empty mapping. */
		yaml_event_delete(&ev);
		root = new_node(&b, FM_MAP, zero);
	} else {
		root = build(&b, &ev, 0);
		if (root && root->kind != FM_MAP) {
			fail(&b, (yaml_mark_t){ 0, (size_t)(root->line - line_offset - 1),
				(size_t)(root->col - 1) },
			     "this is a YAML %s, not a mapping; write key: value lines",
			     root->kind == FM_SEQ ? "list" : "single value");
			root = NULL;
		}
	}
	if (root && (expect(&b, YAML_DOCUMENT_END_EVENT) ||
		     expect(&b, YAML_STREAM_END_EVENT)))
		root = NULL;
done:
	yaml_parser_delete(&b.parser);
	return root;
}

struct fm_node *fm_get(struct fm_node *map, const char *key)
{
	struct fm_node *n;
	if (!map || map->kind != FM_MAP)
		return NULL;
	for (n = map->child; n; n = n->next)
		if (n->key && !strcmp(n->key, key))
			return n;
	return NULL;
}

/* A YAML scalar: plain when that is safe, else double-quoted. */
void fm_add_scalar(struct strbuf *sb, const char *v)
{
	size_t len = strlen(v);
	int plain = len && !strpbrk(v, ":#'\"[]{},&*!|>%@`\\") &&
		    v[0] != ' ' && v[len - 1] != ' ' && v[0] != '-' && v[0] != '?';
	if (plain) {
		strbuf_addstr(sb, v);
		return;
	}
	strbuf_addch(sb, '"');
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *v);
	}
	strbuf_addch(sb, '"');
}
