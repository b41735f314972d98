/* The bundled price table (cmd/cost-check/prices.json, installed under
 * share/agentci): every entry must say what LiteLLM's table says for the
 * same key, value for value, and must leave out none of its rates — a rate
 * left out falls back to a plainer one (P2-P4) and quietly misprices the
 * priority tier, a long context or reasoning tokens. */
#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "prices.h"

#ifndef BUNDLED
#define BUNDLED "cmd/cost-check/prices.json"
#endif

/* A price field: a number whose name says it is a cost. */
static bool is_rate(const char *field, const json_t *v)
{
	return json_is_number(v) && strstr(field, "cost");
}

START_TEST(bundled_loads)
{
	char err[512];
	struct price_table pt;
	prices_init(&pt);
	ck_assert_msg(prices_add_file(&pt, BUNDLED, err, sizeof err) == 0, "%s", err);
	prices_finish(&pt);
	ck_assert_uint_ge(prices_entries(&pt), 40);
	prices_free(&pt);
}
END_TEST

START_TEST(bundled_agrees_with_litellm)
{
	const char *shared = getenv("AGENTCI_SHARED");
	char path[1024];
	snprintf(path, sizeof path, "%s/data/litellm-model-prices.json", shared ? shared : "");
	json_error_t je;
	json_t *ref = shared && *shared ? json_load_file(path, 0, &je) : NULL;
	if (!ref) {
		ck_assert_msg(!getenv("AGENTCI_REQUIRE_SHARED"), "shared data missing: %s", path);
		return;
	}
	json_t *ours = json_load_file(BUNDLED, 0, &je);
	ck_assert_msg(ours != NULL, "%s:%d: %s", BUNDLED, je.line, je.text);
	const char *k, *f;
	json_t *e, *v;
	int compared = 0;
	json_object_foreach(ours, k, e) {
		if (k[0] == '_') /* _about: provenance, not a model */
			continue;
		json_t *r = json_object_get(ref, k);
		ck_assert_msg(r != NULL, "%s: not an entry of LiteLLM's table", k);
		json_object_foreach(e, f, v) {
			json_t *rv = json_object_get(r, f);
			ck_assert_msg(rv != NULL, "%s: %s is not in LiteLLM's entry", k, f);
			if (json_is_number(v))
				ck_assert_msg(json_is_number(rv) && json_number_value(v) == json_number_value(rv),
					      "%s: %s is %.12g, LiteLLM's %.12g", k, f, json_number_value(v),
					      json_number_value(rv));
			else
				ck_assert_msg(json_equal(v, rv), "%s: %s differs from LiteLLM's", k, f);
		}
		json_object_foreach(r, f, v)
			ck_assert_msg(!is_rate(f, v) || json_object_get(e, f), "%s: LiteLLM's rate %s is missing", k,
				      f);
		compared++;
	}
	ck_assert_int_ge(compared, 40);
	json_decref(ours);
	json_decref(ref);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cost-check bundled table");
	TCase *tc = tcase_create("bundled");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, bundled_loads);
	tcase_add_test(tc, bundled_agrees_with_litellm);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
