/* Price tables (JSON or YAML) from arbitrary bytes, then name resolution
 * and the rates of a call: never a crash, never a negative rate. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cost.h"
#include "prices.h"
#include "yaml_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	json_t *j = yaml_json_text((const char *)data, size, "fuzz", err, sizeof err);
	if (!j)
		return 0;
	struct price_table pt;
	prices_init(&pt);
	if (prices_add_json(&pt, j, "fuzz", err, sizeof err) == 0) {
		prices_finish(&pt);
		for (size_t i = 0; i < pt.n; i++) {
			const struct price_model *m = &pt.models[i];
			const struct price_model *r = prices_resolve(&pt, "openai", m->key, strlen(m->key), NULL);
			if (!r)
				abort(); /* every key resolves, to itself or an alias of its spelling */
			if (!m->priced)
				continue;
			struct record rec = {.uncached = 1000, .cache_read = 10, .input_total = 1010, .output = 5};
			if (cost_of(m, &rec) < 0)
				abort();
		}
	}
	prices_free(&pt);
	return 0;
}
