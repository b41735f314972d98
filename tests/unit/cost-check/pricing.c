/* Pricing: the price table reader, model resolution (rule P7), rates with
 * their fallbacks (P2-P4), the cost formula (P5, P6), exact money, UTC day
 * and month buckets and the forecast, and agreement with LiteLLM's table. */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"
#include "cost.h"
#include "ledger.h"
#include "money.h"
#include "prices.h"
#include "yaml_json.h"

#ifndef FIXTURES
#define FIXTURES "tests/fixtures/cost-check"
#endif

static struct price_table pt;

static void load(bool zero)
{
	char err[512];
	prices_init(&pt);
	pt.cache_fallback_zero = zero;
	ck_assert_msg(prices_add_file(&pt, FIXTURES "/prices.json", err, sizeof err) == 0, "%s", err);
	prices_finish(&pt);
}

static const char *key_of(const char *provider, const char *name)
{
	const struct price_model *m = prices_resolve(&pt, provider, name, strlen(name), NULL);
	return m ? m->key : NULL;
}

START_TEST(resolution)
{
	load(false);
	ck_assert_uint_eq(prices_entries(&pt), 13); /* sample_spec and fallback_generalizations skipped */
	ck_assert_str_eq(key_of("", "gpt-4o"), "gpt-4o");
	ck_assert_str_eq(key_of("openai", "gpt-4o-2024-08-06"), "gpt-4o-2024-08-06");
	ck_assert_str_eq(key_of("", "openai/gpt-4o"), "gpt-4o"); /* known prefix stripped */
	ck_assert_str_eq(key_of("mistral", "mistral-large-latest"), "mistral/mistral-large-latest");
	ck_assert_str_eq(key_of("", "GPT-4O"), "gpt-4o"); /* unambiguous case fold */
	ck_assert_str_eq(key_of("", "Acme/Big-Model"), "Acme/Big-Model"); /* exact beats folded */
	ck_assert_ptr_null(key_of("", "ACME/BIG-MODEL")); /* two keys fold alike */
	ck_assert_ptr_null(key_of("", "gpt-4o-2024-11-20")); /* no date stripping */
	ck_assert_ptr_null(key_of("bedrock", "eu.anthropic.claude-sonnet-4-5-20250929-v1:0")); /* no region stripping */
	ck_assert_int_eq(prices_alias(&pt, "prod-gpt4o", "gpt-4o-2024-05-13"), 0);
	ck_assert_str_eq(key_of("azure", "prod-gpt4o"), "gpt-4o-2024-05-13");
	ck_assert_int_lt(prices_alias(&pt, "x", "no-such-key"), 0);
	const struct price_model *img = prices_resolve(&pt, "", "dall-e-3", 8, NULL);
	ck_assert(img && !img->priced);
	prices_free(&pt);
}
END_TEST

static pico_t cost(const char *model, const char *tier, uint64_t uncached, uint64_t cr, uint64_t cw5, uint64_t cw1h,
		   uint64_t out, uint64_t rsn)
{
	const struct price_model *m = prices_resolve(&pt, "", model, strlen(model), NULL);
	ck_assert_ptr_nonnull(m);
	struct record r;
	memset(&r, 0, sizeof r);
	r.uncached = uncached;
	r.cache_read = cr;
	r.cache_write_5m = cw5;
	r.cache_write_1h = cw1h;
	r.input_total = uncached + cr + cw5 + cw1h;
	r.output = out;
	r.reasoning = rsn;
	r.tier = (struct strv){tier, strlen(tier)};
	return cost_of(m, &r);
}

#define USD(x) ((pico_t)llround((x)*1e12))

START_TEST(rules)
{
	load(false);
	/* P5 with OpenAI's cache read: 480*2.5 + 1920*1.25 + 310*10 per 1M. */
	ck_assert(cost("gpt-4o", "", 480, 1920, 0, 0, 310, 0) == USD(0.0067));
	/* P3: priority tier rates, batch rates; flex falls back to plain. */
	ck_assert(cost("gpt-4o", "priority", 1000, 0, 0, 0, 100, 0) == USD(0.00595));
	ck_assert(cost("gpt-4o", "batch", 1000, 0, 0, 0, 100, 0) == USD(0.00175));
	ck_assert(cost("gpt-4o", "flex", 1000, 0, 0, 0, 100, 0) == USD(0.0035));
	/* Anthropic 5-minute and 1-hour writes. */
	ck_assert(cost("claude-sonnet-4-5", "", 180, 12000, 1000, 500, 420, 0) == USD(0.01719));
	/* P4: 200,000 is not above 200k; 200,001 switches every rate. */
	ck_assert(cost("claude-sonnet-4-5", "", 200000, 0, 0, 0, 0, 0) == USD(0.6));
	ck_assert(cost("claude-sonnet-4-5", "", 150001, 50000, 0, 0, 1000, 0) == USD(0.900006 + 0.03 + 0.0225));
	/* P2: reasoning at its own rate when the entry has one. */
	ck_assert(cost("gemini-2.5-flash", "", 1000, 0, 0, 0, 600, 400) == USD(0.00182));
	ck_assert(cost("o4-mini", "", 0, 0, 0, 0, 900, 640) == USD(0.00396));
	/* P2: a missing cache price falls back to the input price... */
	ck_assert(cost("no-cache-model", "", 0, 1000, 1000, 0, 0, 0) == USD(0.002));
	prices_free(&pt);
	/* ...or to zero with --cache-price-fallback zero. */
	load(true);
	ck_assert(cost("no-cache-model", "", 0, 1000, 1000, 0, 0, 0) == 0);
	ck_assert(cost("gpt-4o", "", 0, 1000, 0, 0, 0, 0) == USD(0.00125));
	prices_free(&pt);
}
END_TEST

START_TEST(yaml_tables)
{
	/* The same table in YAML: YAML 1.2 numbers (010 is ten), no .inf. */
	const char *y = "# prices\nm:\n  litellm_provider: openai\n  input_cost_per_token: 2.5e-06\n"
			"  output_cost_per_token: 010\n  cache_read_input_token_cost: .inf\n";
	char err[256];
	json_t *j = yaml_json_text(y, strlen(y), "t.yaml", err, sizeof err);
	ck_assert_msg(j != NULL, "%s", err);
	prices_init(&pt);
	ck_assert_int_eq(prices_add_json(&pt, j, "t.yaml", err, sizeof err), 0);
	prices_finish(&pt);
	const struct price_model *m = prices_resolve(&pt, "", "m", 1, NULL);
	ck_assert(m && m->priced);
	ck_assert_int_eq(m->base[TIER_DEFAULT].in, 2500000);
	ck_assert_int_eq(m->base[TIER_DEFAULT].out, 10 * PICO_PER_USD);
	ck_assert_int_eq(m->base[TIER_DEFAULT].cache_read, 2500000); /* .inf ignored: input rate */
	prices_free(&pt);
	ck_assert_ptr_null(yaml_json_text("a: [1,", 6, "bad.yaml", err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "bad.yaml:"));
}
END_TEST

START_TEST(proxy_cache_hit_is_free)
{
	load(false);
	const struct price_model *m = prices_resolve(&pt, "", "gpt-4o", 6, NULL);
	struct record r = {.uncached = 1000, .input_total = 1000, .output = 10, .proxy_cache_hit = true};
	ck_assert(cost_of(m, &r) == 0);
	prices_free(&pt);
}
END_TEST

START_TEST(money)
{
	char buf[64];
	pico_t v;
	usd_format(USD(0.0067), buf, sizeof buf);
	ck_assert_str_eq(buf, "0.006700000");
	usd_format(1499, buf, sizeof buf); /* 1.499 nano rounds down */
	ck_assert_str_eq(buf, "0.000000001");
	usd_format(1500, buf, sizeof buf); /* half away from zero */
	ck_assert_str_eq(buf, "0.000000002");
	usd_format((pico_t)123456789 * PICO_PER_USD, buf, sizeof buf);
	ck_assert_str_eq(buf, "123456789.000000000");
	ck_assert(usd_parse("500", &v) && v == 500 * PICO_PER_USD);
	ck_assert(usd_parse("12.75", &v) && v == USD(12.75));
	ck_assert(usd_parse("0.000000000001", &v) && v == 1);
	ck_assert(!usd_parse("1.0000000000001", &v));
	ck_assert(!usd_parse("-5", &v));
	ck_assert(!usd_parse("5$", &v));
	/* For people: cents from a dollar up, 4 significant digits below. */
	const struct {
		pico_t v;
		const char *want;
	} human[] = {
		{USD(120), "120.00"},
		{USD(1234567.891), "1,234,567.89"},
		{USD(0.01419), "0.01419"},
		{USD(0.014194), "0.01419"},
		{USD(0.014195), "0.01420"},
		{USD(0.5), "0.5000"},
		{0, "0.00"},
		{USD(0.99996), "1.00"},
		{USD(0.000001234), "0.000001234"},
		{1, "0.000000000001"},
		{USD(999.996), "1,000.00"},
		{-USD(2.5), "-2.50"},
	};
	for (size_t i = 0; i < sizeof human / sizeof *human; i++) {
		usd_human(human[i].v, buf, sizeof buf);
		ck_assert_str_eq(buf, human[i].want);
	}
	money_exact(USD(0.01266) + 7, buf, sizeof buf);
	ck_assert_str_eq(buf, "0.012660000007");
	ck_assert(usd_parse(buf, &v) && v == USD(0.01266) + 7);
	int64_t p;
	ck_assert(usd_to_pico(5.46875e-07, &p) && p == 546875);
	ck_assert(usd_to_pico(0, &p) && p == 0);
	ck_assert(!usd_to_pico(-1e-6, &p));
	/* Sums are exact: a million additions of 0.1 cent give 1000 USD. */
	pico_t s = 0;
	for (int i = 0; i < 1000000; i++)
		s += USD(0.001);
	ck_assert(s == 1000 * PICO_PER_USD);
}
END_TEST

START_TEST(buckets_and_forecast)
{
	struct ledger l;
	ledger_init(&l);
	struct record r = {.uncached = 10, .input_total = 10, .output = 1};
	/* 2026-06-30T23:59:59Z, 2026-07-01T00:00:00Z, 2026-07-10T12:00:00Z */
	const int64_t times[] = {1782863999, 1782864000, 1783684800};
	for (int i = 0; i < 3; i++) {
		r.time = times[i];
		ledger_add(&l, &r, "gpt-4o", USD(10));
	}
	ck_assert_uint_eq(l.day.n, 3);
	ck_assert_ptr_nonnull(strmap_find(&l.day, "2026-06-30", 10));
	ck_assert_ptr_nonnull(strmap_find(&l.day, "2026-07-10", 10));
	ck_assert_uint_eq(l.month.n, 2);
	struct bucket *jul = strmap_find(&l.month, "2026-07", 7)->val;
	ck_assert_uint_eq(jul->calls, 2);
	ck_assert(jul->cost == USD(20));
	struct forecast f;
	forecast_of(&l, &f);
	ck_assert_str_eq(f.month, "2026-07");
	ck_assert_str_eq(f.last_day, "2026-07-10");
	ck_assert_int_eq(f.days_elapsed, 10);
	ck_assert_int_eq(f.days_in_month, 31);
	/* From the days the logs cover: 30 over 11 days (06-30 to 07-10), times 31. */
	ck_assert_str_eq(f.first_day, "2026-06-30");
	ck_assert_int_eq(f.window_days, 11);
	ck_assert(f.window_rate == (USD(30) + 5) / 11);
	ck_assert(f.run_rate == (USD(30) * 31 + 5) / 11);
	/* Over means strictly greater. */
	struct budget b = {.has_daily = true, .daily = USD(10), .has_monthly = true, .monthly = USD(19.999999999)};
	struct verdict v;
	verdict_of(&l, &b, &f, &v);
	ck_assert_uint_eq(v.ndays_over, 0);
	ck_assert_uint_eq(v.nmonths_over, 1);
	ck_assert(v.forecast_over);
	verdict_free(&v);
	/* Merging in any order gives the same totals. */
	struct ledger a, c;
	ledger_init(&a);
	ledger_init(&c);
	ledger_merge(&a, &l, 0);
	ledger_merge(&a, &l, 0);
	ledger_merge(&c, &l, 0);
	ledger_merge(&c, &l, 0);
	ck_assert(a.total.cost == c.total.cost && a.total.cost == USD(60));
	ledger_free(&a);
	ledger_free(&c);
	ledger_free(&l);
}
END_TEST

/* Every 25th priced entry of LiteLLM's table, priced for one call with
 * uncached, cached and output tokens, against the table's own numbers. */
START_TEST(reference_table)
{
	const char *shared = getenv("AGENTCI_SHARED");
	char path[1024];
	snprintf(path, sizeof path, "%s/data/litellm-model-prices.json", shared ? shared : "");
	FILE *fp = shared && *shared ? fopen(path, "r") : NULL;
	if (!fp) {
		ck_assert_msg(!getenv("AGENTCI_REQUIRE_SHARED"), "shared data missing: %s", path);
		return;
	}
	fclose(fp);
	char err[512];
	prices_init(&pt);
	ck_assert_msg(prices_add_file(&pt, path, err, sizeof err) == 0, "%s", err);
	prices_finish(&pt);
	json_error_t je;
	json_t *ref = json_load_file(path, 0, &je);
	ck_assert_ptr_nonnull(ref);
	ck_assert_uint_eq(prices_entries(&pt), 2982);
	const char *k;
	json_t *e;
	int i = 0, checked = 0;
	json_object_foreach(ref, k, e) {
		json_t *in = json_object_get(e, "input_cost_per_token"),
		       *out = json_object_get(e, "output_cost_per_token");
		if (!strcmp(k, "sample_spec") || !json_is_number(in) || !json_is_number(out) || i++ % 25)
			continue;
		json_t *cr = json_object_get(e, "cache_read_input_token_cost");
		double want = 1000 * json_number_value(in) + 300 * json_number_value(out) +
			      200 * (json_is_number(cr) ? json_number_value(cr) : json_number_value(in));
		json_t *rsn = json_object_get(e, "output_cost_per_reasoning_token");
		if (json_is_number(rsn)) /* 50 of the 300 output tokens are reasoning */
			want += 50 * (json_number_value(rsn) - json_number_value(out));
		const struct price_model *m = prices_resolve(&pt, "", k, strlen(k), NULL);
		ck_assert_msg(m && strcmp(m->key, k) == 0, "%s does not resolve to itself", k);
		struct record r = {
			.uncached = 1000, .cache_read = 200, .input_total = 1200, .output = 300, .reasoning = 50};
		double got = (double)cost_of(m, &r) / 1e12;
		ck_assert_msg(fabs(got - want) <= 1e-9 * (1 + want), "%s: %.12f != %.12f", k, got, want);
		checked++;
	}
	ck_assert_int_gt(checked, 90);
	json_decref(ref);
	prices_free(&pt);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cost-check pricing");
	TCase *tc = tcase_create("pricing");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, resolution);
	tcase_add_test(tc, rules);
	tcase_add_test(tc, yaml_tables);
	tcase_add_test(tc, proxy_cache_hit_is_free);
	tcase_add_test(tc, money);
	tcase_add_test(tc, buckets_and_forecast);
	tcase_add_test(tc, reference_table);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
