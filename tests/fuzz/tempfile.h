/* For targets whose parser reads a named file: the input is written to one
 * temporary file per process, reused for every run. */
#ifndef FUZZ_TEMPFILE_H
#define FUZZ_TEMPFILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* A private folder (made once) and the path of name inside it. */
static const char *fuzz_dir(void)
{
	static char dir[] = "/tmp/agentci-fuzz-XXXXXX";
	static int made;
	if (!made) {
		if (!mkdtemp(dir))
			abort();
		made = 1;
	}
	return dir;
}

/* Write data to dir/name; the path (static storage, one per name slot). */
static const char *fuzz_write(const char *name, const uint8_t *data, size_t size)
{
	static char path[4][4096];
	static int next;
	char *p = path[next++ % 4];
	snprintf(p, sizeof path[0], "%s/%s", fuzz_dir(), name);
	FILE *fp = fopen(p, "wb");
	if (!fp || (size && fwrite(data, 1, size, fp) != size) || fclose(fp) != 0)
		abort();
	return p;
}

#endif
