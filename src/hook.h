/*
 * hook.h - installing thread's pre-commit hook (used by thread hook install
 * and thread init).
 */
#ifndef THREAD_HOOK_H
#define THREAD_HOOK_H

struct gitstore;

/* Install the hook; 0, or -1 with an error printed.  `quiet` keeps the
 * progress messages back. */
int hook_install(struct gitstore *g, int force, int quiet);
/* Would hook_install refuse?  -1 (printed) if so, else 0; writes nothing. */
int hook_check(struct gitstore *g, int force);

#endif
