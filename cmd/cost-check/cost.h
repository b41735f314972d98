/* cost: rule P5 — the price of one call from its normalised tokens and the
 * rates its model, tier and prompt size select (P3, P4, P6). */
#ifndef COST_CHECK_COST_H
#define COST_CHECK_COST_H

#include "money.h"
#include "prices.h"
#include "record.h"

/* Pico-dollars for rec under model m (a proxy cache hit costs 0). */
pico_t cost_of(const struct price_model *m, const struct record *rec);

#endif
