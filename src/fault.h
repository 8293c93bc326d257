/*
 * fault.h - fault injection for tests, compiled only into the test build
 * (make build/fault/thread, with -DTHREAD_FAULTS): the ordinary program
 * has no such hook and reads no such variable.
 *
 * THREAD_FAULT=STEP:ACTION makes fault_at("STEP") act:
 *   fail  - return -1, as an I/O error would (the caller cleans up);
 *   kill  - the process dies at once, as in a power loss or kill -9;
 *   wait  - wait until the file named by THREAD_FAULT_GO exists (at most
 *           20 s), so a test can run something else at that moment.
 */
#ifndef THREAD_FAULT_H
#define THREAD_FAULT_H

#ifdef THREAD_FAULTS
int fault_at(const char *step);
#else
static inline int fault_at(const char *step)
{
	(void)step;
	return 0;
}
#endif

#endif
