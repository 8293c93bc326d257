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
};

#define ARENA_INIT { NULL }

/* Zeroed memory of n bytes, aligned for any object; dies when out of memory. */
void *arena_alloc(struct arena *a, size_t n);
/* A NUL-terminated copy of the n bytes at s. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_release(struct arena *a);

#define ARENA_NEW(a, type) ((type *)arena_alloc((a), sizeof(type)))

#endif
