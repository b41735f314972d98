/* semver: node-semver's strict valid()/parse() — what is a version, and
 * the fields the patterns see. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "semver.h"

START_TEST(test_valid)
{
	static const struct {
		const char *in, *version, *pre, *build;
		unsigned long long major, minor, patch;
	} ok[] = {
		{"1.2.3", "1.2.3", "", "", 1, 2, 3},
		{"v1.2.3", "1.2.3", "", "", 1, 2, 3},
		{"  v0.0.0  ", "0.0.0", "", "", 0, 0, 0},
		{"v2.0.8-beta.67", "2.0.8-beta.67", "beta.67", "", 2, 0, 8},
		{"1.2.3+build.5", "1.2.3", "", "build.5", 1, 2, 3},
		{"1.0.0-alpha-1.0+001.sha-x", "1.0.0-alpha-1.0", "alpha-1.0", "001.sha-x", 1, 0, 0},
		{"1.0.0-0.3.7", "1.0.0-0.3.7", "0.3.7", "", 1, 0, 0},
		{"1.0.0-x.7.z.92", "1.0.0-x.7.z.92", "x.7.z.92", "", 1, 0, 0},
		{"1.0.0-0a", "1.0.0-0a", "0a", "", 1, 0, 0},
		{"9007199254740991.0.0", "9007199254740991.0.0", "", "", 9007199254740991ULL, 0, 0},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		struct semver v;
		ck_assert_msg(semver_parse(ok[i].in, &v) == 0, "%s should be valid", ok[i].in);
		char *ver = semver_version(&v);
		ck_assert_str_eq(ver, ok[i].version);
		ck_assert_str_eq(v.prerelease, ok[i].pre);
		ck_assert_str_eq(v.build, ok[i].build);
		ck_assert_str_eq(v.raw, ok[i].in);
		ck_assert_uint_eq(v.major, ok[i].major);
		ck_assert_uint_eq(v.minor, ok[i].minor);
		ck_assert_uint_eq(v.patch, ok[i].patch);
		free(ver);
		semver_free(&v);
	}
}
END_TEST

START_TEST(test_invalid)
{
	static const char *const bad[] = {
		"",
		"1.2",
		"1",
		"sometag",
		"p1-v1.0.0",
		"20200110-RC2",
		"V1.2.3",
		"=1.2.3",
		"01.2.3",
		"1.02.3",
		"1.2.03",
		"1.2.3-",
		"1.2.3+",
		"1.2.3-01",
		"1.2.3-a..b",
		"1.2.3-a_b",
		"vv1.2.3",
		"1.2.3.4",
		"9007199254740992.0.0",
		"1.2.3 4",
		"-1.2.3",
		"1.2.3-beta+",
		"v 1.2.3",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct semver v;
		ck_assert_msg(semver_parse(bad[i], &v) != 0, "%s should be invalid", bad[i]);
	}
}
END_TEST

START_TEST(test_length)
{
	/* At most 256 characters, counted before trimming. */
	char buf[300];
	memset(buf, 0, sizeof buf);
	strcpy(buf, "1.2.3-");
	memset(buf + 6, 'a', 250);
	struct semver v;
	ck_assert_int_eq(semver_parse(buf, &v), 0);
	semver_free(&v);
	buf[256] = 'a';
	ck_assert_int_ne(semver_parse(buf, &v), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("semver");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_valid);
	tcase_add_test(tc, test_invalid);
	tcase_add_test(tc, test_length);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
