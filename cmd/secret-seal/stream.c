/* stream: the chunk nonce carries the counter so chunks cannot be
 * reordered, and the last flag so the stream cannot be truncated at a
 * chunk boundary. */
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <unistd.h>

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

static void seal_at(const struct stream *s, uint64_t counter, const uint8_t *in, size_t len,
		    bool last, uint8_t *out)
{
	uint8_t nonce[12];
	chunk_nonce(counter, last, nonce);
	crypto_aead_chacha20poly1305_ietf_encrypt(out, NULL, in, len, NULL, 0, NULL, nonce, s->key);
}

static int open_at(const struct stream *s, uint64_t counter, const uint8_t *in, size_t len,
		   bool last, uint8_t *out)
{
	uint8_t nonce[12];
	if (len < STREAM_TAG || len > STREAM_SEALED)
		return -1;
	chunk_nonce(counter, last, nonce);
	return crypto_aead_chacha20poly1305_ietf_decrypt(out, NULL, NULL, in, len, NULL, 0, nonce,
							 s->key) == 0
		       ? 0
		       : -1;
}

void stream_seal(struct stream *s, const uint8_t *in, size_t len, bool last, uint8_t *out)
{
	seal_at(s, s->counter, in, len, last, out);
	s->counter++;
}

int stream_open(struct stream *s, const uint8_t *in, size_t len, bool last, uint8_t *out)
{
	if (open_at(s, s->counter, in, len, last, out) != 0)
		return -1;
	s->counter++;
	return 0;
}

/* One half of a batch: chunks [from, to). */
struct part {
	const struct stream *s;
	bool seal, last;
	const uint8_t *in;
	uint8_t *out;
	size_t from, to, n, lastlen;
	int *ok;
};

static void *run_part(void *arg)
{
	const struct part *p = arg;
	for (size_t i = p->from; i < p->to; i++) {
		bool final = i + 1 == p->n;
		uint64_t c = p->s->counter + i;
		if (p->seal) {
			size_t len = final ? p->lastlen : STREAM_CHUNK;
			seal_at(p->s, c, p->in + i * STREAM_CHUNK, len, final && p->last,
				p->out + i * STREAM_SEALED);
		} else {
			size_t len = final ? p->lastlen : STREAM_SEALED;
			p->ok[i] = open_at(p->s, c, p->in + i * STREAM_SEALED, len, final && p->last,
					   p->out + i * STREAM_CHUNK);
		}
	}
	return NULL;
}

/* Split a batch over this thread and, on a machine with two or more
 * cores, one helper (a small stack: it only calls libsodium). */
static void run_batch(struct part *whole)
{
	static long cores;
	if (!cores)
		cores = sysconf(_SC_NPROCESSORS_ONLN);
	struct part a = *whole, b = *whole;
	pthread_t t;
	pthread_attr_t attr;
	bool helper = false;
	if (cores > 1 && whole->n >= 2 && pthread_attr_init(&attr) == 0) {
		a.to = whole->n / 2;
		b.from = a.to;
		pthread_attr_setstacksize(&attr, 64 * 1024);
		helper = pthread_create(&t, &attr, run_part, &a) == 0;
		pthread_attr_destroy(&attr);
		if (!helper)
			b.from = 0;
	}
	run_part(&b);
	if (helper)
		pthread_join(t, NULL);
}

void stream_seal_batch(struct stream *s, const uint8_t *in, size_t n, size_t lastlen, bool last,
		       uint8_t *out)
{
	struct part p = {.s = s, .seal = true, .last = last, .in = in, .out = out,
			 .from = 0, .to = n, .n = n, .lastlen = lastlen};
	run_batch(&p);
	s->counter += n;
}

void stream_open_batch(struct stream *s, const uint8_t *in, size_t n, size_t lastlen, bool last,
		       uint8_t *out, int *ok)
{
	struct part p = {.s = s, .seal = false, .last = last, .in = in, .out = out,
			 .from = 0, .to = n, .n = n, .lastlen = lastlen, .ok = ok};
	run_batch(&p);
}

void stream_advance(struct stream *s)
{
	s->counter++;
}
