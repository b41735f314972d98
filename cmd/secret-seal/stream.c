/* stream: the chunk nonce carries the counter so chunks cannot be
 * reordered, and the last flag so the stream cannot be truncated at a
 * chunk boundary. */
#include <sodium.h>

#include "cli.h"
#include "hkdf.h"
#include "secmem.h"
#include "stream.h"

struct stream {
	uint8_t key[32];
	uint64_t counter; /* the 11-byte counter; 2^64 chunks is out of reach */
};

struct stream *stream_new(const uint8_t file_key[16], const uint8_t nonce[STREAM_NONCE])
{
	struct stream *s = secure_alloc(sizeof *s);
	hkdf_sha256(file_key, 16, nonce, STREAM_NONCE, "payload", s->key);
	s->counter = 0;
	return s;
}

void stream_free(struct stream *s)
{
	sodium_free(s); /* wipes */
}

uint64_t stream_count(const struct stream *s)
{
	return s->counter;
}

static void chunk_nonce(uint64_t counter, bool last, uint8_t nonce[12])
{
	for (int i = 0; i < 3; i++)
		nonce[i] = 0;
	for (int i = 0; i < 8; i++)
		nonce[10 - i] = (uint8_t)(counter >> (8 * i));
	nonce[11] = last ? 1 : 0;
}

void stream_seal(struct stream *s, const uint8_t *in, size_t len, bool last, uint8_t *out)
{
	uint8_t nonce[12];
	chunk_nonce(s->counter, last, nonce);
	crypto_aead_chacha20poly1305_ietf_encrypt(out, NULL, in, len, NULL, 0, NULL, nonce, s->key);
	s->counter++;
}

int stream_open(struct stream *s, const uint8_t *in, size_t len, bool last, uint8_t *out)
{
	uint8_t nonce[12];
	if (len < STREAM_TAG || len > STREAM_SEALED)
		return -1;
	chunk_nonce(s->counter, last, nonce);
	if (crypto_aead_chacha20poly1305_ietf_decrypt(out, NULL, NULL, in, len, NULL, 0, nonce,
						      s->key) != 0)
		return -1;
	s->counter++;
	return 0;
}
