/* encode: hashes and encodings, all on libsodium. */
#include "encode.h"
#include "cli.h"

#include <sodium.h>
#include <string.h>

int crypto_init(void)
{
	if (sodium_init() < 0)
		die(EXIT_ENV, "cannot initialise libsodium");
	return 0;
}

void sha256_raw(const void *buf, size_t len, uint8_t out[32])
{
	crypto_hash_sha256(out, buf, len);
}

void sha256_hex(const void *buf, size_t len, char out[65])
{
	uint8_t h[32];
	sha256_raw(buf, len, h);
	hex_encode(h, sizeof h, out, false);
}

void hex_encode(const uint8_t *in, size_t len, char *out, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * len] = '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long hex_decode(const char *in, size_t inlen, uint8_t *out, size_t outcap)
{
	if (inlen % 2 || inlen / 2 > outcap)
		return -1;
	for (size_t i = 0; i < inlen / 2; i++) {
		int hi = hexval(in[2 * i]), lo = hexval(in[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return (long)(inlen / 2);
}

static int sodium_variant(enum b64_variant v)
{
	switch (v) {
	case B64_STD: return sodium_base64_VARIANT_ORIGINAL;
	case B64_STD_NOPAD: return sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
	case B64_URL: return sodium_base64_VARIANT_URLSAFE;
	default: return sodium_base64_VARIANT_URLSAFE_NO_PADDING;
	}
}

char *b64_encode(const void *in, size_t len, enum b64_variant v)
{
	int sv = sodium_variant(v);
	size_t cap = sodium_base64_ENCODED_LEN(len, sv);
	char *out = xmalloc(cap);
	sodium_bin2base64(out, cap, in, len, sv);
	return out;
}

uint8_t *b64_decode(const char *in, size_t inlen, enum b64_variant v, size_t *outlen)
{
	uint8_t *out = xmalloc(inlen / 4 * 3 + 4);
	const char *end;
	size_t n;
	if (sodium_base642bin(out, inlen / 4 * 3 + 3, in, inlen, NULL, &n, &end, sodium_variant(v)) != 0 ||
	    end != in + inlen) {
		free(out);
		return NULL;
	}
	out[n] = '\0';
	*outlen = n;
	return out;
}
