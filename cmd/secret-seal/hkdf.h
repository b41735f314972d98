/* hkdf: HKDF-SHA256 (RFC 5869) for 32-byte outputs.
 * On libsodium's HMAC-SHA256: libsodium 1.0.18 has no HKDF of its own. */
#ifndef SECRET_SEAL_HKDF_H
#define SECRET_SEAL_HKDF_H

#include <stddef.h>
#include <stdint.h>

/* out = HKDF-SHA256(ikm, salt, info), 32 bytes.  An empty salt means 32
 * zero bytes, as the RFC says. */
void hkdf_sha256(const uint8_t *ikm, size_t ikmlen, const uint8_t *salt, size_t saltlen, const char *info,
		 uint8_t out[32]);

/* HMAC-SHA256 with a key of any length. */
void hmac_sha256(const uint8_t *key, size_t keylen, const uint8_t *msg, size_t len, uint8_t out[32]);

#endif
