/* record: one priced-or-rejected log line after extraction, whatever its
 * shape.  Strings point into the scanned line and live until the next. */
#ifndef COST_CHECK_RECORD_H
#define COST_CHECK_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Why a line was not turned into a record; the order is the report's. */
enum reason {
	R_OK,
	R_PARSE_ERROR,
	R_INVALID_UTF8,
	R_UNRECOGNIZED,
	R_NO_USAGE,
	R_NO_MODEL,
	R_NO_TIMESTAMP,
	R_BAD_TIMESTAMP,
	R_INVALID_TOKENS,
	R_TOO_LONG,
	NREASONS
};

extern const char *const reason_names[NREASONS];

struct strv {
	const char *s;
	size_t n;
};

struct record {
	uint64_t input_total; /* uncached + cache_read + cache_write */
	uint64_t uncached;
	uint64_t cache_read;
	uint64_t cache_write_5m;
	uint64_t cache_write_1h;
	uint64_t output; /* reasoning included */
	uint64_t reasoning;
	struct strv model, provider, route, feature, tier, request_id;
	int64_t time; /* Unix seconds, UTC */
	bool proxy_cache_hit; /* served by LiteLLM's own cache: costs nothing */
	bool has_logged_cost; /* the line carries the logger's own cost */
	int64_t logged_cost; /* that cost in pico-dollars (reconciliation only) */
};

#endif
