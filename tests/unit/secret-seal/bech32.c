/* Unit tests: Bech32 as age uses it (BIP-173 checksum and charset, no
 * 90-character limit, 8-bit payloads with strict padding). */
#include <string.h>

#include <check.h>
#include <sodium.h>

#include "bech32.h"

static const char charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/* An independent checksum, written from BIP-173's definition, so the
 * tests can build strings with chosen 5-bit groups (bad padding). */
static uint32_t polymod(const uint8_t *v, size_t n)
{
	static const uint32_t g[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
	uint32_t chk = 1;
	for (size_t i = 0; i < n; i++) {
		uint32_t b = chk >> 25;
		chk = ((chk & 0x1ffffff) << 5) ^ v[i];
		for (int j = 0; j < 5; j++)
			chk ^= ((b >> j) & 1) ? g[j] : 0;
	}
	return chk;
}

/* hrp "x" + groups, with a valid checksum, into out. */
static void build(const uint8_t *groups, size_t n, char *out)
{
	uint8_t v[64];
	size_t k = 0;
	v[k++] = 'x' >> 5;
	v[k++] = 0;
	v[k++] = 'x' & 31;
	memcpy(v + k, groups, n);
	k += n;
	memset(v + k, 0, 6);
	uint32_t chk = polymod(v, k + 6) ^ 1;
	char *p = out;
	*p++ = 'x';
	*p++ = '1';
	for (size_t i = 0; i < n; i++)
		*p++ = charset[groups[i]];
	for (int i = 0; i < 6; i++)
		*p++ = charset[(chk >> (5 * (5 - i))) & 31];
	*p = '\0';
}

/* The identity whose scalar is 32 bytes of 0x42, and its recipient as
 * `age-keygen -y` prints it. */
#define SECRET "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX"
#define PUBLIC "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj"

START_TEST(decodes_and_reencodes_an_identity)
{
	char hrp[32], out[100];
	uint8_t key[40];
	ck_assert_int_eq(bech32_decode(SECRET, strlen(SECRET), hrp, sizeof hrp, key, sizeof key), 32);
	ck_assert_str_eq(hrp, "age-secret-key-");
	for (int i = 0; i < 32; i++)
		ck_assert_int_eq(key[i], 0x42);
	ck_assert_int_eq(bech32_encode("age-secret-key-", key, 32, true, out, sizeof out), 74);
	ck_assert_str_eq(out, SECRET);
}
END_TEST

START_TEST(recipient_is_the_public_key_of_the_identity)
{
	char hrp[32], out[100];
	uint8_t key[40], pub[32];
	ck_assert_int_ge(sodium_init(), 0);
	bech32_decode(SECRET, strlen(SECRET), hrp, sizeof hrp, key, sizeof key);
	crypto_scalarmult_base(pub, key);
	ck_assert_int_eq(bech32_encode("age", pub, 32, false, out, sizeof out), 62);
	ck_assert_str_eq(out, PUBLIC);
}
END_TEST

START_TEST(bip173_valid_strings)
{
	char hrp[100];
	uint8_t data[100];
	ck_assert_int_eq(bech32_decode("A12UEL5L", 8, hrp, sizeof hrp, data, sizeof data), 0);
	ck_assert_str_eq(hrp, "a");
	const char *s = "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw";
	ck_assert_int_eq(bech32_decode(s, strlen(s), hrp, sizeof hrp, data, sizeof data), 20);
	ck_assert_str_eq(hrp, "abcdef");
	/* An HRP that contains '1': the separator is the last one. */
	s = "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w";
	ck_assert_int_gt(bech32_decode(s, strlen(s), hrp, sizeof hrp, data, sizeof data), 0);
	ck_assert_str_eq(hrp, "split");
}
END_TEST

START_TEST(rejects_bad_strings)
{
	char hrp[100], bad[100];
	uint8_t data[100];
	/* one changed character breaks the checksum */
	strcpy(bad, PUBLIC);
	bad[10] = bad[10] == 'q' ? 'p' : 'q';
	ck_assert_int_eq(bech32_decode(bad, strlen(bad), hrp, sizeof hrp, data, sizeof data), -1);
	/* mixed case */
	strcpy(bad, PUBLIC);
	bad[5] = (char)(bad[5] - 32);
	ck_assert_int_eq(bech32_decode(bad, strlen(bad), hrp, sizeof hrp, data, sizeof data), -1);
	/* no separator, empty HRP, character outside the charset ('b'),
	 * checksum too short, a space inside */
	ck_assert_int_eq(bech32_decode("pzry9x8gf2", 10, hrp, sizeof hrp, data, sizeof data), -1);
	ck_assert_int_eq(bech32_decode("1pzry9x8gf", 10, hrp, sizeof hrp, data, sizeof data), -1);
	ck_assert_int_eq(bech32_decode("a1bqqqqqq", 9, hrp, sizeof hrp, data, sizeof data), -1);
	ck_assert_int_eq(bech32_decode("li1dgmt3", 8, hrp, sizeof hrp, data, sizeof data), -1);
	ck_assert_int_eq(bech32_decode("a1 2uel5l", 9, hrp, sizeof hrp, data, sizeof data), -1);
	/* buffers too small */
	ck_assert_int_eq(bech32_decode(PUBLIC, strlen(PUBLIC), hrp, sizeof hrp, data, 31), -1);
	ck_assert_int_eq(bech32_decode(PUBLIC, strlen(PUBLIC), hrp, 3, data, sizeof data), -1);
}
END_TEST

START_TEST(padding_must_be_short_and_zero)
{
	char s[100], hrp[100];
	uint8_t data[100];
	/* One byte 0xff = groups 11111 111|00: two padding bits, zero. */
	uint8_t ok[2] = {31, 28};
	build(ok, 2, s);
	ck_assert_int_eq(bech32_decode(s, strlen(s), hrp, sizeof hrp, data, sizeof data), 1);
	ck_assert_int_eq(data[0], 0xff);
	/* The same with a padding bit set: the checksum is right, the
	 * padding is not. */
	uint8_t nonzero[2] = {31, 29};
	build(nonzero, 2, s);
	ck_assert_int_eq(bech32_decode(s, strlen(s), hrp, sizeof hrp, data, sizeof data), -1);
	/* Three groups for one byte: seven padding bits, too many. */
	uint8_t extra[3] = {31, 28, 0};
	build(extra, 3, s);
	ck_assert_int_eq(bech32_decode(s, strlen(s), hrp, sizeof hrp, data, sizeof data), -1);
}
END_TEST

START_TEST(encoder_round_trips_every_length)
{
	uint8_t in[80], out[80];
	char s[200], hrp[16];
	for (size_t i = 0; i < sizeof in; i++)
		in[i] = (uint8_t)(i * 37 + 11);
	for (size_t n = 0; n <= sizeof in; n++) {
		long len = bech32_encode("age", in, n, n % 2, s, sizeof s);
		ck_assert_int_eq(len, (long)strlen(s));
		ck_assert_int_eq(bech32_decode(s, strlen(s), hrp, sizeof hrp, out, sizeof out), (long)n);
		ck_assert_int_eq(memcmp(in, out, n), 0);
	}
	ck_assert_int_eq(bech32_encode("age", in, 32, false, s, 62), -1);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("bech32");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, decodes_and_reencodes_an_identity);
	tcase_add_test(tc, recipient_is_the_public_key_of_the_identity);
	tcase_add_test(tc, bip173_valid_strings);
	tcase_add_test(tc, rejects_bad_strings);
	tcase_add_test(tc, padding_must_be_short_and_zero);
	tcase_add_test(tc, encoder_round_trips_every_length);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
