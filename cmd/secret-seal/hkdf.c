/* hkdf: HKDF-SHA256 for 32-byte keys: extract, then one expand block.
 * Every key age derives is 32 bytes, exactly one SHA-256 block of
 * output. */
#include <string.h>

#include <sodium.h>

#include "hkdf.h"

void hmac_sha256(const uint8_t *key, size_t keylen, const uint8_t *msg, size_t len, uint8_t out[32])
{
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, keylen);
	crypto_auth_hmacsha256_update(&st, msg, len);
	crypto_auth_hmacsha256_final(&st, out);
	sodium_memzero(&st, sizeof st);
}

void hkdf_sha256(const uint8_t *ikm, size_t ikmlen, const uint8_t *salt, size_t saltlen, const char *info,
		 uint8_t out[32])
{
	static const uint8_t zero_salt[32];
	uint8_t prk[32];
	if (saltlen == 0) {
		salt = zero_salt;
		saltlen = sizeof zero_salt;
	}
	hmac_sha256(salt, saltlen, ikm, ikmlen, prk);

	crypto_auth_hmacsha256_state st;
	const uint8_t one = 1;
	crypto_auth_hmacsha256_init(&st, prk, sizeof prk);
	crypto_auth_hmacsha256_update(&st, (const uint8_t *)info, strlen(info));
	crypto_auth_hmacsha256_update(&st, &one, 1);
	crypto_auth_hmacsha256_final(&st, out);
	sodium_memzero(&st, sizeof st);
	sodium_memzero(prk, sizeof prk);
}
