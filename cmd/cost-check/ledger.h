/* ledger: what a run has counted — lines by fate, rejections by reason with
 * the first few examples, and money and tokens per bucket (total, UTC day,
 * UTC month, price key, route, feature; unpriced names apart).  Each
 * thread fills its own; merging is exact, so totals do not depend on line
 * order or --jobs. */
#ifndef COST_CHECK_LEDGER_H
#define COST_CHECK_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include "money.h"
#include "record.h"
#include "strmap.h"

struct tokens {
	uint64_t input_total, uncached, cache_read, cache_write, output, reasoning;
};

struct bucket {
	uint64_t calls;
	pico_t cost;
	struct tokens tok;
};

#define LEDGER_SAMPLES 5

struct sample {
	const char *file;
	uint64_t line; /* within the ledger's range until merged */
	int col; /* 0 when unknown */
	enum reason reason;
	char what[160];
};

/* Where an unpriced name was first seen, to make the warning actionable. */
struct first_seen {
	const char *file;
	uint64_t line; /* within the ledger's range until merged */
	char request_id[80]; /* "" when the line names none */
};

struct ledger {
	uint64_t physical, blank, accepted, rejected, unpriced, outside_period, proxy_cache_hits;
	uint64_t other_spans; /* non-GenAI spans of OTLP batch lines */
	uint64_t by_reason[NREASONS];
	struct bucket total;
	struct strmap day, month, model, route, feature; /* key -> struct bucket * */
	struct strmap unpriced_model; /* raw name -> struct bucket * */
	struct strmap unpriced_first; /* raw name -> struct first_seen * */
	int64_t tmin, tmax; /* accepted calls' times */
	uint64_t logged_calls; /* lines with a logged cost */
	pico_t logged_cost;
	struct sample samples[LEDGER_SAMPLES];
	int nsamples;
	/* Day look-ups, direct-mapped by day number: logs are not sorted, but
	 * a run covers a few dozen days. */
	struct {
		int64_t day;
		struct bucket *d, *m;
	} dcache[64];
};

void ledger_init(struct ledger *l);
void ledger_free(struct ledger *l);

/* The bucket of key in m, created empty when absent. */
struct bucket *ledger_bucket(struct strmap *m, const char *key, size_t klen);
/* Add one call's tokens and cost to b. */
void bucket_add(struct bucket *b, const struct record *r, pico_t cost);
void bucket_merge(struct bucket *dst, const struct bucket *src);

/* Count a priced call in every bucket it belongs to. */
void ledger_add(struct ledger *l, const struct record *r, const char *model_key, pico_t cost);
/* A call whose model no table entry prices. */
void ledger_add_unpriced(struct ledger *l, const struct record *r, const char *file, uint64_t line);
/* A rejected line; kept as an example while there is room. */
void ledger_reject(struct ledger *l, const char *file, uint64_t line, int col, enum reason why, const char *what);

/* dst += src; src's example lines are shifted by line_offset (the physical
 * lines of the same file before src's range). */
void ledger_merge(struct ledger *dst, const struct ledger *src, uint64_t line_offset);

/* Sorted keys of a bucket map (malloc'd array of borrowed slots). */
struct strmap_slot **ledger_sorted(const struct strmap *m, size_t *n);

#endif
