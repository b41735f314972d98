/* utf8: validation, the first invalid offset, and WHATWG-style repair
 * (one U+FFFD per maximal invalid subpart). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define R "\xEF\xBF\xBD"

START_TEST(test_repair)
{
	static const struct {
		const char *in, *out;
		size_t bad; /* first invalid offset */
	} cases[] = {
		{"plain", "plain", 5},
		{"caf\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x90\xB3", "caf\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x90\xB3", 14},
		{"a\xFF"
		 "b",
		 "a" R "b", 1},
		{"a\xFF\xFE"
		 "b",
		 "a" R R "b", 1},
		{"\xC0\xAF", R R, 0}, /* overlong */
		{"\xE0\x80\xAF", R R R, 0}, /* overlong, three bytes */
		{"\xED\xA0\x80", R R R, 0}, /* a surrogate */
		{"\xF4\x90\x80\x80", R R R R, 0}, /* past U+10FFFF */
		{"\xE6\x97"
		 "x",
		 R "x", 0}, /* cut short: one U+FFFD */
		{"\xF0\x9F\x90", R, 0},
		{"\x80", R, 0},
		{"0123456789abcdef\xC3", "0123456789abcdef" R, 16}, /* after the 8-byte ASCII run */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t len = strlen(cases[i].in), outlen;
		char *got = utf8_repair(cases[i].in, len, &outlen);
		ck_assert_str_eq(got, cases[i].out);
		ck_assert_uint_eq(outlen, strlen(cases[i].out));
		ck_assert(utf8_valid(got, outlen));
		ck_assert_int_eq(utf8_valid(cases[i].in, len), strcmp(cases[i].in, cases[i].out) == 0);
		ck_assert_uint_eq(utf8_invalid_at(cases[i].in, len), cases[i].bad);
		free(got);
	}
}
END_TEST

/* Lengths, not NUL, end the text: a NUL byte is valid, and a sequence cut
 * by the length is invalid even when the bytes after it would finish it. */
START_TEST(test_length_bound)
{
	ck_assert(utf8_valid("a\0b", 3));
	ck_assert(!utf8_valid("\xC3\xA9", 1));
	ck_assert(utf8_valid("\xC3\xA9", 2));
	size_t n;
	char *got = utf8_repair("a\0\xE6\x97\xA5", 4, &n);
	ck_assert_uint_eq(n, 5);
	ck_assert_mem_eq(got, "a\0" R, 5);
	free(got);
}
END_TEST

START_TEST(test_seq)
{
	size_t bad = 0;
	ck_assert_uint_eq(utf8_seq("A", 1, &bad), 1);
	ck_assert_uint_eq(utf8_seq("\xC3\xA9", 2, &bad), 2);
	ck_assert_uint_eq(utf8_seq("\xE6\x97\xA5", 3, &bad), 3);
	ck_assert_uint_eq(utf8_seq("\xF0\x9F\x90\xB3", 4, &bad), 4);
	ck_assert_uint_eq(utf8_seq("\xF0\x9F\x90"
				   "x",
				   4, &bad),
			  0);
	ck_assert_uint_eq(bad, 3);
	ck_assert_uint_eq(utf8_seq("\xF5\x80", 2, &bad), 0);
	ck_assert_uint_eq(bad, 1);
	ck_assert_uint_eq(utf8_seq("\xED\xA0\x80", 3, NULL), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("utf8");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_repair);
	tcase_add_test(tc, test_length_bound);
	tcase_add_test(tc, test_seq);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
