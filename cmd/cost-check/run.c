/* run: the logs priced on --jobs threads, the ledgers added up in order. */
#include "run.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "digest.h"
#include "input.h"
#include "shard.h"
#include "vec.h"

/* Below this a range is not worth cutting up. */
#define MIN_SPLIT (4 << 20)

struct task {
	const struct piece *pc;
	size_t piece;
	off_t start, end;
	bool hash_only; /* the sha256 of a piece read by several tasks */
	bool hash; /* this task reads its whole piece: hash as it reads */
	struct ledger led;
	char sha256[65];
	uint64_t nread;
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
	if (t->hash_only) {
		t->failed = digest_range(t->pc->path, t->start, t->end, t->sha256, t->err, sizeof t->err) < 0;
		return;
	}
	struct input *in = input_open(t->pc->path, t->start, t->end, t->hash, t->err, sizeof t->err);
	if (!in) {
		t->failed = 1;
		return;
	}
	sc->led = &t->led;
	sc->file = strcmp(t->pc->path, "-") == 0 ? "<stdin>" : t->pc->path;
	char *line;
	size_t len;
	uint64_t lineno = 0;
	int r;
	while ((r = input_line(in, &line, &len, t->err, sizeof t->err)) > 0) {
		if (r == 2)
			scan_too_long(sc, len, ++lineno);
		else
			scan_line(sc, line, len, ++lineno);
	}
	if (r < 0)
		t->failed = 1;
	else if (t->hash)
		input_digest(in, t->sha256, &t->nread);
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

static struct task *add_task(struct pool *p, size_t *cap)
{
	VEC_RESERVE(p->t, *cap, p->n + 1);
	struct task *t = &p->t[p->n++];
	memset(t, 0, sizeof *t);
	ledger_init(&t->led);
	return t;
}

/* The tasks of one piece: one that reads and hashes it, or (a big plain
 * range and several threads) one per line-aligned range and one that
 * hashes the whole. */
static void plan_piece(struct pool *p, size_t *cap, const struct piece *pc, size_t i, int jobs, off_t *bounds)
{
	off_t size, end = pc->end >= 0 ? pc->end : pc->size;
	int k = 1;
	if (jobs > 1 && input_splittable(pc->path, &size) && end - pc->start >= MIN_SPLIT)
		k = input_split(pc->path, pc->start, end, jobs, bounds);
	if (k <= 1) {
		struct task *t = add_task(p, cap);
		*t = (struct task){
			.pc = pc, .piece = i, .start = pc->start, .end = pc->end, .hash = true, .led = t->led};
		return;
	}
	struct task *h = add_task(p, cap);
	*h = (struct task){.pc = pc, .piece = i, .start = pc->start, .end = end, .hash_only = true, .led = h->led};
	for (int j = 0; j < k; j++) {
		struct task *t = add_task(p, cap);
		*t = (struct task){.pc = pc, .piece = i, .start = bounds[j], .end = bounds[j + 1], .led = t->led};
	}
}

/* The physical lines of a piece's file before its first byte, for the
 * line numbers of its examples; counted only when there are some. */
static uint64_t lines_before(const struct piece *pc, const struct task *t, size_t n)
{
	bool examples = false;
	for (size_t i = 0; i < n && t[i].pc == pc; i++)
		examples |= t[i].led.nsamples || t[i].led.unpriced_first.n;
	if (pc->start <= 0 || !examples)
		return 0;
	int64_t lines = input_count_lines(pc->path, pc->start);
	return lines > 0 ? (uint64_t)lines : 0;
}

int run_logs(const struct scan_opts *o, char *const *files, int nfiles, int jobs, int shard_k, int shard_n,
	     struct ledger *out, struct source **src, size_t *nsrc, char *err, size_t errlen)
{
	struct piece *pcs;
	size_t npc;
	ledger_init(out);
	*src = NULL;
	*nsrc = 0;
	if (shard_plan(files, nfiles, shard_k, shard_n, &pcs, &npc, err, errlen) < 0) {
		free(pcs);
		return -1;
	}
	struct pool p = {.o = o};
	size_t cap = 0;
	off_t *bounds = xmalloc(((size_t)jobs + 1) * sizeof *bounds);
	for (size_t i = 0; i < npc; i++)
		plan_piece(&p, &cap, &pcs[i], i, jobs, bounds);
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
	struct source *s = xcalloc(npc + 1, sizeof *s);
	int rc = 0;
	uint64_t offset = 0;
	for (size_t i = 0; i < p.n; i++) {
		struct task *t = &p.t[i];
		const struct piece *pc = t->pc;
		struct source *so = &s[t->piece];
		if (t->failed && !rc) {
			snprintf(err, errlen, "%s", t->err);
			rc = -1;
		}
		if (i == 0 || t->piece != p.t[i - 1].piece) {
			offset = lines_before(pc, &p.t[i], p.n - i);
			so->path = xstrdup(pc->path);
			so->whole = pc->whole;
			so->start = pc->start;
			so->shard_k = shard_k;
			so->shard_n = shard_n;
		}
		if (t->hash_only || t->hash)
			memcpy(so->sha256, t->sha256, sizeof so->sha256);
		if (t->hash) {
			/* Read to the end: the bytes read are the file (it may have
			 * grown since it was planned). */
			so->size = pc->end >= 0 ? (uint64_t)pc->size : t->nread;
			so->end = pc->end >= 0 ? pc->end : (int64_t)so->size;
		} else if (t->hash_only) {
			so->size = (uint64_t)pc->size;
			so->end = t->end;
		}
		if (t->hash_only) {
			ledger_free(&t->led);
			continue;
		}
		ledger_merge(out, &t->led, offset);
		offset += t->led.physical;
		ledger_free(&t->led);
	}
	free(p.t);
	free(pcs);
	sources_sort(s, npc);
	*src = s;
	*nsrc = npc;
	return rc;
}

void sources_free(struct source *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i].path);
	free(s);
}
