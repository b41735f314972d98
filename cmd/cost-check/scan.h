/* scan: one log line through the whole pipeline — line hygiene (BOM, CR,
 * blank), the JSON scanner, shape detection and extraction, the period
 * filter, model resolution (cached per thread) and pricing — into a
 * ledger. */
#ifndef COST_CHECK_SCAN_H
#define COST_CHECK_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jscan.h"
#include "ledger.h"
#include "prices.h"
#include "shape.h"
#include "strmap.h"

struct scan_opts {
	const struct extractor *x;
	const struct price_table *pt;
	bool has_since, has_until;
	int64_t since, until; /* [since, until) in Unix seconds */
};

/* One per thread. */
struct scanner {
	const struct scan_opts *o;
	struct jscan js;
	struct strmap resolved; /* provider NUL name -> price model or &unpriced */
	struct ledger *led; /* where lines go; set per range */
	const char *file;
};

void scanner_init(struct scanner *sc, const struct scan_opts *o);
void scanner_free(struct scanner *sc);
/* line is modified in place (a trailing CR dropped); lineno is 1-based
 * within the current range. */
void scan_line(struct scanner *sc, char *line, size_t len, uint64_t lineno);

/* A line longer than LOG_LINE_CAP, skipped unread: one rejected line. */
void scan_too_long(struct scanner *sc, size_t len, uint64_t lineno);

#endif
