/* cost: the price of one call in pico-dollars, from its tokens and rates. */
#include "cost.h"

pico_t cost_of(const struct price_model *m, const struct record *rec)
{
	if (rec->proxy_cache_hit)
		return 0;
	enum tier t = tier_from_name(rec->tier.s, rec->tier.n);
	const struct rates *r = prices_rates(m, t, rec->input_total);
	/* Reasoning is part of output: the rest of output is text. */
	pico_t c = (pico_t)rec->uncached * r->in;
	c += (pico_t)rec->cache_read * r->cache_read;
	c += (pico_t)rec->cache_write_5m * r->cache_write;
	c += (pico_t)rec->cache_write_1h * r->cache_write_1h;
	c += (pico_t)(rec->output - rec->reasoning) * r->out;
	c += (pico_t)rec->reasoning * r->reasoning;
	return c;
}
