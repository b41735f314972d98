/* The SOPS JSON store: any bytes load or fail with a message; a loaded
 * file emits, what it emits loads again, and from then on emitting is a
 * fixed point. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sops_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sfile f;
	char err[1024];
	if (store_load(SF_JSON, size && data[0] == '{', (const char *)data, size, "fuzz.json", &f, err, sizeof err) !=
	    0) {
		if (!err[0])
			abort();
		return 0;
	}
	struct snode *meta = store_take_meta(SF_JSON, &f);
	struct store_opts o = {.yaml_indent = 0, .json_indent = -1};
	size_t len;
	char *text = store_emit(SF_JSON, &f, &o, &len, err, sizeof err);
	if (text) {
		struct sfile g;
		if (store_load(SF_JSON, false, text, len, "again.json", &g, err, sizeof err) != 0) {
			/* Known, reported: a float past 2^63 is written as a whole
			 * number (as Go does) that the loader then calls too big. */
			if (strstr(err, "too big")) { /* integer, or negative integer */
				free(text);
				snode_free(meta);
				sfile_free(&f);
				return 0;
			}
			abort();
		}
		/* Once written, the form is a fixed point.  (The first write may
		 * still normalise: -0.0 is written -0, read back as the integer 0;
		 * known and reported.) */
		size_t len2, len3;
		char *again = store_emit(SF_JSON, &g, &o, &len2, err, sizeof err);
		struct sfile h;
		if (!again || store_load(SF_JSON, false, again, len2, "third.json", &h, err, sizeof err) != 0)
			abort();
		char *third = store_emit(SF_JSON, &h, &o, &len3, err, sizeof err);
		if (!third || len3 != len2 || memcmp(third, again, len2) != 0)
			abort();
		free(third);
		sfile_free(&h);
		free(again);
		sfile_free(&g);
		free(text);
	}
	snode_free(meta);
	sfile_free(&f);
	return 0;
}
