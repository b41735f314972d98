/* run: price every line of a set of logs, on --jobs threads.  A plain
 * regular file is cut at line starts into one range per thread; gzip files
 * and stdin are read by one thread each.  Every range has its own ledger,
 * merged in file order at the end, so the result is the same for any N. */
#ifndef COST_CHECK_RUN_H
#define COST_CHECK_RUN_H

#include <stddef.h>

#include "ledger.h"
#include "scan.h"

/* 0 with *out filled (initialised here); -1 with "path: reason" in err when
 * a log cannot be read (nothing is reported then). */
int run_logs(const struct scan_opts *o, char *const *files, int nfiles, int jobs, struct ledger *out,
	     char *err, size_t errlen);

#endif
