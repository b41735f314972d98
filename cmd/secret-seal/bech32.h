/* bech32: BIP-173 Bech32 as age uses it for keys.
 * The BIP's checksum and charset, but no 90-character limit, and 8-bit
 * payloads. */
#ifndef SECRET_SEAL_BECH32_H
#define SECRET_SEAL_BECH32_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Encode hrp + data into out (NUL-terminated), uppercase when upper.
 * Returns the length, or -1 when outcap is too small. */
long bech32_encode(const char *hrp, const uint8_t *data, size_t len, bool upper, char *out, size_t outcap);

/* Decode s (all lowercase or all uppercase).  The HRP is written
 * lowercased into hrp (hrpcap bytes), the 8-bit payload into data.
 * Returns the payload length, or -1 on any error (mixed case, bad
 * character, bad checksum, bad padding, too small buffers). */
long bech32_decode(const char *s, size_t slen, char *hrp, size_t hrpcap, uint8_t *data, size_t datacap);

#endif
