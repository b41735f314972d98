#include "encode.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

START_TEST(sha256)
{
	char hex[65];
	sha256_hex("abc", 3, hex);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_hex("", 0, hex);
	ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
END_TEST

START_TEST(hex)
{
	uint8_t out[4];
	char text[9];
	ck_assert_int_eq(hex_decode("deadBEEF", 8, out, sizeof out), 4);
	hex_encode(out, 4, text, true);
	ck_assert_str_eq(text, "DEADBEEF");
	ck_assert_int_eq(hex_decode("abc", 3, out, sizeof out), -1);
	ck_assert_int_eq(hex_decode("zz", 2, out, sizeof out), -1);
	ck_assert_int_eq(hex_decode("0011223344", 10, out, sizeof out), -1);
}
END_TEST

START_TEST(base64)
{
	char *e = b64_encode("\xfb\xff", 2, B64_STD);
	ck_assert_str_eq(e, "+/8=");
	free(e);
	e = b64_encode("\xfb\xff", 2, B64_URL_NOPAD);
	ck_assert_str_eq(e, "-_8");
	free(e);
	size_t n;
	uint8_t *d = b64_decode("aGVsbG8=", 8, B64_STD, &n);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(n, 5);
	ck_assert_str_eq((char *)d, "hello");
	free(d);
	ck_assert_ptr_null(b64_decode("aGVsbG8", 7, B64_STD, &n)); /* padding required */
	ck_assert_ptr_null(b64_decode("aGV*bG8=", 8, B64_STD, &n)); /* bad character */
	ck_assert_ptr_null(b64_decode("aGVsbG8=", 8, B64_STD_NOPAD, &n));
	d = b64_decode("", 0, B64_STD, &n);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(n, 0);
	free(d);
}
END_TEST

static Suite *suite(void)
{
	crypto_init();
	Suite *s = suite_create("encode");
	TCase *tc = tcase_create("encode");
	tcase_add_test(tc, sha256);
	tcase_add_test(tc, hex);
	tcase_add_test(tc, base64);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
