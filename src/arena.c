#include "arena.h"
#include "util.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { ARENA_BLOCK = 32 * 1024 };

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
};

/* A block with room for n bytes, at the head: a spare one if one fits. */
static struct arena_block *new_block(struct arena *a, size_t n)
{
	struct arena_block **sp, *b;
	size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;

	for (sp = &a->spare; *sp; sp = &(*sp)->next)
		if ((*sp)->size >= n)
			break;
	if (*sp) {
		b = *sp;
		*sp = b->next;
	} else {
		b = xmalloc(sizeof(*b) + size);
		b->size = size;
		a->size += size;
	}
	b->used = 0;
	b->next = a->head;
	a->head = b;
	return b;
}

/* n bytes, not zeroed. */
static void *alloc_raw(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	size_t align = alignof(max_align_t);
	void *p;

	n = (n + align - 1) & ~(align - 1);
	if (!b || b->size - b->used < n)
		b = new_block(a, n);
	p = b->data + b->used;
	b->used += n;
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	void *p = alloc_raw(a, n);
	memset(p, 0, n);
	return p;
}

void *arena_realloc(struct arena *a, void *p, size_t old, size_t n)
{
	struct arena_block *b = a->head;
	size_t align = alignof(max_align_t), o, grown;
	void *q;

	if (n <= old)
		return p;
	if (p && b && (unsigned char *)p >= b->data &&
	    (unsigned char *)p < b->data + b->used) {
		o = (size_t)((unsigned char *)p - b->data);
		grown = (n + align - 1) & ~(align - 1);
		if (o + ((old + align - 1) & ~(align - 1)) == b->used &&
		    grown <= b->size - o) {
			b->used = o + grown;
			return p;
		}
	}
	q = alloc_raw(a, n);
	if (old)
		memcpy(q, p, old);
	return q;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void free_blocks(struct arena_block *b)
{
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
}

void arena_release(struct arena *a)
{
	free_blocks(a->head);
	free_blocks(a->spare);
	a->head = a->spare = NULL;
	a->size = 0;
}

void arena_reset(struct arena *a, size_t keep)
{
	struct arena_block *b;

	if (a->size > keep) {
		arena_release(a);
		return;
	}
	while ((b = a->head)) {
		a->head = b->next;
		b->next = a->spare;
		a->spare = b;
	}
}
