/* strv: vectors, buffers and the string set that deduplicates tags. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strv.h"

START_TEST(test_set)
{
	struct sset set = {0};
	struct strv keep = {0};
	char buf[32];
	/* Enough to grow the table several times. */
	for (int i = 0; i < 1000; i++) {
		snprintf(buf, sizeof buf, "tag-%d", i);
		sv_pushn(&keep, buf, strlen(buf));
		ck_assert(sset_add(&set, keep.v[i]));
	}
	for (int i = 0; i < 1000; i++) {
		snprintf(buf, sizeof buf, "tag-%d", i);
		ck_assert(!sset_add(&set, buf));
	}
	ck_assert(sset_add(&set, ""));
	ck_assert(!sset_add(&set, ""));
	ck_assert_uint_eq(set.n, 1001);
	sset_free(&set);
	sv_free(&keep);
}
END_TEST

START_TEST(test_join)
{
	struct strv sv = {0};
	char *j = sv_join(&sv, ",");
	ck_assert_str_eq(j, "");
	free(j);
	sv_pushn(&sv, "a", 1);
	sv_pushn(&sv, "bc", 2);
	j = sv_join(&sv, ", ");
	ck_assert_str_eq(j, "a, bc");
	ck_assert_ptr_null(sv.v[sv.n]);
	free(j);
	sv_free(&sv);
	struct sbuf b = {0};
	for (int i = 0; i < 500; i++)
		sb_addc(&b, 'x');
	char *s = sb_take(&b);
	ck_assert_uint_eq(strlen(s), 500);
	free(s);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("strv");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_set);
	tcase_add_test(tc, test_join);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
