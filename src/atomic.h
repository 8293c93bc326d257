/*
 * atomic.h - write a file so that readers see the old content or the new,
 * never a mix, a crash leaves no half-written file, and no one else's
 * change to it is lost.
 *
 * The content goes to PATH.lock (created exclusively, so two writers
 * cannot both win), is flushed to disk with fsync, then renamed over PATH;
 * the folder is fsynced so the rename itself survives power loss.  A
 * PATH.lock that already exists means someone else is writing: refused,
 * unless its writer is gone (it held flock() on it while alive), in which
 * case the stale lock is removed and the write goes ahead.
 *
 * A rewrite keeps the mode of the file it replaces (and its owner, when
 * run as root): a person file made private with chmod 600 stays private.
 *
 * Read-modify-write (thread done, new, closeout) goes through a struct
 * file_lock: lock_read() takes flock() on the file itself before reading
 * it, so two thread commands changing one file run one after the other;
 * the lock moves to the new file on rename, and the kernel drops it when
 * the process dies, so nothing is left behind.  Editors take no lock, so
 * lock_replace() compares the file with the bytes read, right before the
 * rename, and refuses if they differ.  What that cannot see: a write that
 * lands between that last comparison and the rename (microseconds), and
 * an in-place writer (cat >, truncate then write) that has truncated or
 * half-written the file when it is read and writes nothing more until
 * after the rename; its remaining bytes go to the replaced file.
 */
#ifndef THREAD_ATOMIC_H
#define THREAD_ATOMIC_H

#include "strbuf.h"

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

/* Returns 0, or -1 with an error printed; on failure PATH is untouched.
 * An existing PATH keeps its mode; a new one gets `mode` (less umask). */
int atomic_write(const char *path, const void *data, size_t len, mode_t mode);

/* Create the folders leading to PATH's last component (mkdir -p of its
 * dirname).  Returns 0, or -1 with an error printed. */
int make_parent_dirs(const char *path);

struct file_lock {
	char *path;
	int fd;                  /* the file as read, flock()ed; -1 if none */
	struct stat st;          /* its identity and mode when read */
	struct strbuf seen;      /* its bytes as read (or as last written) */
};
#define FILE_LOCK_INIT { NULL, -1, { 0 }, STRBUF_INIT }

/* Lock PATH against other thread commands (waiting for them) and read it
 * into out (at most limit bytes).  0, or -1 printed. */
int lock_read(struct file_lock *l, const char *path, struct strbuf *out,
	      size_t limit);
/* Replace the locked file with data, atomically, keeping its mode and
 * owner; refused (-1, printed, the file untouched) if the file is no
 * longer what was read or last written.  The lock is kept. */
int lock_replace(struct file_lock *l, const void *data, size_t len);
/* 0 if the locked file still holds what was read or last written, as
 * the same file; else -1, printed. */
int lock_unchanged(const struct file_lock *l);
/* Drop the lock (safe on an unused or released one). */
void lock_release(struct file_lock *l);

#endif
