/* pricing_setup: the price options every subcommand shares (--prices,
 * --alias, --alias-file, --cache-price-fallback) and where the table comes
 * from when none is named: $COST_CHECK_PRICES, the copy `prices update`
 * downloaded, then the table installed with the tool. */
#ifndef COST_CHECK_PRICING_SETUP_H
#define COST_CHECK_PRICING_SETUP_H

#include <jansson.h>
#include <stdbool.h>

#include "cli.h"
#include "prices.h"

struct price_opts {
	const char **files;
	int nfiles;
	char **aliases; /* "NAME=PRICEKEY" */
	int naliases;
	const char *alias_file;
	json_t *config_aliases; /* object or NULL */
	bool fallback_zero;
	bool keep_json;
};

/* The rows of --prices and --alias (PRICE_OPTS: report, estimate, prices
 * show) and of --cache-price-fallback (PRICE_FALLBACK_OPT: report, prices
 * show) bind to price_args; price_opts_init() reads them into a struct
 * price_opts once parsing is over. */
struct price_args {
	struct cli_list files, aliases;
	const char *fallback;
};
extern struct price_args price_args;

#define PRICE_OPTS                                                                          \
	OPT_LIST("prices", 0, &price_args.files, "FILE",                                    \
		 "LiteLLM-format price table (JSON or YAML); repeatable, later files win"), \
		OPT_LIST("alias", 0, &price_args.aliases, "NAME=KEY", "price NAME as the entry KEY (repeatable)")
#define PRICE_FALLBACK_OPT                                                        \
	OPT_STRING("cache-price-fallback", 0, &price_args.fallback, "input|zero", \
		   "price of cache tokens when an entry has none (default input)")

/* po from price_args; a usage error (exit 2) for a fallback that is not
 * input or zero. */
void price_opts_init(struct price_opts *po);
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
