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

/*
 * A lock file whose writer died (killed between writing and renaming it)
 * is not held by anyone: writers hold flock() on theirs while they work.
 * Remove it, so that the next write can go ahead.  Returns 1 if removed.
 */
static int remove_stale_lock(const char *lock)
{
	int fd = open(lock, O_RDONLY | O_CLOEXEC), stale;
	if (fd < 0)
		return 0;
	stale = !flock(fd, LOCK_EX | LOCK_NB);
	if (stale)
		unlink(lock);
	close(fd);
	return stale;
}

int atomic_write(const char *path, const void *data, size_t len, mode_t mode)
{
	struct strbuf lock = STRBUF_INIT;
	int fd, rc = -1, e;

	strbuf_addf(&lock, "%s.lock", path);
	fd = open(lock.buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0 && errno == EEXIST) {
		if (remove_stale_lock(lock.buf))
			fd = open(lock.buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
		else
			errno = EEXIST;  /* held: say so, not what probing it said */
	}
	if (fd >= 0)
		flock(fd, LOCK_EX);      /* held until closed: we are alive */
	if (fd < 0) {
		if (errno == EEXIST)
			error("%s exists: another program is writing %s (wait, or remove the .lock file if none is)",
			      lock.buf, path);
		else
			error("cannot create %s: %s", lock.buf, strerror(errno));
		goto done;
	}
	if (write_all(fd, data, len) || fsync(fd)) {
		e = errno;
		close(fd);
		unlink(lock.buf);
		error("cannot write %s: %s", lock.buf, strerror(e));
		goto done;
	}
	if (fault_at("before-rename")) {
		close(fd);
		unlink(lock.buf);
		goto done;
	}
	if (close(fd) || rename(lock.buf, path)) {
		e = errno;
		unlink(lock.buf);
		error("cannot replace %s: %s", path, strerror(e));
		goto done;
	}
	sync_dir_of(path);
	rc = 0;
done:
	strbuf_release(&lock);
	return rc;
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
