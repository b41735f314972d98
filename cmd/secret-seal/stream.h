/* stream: age's STREAM payload layer — ChaCha20-Poly1305 over 64 KiB
 * chunks, nonce = 11-byte big-endian counter + a last-chunk flag. */
#ifndef SECRET_SEAL_STREAM_H
#define SECRET_SEAL_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	STREAM_CHUNK = 64 * 1024, /* plaintext bytes per chunk */
	STREAM_TAG = 16,
	STREAM_SEALED = STREAM_CHUNK + STREAM_TAG,
	STREAM_NONCE = 16, /* the payload nonce written after the header */
};

struct stream; /* the payload key (locked memory) and the chunk counter */

/* Payload key = HKDF-SHA256(file key, salt = nonce, "payload"). */
struct stream *stream_new(const uint8_t file_key[16], const uint8_t nonce[STREAM_NONCE]);
void stream_free(struct stream *s);
/* Chunks sealed/opened so far. */
uint64_t stream_count(const struct stream *s);
/* Count one more chunk as opened (after stream_open_batch). */
void stream_advance(struct stream *s);

/* Seal len (<= STREAM_CHUNK) bytes into out (len + STREAM_TAG bytes). */
void stream_seal(struct stream *s, const uint8_t *in, size_t len, bool last, uint8_t *out);
/* Open len (STREAM_TAG..STREAM_SEALED) bytes into out (len - STREAM_TAG
 * bytes).  0, or -1 when the tag does not verify (the counter does not
 * move then). */
int stream_open(struct stream *s, const uint8_t *in, size_t len, bool last, uint8_t *out);

/* Chunks in batches, sealed or opened on two cores where there are two:
 * the chunk nonces are independent, so only the order of the output
 * matters, and that stays the caller's.  A batch is n chunks laid end to
 * end, full-size except the n-th (lastlen bytes, sealed or opened with
 * the last flag when last).  Batches hold STREAM_BATCH chunks at most. */
enum { STREAM_BATCH = 16 };

/* Seal chunks counter.. of in (stride STREAM_CHUNK) into out (stride
 * STREAM_SEALED); the counter moves past them. */
void stream_seal_batch(struct stream *s, const uint8_t *in, size_t n, size_t lastlen, bool last, uint8_t *out);
/* Open chunks of in (stride STREAM_SEALED) into out (stride
 * STREAM_CHUNK).  ok[i] is 0 or -1 for each.  The counter does not move:
 * the caller releases chunks in order and calls stream_advance() for
 * each it accepts. */
void stream_open_batch(struct stream *s, const uint8_t *in, size_t n, size_t lastlen, bool last, uint8_t *out, int *ok);

#endif
