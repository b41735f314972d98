/* run: see run.h. */
#include "run.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "input.h"

/* Below this a file is not worth cutting up. */
#define MIN_SPLIT (4 << 20)

struct task {
	const char *path;
	int file;
	off_t start, end;
	struct ledger led;
	int failed;
	char err[512];
};

struct pool {
	const struct scan_opts *o;
	struct task *t;
	size_t n;
	atomic_size_t next;
};

static void run_task(struct scanner *sc, struct task *t)
{
	struct input *in = input_open(t->path, t->start, t->end, t->err, sizeof t->err);
	if (!in) {
		t->failed = 1;
		return;
	}
	sc->led = &t->led;
	sc->file = strcmp(t->path, "-") == 0 ? "<stdin>" : t->path;
	char *line;
	size_t len;
	uint64_t lineno = 0;
	int r;
	while ((r = input_line(in, &line, &len, t->err, sizeof t->err)) > 0)
		scan_line(sc, line, len, ++lineno);
	if (r < 0)
		t->failed = 1;
	input_close(in);
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	struct scanner sc;
	scanner_init(&sc, p->o);
	for (;;) {
		size_t i = atomic_fetch_add(&p->next, 1);
		if (i >= p->n)
			break;
		run_task(&sc, &p->t[i]);
	}
	scanner_free(&sc);
	return NULL;
}

int run_logs(const struct scan_opts *o, char *const *files, int nfiles, int jobs, struct ledger *out,
	     char *err, size_t errlen)
{
	struct pool p = {.o = o};
	size_t cap = 0;
	off_t *bounds = xmalloc(((size_t)jobs + 1) * sizeof *bounds);
	for (int f = 0; f < nfiles; f++) {
		off_t size;
		int k = 1;
		bounds[0] = 0;
		bounds[1] = -1;
		if (jobs > 1 && input_splittable(files[f], &size) && size >= MIN_SPLIT) {
			k = input_split(files[f], size, jobs, bounds);
			if (k < 1) {
				k = 1;
				bounds[1] = -1;
			}
		}
		for (int i = 0; i < k; i++) {
			if (p.n == cap) {
				cap = cap ? 2 * cap : 16;
				p.t = xrealloc(p.t, cap * sizeof *p.t);
			}
			struct task *t = &p.t[p.n++];
			memset(t, 0, sizeof *t);
			t->path = files[f];
			t->file = f;
			t->start = bounds[i];
			t->end = bounds[i + 1];
			ledger_init(&t->led);
		}
	}
	free(bounds);
	atomic_init(&p.next, 0);
	int nthreads = jobs < (int)p.n ? jobs : (int)p.n;
	if (nthreads <= 1) {
		worker(&p);
	} else {
		pthread_t *th = xmalloc((size_t)nthreads * sizeof *th);
		for (int i = 0; i < nthreads; i++)
			if (pthread_create(&th[i], NULL, worker, &p) != 0)
				die(EXIT_ENV, "cannot start a thread");
		for (int i = 0; i < nthreads; i++)
			pthread_join(th[i], NULL);
		free(th);
	}
	ledger_init(out);
	int rc = 0;
	uint64_t offset = 0;
	for (size_t i = 0; i < p.n; i++) {
		struct task *t = &p.t[i];
		if (i == 0 || t->file != p.t[i - 1].file)
			offset = 0;
		if (t->failed && !rc) {
			snprintf(err, errlen, "%s", t->err);
			rc = -1;
		}
		ledger_merge(out, &t->led, offset);
		offset += t->led.physical;
		ledger_free(&t->led);
	}
	free(p.t);
	return rc;
}
