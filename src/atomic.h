/*
 * atomic.h - write a file so that readers see the old content or the new,
 * never a mix, and a crash leaves no half-written file.
 *
 * The content goes to PATH.lock (created exclusively, so two writers
 * cannot both win), is flushed to disk with fsync, then renamed over PATH;
 * the folder is fsynced so the rename itself survives power loss.  A
 * PATH.lock that already exists means someone else is writing: refused,
 * unless its writer is gone (it held flock() on it while alive), in which
 * case the stale lock is removed and the write goes ahead.
 */
#ifndef THREAD_ATOMIC_H
#define THREAD_ATOMIC_H

#include <stddef.h>
#include <sys/types.h>

/* Returns 0, or -1 with an error printed; on failure PATH is untouched. */
int atomic_write(const char *path, const void *data, size_t len, mode_t mode);

/* Create the folders leading to PATH's last component (mkdir -p of its
 * dirname).  Returns 0, or -1 with an error printed. */
int make_parent_dirs(const char *path);

#endif
