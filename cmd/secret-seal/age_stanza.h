/* age_stanza: wrapping and unwrapping an age file key in a stanza.
 * The two stanza types secret-seal knows: X25519 and scrypt. */
#ifndef SECRET_SEAL_AGE_STANZA_H
#define SECRET_SEAL_AGE_STANZA_H

#include <stddef.h>
#include <stdint.h>

#include "age_header.h"

enum { FILE_KEY = 16, SCRYPT_DEFAULT_LOG2_N = 18, SCRYPT_MAX_LOG2_N = 22 };

/* Results of an unwrap attempt. */
enum { UNWRAP_OK = 0, UNWRAP_NO_MATCH = 1, UNWRAP_BAD = -1 };

/* Structure checks run on every stanza of these types before any key is
 * tried: 0, or -1 with err (a header failure). */
int x25519_check(const struct stanza *s, char *err, size_t errlen);
int scrypt_check(const struct stanza *s, int max_log2_n, char *err, size_t errlen);

void x25519_wrap(struct header *h, const uint8_t pub[32], const uint8_t file_key[FILE_KEY]);
int x25519_unwrap(const struct stanza *s, const uint8_t *secret, const uint8_t pub[32], uint8_t file_key[FILE_KEY],
		  char *err, size_t errlen);

void scrypt_wrap(struct header *h, const char *pass, size_t len, int log2_n, const uint8_t file_key[FILE_KEY]);
int scrypt_unwrap(const struct stanza *s, const char *pass, size_t len, uint8_t file_key[FILE_KEY]);

/* The shared last step of both: ChaCha20-Poly1305 under a zero nonce. */
void wrap_key(const uint8_t key[32], const uint8_t file_key[FILE_KEY], uint8_t body[32]);
int unwrap_key(const uint8_t key[32], const uint8_t *body, size_t len, uint8_t file_key[FILE_KEY]);

#endif
