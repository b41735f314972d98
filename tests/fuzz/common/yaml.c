/* The common YAML layer on its own: any bytes load or fail cleanly (alias
 * bombs refused within the bounds), a loaded stream emits, the emitted text
 * loads again to the same number of documents, and every node converts to
 * JSON. */
#include <stdint.h>
#include <stdio.h>
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
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	if (!fp)
		abort();
	int rc = yaml_emit(fp, yf, 2);
	fclose(fp);
	if (rc == 0) {
		struct yfile *again;
		/* What we write we read: the same documents. */
		if (yaml_load(text, len, &again, &err) != 0) {
			fprintf(stderr, "emitted YAML does not load: %d:%d: %s\n%s\n", err.line, err.col,
				err.msg, text);
			abort();
		}
		if (again->ndocs != yf->ndocs)
			abort();
		yfile_free(again);
	}
	free(text);
	yfile_free(yf);
	return 0;
}
