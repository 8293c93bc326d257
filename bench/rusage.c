/*
 * rusage: run a command once and report its wall time and peak memory.
 *
 *   rusage [-o FILE] CMD [ARGS...]
 *
 * The command's stdout and stderr go to /dev/null (stdout to FILE with -o);
 * stdin is inherited.  When it has finished, one line is printed on stdout:
 *
 *   wall_ms=<float> maxrss_kb=<int> status=<int>
 *
 * wall_ms is CLOCK_MONOTONIC time from fork to reaping, maxrss_kb the child's
 * peak resident set size from wait4() (ru_maxrss, KiB on Linux), status its
 * exit status (128+N when killed by signal N, 127 when it could not be run).
 * rusage itself exits 0 once it has printed that line, and 2 on a usage or
 * system error.
 */
#define _DEFAULT_SOURCE /* wait4 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void fail(const char *what, const char *arg)
{
    fprintf(stderr, "rusage: %s%s%s: %s\n", what, arg ? " " : "", arg ? arg : "", strerror(errno));
    exit(2);
}

static double now_ms(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        fail("clock_gettime", NULL);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    const char *outfile = NULL;
    int argi = 1;
    if (argi < argc && strcmp(argv[argi], "-o") == 0) {
        if (argi + 1 >= argc) {
            fprintf(stderr, "rusage: -o needs a FILE\n");
            return 2;
        }
        outfile = argv[argi + 1];
        argi += 2;
    }
    if (argi < argc && strcmp(argv[argi], "--") == 0)
        argi++;
    if (argi >= argc) {
        fprintf(stderr, "usage: rusage [-o FILE] CMD [ARGS...]\n");
        return 2;
    }

    /* Open the redirections in the parent, so that errors are reported here. */
    int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (devnull < 0)
        fail("cannot open", "/dev/null");
    int outfd = devnull;
    if (outfile) {
        outfd = open(outfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (outfd < 0)
            fail("cannot open", outfile);
    }
    /* A copy of our stderr for the child to report a failed exec on. */
    int errfd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    if (errfd < 0)
        fail("fcntl", NULL);
    fflush(NULL);

    double t0 = now_ms();
    pid_t pid = fork();
    if (pid < 0)
        fail("fork", NULL);
    if (pid == 0) {
        if (dup2(outfd, STDOUT_FILENO) < 0 || dup2(devnull, STDERR_FILENO) < 0)
            _exit(127);
        execvp(argv[argi], argv + argi);
        int e = errno;
        dprintf(errfd, "rusage: cannot run %s: %s\n", argv[argi], strerror(e));
        _exit(127);
    }

    int wstatus;
    struct rusage ru;
    pid_t r;
    do
        r = wait4(pid, &wstatus, 0, &ru);
    while (r < 0 && errno == EINTR);
    if (r < 0)
        fail("wait4", NULL);
    double t1 = now_ms();

    int status;
    if (WIFEXITED(wstatus))
        status = WEXITSTATUS(wstatus);
    else if (WIFSIGNALED(wstatus))
        status = 128 + WTERMSIG(wstatus);
    else
        status = 255;

    if (printf("wall_ms=%.3f maxrss_kb=%ld status=%d\n", t1 - t0, (long)ru.ru_maxrss, status) < 0 ||
        fflush(stdout) == EOF) {
        fail("cannot write", "stdout");
    }
    return 0;
}
