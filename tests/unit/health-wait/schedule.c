/* The probe arithmetic: thresholds as Kubernetes counts them, and the
 * pause before the next attempt (constant, exponential, capped, jitter). */
#include <check.h>
#include <stdint.h>

#include "cli.h"
#include "schedule.h"

static struct sched_cfg cfg(int success, int failure)
{
	return (struct sched_cfg){.interval_ms = 1000,
				  .max_interval_ms = 8000,
				  .success_threshold = success,
				  .failure_threshold = failure};
}

START_TEST(one_pass_is_enough_by_default)
{
	struct sched_cfg c = cfg(1, 0);
	struct sched s = {0};
	ck_assert_int_eq(sched_record(&c, &s, OUT_NOT_YET), H_PENDING);
	ck_assert_int_eq(sched_record(&c, &s, OUT_PASS), H_HEALTHY);
	ck_assert_int_eq(s.attempts, 2);
}
END_TEST

START_TEST(success_threshold_needs_a_run_of_passes)
{
	struct sched_cfg c = cfg(3, 0);
	struct sched s = {0};
	/* A flapping service: pass, pass, fail restarts the count. */
	ck_assert_int_eq(sched_record(&c, &s, OUT_PASS), H_PENDING);
	ck_assert_int_eq(sched_record(&c, &s, OUT_PASS), H_PENDING);
	ck_assert_int_eq(sched_record(&c, &s, OUT_NOT_YET), H_PENDING);
	ck_assert_int_eq(s.passes, 0);
	ck_assert_int_eq(sched_record(&c, &s, OUT_PASS), H_PENDING);
	ck_assert_int_eq(sched_record(&c, &s, OUT_PASS), H_PENDING);
	ck_assert_int_eq(sched_record(&c, &s, OUT_PASS), H_HEALTHY);
	/* Healthy is not for ever: the next miss makes it pending again. */
	ck_assert_int_eq(sched_record(&c, &s, OUT_DEFINITIVE), H_PENDING);
}
END_TEST

START_TEST(failure_threshold_off_never_gives_up)
{
	struct sched_cfg c = cfg(1, 0);
	struct sched s = {0};
	for (int i = 0; i < 1000; i++)
		ck_assert_int_eq(sched_record(&c, &s, OUT_DEFINITIVE), H_PENDING);
}
END_TEST

START_TEST(failure_threshold_counts_definitive_failures_in_a_row)
{
	struct sched_cfg c = cfg(1, 3);
	struct sched s = {0};
	ck_assert_int_eq(sched_record(&c, &s, OUT_DEFINITIVE), H_PENDING);
	ck_assert_int_eq(sched_record(&c, &s, OUT_DEFINITIVE), H_PENDING);
	/* A not-yet answer (a restart) neither counts nor resets the run. */
	ck_assert_int_eq(sched_record(&c, &s, OUT_NOT_YET), H_PENDING);
	ck_assert_int_eq(s.definitive, 2);
	ck_assert_int_eq(sched_record(&c, &s, OUT_DEFINITIVE), H_FAILED);
}
END_TEST

START_TEST(a_pass_resets_the_failures)
{
	struct sched_cfg c = cfg(2, 2);
	struct sched s = {0};
	ck_assert_int_eq(sched_record(&c, &s, OUT_DEFINITIVE), H_PENDING);
	ck_assert_int_eq(sched_record(&c, &s, OUT_PASS), H_PENDING);
	ck_assert_int_eq(s.definitive, 0);
	ck_assert_int_eq(sched_record(&c, &s, OUT_DEFINITIVE), H_PENDING);
	ck_assert_int_eq(sched_record(&c, &s, OUT_DEFINITIVE), H_FAILED);
}
END_TEST

START_TEST(constant_pause)
{
	struct sched_cfg c = cfg(1, 0);
	struct sched s = {0};
	for (int i = 0; i < 10; i++) {
		sched_record(&c, &s, OUT_NOT_YET);
		ck_assert_int_eq(sched_pause(&c, &s, 0.5), 1000);
	}
}
END_TEST

START_TEST(exponential_pause_doubles_up_to_the_cap)
{
	struct sched_cfg c = cfg(1, 0);
	c.exponential = true;
	struct sched s = {0};
	const int64_t want[] = {1000, 2000, 4000, 8000, 8000, 8000};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		sched_record(&c, &s, OUT_NOT_YET);
		ck_assert_int_eq(sched_pause(&c, &s, 0.5), want[i]);
	}
	/* A pass starts over at the interval. */
	sched_record(&c, &s, OUT_PASS);
	ck_assert_int_eq(sched_pause(&c, &s, 0.5), 1000);
	/* A cap that is not a power-of-two multiple is still the ceiling. */
	c.max_interval_ms = 3000;
	for (int i = 0; i < 5; i++)
		sched_record(&c, &s, OUT_DEFINITIVE);
	ck_assert_int_eq(sched_pause(&c, &s, 0.5), 3000);
}
END_TEST

START_TEST(jitter_stays_within_twenty_percent)
{
	struct sched_cfg c = cfg(1, 0);
	c.jitter = true;
	struct sched s = {0};
	sched_record(&c, &s, OUT_NOT_YET);
	ck_assert_int_eq(sched_pause(&c, &s, 0.0), 800);
	ck_assert_int_eq(sched_pause(&c, &s, 0.5), 1000);
	int64_t hi = sched_pause(&c, &s, 0.999999);
	ck_assert(hi >= 1199 && hi < 1200);
	c.interval_ms = 0; /* nothing to jitter */
	ck_assert_int_eq(sched_pause(&c, &s, 0.9), 0);
}
END_TEST

START_TEST(retry_after_lengthens_the_pause_up_to_the_ceiling)
{
	struct sched_cfg c = cfg(1, 0); /* interval 1s, ceiling 8s */
	ck_assert_int_eq(sched_honour(&c, 1000, 3000), 3000);
	/* Asking for less than the schedule's own pause never shortens it. */
	ck_assert_int_eq(sched_honour(&c, 1000, 0), 1000);
	ck_assert_int_eq(sched_honour(&c, 4000, 2000), 4000);
	/* A gateway that asks for an hour waits no longer than the ceiling. */
	ck_assert_int_eq(sched_honour(&c, 1000, 3600000), 8000);
}
END_TEST

/* The duration syntax every health-wait flag takes, as in every tool: a
 * number with ms, s, m or h, units combined, a bare number in seconds. */
START_TEST(durations_of_the_flags)
{
	int64_t ms;
	ck_assert_int_eq(parse_duration_ms("500ms", &ms), 0);
	ck_assert_int_eq(ms, 500);
	ck_assert_int_eq(parse_duration_ms("2s", &ms), 0);
	ck_assert_int_eq(ms, 2000);
	ck_assert_int_eq(parse_duration_ms("1.5s", &ms), 0);
	ck_assert_int_eq(ms, 1500);
	ck_assert_int_eq(parse_duration_ms("5m", &ms), 0);
	ck_assert_int_eq(ms, 300000);
	ck_assert_int_eq(parse_duration_ms("1h30m", &ms), 0);
	ck_assert_int_eq(ms, 5400000);
	ck_assert_int_eq(parse_duration_ms("60", &ms), 0);
	ck_assert_int_eq(ms, 60000);
	ck_assert_int_ne(parse_duration_ms("10x", &ms), 0);
	ck_assert_int_ne(parse_duration_ms("", &ms), 0);
	ck_assert_int_ne(parse_duration_ms("-1s", &ms), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("health-wait schedule");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, one_pass_is_enough_by_default);
	tcase_add_test(tc, success_threshold_needs_a_run_of_passes);
	tcase_add_test(tc, failure_threshold_off_never_gives_up);
	tcase_add_test(tc, failure_threshold_counts_definitive_failures_in_a_row);
	tcase_add_test(tc, a_pass_resets_the_failures);
	tcase_add_test(tc, constant_pause);
	tcase_add_test(tc, exponential_pause_doubles_up_to_the_cap);
	tcase_add_test(tc, jitter_stays_within_twenty_percent);
	tcase_add_test(tc, retry_after_lengthens_the_pause_up_to_the_ceiling);
	tcase_add_test(tc, durations_of_the_flags);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
