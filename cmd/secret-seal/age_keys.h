/* age_keys: the insides of identity and recipient sets.
 * Shared by the stanza code (age_x25519.c, age_scrypt.c) and the file code
 * (age.c). */
#ifndef SECRET_SEAL_AGE_KEYS_H
#define SECRET_SEAL_AGE_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "age.h"

struct x25519_identity {
	uint8_t *secret; /* 32 bytes, sodium_malloc'd */
	uint8_t pub[32];
	char recipient[63];
};

struct passphrase {
	char *text; /* sodium_malloc'd, NUL-terminated */
	size_t len;
};

struct age_identities {
	struct x25519_identity *x;
	size_t nx;
	struct passphrase *pass;
	size_t npass;
	/* Asked once, when a file turns out to be passphrase-encrypted and no
	 * passphrase was given. */
	int (*prompt)(char *buf, size_t cap);
	int max_log2_n; /* the scrypt work factor we accept */
};

struct age_recipients {
	uint8_t (*x)[32];
	size_t nx;
	struct passphrase pass; /* text NULL when not passphrase mode */
	int log2_n;
};

#endif
