/* libFuzzer target: the dotenv reader, its sops_* metadata unflattening
 * and the writer. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "dotenv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sfile f;
	char err[1024];
	if (dotenv_load((const char *)data, size, "fuzz", &f, err, sizeof err) != 0)
		return 0;
	struct snode *meta = dotenv_meta_unflatten(f.docs[0]);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	if (fp) {
		dotenv_emit(fp, f.docs[0], err, sizeof err);
		if (meta)
			dotenv_meta_flatten(f.docs[0], meta);
		fclose(fp);
	}
	free(buf);
	snode_free(meta);
	sfile_free(&f);
	return 0;
}
