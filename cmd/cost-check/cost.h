/* cost: the price of one call from its normalised tokens and the rates its
 * model, tier and prompt size select (pricing rules P5, P3, P4 and P6 of
 * cost-check(1)). */
#ifndef COST_CHECK_COST_H
#define COST_CHECK_COST_H

#include "money.h"
#include "prices.h"
#include "record.h"

/* Pico-dollars for rec under model m (a proxy cache hit costs 0). */
pico_t cost_of(const struct price_model *m, const struct record *rec);

#endif
