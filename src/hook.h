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
/* Is the hooks folder outside the repository's work tree and .git (as
 * with a global core.hooksPath)?  1 yes, 0 no, -1 error (printed). */
int hook_outside(struct gitstore *g);
/* thread init: install the hook in a hooks folder of this repository; for
 * one outside it, write nothing there but say what would be installed
 * and how to chain it.  0, or -1 printed. */
int hook_install_inside(struct gitstore *g, int quiet);
/* Would hook_install refuse?  -1 (printed) if so, else 0; writes nothing. */
int hook_check(struct gitstore *g, int force);

#endif
