/* jsre: JavaScript regular expressions on PCRE2 with String.match's
 * result (groups, undefined groups, the g flag, flag errors). */
#include <check.h>
#include <stdlib.h>

#include "jsre.h"

START_TEST(test_match)
{
	struct jsre_result r;
	char err[256];
	ck_assert_int_eq(jsre_match("v(\\d.\\d)", "", "p1/v1.2.3", &r, err, sizeof err), 1);
	ck_assert_str_eq(jsre_get(&r, "0"), "v1.2");
	ck_assert_str_eq(jsre_get(&r, "1"), "1.2");
	ck_assert_ptr_null(jsre_get(&r, "2"));
	ck_assert_ptr_null(jsre_get(&r, "01"));
	ck_assert_ptr_null(jsre_get(&r, "x"));
	jsre_free(&r);

	ck_assert_int_eq(jsre_match("V(\\d)", "i", "p1/v1.2.3", &r, err, sizeof err), 1);
	ck_assert_str_eq(jsre_get(&r, "1"), "1");
	jsre_free(&r);

	/* An optional group that did not take part is undefined. */
	ck_assert_int_eq(jsre_match("a(x)?b", "", "ab", &r, err, sizeof err), 1);
	ck_assert_ptr_null(jsre_get(&r, "1"));
	jsre_free(&r);

	/* g: every match, groups dropped. */
	ck_assert_int_eq(jsre_match("\\d", "g", "a1b2c3", &r, err, sizeof err), 1);
	ck_assert_uint_eq(r.n, 3);
	ck_assert_str_eq(jsre_get(&r, "2"), "3");
	jsre_free(&r);

	/* Lookbehind, \u escapes, $ only at the very end without m. */
	ck_assert_int_eq(jsre_match("(?<=v)\\d+", "", "v42", &r, err, sizeof err), 1);
	ck_assert_str_eq(jsre_get(&r, "0"), "42");
	jsre_free(&r);
	ck_assert_int_eq(jsre_match("\\u0041", "", "xA", &r, err, sizeof err), 1);
	jsre_free(&r);
	ck_assert_int_eq(jsre_match("a$", "", "a\n", &r, err, sizeof err), 0);

	ck_assert_int_eq(jsre_match("^nomatch$", "", "v1", &r, err, sizeof err), 0);

	/* A subject with bytes that are not UTF-8 is matched, not refused. */
	ck_assert_int_eq(jsre_match("v(\\d)", "", "\xFFv7", &r, err, sizeof err), 1);
	ck_assert_str_eq(jsre_get(&r, "1"), "7");
	jsre_free(&r);
}
END_TEST

START_TEST(test_errors)
{
	struct jsre_result r;
	char err[256];
	ck_assert_int_eq(jsre_match("(", "", "x", &r, err, sizeof err), -1);
	ck_assert_int_eq(jsre_match("x", "q", "x", &r, err, sizeof err), -1);
	ck_assert_int_eq(jsre_match("x", "gg", "x", &r, err, sizeof err), -1);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("jsre");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_match);
	tcase_add_test(tc, test_errors);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
