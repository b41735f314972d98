/* Shape detection and extraction: one line per log shape, the wrapper
 * rule, --field overrides, time conversions and every rejection reason. */
#include <check.h>
#include <string.h>

#include "jscan.h"
#include "shape.h"

static struct extractor x;
static struct jscan js;
static struct record rec;
static enum shape sh;

static enum reason run(const char *line)
{
	ck_assert_int_eq(jscan_line(&js, line, strlen(line)), JS_OK);
	return extract(&x, &js, &rec, &sh);
}

static void setup(void)
{
	extractor_init(&x);
	jscan_init(&js);
}

static void teardown(void)
{
	extractor_free(&x);
	jscan_free(&js);
}

static bool eq(struct strv v, const char *s)
{
	return v.n == strlen(s) && memcmp(v.s, s, v.n) == 0;
}

START_TEST(openai_chat)
{
	ck_assert_int_eq(run("{\"object\":\"chat.completion\",\"created\":1751371200,\"model\":\"gpt-4o\","
			     "\"usage\":{\"prompt_tokens\":2400,\"completion_tokens\":310,"
			     "\"prompt_tokens_details\":{\"cached_tokens\":1920},"
			     "\"completion_tokens_details\":{\"reasoning_tokens\":10}}}"),
			 R_OK);
	ck_assert_int_eq(sh, SH_OPENAI_CHAT);
	ck_assert_uint_eq(rec.uncached, 480);
	ck_assert_uint_eq(rec.cache_read, 1920);
	ck_assert_uint_eq(rec.input_total, 2400);
	ck_assert_uint_eq(rec.output, 310);
	ck_assert_uint_eq(rec.reasoning, 10);
	ck_assert_int_eq(rec.time, 1751371200);
	ck_assert(eq(rec.provider, "openai"));
}
END_TEST

START_TEST(openai_responses)
{
	ck_assert_int_eq(run("{\"object\":\"response\",\"created_at\":1751371200,\"model\":\"o4-mini\","
			     "\"metadata\":{\"route\":\"/plan\",\"feature\":\"planner\"},"
			     "\"usage\":{\"input_tokens\":5200,\"input_tokens_details\":{\"cached_tokens\":4096},"
			     "\"output_tokens\":900,\"output_tokens_details\":{\"reasoning_tokens\":640}}}"),
			 R_OK);
	ck_assert_int_eq(sh, SH_OPENAI_RESPONSES);
	ck_assert_uint_eq(rec.uncached, 1104);
	ck_assert_uint_eq(rec.reasoning, 640);
	ck_assert(eq(rec.route, "/plan"));
	ck_assert(eq(rec.feature, "planner"));
}
END_TEST

START_TEST(anthropic_wrapped)
{
	ck_assert_int_eq(
		run("{\"ts\":\"2026-07-01T01:30:00+02:00\",\"route\":\"/agent\",\"provider\":\"anthropic\","
		    "\"response\":{\"type\":\"message\",\"model\":\"claude-sonnet-4-5\",\"usage\":{"
		    "\"input_tokens\":180,\"cache_creation_input_tokens\":1500,\"cache_read_input_tokens\":12000,"
		    "\"cache_creation\":{\"ephemeral_1h_input_tokens\":500},\"output_tokens\":420}}}"),
		R_OK);
	ck_assert_int_eq(sh, SH_ANTHROPIC);
	/* Anthropic's input excludes the cache: nothing is subtracted. */
	ck_assert_uint_eq(rec.uncached, 180);
	ck_assert_uint_eq(rec.input_total, 13680);
	ck_assert_uint_eq(rec.cache_write_5m, 1000);
	ck_assert_uint_eq(rec.cache_write_1h, 500);
	ck_assert(eq(rec.route, "/agent"));
	/* 01:30 at +02:00 is the previous UTC day. */
	ck_assert_int_eq(rec.time, 1782862200);
}
END_TEST

START_TEST(anthropic_without_time)
{
	ck_assert_int_eq(run("{\"type\":\"message\",\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":1,"
			     "\"output_tokens\":1}}"),
			 R_NO_TIMESTAMP);
	ck_assert_int_eq(run("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}"), R_NO_USAGE);
}
END_TEST

START_TEST(otel_list_and_map)
{
	ck_assert_int_eq(run("{\"startTimeUnixNano\":\"1782863999999999999\",\"attributes\":["
			     "{\"key\":\"gen_ai.provider.name\",\"value\":{\"stringValue\":\"aws.bedrock\"}},"
			     "{\"key\":\"gen_ai.request.model\",\"value\":{\"stringValue\":\"a\"}},"
			     "{\"key\":\"gen_ai.response.model\",\"value\":{\"stringValue\":\"b\"}},"
			     "{\"key\":\"gen_ai.usage.input_tokens\",\"value\":{\"intValue\":\"100\"}},"
			     "{\"key\":\"gen_ai.usage.cache_read.input_tokens\",\"value\":{\"intValue\":\"60\"}},"
			     "{\"key\":\"gen_ai.usage.output_tokens\",\"value\":{\"intValue\":\"7\"}}]}"),
			 R_OK);
	ck_assert_int_eq(sh, SH_OTEL);
	ck_assert(eq(rec.model, "b"));
	ck_assert(eq(rec.provider, "bedrock"));
	ck_assert_uint_eq(rec.uncached, 40);
	/* Exact nanoseconds: one ns before midnight stays on June 30. */
	ck_assert_int_eq(rec.time, 1782863999);
	ck_assert_int_eq(run("{\"timestamp\":\"2026-07-01T00:00:00Z\",\"attributes\":{\"gen_ai.request.model\":\"m\","
			     "\"gen_ai.usage.prompt_tokens\":5,\"gen_ai.usage.completion_tokens\":6}}"),
			 R_OK);
	ck_assert_uint_eq(rec.input_total, 5);
	ck_assert_uint_eq(rec.output, 6);
}
END_TEST

START_TEST(litellm_rows)
{
	ck_assert_int_eq(
		run("{\"call_type\":\"acompletion\",\"prompt_tokens\":3000,\"completion_tokens\":200,"
		    "\"startTime\":\"2026-07-01T08:00:00Z\",\"model\":\"gpt-4o\",\"model_group\":\"fast\","
		    "\"custom_llm_provider\":\"openai\",\"cache_hit\":\"False\",\"request_tags\":[\"feature:search\"],"
		    "\"metadata\":{\"usage_object\":{\"prompt_tokens_details\":{\"cached_tokens\":2000}}}}"),
		R_OK);
	ck_assert_int_eq(sh, SH_LITELLM);
	ck_assert(eq(rec.model, "gpt-4o"));
	ck_assert(eq(rec.feature, "search"));
	ck_assert_uint_eq(rec.uncached, 1000);
	ck_assert(!rec.proxy_cache_hit);
	ck_assert_int_eq(run("{\"call_type\":\"acompletion\",\"prompt_tokens\":3,\"completion_tokens\":2,"
			     "\"startTime\":1782864000.75,\"model\":\"gpt-4o\",\"cache_hit\":true}"),
			 R_OK);
	ck_assert(rec.proxy_cache_hit);
	ck_assert_int_eq(rec.time, 1782864000);
	/* A payload whose counts live only in metadata.usage_object. */
	ck_assert_int_eq(run("{\"call_type\":\"aembedding\",\"startTime\":1782864000,\"model\":\"e\","
			     "\"metadata\":{\"usage_object\":{\"prompt_tokens\":40,\"completion_tokens\":0}}}"),
			 R_OK);
	ck_assert_int_eq(sh, SH_LITELLM);
	ck_assert_uint_eq(rec.input_total, 40);
}
END_TEST

START_TEST(langfuse_reasoning_apart)
{
	ck_assert_int_eq(
		run("{\"type\":\"GENERATION\",\"startTime\":\"2026-07-01T09:00:00.000Z\",\"model\":\"o4-mini\","
		    "\"usageDetails\":{\"input\":640,\"input_cached_tokens\":3072,\"output\":188,"
		    "\"output_reasoning_tokens\":512}}"),
		R_OK);
	ck_assert_int_eq(sh, SH_LANGFUSE);
	ck_assert_uint_eq(rec.uncached, 640);
	ck_assert_uint_eq(rec.input_total, 3712);
	ck_assert_uint_eq(rec.output, 700);
	ck_assert_uint_eq(rec.reasoning, 512);
}
END_TEST

START_TEST(rejections)
{
	ck_assert_int_eq(run("{\"hello\":1}"), R_UNRECOGNIZED);
	ck_assert_int_eq(run("[1,2]"), R_UNRECOGNIZED);
	ck_assert_int_eq(run("{\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\"}"), R_NO_USAGE);
	ck_assert_int_eq(run("{\"object\":\"chat.completion\",\"created\":1751371200,\"usage\":{\"prompt_tokens\":1}}"),
			 R_NO_MODEL);
	ck_assert_int_eq(run("{\"object\":\"response\",\"model\":\"m\",\"usage\":{\"input_tokens\":1}}"),
			 R_NO_TIMESTAMP);
	ck_assert_int_eq(run("{\"object\":\"response\",\"created_at\":\"yesterday\",\"model\":\"m\",\"usage\":{\"input_"
			     "tokens\":1}}"),
			 R_BAD_TIMESTAMP);
	ck_assert_int_eq(
		run("{\"object\":\"response\",\"created_at\":1,\"model\":\"m\",\"usage\":{\"input_tokens\":-1}}"),
		R_INVALID_TOKENS);
	ck_assert_int_eq(
		run("{\"object\":\"response\",\"created_at\":1,\"model\":\"m\",\"usage\":{\"input_tokens\":1.5}}"),
		R_INVALID_TOKENS);
	ck_assert_int_eq(run("{\"object\":\"response\",\"created_at\":1,\"model\":\"m\",\"usage\":{\"input_tokens\":"
			     "100000001}}"),
			 R_INVALID_TOKENS);
	/* cached > prompt, reasoning > output */
	ck_assert_int_eq(run("{\"object\":\"response\",\"created_at\":1,\"model\":\"m\",\"usage\":{\"input_tokens\":5,"
			     "\"input_tokens_details\":{\"cached_tokens\":6}}}"),
			 R_INVALID_TOKENS);
	ck_assert_int_eq(run("{\"object\":\"response\",\"created_at\":1,\"model\":\"m\",\"usage\":{\"input_tokens\":5,"
			     "\"output_tokens\":1,\"output_tokens_details\":{\"reasoning_tokens\":2}}}"),
			 R_INVALID_TOKENS);
}
END_TEST

START_TEST(scanner_rejects)
{
	const char *big = "{\"a\":99999999999999999999}";
	ck_assert_int_eq(jscan_line(&js, big, strlen(big)), JS_PARSE_ERROR);
	const char *bad = "{\"a\":\"\xff\"}";
	ck_assert_int_eq(jscan_line(&js, bad, strlen(bad)), JS_INVALID_UTF8);
	ck_assert_int_eq(jscan_line(&js, "{\"a\":1", 6), JS_PARSE_ERROR);
	ck_assert_int_eq(jscan_line(&js, "42", 2), JS_PARSE_ERROR);
}
END_TEST

START_TEST(time_units)
{
	int64_t t;
	ck_assert_int_eq(parse_time_text("1782864000", 10, TC_AUTO, &t), 0);
	ck_assert_int_eq(t, 1782864000);
	ck_assert_int_eq(parse_time_text("1782864000123", 13, TC_AUTO, &t), 0);
	ck_assert_int_eq(t, 1782864000);
	ck_assert_int_eq(parse_time_text("1782864000123456", 16, TC_AUTO, &t), 0);
	ck_assert_int_eq(t, 1782864000);
	ck_assert_int_eq(parse_time_text("1782864000123456789", 19, TC_AUTO, &t), 0);
	ck_assert_int_eq(t, 1782864000);
	ck_assert_int_eq(parse_time_text("1782864000", 10, TC_UNIX_MS, &t), 0);
	ck_assert_int_eq(t, 1782864);
	ck_assert_int_eq(parse_time_text("2026-07-01 00:00:00", 19, TC_AUTO, &t), 0);
	ck_assert_int_eq(t, 1782864000);
	ck_assert_int_ne(parse_time_text("2026-07-01", 10, TC_UNIX, &t), 0);
	/* ISO 8601 lets a time stop at the minute. */
	ck_assert_int_eq(parse_time_text("2026-07-01T08:00Z", 17, TC_AUTO, &t), 0);
	ck_assert_int_eq(t, 1782864000 + 8 * 3600);
	ck_assert_int_eq(parse_time_text("2026-07-01T08:00+02:00", 22, TC_ISO, &t), 0);
	ck_assert_int_eq(t, 1782864000 + 6 * 3600);
	ck_assert_int_eq(parse_time_text("2026-07-01 08:30", 16, TC_AUTO, &t), 0);
	ck_assert_int_eq(t, 1782864000 + 8 * 3600 + 1800);
	/* ... and an offset at the hour, as PostgreSQL prints timestamptz. */
	ck_assert_int_eq(parse_time_text("2026-07-01 08:30:00.123+02", 26, TC_AUTO, &t), 0);
	ck_assert_int_eq(t, 1782864000 + 6 * 3600 + 1800);
	ck_assert_int_eq(parse_time_text("2026-07-01T08:00-01", 19, TC_AUTO, &t), 0);
	ck_assert_int_eq(t, 1782864000 + 9 * 3600);
	ck_assert_int_ne(parse_time_text("2026-07-01T08:00:00+2", 21, TC_AUTO, &t), 0);
	ck_assert_int_ne(parse_time_text("2026-07-01T08Z", 14, TC_AUTO, &t), 0);
	ck_assert_int_ne(parse_time_text("2026-07-01T08:0Z", 16, TC_AUTO, &t), 0);
	ck_assert_int_ne(parse_time_text("2026-07-01T08:00.5Z", 19, TC_AUTO, &t), 0);
}
END_TEST

START_TEST(field_overrides)
{
	char err[256];
	ck_assert_int_eq(extractor_field(&x, "route=/meta/endpoint|/http/path", err, sizeof err), 0);
	ck_assert_int_eq(run("{\"object\":\"response\",\"created_at\":1,\"model\":\"m\",\"http\":{\"path\":\"/p\"},"
			     "\"usage\":{\"input_tokens\":1}}"),
			 R_OK);
	ck_assert(eq(rec.route, "/p"));
	/* The override missing on a line: the shape's own path still applies. */
	ck_assert_int_eq(
		run("{\"object\":\"response\",\"created_at\":1,\"model\":\"m\",\"metadata\":{\"route\":\"/own\"},"
		    "\"usage\":{\"input_tokens\":1}}"),
		R_OK);
	ck_assert(eq(rec.route, "/own"));
	ck_assert_int_lt(extractor_field(&x, "colour=/x", err, sizeof err), 0);
	ck_assert_int_lt(extractor_field(&x, "model=x", err, sizeof err), 0);
	ck_assert_int_lt(extractor_field(&x, "input=/a:unix_ms", err, sizeof err), 0);

	/* A custom shape with every field mapped, ~1 escaping a slash. */
	x.forced = SH_CUSTOM;
	ck_assert_str_eq(extractor_missing(&x), "model");
	ck_assert_int_eq(extractor_field(&x, "model=/llm/model", err, sizeof err), 0);
	ck_assert_int_eq(extractor_field(&x, "time=/ts_ms:unix_ms", err, sizeof err), 0);
	ck_assert_int_eq(extractor_field(&x, "input=/llm/in~1all", err, sizeof err), 0);
	ck_assert_int_eq(extractor_field(&x, "output=/llm/out", err, sizeof err), 0);
	ck_assert_str_eq(extractor_missing(&x), "--input-includes-cache");
	x.input_includes_cache = 0;
	ck_assert_ptr_null(extractor_missing(&x));
	ck_assert_int_eq(run("{\"ts_ms\":1782864000500,\"llm\":{\"model\":\"m\",\"in/all\":9,\"out\":3}}"), R_OK);
	ck_assert_uint_eq(rec.input_total, 9);
	ck_assert_int_eq(rec.time, 1782864000);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cost-check shape");
	TCase *tc = tcase_create("shape");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, openai_chat);
	tcase_add_test(tc, openai_responses);
	tcase_add_test(tc, anthropic_wrapped);
	tcase_add_test(tc, anthropic_without_time);
	tcase_add_test(tc, otel_list_and_map);
	tcase_add_test(tc, litellm_rows);
	tcase_add_test(tc, langfuse_reasoning_apart);
	tcase_add_test(tc, rejections);
	tcase_add_test(tc, scanner_rejects);
	tcase_add_test(tc, time_units);
	tcase_add_test(tc, field_overrides);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
