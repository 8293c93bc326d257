#include "sign.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void close_pair(int p[2])
{
	if (p[0] >= 0)
		close(p[0]);
	if (p[1] >= 0)
		close(p[1]);
}

static void child(const char *program, const char *key, int in[2], int out[2],
		  int err[2])
{
	const char *argv[] = { program, "--status-fd=2", "-bsau", key, NULL };

	dup2(in[0], 0);
	dup2(out[1], 1);
	dup2(err[1], 2);
	close_pair(in);
	close_pair(out);
	close_pair(err);
	execvp(program, (char *const *)argv);
	fprintf(stderr, "cannot run %s: %s\n", program, strerror(errno));
	_exit(127);
}

/* Feed `data` to fd w while reading fds r[0] into o[0] and r[1] into o[1],
 * without deadlock however much each side writes. */
static int exchange(int w, const char *data, size_t len, int r[2],
		    struct strbuf *o[2])
{
	struct pollfd pfd[3];
	char buf[4096];

	while (w >= 0 || r[0] >= 0 || r[1] >= 0) {
		int i, n = 0;

		pfd[n].fd = w;
		pfd[n++].events = POLLOUT;
		for (i = 0; i < 2; i++) {
			pfd[n].fd = r[i];
			pfd[n++].events = POLLIN;
		}
		if (poll(pfd, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			if (w >= 0)
				close(w);
			for (i = 0; i < 2; i++)
				if (r[i] >= 0)
					close(r[i]);
			return -1;
		}
		if (w >= 0 && pfd[0].revents) {
			ssize_t k = len ? write(w, data, len) : 0;
			if (k > 0) {
				data += k;
				len -= (size_t)k;
			}
			if (!len || (k < 0 && errno != EINTR && errno != EAGAIN)) {
				close(w);
				w = -1;
			}
		}
		for (i = 0; i < 2; i++) {
			ssize_t k;
			if (r[i] < 0 || !pfd[i + 1].revents)
				continue;
			k = read(r[i], buf, sizeof(buf));
			if (k > 0) {
				strbuf_add(o[i], buf, (size_t)k);
			} else if (!k || (errno != EINTR && errno != EAGAIN)) {
				close(r[i]);
				r[i] = -1;
			}
		}
	}
	return 0;
}

int sign_buffer(const char *program, const char *key, const char *data,
		size_t len, struct strbuf *sig)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, err[2] = { -1, -1 };
	struct strbuf status = STRBUF_INIT;
	struct strbuf *o[2] = { sig, &status };
	struct sigaction ign, old;
	int r[2], st = 0, rc = -1;
	pid_t pid;

	if (pipe(in) || pipe(out) || pipe(err)) {
		error("cannot run %s to sign the commit: %s", program, strerror(errno));
		goto done;
	}
	pid = fork();
	if (pid < 0) {
		error("cannot run %s to sign the commit: %s", program, strerror(errno));
		goto done;
	}
	if (!pid)
		child(program, key, in, out, err);
	close(in[0]);
	close(out[1]);
	close(err[1]);
	in[0] = out[1] = err[1] = -1;
	/* gpg may exit before reading it all: an EPIPE, not a death */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	r[0] = out[0];
	r[1] = err[0];
	exchange(in[1], data, len, r, o);
	in[1] = out[0] = err[0] = -1;   /* closed by exchange() */
	sigaction(SIGPIPE, &old, NULL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(st) || WEXITSTATUS(st) || !sig->len ||
	    (!strstr(status.buf, "\n[GNUPG:] SIG_CREATED ") &&
	     strncmp(status.buf, "[GNUPG:] SIG_CREATED ", 21))) {
		while (status.len && status.buf[status.len - 1] == '\n')
			strbuf_setlen(&status, status.len - 1);
		error("%s could not sign the commit with the key '%s'; nothing was committed.\n"
		      "%s said:\n%s\n"
		      "Fix the key (git config user.signingkey), or turn signing off: git config commit.gpgsign false",
		      program, key, program, status.len ? status.buf : "(nothing)");
		goto done;
	}
	rc = 0;
done:
	close_pair(in);
	close_pair(out);
	close_pair(err);
	strbuf_release(&status);
	return rc;
}
