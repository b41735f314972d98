/* vec: VEC_RESERVE grows by doubling, jumps to a larger need, and keeps
 * what the array held. */
#include <check.h>
#include <stdlib.h>

#include "vec.h"

START_TEST(test_reserve)
{
	int *v = NULL;
	size_t n = 0, cap = 0;
	for (int i = 0; i < 1000; i++) {
		VEC_RESERVE(v, cap, n + 1);
		ck_assert_uint_ge(cap, n + 1);
		v[n++] = i;
	}
	ck_assert_uint_eq(cap, 1024); /* 8, 16, ... 1024 */
	for (int i = 0; i < 1000; i++)
		ck_assert_int_eq(v[i], i);
	int *before = v;
	VEC_RESERVE(v, cap, 1000); /* room already: no call, no move */
	ck_assert_ptr_eq(v, before);
	VEC_RESERVE(v, cap, 5000); /* more than double: the need */
	ck_assert_uint_eq(cap, 5000);
	ck_assert_int_eq(v[999], 999);
	free(v);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("vec");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_reserve);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
