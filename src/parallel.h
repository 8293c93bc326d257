/*
 * parallel.h - do the same work on items 0..n-1 on several threads and
 * take the results on the calling thread in item order, so that what is
 * printed does not depend on which thread finished first.
 *
 * At most a few results per thread wait to be taken, so memory does not
 * grow with n.  The work function runs on the worker threads: it must
 * not print (leave messages in its result for the caller to print) and
 * may use only what is safe to share.  With one job there are no threads
 * and the work is done inside parallel_next().
 */
#ifndef THREAD_PARALLEL_H
#define THREAD_PARALLEL_H

#include <stddef.h>

typedef void *parallel_work_fn(void *data, size_t i);
/* Free a result that was never taken (parallel_finish before the end). */
typedef void parallel_drop_fn(void *data, void *result);

struct parallel;

/* Start on items 0..n-1 with `jobs` threads (parallel_jobs()). */
struct parallel *parallel_start(size_t n, int jobs, parallel_work_fn *work,
				parallel_drop_fn *drop, void *data);
/* The result of the next item in order: item 0, then 1, ...; call it at
 * most n times. */
void *parallel_next(struct parallel *p);
/* Stop, drop what was not taken and wait for the threads.  NULL is fine. */
void parallel_finish(struct parallel *p);

/*
 * How many threads to use: `asked` when positive (an option such as
 * lint -j), else THREAD_JOBS from the environment, else the number of
 * online CPUs.  -1 (printed) when THREAD_JOBS is not a positive number.
 */
int parallel_jobs(int asked);

#endif
