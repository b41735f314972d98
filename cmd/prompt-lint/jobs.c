/* jobs: the worker threads that read and lint the prepared files. */
#include "jobs.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>

#include "cli.h"
#include "fs.h"
#include "report.h"
#include "tokenizer.h"

#define MAX_THREADS 64
#define MAX_ENCODINGS 8 /* tokenizers one worker clones */

struct pool {
	struct job *jobs;
	size_t n;
	size_t next; /* the next job to take, shared by the workers */
};

/* A worker's own tokenizers, one clone per shared one it met. */
struct clones {
	const struct tokenizer *from[MAX_ENCODINGS];
	struct tokenizer *to[MAX_ENCODINGS];
	size_t n;
};

static struct tokenizer *own(struct clones *c, struct tokenizer *t, bool shared)
{
	if (!t || !shared)
		return t;
	for (size_t i = 0; i < c->n; i++)
		if (c->from[i] == t)
			return c->to[i];
	if (c->n == MAX_ENCODINGS)
		die(EXIT_ENV, "more than %d encodings in one run", MAX_ENCODINGS);
	c->from[c->n] = t;
	return c->to[c->n++] = tok_clone(t);
}

static void run_one(struct job *j, struct clones *c, bool shared)
{
	char *buf, err[600];
	size_t len;
	if (fs_read_all(j->path, (size_t)64 << 20, &buf, &len, err, sizeof err) != 0) {
		j->err = xasprintf("%s; %s", err,
				   errno == EFBIG ? "a prompt template is never that large: is it the right file?"
						  : "check the path and its permissions");
		return;
	}
	struct lint_opts o = j->o;
	o.tok = own(c, o.tok, shared);
	struct pfile *pf = xmalloc(sizeof *pf);
	pf_init(pf, j->path, buf, len);
	lint_file(pf, &o);
	lint_apply_rules(pf, &j->rs);
	/* 10,000 files stay cheap: keep only what the reports need. */
	pf_compact(pf);
	free(buf);
	if (j->json) {
		report_sort(pf);
		pf->json = report_json_file(pf);
	}
	j->pf = pf;
}

static void drain(struct pool *p, bool shared)
{
	struct clones c = {0};
	for (;;) {
		size_t i = __atomic_fetch_add(&p->next, 1, __ATOMIC_RELAXED);
		if (i >= p->n)
			break;
		run_one(&p->jobs[i], &c, shared);
	}
	for (size_t i = 0; i < c.n; i++)
		tok_free(c.to[i]);
}

static void *worker(void *arg)
{
	drain(arg, true);
	return NULL;
}

void jobs_run(struct job *jobs, size_t n, int threads)
{
	struct pool p = {.jobs = jobs, .n = n};
	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	if ((size_t)threads > n)
		threads = (int)n;
	if (threads <= 1) {
		drain(&p, false);
		return;
	}
	pthread_t tid[MAX_THREADS];
	int started = 0;
	for (; started < threads; started++)
		if (pthread_create(&tid[started], NULL, worker, &p) != 0)
			break; /* the threads there are take all the jobs */
	if (started == 0)
		drain(&p, false);
	for (int i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
}

int jobs_default_threads(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		return CPU_COUNT(&set);
	return 1;
}
