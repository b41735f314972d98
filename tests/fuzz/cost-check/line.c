/* The whole line pipeline on arbitrary bytes: hygiene, scanner, shape
 * detection and extraction, resolution and pricing into a ledger.  It must
 * never crash, and a record it accepts must be consistent (uncached +
 * cache = input_total, reasoning within output). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ledger.h"
#include "prices.h"
#include "scan.h"
#include "shape.h"

static struct extractor x;
static struct price_table pt;
static struct scan_opts so;
static struct scanner sc;
static struct ledger led;

static void once(void)
{
	extractor_init(&x);
	char err[256];
	/* Overrides exercise attr:, tag: and the wrapper fallback too. */
	extractor_field(&x, "route=attr:http.route|/meta/route", err, sizeof err);
	extractor_field(&x, "feature=tag:feature:", err, sizeof err);
	prices_init(&pt);
	json_t *t = json_loads("{\"gpt-4o\":{\"litellm_provider\":\"openai\",\"input_cost_per_token\":2.5e-06,"
			       "\"output_cost_per_token\":1e-05,\"input_cost_per_token_above_200k_tokens\":5e-06},"
			       "\"m\":{\"input_cost_per_token\":1e-06,\"output_cost_per_token\":1e-06}}",
			       0, NULL);
	prices_add_json(&pt, t, "fuzz", err, sizeof err);
	prices_finish(&pt);
	so.x = &x;
	so.pt = &pt;
	scanner_init(&sc, &so);
	ledger_init(&led);
	sc.led = &led;
	sc.file = "fuzz";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!so.x)
		once();
	char *line = malloc(size + 1);
	memcpy(line, data, size);
	scan_line(&sc, line, size, 1);
	struct record rec;
	enum shape sh;
	size_t n = size;
	if (jscan_line(&sc.js, line, n) == JS_OK && extract(&x, &sc.js, &rec, &sh) == R_OK) {
		if (rec.uncached + rec.cache_read + rec.cache_write_5m + rec.cache_write_1h != rec.input_total ||
		    rec.reasoning > rec.output || !rec.model.n)
			abort();
	}
	free(line);
	return 0;
}
