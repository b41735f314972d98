/* libFuzzer target: the sops metadata reader, on YAML documents whose
 * `sops` key holds arbitrary data. */
#include <stddef.h>
#include <stdint.h>

#include "sops_meta.h"
#include "sops_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sfile f;
	char err[1024];
	if (store_load(SF_YAML, true, (const char *)data, size, "fuzz", &f, err, sizeof err) != 0)
		return 0;
	struct snode *meta = store_take_meta(SF_YAML, &f);
	if (meta) {
		struct sops_meta m;
		if (sops_meta_read(meta, &m, err, sizeof err) == 0) {
			struct snode *back = sops_meta_node(&m);
			snode_free(back);
			sops_meta_free(&m);
		}
		snode_free(meta);
	}
	sfile_free(&f);
	return 0;
}
