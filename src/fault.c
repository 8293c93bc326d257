#include "fault.h"

#ifdef THREAD_FAULTS
#include "util.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fault_at(const char *step)
{
	const char *spec = getenv("THREAD_FAULT"), *go = getenv("THREAD_FAULT_GO");
	size_t n = strlen(step);
	struct stat st;
	int i;

	if (!spec || strncmp(spec, step, n) || spec[n] != ':')
		return 0;
	spec += n + 1;
	if (!strcmp(spec, "kill")) {
		fflush(NULL);
		raise(SIGKILL);
	}
	if (!strcmp(spec, "wait")) {
		for (i = 0; i < 200 && go && stat(go, &st); i++)
			usleep(100000);
		return 0;
	}
	return error("injected fault at %s", step);
}
#else
/* The ordinary build has no fault injection; keep the unit non-empty. */
typedef int fault_unused;
#endif
