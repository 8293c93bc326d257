/*
 * arena.h - bump allocation for data that lives exactly as long as one
 * parsed file.  Everything allocated from an arena is freed together by
 * arena_release(); there is no per-object free.  The person model
 * (model.h) is built in an arena so a lint run over thousands of files
 * releases each file's model in one call and keeps memory flat.
 */
#ifndef THREAD_ARENA_H
#define THREAD_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	struct arena_block *spare;   /* emptied by arena_reset, for reuse */
	size_t size;                 /* bytes held, in use or spare */
};

#define ARENA_INIT { NULL, NULL, 0 }

/* Zeroed memory of n bytes, aligned for any object; dies when out of memory. */
void *arena_alloc(struct arena *a, size_t n);
/* A NUL-terminated copy of the n bytes at s. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/*
 * Grow the block at p, of old bytes, to n bytes (a new block when p is
 * NULL), keeping its contents; what is past old is not zeroed.  The last
 * block allocated grows in place when there is room, so a buffer that is
 * appended to does not leave a copy behind at every step.
 */
void *arena_realloc(struct arena *a, void *p, size_t old, size_t n);
void arena_release(struct arena *a);
/* Empty the arena, as arena_release, but keep up to `keep` bytes of its
 * blocks for what is allocated next: an arena reused for file after file
 * does not go back to malloc (and the kernel) for each. */
void arena_reset(struct arena *a, size_t keep);

#define ARENA_NEW(a, type) ((type *)arena_alloc((a), sizeof(type)))

#endif
