/* moment: time zones from the tz database and moment.js format tokens. */
#include <check.h>
#include <stdlib.h>

#include "moment.h"

/* 2020-01-10T00:30:00.042Z, a Friday. */
#define T0 1578616200042LL

static char *fmt(int64_t ms, const char *zone, const char *f)
{
	struct zoned z;
	char err[256];
	ck_assert_msg(zoned_time(ms, zone, &z, err, sizeof err) == 0, "%s", err);
	return moment_format(&z, f);
}

#define FMT(ms, zone, f, want)                 \
	do {                                   \
		char *got_ = fmt(ms, zone, f); \
		ck_assert_str_eq(got_, want);  \
		free(got_);                    \
	} while (0)

START_TEST(test_tokens)
{
	FMT(T0, "UTC", "YYYYMMDD-HHmmss", "20200110-003000");
	FMT(T0, "UTC", "YY M D H h m s A a", "20 1 10 0 12 30 0 AM am");
	FMT(T0, "UTC", "MMM MMMM ddd dddd dd d E", "Jan January Fri Friday Fr 5 5");
	FMT(T0, "UTC", "Do DDD DDDD Mo Qo", "10th 10 010 1st 1st");
	FMT(T0, "UTC", "S SS SSS SSSS", "0 04 042 0420");
	FMT(T0, "UTC", "X x", "1578616200 1578616200042");
	FMT(T0, "UTC", "Z ZZ", "+00:00 +0000");
	/* Outside brackets every letter is a token: "aped" is am, p, 5, 5. */
	FMT(T0, "UTC", "[YYYY] \\Y [esc]aped", "YYYY Y escamp55");
	FMT(T0, "UTC", "W WW w ww GGGG gggg", "2 02 2 02 2020 2020");
	FMT(T0, "UTC", "L LL", "01/10/2020 January 10, 2020");
	FMT(T0, "UTC", "w| qq", "w| qq");
	FMT(T0, "Asia/Tokyo", "YYYYMMDD-HHmm Z z", "20200110-0930 +09:00 JST");
	FMT(T0, "asia/tokyo", "HH", "09");
	FMT(T0, "America/New_York", "YYYY-MM-DD HH:mm ZZ", "2020-01-09 19:30 -0500");
	FMT(1593604800000LL, "America/New_York", "HH:mm Z", "08:00 -04:00");
	FMT(T0, "Asia/Kolkata", "HH:mm Z", "06:00 +05:30");
	/* ISO weeks across the year boundary: 2021-01-03 is in 2020-W53. */
	FMT(1609632000000LL, "UTC", "GGGG-[W]WW E", "2020-W53 7");
}
END_TEST

START_TEST(test_default_format)
{
	FMT(T0, "UTC", NULL, "2020-01-10T00:30:00Z");
	FMT(T0, "Asia/Tokyo", NULL, "2020-01-10T09:30:00+09:00");
}
END_TEST

START_TEST(test_utc_matches_tzdb)
{
	/* The built-in UTC path and the zone file agree (Etc/GMT goes
	 * through the tz database). */
	static const int64_t ts[] = {
		0, -1, 86399999, 951782400000LL, 1583020799000LL, 4102444800000LL, -2208988800000LL};
	for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
		char *a = fmt(ts[i], "UTC", "YYYY-MM-DD HH:mm:ss.SSS ddd DDDD");
		char *b = fmt(ts[i], "Etc/GMT", "YYYY-MM-DD HH:mm:ss.SSS ddd DDDD");
		ck_assert_str_eq(a, b);
		free(a);
		free(b);
	}
}
END_TEST

START_TEST(test_unknown_zone)
{
	struct zoned z;
	char err[256];
	ck_assert_int_ne(zoned_time(T0, "Mars/Olympus", &z, err, sizeof err), 0);
	ck_assert_int_ne(zoned_time(T0, "../etc/passwd", &z, err, sizeof err), 0);
	ck_assert_int_ne(zoned_time(T0, "", &z, err, sizeof err), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("moment");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_tokens);
	tcase_add_test(tc, test_default_format);
	tcase_add_test(tc, test_utc_matches_tzdb);
	tcase_add_test(tc, test_unknown_zone);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
