/* common/yaml_json's loaders on any bytes: a stream loads or fails with a
 * "name:line:col: what" error and nothing left allocated; the first
 * document alone loads exactly when the stream does; the JSON-or-YAML
 * reader fails cleanly too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "yaml_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_error(const char *err)
{
	if (strncmp(err, "fuzz:", 5) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char err[512];
	struct yaml_json_docs d;
	int rc = yaml_json_stream(s, size, "fuzz", &d, err, sizeof err);
	if (rc != 0) {
		check_error(err);
		if (d.n || d.docs || d.lines)
			abort();
	} else {
		for (size_t i = 0; i < d.n; i++)
			if (!d.docs[i] || d.lines[i] < 1 || (i && d.lines[i] < d.lines[i - 1]))
				abort();
		yaml_json_docs_free(&d);
	}
	json_t *j = yaml_json_doc(s, size, "fuzz", err, sizeof err);
	if ((j != NULL) != (rc == 0))
		abort();
	if (!j)
		check_error(err);
	json_decref(j);
	j = yaml_json_text(s, size, "fuzz", err, sizeof err);
	if (!j)
		check_error(err);
	json_decref(j);
	return 0;
}
