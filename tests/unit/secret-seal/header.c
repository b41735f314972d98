/* Unit tests: the age header parser (stanzas, bodies, the MAC line) and
 * the writer it must agree with. */
#include <string.h>

#include <check.h>
#include <sodium.h>

#include "age_header.h"
#include "age_reader.h"

#define MAC "--- ZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODk\n"
/* 64 columns of base64 (48 bytes) */
#define COLS64 "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2"

static enum age_status parse(const char *text, struct header *h, char *err)
{
	struct reader r;
	reader_init_mem(&r, (const uint8_t *)text, strlen(text));
	enum age_status st = header_read(&r, h, err, AGE_ERRLEN);
	reader_free(&r);
	return st;
}

static void expect_bad(const char *text, const char *why)
{
	struct header h;
	char err[AGE_ERRLEN];
	ck_assert_int_eq(parse(text, &h, err), AGE_ERR_HEADER);
	ck_assert_msg(strstr(err, why) != NULL, "'%s' does not say '%s'", err, why);
	header_free(&h);
}

START_TEST(parses_stanzas_of_any_type)
{
	const char *text = "age-encryption.org/v1\n"
			   "-> X25519 c2hhcmU\n"
			   "Ym9keQ\n"
			   "-> grease-type a b! ~c\n" COLS64 "\n"
			   "\n"
			   "-> empty\n"
			   "\n" MAC "payload";
	struct header h;
	char err[AGE_ERRLEN];
	ck_assert_int_eq(parse(text, &h, err), AGE_OK);
	ck_assert_int_eq(h.n, 3);
	ck_assert_str_eq(h.v[0].args[0], "X25519");
	ck_assert_str_eq(h.v[0].args[1], "c2hhcmU");
	ck_assert_int_eq(h.v[0].bodylen, 4);
	ck_assert_int_eq(memcmp(h.v[0].body, "body", 4), 0);
	ck_assert_int_eq(h.v[1].nargs, 4);
	ck_assert_str_eq(h.v[1].args[3], "~c");
	/* A body of exactly 64 columns needs the empty line after it. */
	ck_assert_int_eq(h.v[1].bodylen, 48);
	ck_assert_int_eq(h.v[2].bodylen, 0);
	/* The MAC covers everything through "---", not the space after. */
	ck_assert_int_eq(h.rawlen, strlen(text) - strlen(MAC) - strlen("payload") + 3);
	ck_assert_int_eq(memcmp(h.raw + h.rawlen - 4, "\n---", 4), 0);
	ck_assert_int_eq(memcmp(h.mac, "efghijklmnopqrstuvwxyz0123456789", 32), 0);
	header_free(&h);
}
END_TEST

START_TEST(rejects_malformed_headers)
{
	expect_bad("age-encryption.org/v2\n", "unsupported age format version");
	expect_bad("hello\n", "not an age file");
	expect_bad("age-encryption.org/v1\n" MAC, "no recipient stanza");
	expect_bad("age-encryption.org/v1\n-> X25519 a\n", "ends before its '---'");
	expect_bad("age-encryption.org/v1\n-> X25519  a\n\n" MAC, "single spaces");
	expect_bad("age-encryption.org/v1\n-> X25519 a \n\n" MAC, "single spaces");
	expect_bad("age-encryption.org/v1\n-> \n\n" MAC, "single spaces");
	expect_bad("age-encryption.org/v1\n->\n\n" MAC, "expected a '-> ' stanza");
	expect_bad("age-encryption.org/v1\n-> X25519 \xc3\xa9\n\n" MAC, "printable ASCII");
	expect_bad("age-encryption.org/v1\n-> X\n" COLS64 "Q\n\n" MAC, "longer than 64");
	expect_bad("age-encryption.org/v1\n-> X\nYQ==\n" MAC, "canonical unpadded base64");
	/* "YR" has non-zero trailing bits: not canonical. */
	expect_bad("age-encryption.org/v1\n-> X\nYR\n" MAC, "canonical unpadded base64");
	expect_bad("age-encryption.org/v1\n-> X\n\nsomething\n" MAC, "expected a '-> ' stanza");
	expect_bad("age-encryption.org/v1\n-> X\n\n---\n", "43 base64 characters");
	expect_bad("age-encryption.org/v1\n-> X\n\n--- YQ\n", "43 base64 characters");
	expect_bad("age-encryption.org/v1\n-> X\n\n---  ZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODk\n",
		   "43 base64 characters");
	expect_bad("age-encryption.org/v1\r\n-> X\n\n" MAC, "unsupported age format version");
}
END_TEST

START_TEST(writer_output_parses_back_with_its_mac)
{
	struct header w = {0};
	uint8_t body[100], key[16];
	for (size_t i = 0; i < sizeof body; i++)
		body[i] = (uint8_t)i;
	memset(key, 7, sizeof key);
	const char *a1[] = {"X25519", "c2hhcmU"};
	const char *a2[] = {"other"};
	header_add(&w, a1, 2, body, 32);
	header_add(&w, a2, 1, body, 48); /* exactly one full line */
	header_add(&w, a2, 1, body, 100);
	size_t len;
	char *text = header_format(&w, key, &len);
	header_free(&w);

	struct header h;
	char err[AGE_ERRLEN];
	ck_assert_int_eq(parse(text, &h, err), AGE_OK);
	ck_assert_int_eq(h.n, 3);
	ck_assert_int_eq(h.v[1].bodylen, 48);
	ck_assert_int_eq(h.v[2].bodylen, 100);
	ck_assert_int_eq(memcmp(h.v[2].body, body, 100), 0);
	uint8_t mac[32];
	header_mac(key, h.raw, h.rawlen, mac);
	ck_assert_int_eq(memcmp(mac, h.mac, 32), 0);
	key[0] ^= 1;
	header_mac(key, h.raw, h.rawlen, mac);
	ck_assert_int_ne(memcmp(mac, h.mac, 32), 0);
	header_free(&h);
	free(text);
}
END_TEST

static void init(void)
{
	ck_assert_int_ge(sodium_init(), 0);
}

static Suite *suite(void)
{
	Suite *s = suite_create("header");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, init, NULL);
	tcase_add_test(tc, parses_stanzas_of_any_type);
	tcase_add_test(tc, rejects_malformed_headers);
	tcase_add_test(tc, writer_output_parses_back_with_its_mac);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
