/* config: the --config file and the amounts and yes/no values of flags and config. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "yaml_json.h"

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

int config_bool(const json_t *v, bool *out)
{
	const char *s = json_string_value(v);
	if (json_is_boolean(v))
		*out = json_is_true(v);
	else if (s && (strcmp(s, "yes") == 0 || strcmp(s, "true") == 0))
		*out = true;
	else if (s && (strcmp(s, "no") == 0 || strcmp(s, "false") == 0))
		*out = false;
	else
		return -1;
	return 0;
}

json_t *config_load(const char *path, char *err, size_t errlen)
{
	json_t *cfg = yaml_json_file(path, err, errlen);
	if (cfg && !json_is_object(cfg)) {
		snprintf(err, errlen, "%s: the config is a mapping of settings (fields, aliases, budgets, ...)", path);
		json_decref(cfg);
		return NULL;
	}
	return cfg;
}

const char *config_unknown(const json_t *cfg)
{
	static const char *const known[] = {"prices",
					    "shape",
					    "fields",
					    "aliases",
					    "budgets",
					    "group_by",
					    "input_includes_cache",
					    "otel_input_excludes_cache",
					    "cache_price_fallback",
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
