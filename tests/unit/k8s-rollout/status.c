/* The rollout-status decision against kubectl's cases and our paused-deployment deviation. */
#include <check.h>
#include <string.h>

#include "status.h"

static struct rollout_state eval(const char *json, long long rev)
{
	json_error_t e;
	json_t *dep = json_loads(json, 0, &e);
	ck_assert_msg(dep != NULL, "bad test JSON: %s", e.text);
	struct rollout_state st;
	rollout_evaluate(dep, rev, &st);
	json_decref(dep);
	return st;
}

#define DEP(meta, spec, status) "{\"metadata\":{\"name\":\"web\"" meta "},\"spec\":{" spec "},\"status\":{" status "}}"

START_TEST(unobserved_generation_waits_before_anything_else)
{
	struct rollout_state st = eval(DEP(",\"generation\":3", "\"replicas\":2",
					   "\"observedGeneration\":2,\"conditions\":[{\"type\":\"Progressing\","
					   "\"reason\":\"ProgressDeadlineExceeded\"}]"),
				       0);
	ck_assert_int_eq(st.verdict, RV_WAIT);
	ck_assert_str_eq(st.message, "Waiting for deployment spec update to be observed...");
}
END_TEST

START_TEST(deadline_by_reason_only)
{
	struct rollout_state st =
		eval(DEP(",\"generation\":2", "\"replicas\":2",
			 "\"observedGeneration\":2,\"updatedReplicas\":2,\"replicas\":2,"
			 "\"availableReplicas\":2,\"conditions\":[{\"type\":\"Available\",\"reason\":\"x\"},"
			 "{\"type\":\"Progressing\",\"status\":\"True\",\"reason\":\"ProgressDeadlineExceeded\"}]"),
		     0);
	ck_assert_int_eq(st.verdict, RV_DEADLINE);
	ck_assert_str_eq(st.message, "deployment \"web\" exceeded its progress deadline");
}
END_TEST

START_TEST(updated_short_of_spec)
{
	struct rollout_state st = eval(DEP(",\"generation\":2", "\"replicas\":4",
					   "\"observedGeneration\":2,\"updatedReplicas\":1,\"replicas\":5,"
					   "\"availableReplicas\":4"),
				       0);
	ck_assert_int_eq(st.verdict, RV_WAIT);
	ck_assert_str_eq(
		st.message,
		"Waiting for deployment \"web\" rollout to finish: 1 out of 4 new replicas have been updated...");
}
END_TEST

START_TEST(old_replicas_pending_without_spec_replicas)
{
	struct rollout_state st = eval(DEP(",\"generation\":1", "",
					   "\"observedGeneration\":1,\"updatedReplicas\":3,\"replicas\":4,"
					   "\"availableReplicas\":3"),
				       0);
	ck_assert_int_eq(st.verdict, RV_WAIT);
	ck_assert_str_eq(st.message,
			 "Waiting for deployment \"web\" rollout to finish: 1 old replicas are pending termination...");
}
END_TEST

START_TEST(available_short_of_updated)
{
	struct rollout_state st = eval(DEP(",\"generation\":1", "\"replicas\":3",
					   "\"observedGeneration\":1,\"updatedReplicas\":3,\"replicas\":3,"
					   "\"availableReplicas\":2,\"readyReplicas\":2"),
				       0);
	ck_assert_int_eq(st.verdict, RV_WAIT);
	ck_assert_str_eq(st.message,
			 "Waiting for deployment \"web\" rollout to finish: 2 of 3 updated replicas are available...");
	ck_assert_int_eq(st.ready, 2);
}
END_TEST

START_TEST(done)
{
	struct rollout_state st = eval(DEP(",\"generation\":1", "\"replicas\":3",
					   "\"observedGeneration\":1,\"updatedReplicas\":3,\"replicas\":3,"
					   "\"availableReplicas\":3"),
				       0);
	ck_assert_int_eq(st.verdict, RV_DONE);
	ck_assert_str_eq(st.message, "deployment \"web\" successfully rolled out");
}
END_TEST

START_TEST(absent_numbers_are_zero)
{
	/* Zero counts are omitted from JSON: a scaled-to-zero deployment is done. */
	struct rollout_state st = eval(DEP(",\"generation\":1", "\"replicas\":0", "\"observedGeneration\":1"), 0);
	ck_assert_int_eq(st.verdict, RV_DONE);
	st = eval(DEP("", "\"replicas\":1", ""), 0);
	ck_assert_int_eq(st.verdict, RV_WAIT);
	ck_assert_str_eq(
		st.message,
		"Waiting for deployment \"web\" rollout to finish: 0 out of 1 new replicas have been updated...");
}
END_TEST

START_TEST(revision)
{
	const char *d =
		DEP(",\"generation\":1,\"annotations\":{\"deployment.kubernetes.io/revision\":\"3\"}", "\"replicas\":1",
		    "\"observedGeneration\":1,\"updatedReplicas\":1,\"replicas\":1,"
		    "\"availableReplicas\":1");
	ck_assert_int_eq(eval(d, 3).verdict, RV_DONE);
	struct rollout_state st = eval(d, 2);
	ck_assert_int_eq(st.verdict, RV_REVISION);
	ck_assert_str_eq(st.message, "desired revision (2) is different from the running revision (3)");
	st = eval(DEP("", "\"replicas\":1", ""), 1);
	ck_assert_str_eq(st.message, "desired revision (1) is different from the running revision (0)");
	st = eval(DEP(",\"annotations\":{\"deployment.kubernetes.io/revision\":\"x\"}", "", ""), 1);
	ck_assert_int_eq(st.verdict, RV_BAD);
}
END_TEST

START_TEST(paused)
{
	struct rollout_state st = eval(DEP(",\"generation\":2", "\"replicas\":3,\"paused\":true",
					   "\"observedGeneration\":2,\"replicas\":3,\"availableReplicas\":3"),
				       0);
	ck_assert_int_eq(st.verdict, RV_PAUSED);
	ck_assert(strstr(st.message, "kubectl rollout resume deployment/web") != NULL);
	/* Paused but nothing pending: rolled out, as kubectl says. */
	st = eval(DEP(",\"generation\":2", "\"replicas\":3,\"paused\":true",
		      "\"observedGeneration\":2,\"replicas\":3,\"updatedReplicas\":3,\"availableReplicas\":3"),
		  0);
	ck_assert_int_eq(st.verdict, RV_DONE);
	/* Not observed yet: wait, even when paused. */
	st = eval(DEP(",\"generation\":3", "\"replicas\":3,\"paused\":true", "\"observedGeneration\":2"), 0);
	ck_assert_int_eq(st.verdict, RV_WAIT);
}
END_TEST

START_TEST(not_a_deployment)
{
	struct rollout_state st = eval("{\"kind\":\"Status\"}", 0);
	ck_assert_int_eq(st.verdict, RV_BAD);
	ck_assert_str_eq(rollout_result_name(RV_DEADLINE), "deadline_exceeded");
	ck_assert_str_eq(rollout_result_name(RV_DONE), "rolled_out");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("k8s-rollout status");
	TCase *tc = tcase_create("evaluate");
	tcase_add_test(tc, unobserved_generation_waits_before_anything_else);
	tcase_add_test(tc, deadline_by_reason_only);
	tcase_add_test(tc, updated_short_of_spec);
	tcase_add_test(tc, old_replicas_pending_without_spec_replicas);
	tcase_add_test(tc, available_short_of_updated);
	tcase_add_test(tc, done);
	tcase_add_test(tc, absent_numbers_are_zero);
	tcase_add_test(tc, revision);
	tcase_add_test(tc, paused);
	tcase_add_test(tc, not_a_deployment);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
