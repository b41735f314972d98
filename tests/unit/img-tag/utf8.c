/* utf8: validation and WHATWG-style repair (one U+FFFD per maximal
 * invalid subpart). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define R "\xEF\xBF\xBD"

START_TEST(test_repair)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"plain", "plain"},
		{"caf\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x90\xB3", "caf\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x90\xB3"},
		{"a\xFF" "b", "a" R "b"},
		{"a\xFF\xFE" "b", "a" R R "b"},
		{"\xC0\xAF", R R},                 /* overlong */
		{"\xE0\x80\xAF", R R R},           /* overlong, three bytes */
		{"\xED\xA0\x80", R R R},           /* a surrogate */
		{"\xF4\x90\x80\x80", R R R R},     /* past U+10FFFF */
		{"\xE6\x97" "x", R "x"},           /* cut short: one U+FFFD */
		{"\xF0\x9F\x90", R},
		{"\x80", R},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = utf8_repair(cases[i].in);
		ck_assert_str_eq(got, cases[i].out);
		ck_assert(utf8_valid(got));
		ck_assert_int_eq(utf8_valid(cases[i].in), strcmp(cases[i].in, cases[i].out) == 0);
		free(got);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("utf8");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_repair);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
