/* The common YAML layer on its own: any bytes load or fail cleanly (alias
 * bombs refused within the bounds), and every node converts to JSON. */
#include <stdint.h>
#include <stdlib.h>

#include "yaml.h"
#include "yaml_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yfile *yf;
	struct yerror err;
	if (yaml_load((const char *)data, size, &yf, &err) != 0) {
		if (err.line < 0 || err.col < 0)
			abort();
		return 0;
	}
	for (size_t i = 0; i < yf->ndocs; i++) {
		json_t *j = ynode_to_json(yf->docs[i].root);
		json_decref(j);
	}
	yfile_free(yf);
	return 0;
}
