/* run: price every line of a set of logs (or of one shard of them, see
 * shard.h), on --jobs threads.  A plain regular file is cut at line starts
 * into one range per thread; gzip files and stdin are read by one thread
 * each.  Every range has its own ledger, merged in file order at the end,
 * so the result is the same for any N.  Each log read is recorded as a
 * source: its size and the sha256 of the bytes read. */
#ifndef COST_CHECK_RUN_H
#define COST_CHECK_RUN_H

#include <stddef.h>

#include "ledger.h"
#include "report_out.h"
#include "scan.h"

/* 0 with *out and *src (sorted, see sources_sort) filled; -1 with
 * "path: reason" in err when a log cannot be read (nothing is reported
 * then).  shard_n 0: all of the logs. */
int run_logs(const struct scan_opts *o, char *const *files, int nfiles, int jobs, int shard_k, int shard_n,
	     struct ledger *out, struct source **src, size_t *nsrc, char *err, size_t errlen);
void sources_free(struct source *s, size_t n);

#endif
