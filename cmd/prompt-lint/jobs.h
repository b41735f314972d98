/* jobs: the files of a run linted on several threads.  Each job is
 * prepared on the main thread (config, rule set, budgets, tokenizer) and
 * read and linted on a worker; results land in the job, in file order,
 * so the output is the same whatever the number of threads. */
#ifndef PL_JOBS_H
#define PL_JOBS_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "lint.h"
#include "pfile.h"

struct job {
	const char *path;
	struct lint_opts o; /* o.tok is shared: each worker counts with a clone */
	struct ruleset rs;
	bool json; /* render the file's --format json object too */
	/* Result: pf, or err (malloc'd, "path: why; what to do"). */
	struct pfile *pf;
	char *err;
};

/* Lint jobs[0, n) on up to threads threads (1: on this one). */
void jobs_run(struct job *jobs, size_t n, int threads);

/* The default number of threads: the processors this process may use. */
int jobs_default_threads(void);

#endif
