/* pricing_setup: the price options every subcommand shares (--prices,
 * --alias, --alias-file, --cache-price-fallback) and where the table comes
 * from when none is named: $COST_CHECK_PRICES, the copy `prices update`
 * downloaded, then the table installed with the tool. */
#ifndef COST_CHECK_PRICING_SETUP_H
#define COST_CHECK_PRICING_SETUP_H

#include <jansson.h>
#include <stdbool.h>

#include "prices.h"

struct price_opts {
	const char **files;
	int nfiles;
	char **aliases;              /* "NAME=PRICEKEY" */
	int naliases;
	const char *alias_file;
	json_t *config_aliases;      /* object or NULL */
	bool fallback_zero;
	bool keep_json;
};

void price_opts_add_file(struct price_opts *po, const char *path);
void price_opts_add_alias(struct price_opts *po, const char *arg);
/* The cache file `prices update` writes (malloc'd). */
char *prices_cache_path(void);
/* The default table's path (malloc'd), or NULL when none is found. */
char *prices_default_path(void);
/* Load and index the table; exits 3 (input) or 2 (a bad --alias) on error. */
void price_setup(struct price_table *pt, const struct price_opts *po);
void price_opts_free(struct price_opts *po);

#endif
