/* strvec and strbuf: the string vector (NULL-terminated, joined) and the
 * byte buffer it joins with. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "strvec.h"

START_TEST(test_join)
{
	struct strvec sv = {0};
	char *j = strvec_join(&sv, ",");
	ck_assert_str_eq(j, "");
	free(j);
	strvec_pushn(&sv, "a", 1);
	strvec_pushn(&sv, "bcd", 2);
	j = strvec_join(&sv, ", ");
	ck_assert_str_eq(j, "a, bc");
	ck_assert_ptr_null(sv.v[sv.n]);
	free(j);
	strvec_free(&sv);
	ck_assert_uint_eq(sv.n, 0);
	ck_assert_ptr_null(sv.v);
}
END_TEST

START_TEST(test_grow)
{
	struct strvec sv = {0};
	char buf[32];
	for (int i = 0; i < 1000; i++) {
		snprintf(buf, sizeof buf, "s-%d", i);
		strvec_push(&sv, strdup(buf));
		ck_assert_ptr_null(sv.v[sv.n]);
	}
	ck_assert_str_eq(sv.v[0], "s-0");
	ck_assert_str_eq(sv.v[999], "s-999");
	strvec_free(&sv);
}
END_TEST

START_TEST(test_strbuf)
{
	struct strbuf b = {0};
	char *s = strbuf_take(&b);
	ck_assert_str_eq(s, "");
	free(s);
	for (int i = 0; i < 500; i++)
		strbuf_addc(&b, 'x');
	strbuf_adds(&b, "yz");
	strbuf_addn(&b, "a\0b", 3);
	ck_assert_uint_eq(b.len, 505);
	ck_assert_mem_eq(b.s + 500, "yza\0b", 6); /* and the NUL after */
	char *before = b.s;
	strbuf_reset(&b);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(b.s, "");
	strbuf_adds(&b, "abc");
	ck_assert_ptr_eq(b.s, before); /* the memory is kept */
	s = strbuf_take(&b);
	ck_assert_ptr_null(b.s);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(s, "abc");
	free(s);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("strvec");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_join);
	tcase_add_test(tc, test_grow);
	tcase_add_test(tc, test_strbuf);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
