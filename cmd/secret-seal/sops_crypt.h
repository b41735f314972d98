/* sops_crypt: the walk over a whole file that encrypts or decrypts every
 * selected value (AAD = the key path joined by ':' plus ':', list indices
 * left out) and computes the MAC over all values in file order. */
#ifndef SECRET_SEAL_SOPS_CRYPT_H
#define SECRET_SEAL_SOPS_CRYPT_H

#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>

#include "sops_rule.h"
#include "sops_tree.h"
#include "sops_value.h"

struct sops_walk {
	const uint8_t *key; /* the 32-byte data key */
	const struct sops_rule *rule;
	bool mac_only_encrypted;
	bool reuse; /* encrypt: keep a leaf's old ENC text when unchanged */
	crypto_hash_sha512_state mac;
	char err[1024]; /* names the path, never a value */
};

/* Encrypt every selected value of every document in place.  0. */
int sops_encrypt_file(struct sfile *f, struct sops_walk *w);
/* Decrypt in place.  0; else the exit status (3 malformed value, 1 failed
 * authentication) with w->err filled. */
int sops_decrypt_file(struct sfile *f, struct sops_walk *w);
/* The MAC of the walk just made: 128 uppercase hex digits. */
void sops_walk_mac(struct sops_walk *w, char out[129]);

/* The stored MAC: encrypt / decrypt it with AAD = lastmodified. */
char *sops_mac_seal(const uint8_t *key, const char *mac_hex, const char *lastmodified);
/* 0 and the hex in out; -1 malformed; -2 authentication failed. */
int sops_mac_open(const uint8_t *key, const char *sealed, const char *lastmodified, char out[129], char *err,
		  size_t errlen);
/* lastmodified re-formatted as the AAD sops uses (RFC 3339, seconds, 'Z'
 * or the offset); -1 when it is not RFC 3339. */
int sops_lastmodified_aad(const char *s, char *out, size_t cap);

#endif
