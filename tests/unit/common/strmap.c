/* strmap: put and find through growth, keys with NUL bytes, the map used
 * as a set, and the FNV-1a hash's published values. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "strmap.h"

START_TEST(test_put_find)
{
	struct strmap m;
	strmap_init(&m);
	char buf[32];
	/* Enough to grow the table several times. */
	for (int i = 0; i < 1000; i++) {
		int n = snprintf(buf, sizeof buf, "key-%d", i);
		struct strmap_slot *s = strmap_put(&m, buf, (size_t)n);
		ck_assert_ptr_null(s->val);
		s->val = (void *)(intptr_t)(i + 1);
	}
	ck_assert_uint_eq(m.n, 1000);
	for (int i = 0; i < 1000; i++) {
		int n = snprintf(buf, sizeof buf, "key-%d", i);
		struct strmap_slot *s = strmap_find(&m, buf, (size_t)n);
		ck_assert_ptr_nonnull(s);
		ck_assert_int_eq((int)(intptr_t)s->val, i + 1);
		ck_assert_ptr_eq(strmap_put(&m, buf, (size_t)n), s); /* no second slot */
	}
	ck_assert_uint_eq(m.n, 1000);
	ck_assert_ptr_null(strmap_find(&m, "key-1000", 8));
	size_t seen = 0;
	strmap_each(&m, s)
		seen++;
	ck_assert_uint_eq(seen, 1000);
	strmap_free(&m, NULL);
	ck_assert_ptr_null(strmap_find(&m, "key-1", 5));
}
END_TEST

START_TEST(test_nul_keys)
{
	struct strmap m;
	strmap_init(&m);
	strmap_put(&m, "a\0b", 3)->val = "1";
	strmap_put(&m, "a\0c", 3)->val = "2";
	strmap_put(&m, "", 0)->val = "3";
	ck_assert_str_eq(strmap_find(&m, "a\0c", 3)->val, "2");
	ck_assert_str_eq(strmap_find(&m, "", 0)->val, "3");
	ck_assert_ptr_null(strmap_find(&m, "a", 1));
	strmap_free(&m, NULL);
}
END_TEST

START_TEST(test_fnv1a)
{
	ck_assert_uint_eq(fnv1a(FNV1A_BASIS, "", 0), 0xcbf29ce484222325ULL);
	ck_assert_uint_eq(fnv1a(FNV1A_BASIS, "a", 1), 0xaf63dc4c8601ec8cULL);
	ck_assert_uint_eq(fnv1a(FNV1A_BASIS, "foobar", 6), 0x85944171f73967e8ULL);
	/* Going on from a prefix's hash is hashing the whole. */
	ck_assert_uint_eq(fnv1a(fnv1a(FNV1A_BASIS, "foo", 3), "bar", 3), 0x85944171f73967e8ULL);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("strmap");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_put_find);
	tcase_add_test(tc, test_nul_keys);
	tcase_add_test(tc, test_fnv1a);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
