/* config: see config.h. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "yamljson.h"

int money_arg(const char *s, pico_t *v)
{
	return usd_parse(s, v) ? 0 : -1;
}

int money_json(const json_t *v, pico_t *out)
{
	if (json_is_string(v))
		return money_arg(json_string_value(v), out);
	if (!json_is_number(v))
		return -1;
	double d = json_number_value(v);
	if (!isfinite(d) || d < 0 || d > 1e15)
		return -1;
	/* Budgets are written with a few decimals: 12 places are exact. */
	char buf[64];
	snprintf(buf, sizeof buf, "%.12f", d);
	return money_arg(buf, out);
}

json_t *config_load(const char *path, char *err, size_t errlen)
{
	json_t *cfg = file_to_json(path, err, errlen);
	if (cfg && !json_is_object(cfg)) {
		snprintf(err, errlen, "%s: the config is a mapping of settings (fields, aliases, budgets, ...)", path);
		json_decref(cfg);
		return NULL;
	}
	return cfg;
}

const char *config_unknown(const json_t *cfg)
{
	static const char *const known[] = {"prices", "shape", "fields", "aliases", "budgets", "group_by",
					    "input_includes_cache", "otel_input_excludes_cache", "cache_price_fallback",
					    "jobs"};
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)cfg, k, v) {
		bool ok = false;
		for (size_t i = 0; i < sizeof known / sizeof *known; i++)
			ok |= strcmp(k, known[i]) == 0;
		if (!ok)
			return k;
	}
	return NULL;
}
