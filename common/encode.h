/* encode: hashes and encodings on libsodium — sha256/sha512 hex, base64
 * (standard and url-safe, with or without padding), hex. */
#ifndef AGENTCI_ENCODE_H
#define AGENTCI_ENCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Must be called once before any libsodium use; returns 0, exits on failure. */
int crypto_init(void);

void sha256_hex(const void *buf, size_t len, char out[65]);
void sha256_raw(const void *buf, size_t len, uint8_t out[32]);

/* Lowercase hex of len bytes into out (2*len+1 bytes). */
void hex_encode(const uint8_t *in, size_t len, char *out, bool upper);
/* Returns decoded length, or -1 on invalid hex. */
long hex_decode(const char *in, size_t inlen, uint8_t *out, size_t outcap);

enum b64_variant { B64_STD, B64_STD_NOPAD, B64_URL, B64_URL_NOPAD };
/* malloc'd NUL-terminated text. */
char *b64_encode(const void *in, size_t len, enum b64_variant v);
/* Strict decode (no whitespace); malloc'd bytes (NUL-terminated for
 * convenience) and *outlen, or NULL when invalid. */
uint8_t *b64_decode(const char *in, size_t inlen, enum b64_variant v, size_t *outlen);

#endif
