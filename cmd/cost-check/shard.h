/* shard: which bytes of which logs one report reads.  Without --shard,
 * every log whole, in the order named.  With --shard K/N, the logs sorted
 * by path are one stream of bytes cut into N slices of about equal size,
 * each cut moved forward to the next line start (or, in a gzip file, to
 * the end of the file): the same command line with K = 1..N reads every
 * line exactly once. */
#ifndef COST_CHECK_SHARD_H
#define COST_CHECK_SHARD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct piece {
	const char *path;
	off_t start, end; /* end -1: to the end (stdin, a whole log) */
	off_t size; /* the file's size; -1 for stdin */
	bool whole;
};

/* The pieces of shard k of n (n 0: all of the logs).  0 with *out
 * malloc'd, -1 with "path: reason" in err. */
int shard_plan(char *const *files, int nfiles, int k, int n, struct piece **out, size_t *np, char *err, size_t errlen);

#endif
