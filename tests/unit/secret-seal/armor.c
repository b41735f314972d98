/* Unit tests: ASCII armor, written and read back, and the strict reader's
 * refusals (the C2SP kit's rules). */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <sodium.h>

#include "armor.h"

/* Decode all of text through the armor reader: the byte count, or -1
 * (then *st holds the failure). */
static long dearmor(const char *text, uint8_t *out, size_t cap, enum age_status *st)
{
	struct reader raw, ar;
	reader_init_mem(&raw, (const uint8_t *)text, strlen(text));
	armor_reader_init(&ar, &raw);
	size_t n = reader_read(&ar, out, cap);
	*st = ar.status;
	armor_reader_free(&ar);
	reader_free(&raw);
	return *st == AGE_OK ? (long)n : -1;
}

static char *armor_of(const uint8_t *p, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct armor_writer w;
	armor_writer_init(&w, fp);
	/* Odd-sized writes exercise the partial-line buffer. */
	for (size_t off = 0; off < n;) {
		size_t take = n - off < 7 ? n - off : 7;
		ck_assert_int_eq(armor_write(&w, p + off, take), 0);
		off += take;
	}
	ck_assert_int_eq(armor_close(&w), 0);
	fclose(fp);
	return buf;
}

START_TEST(round_trips_every_line_boundary)
{
	uint8_t in[200], out[256];
	for (size_t i = 0; i < sizeof in; i++)
		in[i] = (uint8_t)(i * 13);
	size_t sizes[] = {0, 1, 47, 48, 49, 95, 96, 97, 200};
	for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		char *text = armor_of(in, sizes[k]);
		ck_assert_int_eq(strncmp(text, ARMOR_BEGIN "\n", strlen(ARMOR_BEGIN) + 1), 0);
		size_t tl = strlen(text);
		ck_assert_int_eq(strcmp(text + tl - strlen(ARMOR_END) - 1, ARMOR_END "\n"), 0);
		enum age_status st;
		ck_assert_int_eq(dearmor(text, out, sizeof out, &st), (long)sizes[k]);
		ck_assert_int_eq(memcmp(in, out, sizes[k]), 0);
		free(text);
	}
}
END_TEST

#define B ARMOR_BEGIN "\n"
#define E ARMOR_END "\n"

START_TEST(accepts_crlf_and_surrounding_whitespace)
{
	uint8_t out[64];
	enum age_status st;
	ck_assert_int_eq(dearmor(ARMOR_BEGIN "\r\naGVsbG8=\r\n" ARMOR_END "\r\n", out, 64, &st), 5);
	ck_assert_int_eq(dearmor("\n  \n" B "aGVsbG8=\n" E "\n\n", out, 64, &st), 5);
	ck_assert_int_eq(dearmor(B "aGVsbG8=\n" ARMOR_END, out, 64, &st), 5);
	ck_assert_int_eq(memcmp(out, "hello", 5), 0);
}
END_TEST

static void expect_armor_failure(const char *text)
{
	uint8_t out[256];
	enum age_status st;
	ck_assert_msg(dearmor(text, out, sizeof out, &st) == -1, "accepted: %s", text);
	ck_assert_int_eq(st, AGE_ERR_ARMOR);
}

START_TEST(rejects_what_the_kit_rejects)
{
	expect_armor_failure("-----BEGIN age encrypted file-----\naGVsbG8=\n" E);
	expect_armor_failure("-----BEGIN PGP MESSAGE-----\naGVsbG8=\n" E);
	expect_armor_failure(B "aGVsbG8\n" E); /* no padding */
	expect_armor_failure(B "aGVsbG8=\n"); /* no END */
	expect_armor_failure(B "aGVs bG8=\n" E); /* bad character */
	expect_armor_failure(B "aGVsbG8= \n" E); /* space at EOL */
	expect_armor_failure(B "Version: 1\n\naGVsbG8=\n" E); /* headers */
	expect_armor_failure(B "aGVsbG8=\n" E "junk\n"); /* garbage after */
	expect_armor_failure("junk\n" B "aGVsbG8=\n" E); /* garbage before */
	expect_armor_failure(B "aGVsbG8=\n=abcd\n" E); /* PGP checksum */
	expect_armor_failure(B "aGVsbG8=\n\n" E); /* empty line before END */
	/* A short line that is not the last one. */
	expect_armor_failure(B "aGVsbG8=\naGVsbG8=\n" E);
	/* A line longer than 64 columns. */
	expect_armor_failure(B "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2QUJD\n" E);
	/* More than 1 KiB of whitespace after END. */
	char *big = malloc(2048 + 200);
	strcpy(big, B "aGVsbG8=\n" E);
	size_t n = strlen(big);
	memset(big + n, '\n', 2048);
	big[n + 2048] = '\0';
	expect_armor_failure(big);
	free(big);
}
END_TEST

/* An empty line after a full last line (48 bytes, 64 columns) before END:
 * age refuses it, as it refuses every empty line inside the armor. */
START_TEST(rejects_an_empty_line_after_a_full_last_line)
{
	uint8_t in[96];
	memset(in, 0x5a, sizeof in);
	for (size_t n = 48; n <= 96; n += 48) {
		char *text = armor_of(in, n);
		char *end = strstr(text, ARMOR_END);
		size_t head = (size_t)(end - text);
		char *bad = malloc(strlen(text) + 2);
		memcpy(bad, text, head);
		bad[head] = '\n';
		strcpy(bad + head + 1, end);
		expect_armor_failure(bad);
		free(bad);
		free(text);
	}
	expect_armor_failure(B "\n" E); /* an empty line as the only one */
}
END_TEST

static void init(void)
{
	ck_assert_int_ge(sodium_init(), 0);
}

static Suite *suite(void)
{
	Suite *s = suite_create("armor");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, init, NULL);
	tcase_add_test(tc, round_trips_every_line_boundary);
	tcase_add_test(tc, accepts_crlf_and_surrounding_whitespace);
	tcase_add_test(tc, rejects_what_the_kit_rejects);
	tcase_add_test(tc, rejects_an_empty_line_after_a_full_last_line);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
