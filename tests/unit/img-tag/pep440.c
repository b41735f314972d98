/* pep440: the PEP 440 grammar with its alternative spellings, the
 * normalised form, release components, and which versions the action
 * treats as pre-releases (pre, post and dev alike). */
#include <check.h>
#include <stdlib.h>

#include "pep440.h"

START_TEST(test_normalize)
{
	static const struct {
		const char *in, *norm;
		int special;
	} ok[] = {
		{"1.2.3", "1.2.3", 0},
		{"v1.2.3", "1.2.3", 0},
		{"V1.0", "1.0", 0},
		{"1.2.3beta2", "1.2.3b2", 1},
		{"1.2.3rc2", "1.2.3rc2", 1},
		{"1.2post1", "1.2.post1", 1},
		{"1.0dev4", "1.0.dev4", 1},
		{"1.0-1", "1.0.post1", 1},
		{"1.0.r4", "1.0.post4", 1},
		{"1.0-rev", "1.0.post0", 1},
		{"1.0a", "1.0a0", 1},
		{"1.0a-", "1.0a0", 1},
		{"1.0ALPHA.3", "1.0a3", 1},
		{"1.0c1", "1.0rc1", 1},
		{"1.0pre2", "1.0rc2", 1},
		{"1.0preview2", "1.0rc2", 1},
		{"1.0_a_1", "1.0a1", 1},
		{"2!1.0", "2!1.0", 0},
		{"0!1.0", "1.0", 0},
		{"01.002.0003", "1.2.3", 0},
		{"1.0+Ubuntu-1", "1.0+ubuntu.1", 0},
		{"1.0+abc.007", "1.0+abc.7", 0},
		{"1.0a1.post2.dev3", "1.0a1.post2.dev3", 1},
		{" 1.0 ", "1.0", 0},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		struct pep440 v;
		ck_assert_msg(pep440_parse(ok[i].in, &v) == 0, "%s should be valid", ok[i].in);
		char *n = pep440_normalize(&v);
		ck_assert_str_eq(n, ok[i].norm);
		ck_assert_int_eq(pep440_is_special(&v), ok[i].special);
		free(n);
		pep440_free(&v);
	}
}
END_TEST

START_TEST(test_invalid)
{
	static const char *const bad[] = {
		"",         "v",      "1.",    ".1",       "1.0-",         "1.0+",
		"1.0+a..b", "1.0+-a", "a1.0",  "1.0gamma", "1.0.dev.post", "1!",
		"!1.0",     "1.0 1",  "vv1.0", "1.0a1a2",  "1.0+a_",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct pep440 v;
		ck_assert_msg(pep440_parse(bad[i], &v) != 0, "%s should be invalid", bad[i]);
	}
}
END_TEST

START_TEST(test_release)
{
	struct pep440 v;
	ck_assert_int_eq(pep440_parse("1.2", &v), 0);
	ck_assert_str_eq(pep440_release(&v, 0), "1");
	ck_assert_str_eq(pep440_release(&v, 1), "2");
	ck_assert_str_eq(pep440_release(&v, 2), "0");
	pep440_free(&v);
	ck_assert_int_eq(pep440_parse("123456789012345678901234567890.4", &v), 0);
	ck_assert_str_eq(pep440_release(&v, 0), "123456789012345678901234567890");
	pep440_free(&v);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("pep440");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_normalize);
	tcase_add_test(tc, test_invalid);
	tcase_add_test(tc, test_release);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
