/* Unit tests: HMAC-SHA256 and HKDF-SHA256 against their RFCs' vectors,
 * and the STREAM payload layer's binding of chunk order and the last
 * flag. */
#include <string.h>

#include <check.h>
#include <sodium.h>

#include "encode.h"
#include "hkdf.h"
#include "stream.h"

static void hex32(const uint8_t b[32], char out[65])
{
	hex_encode(b, 32, out, false);
}

START_TEST(hmac_rfc4231)
{
	uint8_t key[131], out[32];
	char hex[65];
	memset(key, 0x0b, 20);
	hmac_sha256(key, 20, (const uint8_t *)"Hi There", 8, out);
	hex32(out, hex);
	ck_assert_str_eq(hex, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	/* A key longer than the block is hashed first. */
	memset(key, 0xaa, sizeof key);
	const char *m = "Test Using Larger Than Block-Size Key - Hash Key First";
	hmac_sha256(key, sizeof key, (const uint8_t *)m, strlen(m), out);
	hex32(out, hex);
	ck_assert_str_eq(hex, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}
END_TEST

START_TEST(hkdf_rfc5869)
{
	uint8_t ikm[22], salt[13], out[32];
	char hex[65];
	memset(ikm, 0x0b, sizeof ikm);
	for (int i = 0; i < 13; i++)
		salt[i] = (uint8_t)i;
	/* Test case 1 (first 32 of its 42 bytes). */
	hkdf_sha256(ikm, sizeof ikm, salt, sizeof salt, "\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9", out);
	hex32(out, hex);
	ck_assert_str_eq(hex, "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
	/* Test case 3: no salt, no info. */
	hkdf_sha256(ikm, sizeof ikm, NULL, 0, "", out);
	hex32(out, hex);
	ck_assert_str_eq(hex, "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d");
}
END_TEST

static const uint8_t file_key[16] = "0123456789abcdef";
static const uint8_t nonce[STREAM_NONCE] = "nonce-nonce-nonc";

START_TEST(stream_round_trip_and_binding)
{
	uint8_t a[100], b[100], sa[116], sb[116], out[100];
	memset(a, 'a', sizeof a);
	memset(b, 'b', sizeof b);
	struct stream *w = stream_new(file_key, nonce);
	stream_seal(w, a, sizeof a, false, sa);
	stream_seal(w, b, sizeof b, true, sb);
	ck_assert_int_eq(stream_count(w), 2);
	stream_free(w);

	struct stream *r = stream_new(file_key, nonce);
	/* Out of order: chunk 1 at position 0 fails, and the counter stays. */
	ck_assert_int_eq(stream_open(r, sb, sizeof sb, true, out), -1);
	ck_assert_int_eq(stream_open(r, sb, sizeof sb, false, out), -1);
	ck_assert_int_eq(stream_count(r), 0);
	/* Chunk 0 claimed as last (truncation) fails. */
	ck_assert_int_eq(stream_open(r, sa, sizeof sa, true, out), -1);
	ck_assert_int_eq(stream_open(r, sa, sizeof sa, false, out), 0);
	ck_assert_int_eq(memcmp(out, a, sizeof a), 0);
	/* The last chunk opened as a middle one fails; as the last, works. */
	ck_assert_int_eq(stream_open(r, sb, sizeof sb, false, out), -1);
	ck_assert_int_eq(stream_open(r, sb, sizeof sb, true, out), 0);
	ck_assert_int_eq(memcmp(out, b, sizeof b), 0);
	/* Lengths outside one sealed chunk are refused outright. */
	ck_assert_int_eq(stream_open(r, sb, STREAM_TAG - 1, true, out), -1);
	stream_free(r);

	/* Another payload nonce gives another key. */
	uint8_t other[STREAM_NONCE];
	memcpy(other, nonce, sizeof other);
	other[0] ^= 1;
	r = stream_new(file_key, other);
	ck_assert_int_eq(stream_open(r, sa, sizeof sa, false, out), -1);
	stream_free(r);
}
END_TEST

START_TEST(stream_tamper_and_empty_chunk)
{
	uint8_t sealed[STREAM_TAG + 5], out[5];
	struct stream *w = stream_new(file_key, nonce);
	stream_seal(w, (const uint8_t *)"hello", 5, true, sealed);
	stream_free(w);
	for (size_t i = 0; i < sizeof sealed; i++) {
		struct stream *r = stream_new(file_key, nonce);
		sealed[i] ^= 0x80;
		ck_assert_int_eq(stream_open(r, sealed, sizeof sealed, true, out), -1);
		sealed[i] ^= 0x80;
		stream_free(r);
	}
	/* An empty final chunk is a valid STREAM chunk (the empty file). */
	uint8_t tag[STREAM_TAG];
	w = stream_new(file_key, nonce);
	stream_seal(w, NULL, 0, true, tag);
	stream_free(w);
	struct stream *r = stream_new(file_key, nonce);
	ck_assert_int_eq(stream_open(r, tag, sizeof tag, true, out), 0);
	stream_free(r);
}
END_TEST

/* A batch sealed on two threads is byte for byte the sequential STREAM,
 * and opens chunk by chunk; a flipped byte fails only its own chunk. */
START_TEST(batches_match_the_sequential_stream)
{
	enum { N = STREAM_BATCH };
	uint8_t *plain = malloc(N * STREAM_CHUNK), *a = malloc(N * STREAM_SEALED), *b = malloc(N * STREAM_SEALED),
		*out = malloc(N * STREAM_CHUNK);
	for (size_t i = 0; i < N * STREAM_CHUNK; i++)
		plain[i] = (uint8_t)(i * 7 + i / 65536);
	size_t counts[] = {1, 2, 3, N};
	size_t lasts[] = {0, 1, STREAM_CHUNK};
	for (size_t c = 0; c < 4; c++) {
		for (size_t l = 0; l < 3; l++) {
			size_t n = counts[c], lastlen = lasts[l];
			struct stream *w = stream_new(file_key, nonce);
			stream_seal(w, plain, STREAM_CHUNK, false, a); /* chunk 0 first */
			for (size_t i = 0; i < n; i++)
				stream_seal(w, plain + i * STREAM_CHUNK, i + 1 == n ? lastlen : STREAM_CHUNK,
					    i + 1 == n, a + i * STREAM_SEALED);
			stream_free(w);
			w = stream_new(file_key, nonce);
			stream_seal(w, plain, STREAM_CHUNK, false, b);
			stream_seal_batch(w, plain, n, lastlen, true, b);
			ck_assert_int_eq(stream_count(w), n + 1);
			stream_free(w);
			size_t total = (n - 1) * STREAM_SEALED + lastlen + STREAM_TAG;
			ck_assert_int_eq(memcmp(a, b, total), 0);

			struct stream *r = stream_new(file_key, nonce);
			stream_advance(r); /* as if chunk 0 was opened */
			int ok[N];
			b[0] ^= 1;
			stream_open_batch(r, b, n, lastlen + STREAM_TAG, true, out, ok);
			ck_assert_int_eq(ok[0], -1);
			for (size_t i = 1; i < n; i++)
				ck_assert_int_eq(ok[i], 0);
			b[0] ^= 1;
			stream_open_batch(r, b, n, lastlen + STREAM_TAG, true, out, ok);
			for (size_t i = 0; i < n; i++)
				ck_assert_int_eq(ok[i], 0);
			ck_assert_int_eq(memcmp(out, plain, (n - 1) * STREAM_CHUNK + lastlen), 0);
			ck_assert_int_eq(stream_count(r), 1); /* the caller advances */
			stream_free(r);
		}
	}
	free(plain);
	free(a);
	free(b);
	free(out);
}
END_TEST

static void init(void)
{
	ck_assert_int_ge(sodium_init(), 0);
}

static Suite *suite(void)
{
	Suite *s = suite_create("crypto");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, init, NULL);
	tcase_add_test(tc, hmac_rfc4231);
	tcase_add_test(tc, hkdf_rfc5869);
	tcase_add_test(tc, stream_round_trip_and_binding);
	tcase_add_test(tc, stream_tamper_and_empty_chunk);
	tcase_add_test(tc, batches_match_the_sequential_stream);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
