/* prices: LiteLLM-format price tables (JSON, or the same shape in YAML),
 * read into exact per-token rates, and the model-name resolution of rule
 * P7 (the P rules are cost-check(1)'s PRICING RULES).  Once loaded a
 * table is read-only, so --jobs threads share it. */
#ifndef COST_CHECK_PRICES_H
#define COST_CHECK_PRICES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "money.h"
#include "strmap.h"

/* Service tiers with their own rates (rule P3); batch is the Batch API. */
enum tier { TIER_DEFAULT, TIER_PRIORITY, TIER_FLEX, TIER_BATCH, NTIERS };
extern const char *const tier_names[NTIERS];

/* Pico-dollars per token, fallbacks of rule P2 already applied. */
struct rates {
	int64_t in, cache_read, cache_write, cache_write_1h, out, reasoning;
};

#define MAX_LONG_CTX 4

struct price_model {
	char *key;
	char *provider; /* litellm_provider, "" when absent */
	bool priced; /* has a per-token input price */
	struct rates base[NTIERS];
	int nlong; /* long-context thresholds, largest first */
	struct {
		int64_t above; /* whole input strictly above this many tokens */
		struct rates r[NTIERS];
	} lc[MAX_LONG_CTX];
};

struct price_file {
	char *path;
	char sha256[65];
};

struct price_table {
	json_t *root; /* merged entries, later files override */
	struct price_model *models;
	size_t n;
	struct strmap exact; /* key -> struct price_model * */
	struct strmap folded; /* lowercase key -> model, or &ambiguous */
	struct strmap providers; /* known provider prefixes */
	struct strmap aliases; /* NAME -> struct price_model * */
	struct price_file *files;
	size_t nfiles;
	bool cache_fallback_zero; /* --cache-price-fallback zero */
	bool keep_json; /* keep root after prices_finish (prices show) */
};

void prices_init(struct price_table *pt);
/* Add one file (JSON or YAML by content); its entries replace earlier ones.
 * -1 with "path: what is wrong" in err. */
int prices_add_file(struct price_table *pt, const char *path, char *err, size_t errlen);
/* Add entries from a parsed object (takes a reference). */
int prices_add_json(struct price_table *pt, json_t *obj, const char *name, char *err, size_t errlen);
/* Build rates and indexes; call once after the last file.  Frees the
 * merged JSON unless keep_json: a big table's tree is most of our memory. */
void prices_finish(struct price_table *pt);
/* --alias NAME=PRICEKEY; -1 when PRICEKEY is not an entry. */
int prices_alias(struct price_table *pt, const char *name, const char *key);
void prices_free(struct price_table *pt);

/* Rule P7: alias, then provider/name, name, name without a known provider
 * prefix; then those three case-insensitively when exactly one key matches.
 * how (may be NULL) gets a short description of the step that matched. */
const struct price_model *prices_resolve(const struct price_table *pt, const char *provider, const char *name,
					 size_t nlen, const char **how);

/* A service tier name to its rates column ("priority", "flex", "fast"). */
enum tier tier_from_name(const char *s, size_t n);

/* The rates that apply to one call: tier and whole-input size (P3, P4). */
const struct rates *prices_rates(const struct price_model *m, enum tier t, uint64_t input_total);

/* The raw entry of a key (keep_json only), or NULL. */
const json_t *prices_entry(const struct price_table *pt, const char *key);

/* Number of model entries (not counting sample_spec and the like). */
size_t prices_entries(const struct price_table *pt);

#endif
