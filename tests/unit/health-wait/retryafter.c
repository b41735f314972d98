/* Retry-After as a rate-limited gateway sends it: delay-seconds or an
 * HTTP-date, anywhere in the header block, any case. */
#include <check.h>
#include <stdint.h>

#include "retryafter.h"

/* Wed, 02 Dec 2026 07:30:00 GMT */
#define NOW 1796196600LL

START_TEST(delay_seconds)
{
	ck_assert_int_eq(retry_after_ms("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 120\r\n\r\n", NOW), 120000);
	ck_assert_int_eq(retry_after_ms("retry-after:0\r\n", NOW), 0);
	ck_assert_int_eq(retry_after_ms("Content-Type: text/plain\r\nRETRY-AFTER:   7  \r\n", NOW), 7000);
}
END_TEST

START_TEST(http_dates)
{
	ck_assert_int_eq(retry_after_ms("Retry-After: Wed, 02 Dec 2026 07:30:30 GMT\r\n", NOW), 30000);
	/* The obsolete RFC 850 and asctime forms are still HTTP-dates. */
	ck_assert_int_eq(retry_after_ms("Retry-After: Wednesday, 02-Dec-26 07:31:00 GMT\r\n", NOW), 60000);
	ck_assert_int_eq(retry_after_ms("Retry-After: Wed Dec  2 07:30:05 2026\r\n", NOW), 5000);
	/* A date already past means: now. */
	ck_assert_int_eq(retry_after_ms("Retry-After: Tue, 01 Dec 2026 07:30:00 GMT\r\n", NOW), 0);
}
END_TEST

START_TEST(absent_or_unreadable)
{
	ck_assert_int_eq(retry_after_ms("", NOW), -1);
	ck_assert_int_eq(retry_after_ms(NULL, NOW), -1);
	ck_assert_int_eq(retry_after_ms("X-Retry-After-Not: 5\r\n", NOW), -1);
	ck_assert_int_eq(retry_after_ms("Retry-After: 1.5\r\n", NOW), -1);
	ck_assert_int_eq(retry_after_ms("Retry-After: 10s\r\n", NOW), -1);
	ck_assert_int_eq(retry_after_ms("Retry-After: soon\r\n", NOW), -1);
	ck_assert_int_eq(retry_after_ms("Retry-After: -5\r\n", NOW), -1);
}
END_TEST

START_TEST(huge_values_stay_in_range)
{
	/* Capped at a week, whatever the digits; the caller caps it again. */
	ck_assert_int_eq(retry_after_ms("Retry-After: 99999999999999999999999999\r\n", NOW), 7 * 24 * 3600 * 1000LL);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("health-wait retryafter");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, delay_seconds);
	tcase_add_test(tc, http_dates);
	tcase_add_test(tc, absent_or_unreadable);
	tcase_add_test(tc, huge_values_stay_in_range);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
