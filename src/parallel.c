#include "parallel.h"
#include "util.h"

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_JOBS = 64, AHEAD = 4 };   /* results waiting, per thread */

struct slot {
	void *result;
	int ready;
};

struct parallel {
	pthread_mutex_t lock;
	pthread_cond_t ready;    /* a result was stored */
	pthread_cond_t room;     /* a result was taken, or stop */
	size_t n, claimed, taken, window;
	struct slot *slots;      /* item i's result waits in slots[i % window] */
	int stop;
	parallel_work_fn *work;
	parallel_drop_fn *drop;
	void *data;
	pthread_t *threads;
	int nthreads;
};

/* The next item to work on, or 0 when there is none left (or stop). */
static int claim(struct parallel *p, size_t *i)
{
	int got = 0;

	pthread_mutex_lock(&p->lock);
	while (!p->stop && p->claimed < p->n &&
	       p->claimed >= p->taken + p->window)
		pthread_cond_wait(&p->room, &p->lock);
	if (!p->stop && p->claimed < p->n) {
		*i = p->claimed++;
		got = 1;
	}
	pthread_mutex_unlock(&p->lock);
	return got;
}

static void *worker(void *arg)
{
	struct parallel *p = arg;
	size_t i;

	while (claim(p, &i)) {
		void *r = p->work(p->data, i);
		pthread_mutex_lock(&p->lock);
		p->slots[i % p->window].result = r;
		p->slots[i % p->window].ready = 1;
		pthread_cond_broadcast(&p->ready);
		pthread_mutex_unlock(&p->lock);
	}
	return NULL;
}

/*
 * Each item (a person file) is read, parsed and freed in turn.  glibc
 * gives the top of the heap back to the kernel as soon as 128 KiB of it
 * are free, and takes it back for the next file: a tenth of lint's time
 * went to those page faults.  Keep up to HEAP_KEEP instead.
 */
enum { HEAP_KEEP = 8 * 1024 * 1024 };

static void keep_heap(void)
{
#ifdef M_TRIM_THRESHOLD
	mallopt(M_TRIM_THRESHOLD, HEAP_KEEP);
#endif
}

struct parallel *parallel_start(size_t n, int jobs, parallel_work_fn *work,
				parallel_drop_fn *drop, void *data)
{
	struct parallel *p = xcalloc(1, sizeof(*p));
	int i, err;

	keep_heap();
	p->n = n;
	p->work = work;
	p->drop = drop;
	p->data = data;
	if (jobs > MAX_JOBS)
		jobs = MAX_JOBS;
	if ((size_t)jobs > n)
		jobs = (int)n;
	if (jobs <= 1)
		return p;        /* parallel_next does the work */
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->ready, NULL);
	pthread_cond_init(&p->room, NULL);
	p->window = (size_t)jobs * AHEAD;
	p->slots = xcalloc(p->window, sizeof(*p->slots));
	p->threads = xcalloc((size_t)jobs, sizeof(*p->threads));
	for (i = 0; i < jobs; i++) {
		err = pthread_create(&p->threads[i], NULL, worker, p);
		if (err) {
			/* fewer threads still do all the work */
			if (!i)
				die("cannot start a thread: %s", strerror(err));
			break;
		}
		p->nthreads++;
	}
	return p;
}

void *parallel_next(struct parallel *p)
{
	struct slot *s;
	void *r;

	if (!p->nthreads)
		return p->work(p->data, p->taken++);
	s = &p->slots[p->taken % p->window];
	pthread_mutex_lock(&p->lock);
	while (!s->ready)
		pthread_cond_wait(&p->ready, &p->lock);
	r = s->result;
	s->ready = 0;
	s->result = NULL;
	p->taken++;
	pthread_cond_broadcast(&p->room);
	pthread_mutex_unlock(&p->lock);
	return r;
}

void parallel_finish(struct parallel *p)
{
	size_t i;
	int t;

	if (!p)
		return;
	if (p->nthreads) {
		pthread_mutex_lock(&p->lock);
		p->stop = 1;
		pthread_cond_broadcast(&p->room);
		pthread_mutex_unlock(&p->lock);
		for (t = 0; t < p->nthreads; t++)
			pthread_join(p->threads[t], NULL);
		for (i = 0; i < p->window; i++)
			if (p->slots[i].ready && p->drop)
				p->drop(p->data, p->slots[i].result);
		pthread_mutex_destroy(&p->lock);
		pthread_cond_destroy(&p->ready);
		pthread_cond_destroy(&p->room);
	}
	free(p->slots);
	free(p->threads);
	free(p);
}

int parallel_jobs(int asked)
{
	const char *env = getenv("THREAD_JOBS");
	long n;
	char *end;

	if (asked > 0)
		return asked;
	if (env && *env) {
		errno = 0;
		n = strtol(env, &end, 10);
		if (*end || n < 1 || errno)
			return error("THREAD_JOBS='%s' is not a number of threads; set it to 1 or more, or unset it",
				     env);
		return n > MAX_JOBS ? MAX_JOBS : (int)n;
	}
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (int)n;
}
