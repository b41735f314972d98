#include "timeutil.h"

#include <check.h>
#include <stdlib.h>

START_TEST(parse)
{
	int64_t t;
	int32_t ns;
	ck_assert_int_eq(rfc3339_parse("1970-01-01T00:00:00Z", &t, NULL), 0);
	ck_assert_int_eq(t, 0);
	ck_assert_int_eq(rfc3339_parse("2026-03-01T12:00:00.123+02:00", &t, &ns), 0);
	ck_assert_int_eq(t, 1772359200);
	ck_assert_int_eq(ns, 123000000);
	ck_assert_int_eq(rfc3339_parse("2026-03-01 10:00:00", &t, NULL), 0);
	ck_assert_int_eq(t, 1772359200);
	ck_assert_int_eq(rfc3339_parse("2026-03-01", &t, NULL), 0);
	ck_assert_int_eq(t, 1772323200);
	ck_assert_int_eq(rfc3339_parse("2024-02-29T00:00:00Z", &t, NULL), 0);
	ck_assert_int_eq(rfc3339_parse("2023-02-29T00:00:00Z", &t, NULL), -1);
	ck_assert_int_eq(rfc3339_parse("2026-13-01T00:00:00Z", &t, NULL), -1);
	ck_assert_int_eq(rfc3339_parse("2026-01-01T25:00:00Z", &t, NULL), -1);
	ck_assert_int_eq(rfc3339_parse("2026-01-01T00:00:00Zjunk", &t, NULL), -1);
	ck_assert_int_eq(rfc3339_parse("yesterday", &t, NULL), -1);
	ck_assert_int_eq(rfc3339_parse("1969-12-31T23:59:59Z", &t, NULL), 0);
	ck_assert_int_eq(t, -1);
}
END_TEST

START_TEST(format_and_buckets)
{
	char buf[32], day[11], month[8];
	rfc3339_format(1772359200, buf, sizeof buf);
	ck_assert_str_eq(buf, "2026-03-01T10:00:00Z");
	rfc3339_format(-1, buf, sizeof buf);
	ck_assert_str_eq(buf, "1969-12-31T23:59:59Z");
	utc_day(1772323199, day);
	ck_assert_str_eq(day, "2026-02-28");
	utc_month(1772323200, month);
	ck_assert_str_eq(month, "2026-03");
	ck_assert_int_eq(days_in_month(2024, 2), 29);
	ck_assert_int_eq(days_in_month(2100, 2), 28);
	ck_assert_int_eq(days_in_month(2000, 2), 29);
	ck_assert_int_eq(days_in_month(2026, 4), 30);
	ck_assert(leap_year(2024) && leap_year(2000) && !leap_year(2100) && !leap_year(2026));
}
END_TEST

START_TEST(civil_round_trip)
{
	for (int64_t d = -800000; d < 800000; d += 97) {
		int64_t y;
		unsigned m, dd;
		civil_from_days(d, &y, &m, &dd);
		ck_assert_int_eq(days_from_civil(y, m, dd), d);
	}
}
END_TEST

START_TEST(clocks)
{
	int64_t a = mono_ms();
	sleep_ms(20);
	ck_assert_int_ge(mono_ms() - a, 19);
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	ck_assert_int_eq(now_unix(), 1700000000);
	unsetenv("SOURCE_DATE_EPOCH");
	ck_assert_int_gt(now_unix(), 1700000000);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("timeutil");
	TCase *tc = tcase_create("timeutil");
	tcase_add_test(tc, parse);
	tcase_add_test(tc, format_and_buckets);
	tcase_add_test(tc, civil_round_trip);
	tcase_add_test(tc, clocks);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
