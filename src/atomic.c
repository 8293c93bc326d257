#include "atomic.h"
#include "fault.h"
#include "strbuf.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* How long a command waits for another one holding the file's lock. */
#define LOCK_WAIT_MS 30000

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* fsync the folder holding path, so a rename into it is durable. */
static void sync_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path))
			  : xstrdup(".");
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Is path (still) the file open as fd? */
static int same_file(int fd, const char *path)
{
	struct stat a, b;
	return !fstat(fd, &a) && !stat(path, &b) && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

/*
 * A lock file whose writer died (killed between writing and renaming it)
 * is not held by anyone: writers hold flock() on theirs while they work.
 * Remove it, so that the next write can go ahead.  Only a holder of its
 * flock() removes a lock file, and only while the name is still that
 * file; a writer that created it checks, once it holds the flock(), that
 * the name is still its file (create_lock).  Returns 1 to try again.
 */
static int remove_stale_lock(const char *lock)
{
	int fd = open(lock, O_RDONLY | O_CLOEXEC), stale;
	if (fd < 0)
		return errno == ENOENT;  /* gone meanwhile */
	stale = !flock(fd, LOCK_EX | LOCK_NB);
	if (stale && same_file(fd, lock))
		unlink(lock);
	close(fd);
	return stale;
}

/* Create and hold PATH.lock, mode 0600 until the content is in.  The fd,
 * or -1 printed. */
static int create_lock(const char *path, const char *lock)
{
	int fd, tries;

	for (tries = 0; tries < 100; tries++) {
		fd = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0) {
			flock(fd, LOCK_EX);      /* held until closed: we are alive */
			if (same_file(fd, lock))
				return fd;
			close(fd);               /* taken as stale before we held it */
			continue;
		}
		if (errno != EEXIST)
			return error("cannot create %s: %s", lock, strerror(errno));
		if (!remove_stale_lock(lock))
			break;
	}
	return error("%s exists: another program is writing %s (wait, or remove the .lock file if none is)",
		     lock, path);
}

/*
 * The new file takes the mode of the file it replaces, and its owner when
 * we are root (an editor run by root must not hand a user's notes to
 * root); a new file gets mode less the umask.
 */
static int take_mode(int fd, const char *path, mode_t mode)
{
	struct stat st;
	mode_t mask;

	if (!stat(path, &st)) {
		if (fchmod(fd, st.st_mode & 07777))
			return -1;
		return geteuid() ? 0 : fchown(fd, st.st_uid, st.st_gid);
	}
	if (errno != ENOENT)
		return -1;
	mask = umask(0);
	umask(mask);
	return fchmod(fd, mode & ~mask);
}

/* PATH.lock holding data, flushed, with its final mode: the fd, or -1
 * printed (and no lock file left). */
static int write_lock(const char *path, const char *lock, const void *data,
		      size_t len, mode_t mode)
{
	int fd = create_lock(path, lock), e;

	if (fd < 0)
		return -1;
	if (write_all(fd, data, len) || fsync(fd) || take_mode(fd, path, mode)) {
		e = errno;
		close(fd);
		unlink(lock);
		return error("cannot write %s: %s", lock, strerror(e));
	}
	return fd;
}

static int rename_lock(const char *lock, const char *path)
{
	if (rename(lock, path)) {
		int e = errno;
		unlink(lock);
		return error("cannot replace %s: %s", path, strerror(e));
	}
	sync_dir_of(path);
	return 0;
}


/*
 * Write data to PATH.lock and rename it over path; with `check`, only if
 * the file still holds what check read (compared as late as can be, so
 * that what is renamed over is what was compared).  Returns the new
 * file's descriptor, still open and flock()ed, or -1 (printed); nothing
 * is left behind on failure.
 */
static int replace_file(const char *path, const void *data, size_t len,
			mode_t mode, const struct file_lock *check)
{
	struct strbuf lock = STRBUF_INIT;
	int fd;

	strbuf_addf(&lock, "%s.lock", path);
	fd = write_lock(path, lock.buf, data, len, mode);
	if (fd >= 0 && (fault_at("before-rename") || (check && lock_unchanged(check)))) {
		close(fd);
		unlink(lock.buf);
		fd = -1;
	} else if (fd >= 0 && rename_lock(lock.buf, path)) {
		close(fd);
		fd = -1;
	}
	strbuf_release(&lock);
	return fd;
}

int atomic_write(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = replace_file(path, data, len, mode, NULL);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

int make_parent_dirs(const char *path)
{
	char *p = xstrdup(path), *s;
	int rc = 0;

	for (s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0777) && errno != EEXIST) {
			rc = error("cannot create the folder %s: %s", p, strerror(errno));
			break;
		}
		*s = '/';
	}
	free(p);
	return rc;
}

/* ---- read-modify-write ---- */

static int read_fd(int fd, struct strbuf *sb, size_t limit)
{
	for (;;) {
		ssize_t n;
		strbuf_grow(sb, 8192);
		n = read(fd, sb->buf + sb->len, sb->alloc - sb->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		sb->len += (size_t)n;
		if (limit && sb->len > limit) {
			errno = EFBIG;
			return -1;
		}
	}
	sb->buf[sb->len] = '\0';
	return 0;
}

/* flock() the file at path, waiting for another thread command that
 * holds it; the file may be replaced meanwhile (that command renamed its
 * new version in), so lock whatever the name is once we hold it. */
static int open_locked(const char *path)
{
	int fd, waited = 0;

	for (;;) {
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0)
			return error("cannot read %s: %s", path, strerror(errno));
		if (!flock(fd, LOCK_EX | LOCK_NB)) {
			if (same_file(fd, path))
				return fd;
		} else if (errno != EWOULDBLOCK && errno != EINTR) {
			error("cannot lock %s: %s", path, strerror(errno));
			close(fd);
			return -1;
		} else if ((waited += 10) > LOCK_WAIT_MS) {
			close(fd);
			return error("another thread command has been changing %s for %d s; run this again once it is done",
				     path, LOCK_WAIT_MS / 1000);
		}
		close(fd);
		usleep(10000);
	}
}

int lock_read(struct file_lock *l, const char *path, struct strbuf *out,
	      size_t limit)
{
	size_t old = out->len;

	l->path = xstrdup(path);
	l->fd = open_locked(path);
	if (l->fd < 0)
		return -1;
	if (fstat(l->fd, &l->st) || !S_ISREG(l->st.st_mode))
		return error("cannot read %s: not a regular file", path);
	if (read_fd(l->fd, out, limit)) {
		int e = errno;
		strbuf_setlen(out, old);
		return error("cannot read %s: %s", path, strerror(e));
	}
	strbuf_add(&l->seen, out->buf + old, out->len - old);
	return 0;
}

/* Does the file still hold what we read (or last wrote), as the same
 * file?  An editor that saved by rename made a new file; one that wrote
 * in place changed the bytes. */
int lock_unchanged(const struct file_lock *l)
{
	struct strbuf now = STRBUF_INIT;
	struct stat st;
	int same = !stat(l->path, &st) && st.st_dev == l->st.st_dev &&
		   st.st_ino == l->st.st_ino &&
		   !strbuf_read_file(&now, l->path, l->seen.len + 1) &&
		   now.len == l->seen.len && !memcmp(now.buf, l->seen.buf, now.len);
	strbuf_release(&now);
	if (same)
		return 0;
	return error("%s changed while %s ran (saved from an editor?); it was left as it is: run it again",
		     l->path, progname);
}

int lock_replace(struct file_lock *l, const void *data, size_t len)
{
	/* The file exists (we read it): its mode is kept, 0600 is moot. */
	int fd = replace_file(l->path, data, len, 0600, l);

	if (fd < 0)
		return -1;
	/* The new file is ours and flock()ed already: the lock moves to it. */
	close(l->fd);
	l->fd = fd;
	fstat(fd, &l->st);
	strbuf_reset(&l->seen);
	strbuf_add(&l->seen, data, len);
	return 0;
}

void lock_release(struct file_lock *l)
{
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
	free(l->path);
	l->path = NULL;
	strbuf_release(&l->seen);
}
