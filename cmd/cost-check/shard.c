/* shard: the byte ranges of the logs one report (or one shard of them) reads. */
#include "shard.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "input.h"

struct file {
	const char *path;
	off_t size, at; /* at: its first byte in the stream */
	bool plain; /* can be cut at a line start */
};

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct file *)a)->path, ((const struct file *)b)->path);
}

/* Where the cut nearest after stream offset p lands. */
static off_t cut(const struct file *f, int nf, off_t p, off_t total)
{
	for (int i = 0; i < nf; i++) {
		if (p >= f[i].at + f[i].size)
			continue;
		if (p <= f[i].at)
			return f[i].at;
		if (!f[i].plain)
			return f[i].at + f[i].size;
		off_t q = input_line_start(f[i].path, p - f[i].at, f[i].size);
		return q < 0 ? -1 : f[i].at + q;
	}
	return total;
}

int shard_plan(char *const *files, int nfiles, int k, int n, struct piece **out, size_t *np, char *err, size_t errlen)
{
	struct piece *pc = xcalloc((size_t)nfiles + 1, sizeof *pc);
	*out = pc;
	*np = 0;
	if (!n) {
		for (int i = 0; i < nfiles; i++) {
			struct stat st;
			bool in = strcmp(files[i], "-") == 0;
			pc[i] = (struct piece){.path = files[i],
					       .start = 0,
					       .end = -1,
					       .whole = true,
					       .size = !in && stat(files[i], &st) == 0 ? st.st_size : -1};
		}
		*np = (size_t)nfiles;
		return 0;
	}
	struct file *f = xcalloc((size_t)nfiles, sizeof *f);
	off_t total = 0;
	int rc = -1;
	for (int i = 0; i < nfiles; i++) {
		struct stat st;
		if (strcmp(files[i], "-") == 0) {
			snprintf(err, errlen,
				 "-: --shard slices named log files; stdin cannot be sliced the same way twice");
			goto out;
		}
		if (stat(files[i], &st) != 0) {
			snprintf(err, errlen, "%s: %s", files[i], strerror(errno));
			goto out;
		}
		if (!S_ISREG(st.st_mode)) {
			snprintf(err, errlen, "%s: not a regular file; --shard slices regular log files", files[i]);
			goto out;
		}
		off_t sz;
		f[i] = (struct file){.path = files[i], .size = st.st_size, .plain = input_splittable(files[i], &sz)};
	}
	qsort(f, (size_t)nfiles, sizeof *f, by_path);
	for (int i = 0; i < nfiles; i++) {
		f[i].at = total;
		total += f[i].size;
	}
	/* Shard k reads the stream's [lo, hi); a cut never moves back. */
	off_t lo = 0, hi = 0;
	for (int j = 1; j <= k; j++) {
		off_t c = j == n ? total : cut(f, nfiles, total / n * j + total % n * j / n, total);
		if (c < 0) {
			snprintf(err, errlen, "cannot read a log to find a line start: %s", strerror(errno));
			goto out;
		}
		lo = hi;
		hi = c > hi ? c : hi;
	}
	for (int i = 0; i < nfiles; i++) {
		off_t s = lo > f[i].at ? lo : f[i].at, e = hi < f[i].at + f[i].size ? hi : f[i].at + f[i].size;
		if (s >= e)
			continue;
		pc[(*np)++] = (struct piece){.path = f[i].path,
					     .start = s - f[i].at,
					     .end = e - f[i].at,
					     .size = f[i].size,
					     .whole = s == f[i].at && e == f[i].at + f[i].size};
	}
	rc = 0;
out:
	free(f);
	return rc;
}
