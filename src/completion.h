/*
 * completion.h - shell completion scripts generated from the command
 * table and each command's options table.  The scripts in completions/
 * are this output, committed; a test keeps them in step.
 */
#ifndef THREAD_COMPLETION_H
#define THREAD_COMPLETION_H

#include <stdio.h>

/* shell: "bash", "zsh" or "fish".  Returns -1 for an unknown shell. */
int completion_print(FILE *out, const char *shell);

#endif
