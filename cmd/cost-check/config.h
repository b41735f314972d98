/* config: the YAML (or JSON) file of --config — fields, aliases, budgets and
 * the defaults of the report options — read into the same settings the
 * flags fill, which override it. */
#ifndef COST_CHECK_CONFIG_H
#define COST_CHECK_CONFIG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "money.h"

/* A money value from a flag ("500", "12.75"), 0 on success. */
int money_arg(const char *s, pico_t *v);
/* A money value from a JSON/YAML number or string, 0 on success. */
int money_json(const json_t *v, pico_t *out);

/* A yes/no setting: a YAML 1.2 boolean (true, false), or the words yes,
 * no, true, false as the flags take them (YAML 1.2 reads yes and no as
 * strings).  0 on success. */
int config_bool(const json_t *v, bool *out);

/* Read --config FILE; NULL with "file: what" in err.  The caller reads
 * the keys it knows with config_* below and config_unknown() names the
 * first key it does not. */
json_t *config_load(const char *path, char *err, size_t errlen);
const char *config_unknown(const json_t *cfg);

#endif
