/* age_x25519: the X25519 stanza, wrapped and unwrapped.
 * The wrap key binds the ephemeral share and the recipient (the HKDF
 * salt), so a stanza cannot be replayed to another recipient. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "age_stanza.h"
#include "cli.h"
#include "encode.h"
#include "hkdf.h"
#include "secmem.h"

#define X25519_LABEL "age-encryption.org/v1/X25519"

void wrap_key(const uint8_t key[32], const uint8_t file_key[FILE_KEY], uint8_t body[32])
{
	static const uint8_t zero_nonce[12];
	crypto_aead_chacha20poly1305_ietf_encrypt(body, NULL, file_key, FILE_KEY, NULL, 0, NULL, zero_nonce, key);
}

int unwrap_key(const uint8_t key[32], const uint8_t *body, size_t len, uint8_t file_key[FILE_KEY])
{
	static const uint8_t zero_nonce[12];
	if (len != FILE_KEY + 16)
		return UNWRAP_BAD;
	if (crypto_aead_chacha20poly1305_ietf_decrypt(file_key, NULL, NULL, body, len, NULL, 0, zero_nonce, key) != 0)
		return UNWRAP_NO_MATCH;
	return UNWRAP_OK;
}

int x25519_check(const struct stanza *s, char *err, size_t errlen)
{
	size_t n = 0;
	uint8_t *share = NULL;
	if (s->nargs == 2)
		share = b64_raw_decode(s->args[1], strlen(s->args[1]), &n);
	free(share);
	if (s->nargs != 2 || !share || n != 32) {
		snprintf(err, errlen, "X25519 stanza: expected one 32-byte base64 share");
		return -1;
	}
	if (s->bodylen != 32) {
		snprintf(err, errlen, "X25519 stanza: the wrapped key must be 32 bytes");
		return -1;
	}
	return 0;
}

/* HKDF over the shared secret, salted with share ‖ recipient. */
static void wrap_key_for(const uint8_t shared[32], const uint8_t share[32], const uint8_t pub[32], uint8_t key[32])
{
	uint8_t salt[64];
	memcpy(salt, share, 32);
	memcpy(salt + 32, pub, 32);
	hkdf_sha256(shared, 32, salt, sizeof salt, X25519_LABEL, key);
}

void x25519_wrap(struct header *h, const uint8_t pub[32], const uint8_t file_key[FILE_KEY])
{
	uint8_t *k = secure_alloc(32 * 4);
	uint8_t *eph = k, *shared = k + 32, *key = k + 64, *share = k + 96;
	uint8_t body[32];
	randombytes_buf(eph, 32);
	crypto_scalarmult_base(share, eph);
	/* A low-order recipient gives an all-zero secret; age refuses it. */
	if (crypto_scalarmult(shared, eph, pub) != 0)
		die(EXIT_INPUT, "recipient is a low-order point; refusing to encrypt to it");
	wrap_key_for(shared, share, pub, key);
	wrap_key(key, file_key, body);
	char *arg = b64_encode(share, 32, B64_STD_NOPAD);
	const char *args[2] = {"X25519", arg};
	header_add(h, args, 2, body, sizeof body);
	free(arg);
	sodium_free(k);
}

int x25519_unwrap(const struct stanza *s, const uint8_t *secret, const uint8_t pub[32], uint8_t file_key[FILE_KEY],
		  char *err, size_t errlen)
{
	size_t n;
	uint8_t *share = b64_raw_decode(s->args[1], strlen(s->args[1]), &n);
	uint8_t *k = secure_alloc(64);
	uint8_t *shared = k, *key = k + 32;
	int rc;
	if (crypto_scalarmult(shared, secret, share) != 0) {
		snprintf(err, errlen, "X25519 stanza: the share is a low-order point");
		rc = UNWRAP_BAD;
	} else {
		wrap_key_for(shared, share, pub, key);
		rc = unwrap_key(key, s->body, s->bodylen, file_key);
	}
	free(share);
	sodium_free(k);
	return rc;
}
