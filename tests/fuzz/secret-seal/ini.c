/* libFuzzer target: the INI reader, its [sops] metadata unflattening and
 * the writer, whose output is read again.  (Like go-ini's, the writer
 * does not protect every value a reader can produce, e.g. one ending in
 * a backslash, so a round trip is exercised, not asserted.) */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ini.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sfile f;
	char err[1024];
	if (ini_load((const char *)data, size, "fuzz", &f, err, sizeof err) != 0)
		return 0;
	struct snode *meta = ini_meta_take(f.docs[0]);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	if (fp) {
		if (meta)
			ini_meta_put(f.docs[0], meta);
		int rc = ini_emit(fp, f.docs[0], err, sizeof err);
		fclose(fp);
		struct sfile again;
		if (rc == 0 && ini_load(buf, len, "again", &again, err, sizeof err) == 0)
			sfile_free(&again);
	}
	free(buf);
	snode_free(meta);
	sfile_free(&f);
	return 0;
}
