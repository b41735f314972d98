/* Canary plans (--steps and YAML) and the gates' verdicts on one
 * measurement. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "plan.h"

START_TEST(steps_list)
{
	struct plan p;
	char err[300];
	ck_assert_int_eq(plan_from_steps("10:5m, 25:30s,50:pause,pause,100", &p, err, sizeof err), 0);
	ck_assert_int_eq(p.n, 8);
	ck_assert_int_eq(p.v[0].kind, STEP_WEIGHT);
	ck_assert_int_eq(p.v[0].weight, 10);
	ck_assert_int_eq(p.v[1].kind, STEP_PAUSE);
	ck_assert_int_eq(p.v[1].pause_ms, 300000);
	ck_assert_int_eq(p.v[3].pause_ms, 30000);
	ck_assert_int_eq(p.v[5].pause_ms, -1);
	ck_assert_int_eq(p.v[6].pause_ms, -1);
	ck_assert_int_eq(p.v[7].weight, 100);
	char *t = json_dumps(p.json, JSON_COMPACT);
	ck_assert_str_eq(
		t, "[{\"setWeight\":10},{\"pause\":{\"duration\":\"5m\"}},{\"setWeight\":25},{\"pause\":"
		   "{\"duration\":\"30s\"}},{\"setWeight\":50},{\"pause\":{}},{\"pause\":{}},{\"setWeight\":100}]");
	free(t);
	ck_assert_int_eq(strlen(p.digest), 64);
	/* The stored copy reads back to the same plan. */
	struct plan q;
	ck_assert_int_eq(plan_from_json(p.json, &q, err, sizeof err), 0);
	ck_assert_str_eq(q.digest, p.digest);
	plan_free(&q);
	plan_free(&p);
	const char *bad[] = {"", "101", "10:soon", "ten", "-5", "10:"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(plan_from_steps(bad[i], &p, err, sizeof err) != 0, "accepted %s", bad[i]);
}
END_TEST

static int from_text(const char *json, struct plan *p, char *err)
{
	json_error_t e;
	json_t *v = json_loads(json, 0, &e);
	ck_assert_msg(v != NULL, "%s", e.text);
	int rc = plan_from_json(v, p, err, 300);
	json_decref(v);
	return rc;
}

START_TEST(analysis_steps)
{
	struct plan p;
	char err[300];
	ck_assert_int_eq(
		from_text("{\"steps\":[{\"analysis\":{\"interval\":\"2s\",\"count\":3,\"failureLimit\":1,"
			  "\"http\":{\"url\":\"http://x/healthz\",\"expect-status\":\"200,3xx\","
			  "\"expect-json\":[\".status == ok\",\".n != 0\",\".ready\"],\"max-latency\":\"250ms\"}}},"
			  "{\"analysis\":{\"prometheus\":{\"url\":\"http://p\",\"query\":\"up\",\"min\":1}}},"
			  "{\"analysis\":{\"deployment\":\"web\"}}]}",
			  &p, err),
		0);
	const struct gate *g = &p.v[0].gate;
	ck_assert_int_eq(g->interval_ms, 2000);
	ck_assert_int_eq(g->count, 3);
	ck_assert_int_eq(g->failure_limit, 1);
	ck_assert_int_eq(g->max_latency_ms, 250);
	ck_assert(expect_status_ok(g->expect, 200) && expect_status_ok(g->expect, 302) &&
		  !expect_status_ok(g->expect, 204));
	ck_assert(p.v[1].gate.has_min && !p.v[1].gate.has_max);
	ck_assert_str_eq(p.v[2].gate.deployment, "web");
	ck_assert_int_eq(p.v[2].gate.count, 1);
	plan_free(&p);
	const char *bad[] = {
		"[]",
		"{}",
		"[{\"setWeight\":10,\"pause\":{}}]",
		"[{\"setWeight\":true}]",
		"[{\"pause\":{\"duration\":\"x\"}}]",
		"[{\"analysis\":{}}]",
		"[{\"analysis\":{\"http\":{\"url\":\"ftp://x\"}}}]",
		"[{\"analysis\":{\"prometheus\":{\"url\":\"http://p\",\"query\":\"up\"}}}]",
		"[{\"analysis\":{\"count\":0,\"deployment\":\"w\"}}]",
		"[{\"analysis\":{\"http\":{\"url\":\"http://x\",\"expect-status\":\"20x\"}}}]",
		"[{\"analysis\":{\"http\":{\"url\":\"http://x\",\"expect-json\":[\"no-dot == 1\"]}}}]",
		/* Misspelt or unsupported keys would silently weaken a gate or
		 * turn a timed pause into an indefinite one. */
		"[{\"pause\":{\"duraton\":\"5m\"}}]",
		"[{\"setWeight\":10,\"setCanaryScale\":{\"replicas\":1}}]",
		"[{\"analysis\":{\"deployment\":\"w\",\"failurelimit\":2}}]",
		"[{\"analysis\":{\"http\":{\"url\":\"http://x\",\"expect_status\":500}}}]",
		"[{\"analysis\":{\"http\":{\"url\":\"http://x\",\"expect-jq\":\".ok\"}}}]",
		"[{\"analysis\":{\"prometheus\":{\"url\":\"http://p\",\"query\":\"up\",\"max\":1,\"maxx\":2}}}]",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(from_text(bad[i], &p, err) != 0, "accepted %s", bad[i]);
}
END_TEST

START_TEST(http_verdicts)
{
	struct plan p;
	char err[300], what[300];
	ck_assert_int_eq(
		from_text("[{\"analysis\":{\"http\":{\"url\":\"http://x\",\"expect-json\":{\".status\":\"ok\"},"
			  "\"max-latency\":\"100ms\"}}}]",
			  &p, err),
		0);
	const struct gate *g = &p.v[0].gate;
	const char *ok = "{\"status\":\"ok\"}", *no = "{\"status\":\"degraded\"}";
	ck_assert(measure_http_verdict(g, 200, ok, strlen(ok), 5, what, sizeof what));
	ck_assert(!measure_http_verdict(g, 500, ok, strlen(ok), 5, what, sizeof what));
	ck_assert_str_eq(what, "HTTP 500 in 5ms from http://x");
	ck_assert(!measure_http_verdict(g, 200, no, strlen(no), 5, what, sizeof what));
	ck_assert_str_eq(what, "HTTP 200 in 5ms from http://x (json .status is \"degraded\", want \"ok\")");
	ck_assert(!measure_http_verdict(g, 200, ok, strlen(ok), 150, what, sizeof what));
	ck_assert(strstr(what, "over max-latency 100ms") != NULL);
	ck_assert(!measure_http_verdict(g, 200, "<html>", 6, 5, what, sizeof what));
	plan_free(&p);
}
END_TEST

START_TEST(prometheus_verdicts)
{
	struct plan p;
	char err[300], what[300];
	ck_assert_int_eq(from_text("[{\"analysis\":{\"prometheus\":{\"url\":\"http://p\",\"query\":\"q\",\"max\":0.05,"
				   "\"min\":0}}}]",
				   &p, err),
			 0);
	const struct gate *g = &p.v[0].gate;
	const char *low = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
			  "\"value\":[1,\"0.01\"]}]}}";
	const char *high = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
			   "\"value\":[1,\"0.2\"]}]}}";
	const char *scalar = "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"-1\"]}}";
	const char *empty = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";
	ck_assert(measure_prom_verdict(g, low, strlen(low), what, sizeof what));
	ck_assert(!measure_prom_verdict(g, high, strlen(high), what, sizeof what));
	ck_assert_str_eq(what, "query q = 0.2 (above max 0.05)");
	ck_assert(!measure_prom_verdict(g, scalar, strlen(scalar), what, sizeof what));
	ck_assert(strstr(what, "below min 0") != NULL);
	ck_assert(!measure_prom_verdict(g, empty, strlen(empty), what, sizeof what));
	ck_assert(strstr(what, "0 series") != NULL);
	ck_assert(!measure_prom_verdict(g, "nope", 4, what, sizeof what));
	plan_free(&p);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("k8s-rollout plan");
	TCase *tc = tcase_create("plan");
	tcase_add_test(tc, steps_list);
	tcase_add_test(tc, analysis_steps);
	tcase_add_test(tc, http_verdicts);
	tcase_add_test(tc, prometheus_verdicts);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
