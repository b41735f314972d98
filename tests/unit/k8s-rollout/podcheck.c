/* podcheck: the reasons a pod of a new ReplicaSet cannot start, and how
 * long a problem must persist before it fails a rollout. */
#include <check.h>
#include <string.h>

#include "podcheck.h"

static size_t problems(const char *json, struct pod_problem *out, size_t max)
{
	json_error_t e;
	json_t *pod = json_loads(json, 0, &e);
	ck_assert_msg(pod != NULL, "bad test JSON: %s", e.text);
	size_t n = pod_problems(pod, out, max);
	json_decref(pod);
	return n;
}

#define POD(status) "{\"metadata\":{\"name\":\"web-1\"},\"status\":{" status "}}"
#define WAITING(name, reason, msg)                                                               \
	"{\"name\":\"" name "\",\"restartCount\":0,\"state\":{\"waiting\":{\"reason\":\"" reason \
	"\",\"message\":\"" msg "\"}}}"

START_TEST(every_waiting_reason_that_needs_a_change)
{
	static const struct {
		const char *reason;
		enum pod_trouble kind;
	} cases[] = {
		{"ImagePullBackOff", PT_PULL},
		{"ErrImagePull", PT_PULL},
		{"InvalidImageName", PT_PULL},
		{"ErrImageNeverPull", PT_PULL},
		{"CreateContainerConfigError", PT_CONFIG},
		{"CreateContainerError", PT_CONFIG},
		{"RunContainerError", PT_CONFIG},
		{"CrashLoopBackOff", PT_CRASH},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char json[512];
		snprintf(json, sizeof json, POD("\"containerStatuses\":[" WAITING("app", "%s", "why") "]"),
			 cases[i].reason);
		struct pod_problem p[4];
		ck_assert_uint_eq(problems(json, p, 4), 1);
		ck_assert_int_eq(p[0].kind, cases[i].kind);
		ck_assert_str_eq(p[0].reason, cases[i].reason);
		ck_assert_str_eq(p[0].pod, "web-1");
		ck_assert_str_eq(p[0].container, "app");
		ck_assert_str_eq(p[0].message, "why");
	}
}
END_TEST

START_TEST(transient_waits_are_no_problem)
{
	struct pod_problem p[4];
	ck_assert_uint_eq(problems(POD("\"containerStatuses\":[" WAITING("app", "ContainerCreating", "") "," WAITING(
					   "b", "PodInitializing", "") "]"),
				   p, 4),
			  0);
	ck_assert_uint_eq(problems(POD("\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"app\","
				       "\"restartCount\":2,\"state\":{\"running\":{}}}]"),
				   p, 4),
			  0);
	/* Not scheduled yet, for no stated reason: the scheduler is at work. */
	ck_assert_uint_eq(problems(POD("\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"False\"}]"), p, 4), 0);
}
END_TEST

START_TEST(crashes_with_exit_code)
{
	struct pod_problem p[4];
	ck_assert_uint_eq(problems(POD("\"containerStatuses\":[{\"name\":\"app\",\"restartCount\":1,\"state\":"
				       "{\"waiting\":{\"reason\":\"CrashLoopBackOff\",\"message\":\"back-off 10s\"}},"
				       "\"lastState\":{\"terminated\":{\"exitCode\":2,\"reason\":\"Error\"}}}]"),
				   p, 4),
			  1);
	ck_assert_str_eq(p[0].reason, "CrashLoopBackOff");
	ck_assert_int_eq(p[0].exit_code, 2);
	/* OOMKilled names the cause even while the container runs again. */
	ck_assert_uint_eq(problems(POD("\"containerStatuses\":[{\"name\":\"app\",\"restartCount\":1,\"state\":"
				       "{\"running\":{}},\"lastState\":{\"terminated\":{\"exitCode\":137,"
				       "\"reason\":\"OOMKilled\"}}}]"),
				   p, 4),
			  1);
	ck_assert_str_eq(p[0].reason, "OOMKilled");
	ck_assert_int_eq(p[0].exit_code, 137);
	ck_assert_int_eq(p[0].kind, PT_CRASH);
	/* Three restarts are a crash loop between its back-offs. */
	ck_assert_uint_eq(problems(POD("\"containerStatuses\":[{\"name\":\"app\",\"restartCount\":3,\"state\":"
				       "{\"running\":{}},\"lastState\":{\"terminated\":{\"exitCode\":1,"
				       "\"reason\":\"Error\"}}}]"),
				   p, 4),
			  1);
	ck_assert_str_eq(p[0].reason, "Restarting");
	ck_assert_str_eq(p[0].message, "restarted 3 times; last run ended Error");
	ck_assert_int_eq(p[0].exit_code, 1);
}
END_TEST

START_TEST(unschedulable_and_init_containers_first)
{
	struct pod_problem p[4];
	ck_assert_uint_eq(problems(POD("\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"False\","
				       "\"reason\":\"Unschedulable\",\"message\":\"0/3 nodes are available\"}]"),
				   p, 4),
			  1);
	ck_assert_int_eq(p[0].kind, PT_UNSCHEDULABLE);
	ck_assert_str_eq(p[0].container, "");
	ck_assert_str_eq(p[0].message, "0/3 nodes are available");
	ck_assert_uint_eq(
		problems(POD("\"containerStatuses\":[" WAITING("app", "ImagePullBackOff",
							       "a") "],"
								    "\"initContainerStatuses\":[" WAITING(
									    "migrate", "CrashLoopBackOff", "b") "]"),
			 p, 4),
		2);
	ck_assert_str_eq(p[0].container, "migrate");
	ck_assert_str_eq(p[1].container, "app");
	/* At most max. */
	ck_assert_uint_eq(problems(POD("\"containerStatuses\":[" WAITING("a", "ErrImagePull",
									 "") "," WAITING("b", "ErrImagePull", "") "]"),
				   p, 1),
			  1);
}
END_TEST

static struct pod_problem prob(const char *pod, enum pod_trouble kind)
{
	struct pod_problem p = {.kind = kind, .exit_code = -1};
	snprintf(p.pod, sizeof p.pod, "%s", pod);
	snprintf(p.container, sizeof p.container, "app");
	return p;
}

START_TEST(a_problem_must_persist)
{
	struct pod_watch w = {0};
	struct pod_problem a = prob("web-1", PT_PULL), b = prob("web-2", PT_PULL);
	pod_watch_begin(&w);
	ck_assert(!pod_watch_note(&w, &a, 1000, 10000));
	pod_watch_end(&w);
	pod_watch_begin(&w);
	ck_assert(!pod_watch_note(&w, &a, 10999, 10000));
	ck_assert(!pod_watch_note(&w, &b, 10999, 10000));
	pod_watch_end(&w);
	pod_watch_begin(&w);
	ck_assert(pod_watch_note(&w, &a, 11000, 10000));
	ck_assert(!pod_watch_note(&w, &b, 11000, 10000));
	pod_watch_end(&w);
	/* A look without it: it cleared, and its clock starts again. */
	pod_watch_begin(&w);
	pod_watch_end(&w);
	pod_watch_begin(&w);
	ck_assert(!pod_watch_note(&w, &a, 12000, 10000));
	pod_watch_end(&w);
	/* 0 = at once. */
	pod_watch_begin(&w);
	ck_assert(pod_watch_note(&w, &b, 12000, 0));
	ck_assert(!pod_watch_note(&w, &a, 12000, 10000));
	pod_watch_end(&w);
	/* Another kind of trouble of the same container has its own clock. */
	struct pod_problem c = prob("web-1", PT_CRASH);
	pod_watch_begin(&w);
	ck_assert(pod_watch_note(&w, &a, 30000, 10000));
	ck_assert(!pod_watch_note(&w, &c, 30000, 10000));
	pod_watch_end(&w);
	pod_watch_free(&w);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("k8s-rollout podcheck");
	TCase *tc = tcase_create("podcheck");
	tcase_add_test(tc, every_waiting_reason_that_needs_a_change);
	tcase_add_test(tc, transient_waits_are_no_problem);
	tcase_add_test(tc, crashes_with_exit_code);
	tcase_add_test(tc, unschedulable_and_init_containers_first);
	tcase_add_test(tc, a_problem_must_persist);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
