/* Tag sanitising (meta) and the label order (collate): the two places
 * where a C port most easily differs from the action's JavaScript. */
#include <check.h>
#include <stdlib.h>

#include "collate.h"
#include "meta.h"

START_TEST(test_sanitize)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"UPPER/Case  sp", "UPPER-Case-sp"},
		{"-lead", "-lead"},
		{".dot", ".dot"},
		{"a_b.c-d", "a_b.c-d"},
		{"v1.2.3+build.5", "v1.2.3-build.5"},
		{"feat=a&b'c", "feat-a-b-c"},
		{"x-feat&#x3D;a", "x-feat-x3D-a"},
		{"héllo wörld", "h-llo-w-rld"},
		{"日本語", "-"},
		{"a//b", "a-b"},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = sanitize_tag(cases[i].in);
		ck_assert_str_eq(s, cases[i].out);
		free(s);
	}
}
END_TEST

START_TEST(test_collate)
{
	/* The order docker/metadata-action prints these keys in. */
	static const char *const order[] = {
		"_x",
		"1num",
		"alpha",
		"Alpha",
		"ALPHA",
		"alpha_b",
		"alpha-b",
		"alpha.b",
		"alphab",
		"e",
		"org.opencontainers.image.created",
		"org.opencontainers.image.version",
		"zeta",
	};
	size_t n = sizeof order / sizeof order[0];
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < n; k++) {
			int c = collate_cmp(order[i], order[k]);
			int want = i < k ? -1 : i > k;
			ck_assert_msg((c > 0) - (c < 0) == want, "%s vs %s: %d", order[i], order[k], c);
		}
	ck_assert_int_eq(collate_cmp("same", "same"), 0);
	ck_assert_int_lt(collate_cmp("", "a"), 0);
	ck_assert_int_lt(collate_cmp("a b", "a_b"), 0);
	ck_assert_int_lt(collate_cmp("a9", "aa"), 0);
	/* Latin letters with accents, ligatures and letters of their own,
	 * in the order node's localeCompare (ICU) gives them. */
	static const char *const latin[] = {
		"ae", "áe", "Æ", "af", "e", "é", "É", "è",  "f", "i",  "ĳ", "IJ", "ı", "j", "n",
		"ŋ",  "o",  "ö", "ő",  "ø", "Ō", "p", "ss", "ß", "st", "y", "ÿ",  "z", "þ", "αβ",
	};
	n = sizeof latin / sizeof latin[0];
	for (size_t i = 0; i + 1 < n; i++)
		ck_assert_msg(collate_cmp(latin[i], latin[i + 1]) < 0 && collate_cmp(latin[i + 1], latin[i]) > 0,
			      "%s before %s", latin[i], latin[i + 1]);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("sanitize");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_sanitize);
	tcase_add_test(tc, test_collate);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
