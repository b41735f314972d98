/* Unit tests: the ENC[…] text — its base64 fields written and read by the
 * table coders (every length, both paddings, canonical trailing bits
 * only), and values sealed and opened through one reused AES-GCM context,
 * also after a failed open and under a second key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sops_value.h"

/* An ENC value with the given data field and a valid 32-byte IV and tag. */
static int parse_with_data(const char *data, struct encval *ev)
{
	char s[512], err[256];
	snprintf(s, sizeof s,
		 "ENC[AES256_GCM,data:%s,iv:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,"
		 "tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]",
		 data);
	return encval_parse(s, strlen(s), ev, err, sizeof err);
}

START_TEST(base64_fields_match_libsodium)
{
	uint8_t in[40];
	for (size_t i = 0; i < sizeof in; i++)
		in[i] = (uint8_t)(i * 37 + 11);
	for (size_t n = 1; n <= sizeof in; n++) {
		char b64[64];
		sodium_bin2base64(b64, sizeof b64, in, n, sodium_base64_VARIANT_ORIGINAL);
		struct encval ev;
		ck_assert_int_eq(parse_with_data(b64, &ev), 0);
		ck_assert_uint_eq(ev.data_len, n);
		ck_assert_int_eq(memcmp(ev.data, in, n), 0);
		encval_free(&ev);
	}
}
END_TEST

START_TEST(base64_fields_are_strict)
{
	static const char *bad[] = {
		"aGVsbG8", "aGVsbG8==", "aGVsbG9=", "aGVs bG8=", "aGVs*G8=", "a===", "aGVsbA=x", "aGVsbG=8", NULL};
	struct encval ev;
	for (int i = 0; bad[i]; i++)
		ck_assert_msg(parse_with_data(bad[i], &ev) == -1, "%s", bad[i]);
	ck_assert_int_eq(parse_with_data("aGVsbG8=", &ev), 0);
	ck_assert_uint_eq(ev.data_len, 5);
	encval_free(&ev);
}
END_TEST

START_TEST(seal_and_open_with_one_context)
{
	uint8_t k1[SOPS_KEY_LEN], k2[SOPS_KEY_LEN];
	randombytes_buf(k1, sizeof k1);
	randombytes_buf(k2, sizeof k2);
	for (size_t n = 1; n < 70; n += 7) {
		char pt[80];
		memset(pt, 'a' + (int)(n % 26), n);
		char *a = sops_seal(k1, "x:", "str", pt, n), *b = sops_seal(k2, "y:", "str", pt, n);
		char *out, type[16], err[256];
		size_t len;
		/* a wrong key first, then the right ones, alternating keys */
		ck_assert_int_eq(sops_open(k2, a, strlen(a), "x:", &out, &len, type, err, sizeof err), -2);
		ck_assert_int_eq(sops_open(k1, a, strlen(a), "x:", &out, &len, type, err, sizeof err), 0);
		ck_assert(len == n && !memcmp(out, pt, n) && !strcmp(type, "str"));
		free(out);
		ck_assert_int_eq(sops_open(k2, b, strlen(b), "y:", &out, &len, type, err, sizeof err), 0);
		ck_assert(len == n && !memcmp(out, pt, n));
		free(out);
		ck_assert_int_eq(sops_open(k1, a, strlen(a), "y:", &out, &len, type, err, sizeof err), -2);
		free(a);
		free(b);
	}
}
END_TEST

/* The IV of a sealed value, decoded. */
static void iv_of(const char *enc, uint8_t iv[SOPS_IV_LEN])
{
	struct encval ev;
	char err[256];
	ck_assert_int_eq(encval_parse(enc, strlen(enc), &ev, err, sizeof err), 0);
	ck_assert_uint_eq(ev.iv_len, SOPS_IV_LEN);
	memcpy(iv, ev.iv, SOPS_IV_LEN);
	encval_free(&ev);
}

/* IVs come from a pool: never twice, across refills, and a forked child
 * does not take the parent's next ones. */
START_TEST(ivs_never_repeat)
{
	enum { N = 300 };
	uint8_t key[SOPS_KEY_LEN] = {7}, (*ivs)[SOPS_IV_LEN] = malloc(N * SOPS_IV_LEN);
	for (size_t i = 0; i < N; i++) {
		char *e = sops_seal(key, "k:", "str", "v", 1);
		iv_of(e, ivs[i]);
		free(e);
		for (size_t j = 0; j < i; j++)
			ck_assert_msg(memcmp(ivs[i], ivs[j], SOPS_IV_LEN) != 0, "IV %zu repeats IV %zu", i, j);
	}
	int fd[2];
	ck_assert_int_eq(pipe(fd), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char *e = sops_seal(key, "k:", "str", "v", 1);
		uint8_t iv[SOPS_IV_LEN];
		iv_of(e, iv);
		_exit(write(fd[1], iv, sizeof iv) == sizeof iv ? 0 : 1);
	}
	uint8_t child[SOPS_IV_LEN], mine[SOPS_IV_LEN];
	ck_assert_int_eq(read(fd[0], child, sizeof child), (ssize_t)sizeof child);
	waitpid(pid, NULL, 0);
	char *e = sops_seal(key, "k:", "str", "v", 1);
	iv_of(e, mine);
	free(e);
	ck_assert(memcmp(child, mine, SOPS_IV_LEN) != 0);
	close(fd[0]);
	close(fd[1]);
	free(ivs);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("sops_value");
	TCase *tc = tcase_create("core");
	if (sodium_init() < 0)
		abort();
	tcase_add_test(tc, base64_fields_match_libsodium);
	tcase_add_test(tc, base64_fields_are_strict);
	tcase_add_test(tc, seal_and_open_with_one_context);
	tcase_add_test(tc, ivs_never_repeat);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
