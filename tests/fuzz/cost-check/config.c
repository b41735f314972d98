/* cost-check --config files (YAML or JSON): any bytes load or fail with a
 * message; the settings of a loaded config go through the same readers the
 * report uses (fields, budgets, yes/no, group_by) without crashing. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "../tempfile.h"
#include "cli.h"
#include "config.h"
#include "report_out.h"
#include "shape.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[1024] = "";
	json_t *cfg = config_load(fuzz_write("config.yaml", data, size), err, sizeof err);
	if (!cfg) {
		if (!err[0])
			abort();
		return 0;
	}
	if (!json_is_object(cfg))
		abort();
	(void)config_unknown(cfg);
	json_t *v = json_object_get(cfg, "fields");
	if (json_is_object(v)) {
		struct extractor x;
		extractor_init(&x);
		const char *k;
		json_t *p;
		json_object_foreach(v, k, p) {
			if (!json_is_string(p))
				continue;
			char *arg = xasprintf("%s=%s", k, json_string_value(p));
			(void)extractor_field(&x, arg, err, sizeof err);
			free(arg);
		}
		extractor_free(&x);
	}
	v = json_object_get(cfg, "budgets");
	pico_t money;
	(void)money_json(json_object_get(v, "daily"), &money);
	(void)money_json(json_object_get(v, "monthly"), &money);
	bool yes;
	(void)config_bool(json_object_get(cfg, "input_includes_cache"), &yes);
	v = json_object_get(cfg, "group_by");
	if (json_is_string(v))
		(void)group_by_parse(json_string_value(v));
	json_decref(cfg);
	return 0;
}
