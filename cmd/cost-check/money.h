/* money: exact US dollars as integer pico-dollars (1e-12 USD).  Every
 * per-token price in LiteLLM's table is a whole number of pico-dollars, so
 * sums are exact and do not depend on line order or thread count. */
#ifndef COST_CHECK_MONEY_H
#define COST_CHECK_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

__extension__ typedef __int128 pico_t;

#define PICO_PER_USD 1000000000000LL

/* A per-token price in USD (as read from JSON) to pico-dollars, rounded to
 * the nearest; false when negative, not finite or absurdly large. */
bool usd_to_pico(double usd, int64_t *pico);
/* Decimal text "500", "12.75", "0.000001" (up to 12 decimals) to pico. */
bool usd_parse(const char *s, pico_t *pico);
/* "12.345678901" with 9 decimals (rounded half away from zero). */
void usd_format(pico_t v, char *buf, size_t len);
/* "0.012660000000": all 12 decimals, exact (parsed back by usd_parse). */
void money_exact(pico_t v, char *buf, size_t len);
/* For people: "1,234.57" from a dollar up; below, 4 significant digits
 * ("0.01419", "0.5000"); "0.00" for nothing. */
void usd_human(pico_t v, char *buf, size_t len);

#endif
