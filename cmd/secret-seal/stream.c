/* stream: the chunk nonce carries the counter so chunks cannot be
 * reordered, and the last flag so the stream cannot be truncated at a
 * chunk boundary. */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <sched.h>
#include <sodium.h>
#include <stdatomic.h>
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

/* Bulk data goes through libcrypto's ChaCha20-Poly1305, whose assembly
 * seals a 64 KiB chunk in one pass at about 1.6 times libsodium's speed
 * (libsodium encrypts, then authenticates).  Starting libcrypto costs
 * about a millisecond, more than sealing a small file altogether, so a
 * payload shorter than a full batch (every SOPS data key) stays on
 * libsodium.  Either gives the same bytes. */
static EVP_CIPHER *bulk_cipher;

/* Fetched by the caller's thread before a batch that needs it. */
static bool bulk_ready(void)
{
	if (!bulk_cipher) {
		OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
		bulk_cipher = EVP_CIPHER_fetch(NULL, "ChaCha20-Poly1305", NULL);
	}
	return bulk_cipher != NULL;
}

/* One context per thread (the caller's and the helper's), kept. */
static EVP_CIPHER_CTX *bulk_ctx(void)
{
	static _Thread_local EVP_CIPHER_CTX *ctx;
	if (!ctx && (ctx = EVP_CIPHER_CTX_new()) != NULL &&
	    !EVP_CipherInit_ex2(ctx, bulk_cipher, NULL, NULL, 1, NULL)) {
		EVP_CIPHER_CTX_free(ctx);
		ctx = NULL;
	}
	if (!ctx)
		die(EXIT_ENV, "cannot set up ChaCha20-Poly1305 in libcrypto");
	return ctx;
}

/* One chunk through libcrypto: 0, or -1 when the tag does not verify. */
static int bulk(const uint8_t key[32], const uint8_t nonce[12], bool seal, const uint8_t *in, size_t len, uint8_t *out)
{
	EVP_CIPHER_CTX *c = bulk_ctx();
	uint8_t *tag = seal ? out + len : (uint8_t *)in + len;
	int n = 0, m = 0;
	if (!EVP_CipherInit_ex2(c, NULL, key, nonce, seal, NULL) ||
	    (!seal && !EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, STREAM_TAG, tag)) ||
	    (len && !EVP_CipherUpdate(c, out, &n, in, (int)len)))
		die(EXIT_ENV, "ChaCha20-Poly1305 failed in libcrypto");
	if (!EVP_CipherFinal_ex(c, out + n, &m)) {
		if (seal)
			die(EXIT_ENV, "ChaCha20-Poly1305 failed in libcrypto");
		sodium_memzero(out, len); /* nothing unauthenticated stays */
		return -1;
	}
	if (seal && !EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, STREAM_TAG, tag))
		die(EXIT_ENV, "ChaCha20-Poly1305 failed in libcrypto");
	return 0;
}

static void seal_at(const struct stream *s, uint64_t counter, const uint8_t *in, size_t len, bool last, bool big,
		    uint8_t *out)
{
	uint8_t nonce[12];
	chunk_nonce(counter, last, nonce);
	if (big)
		bulk(s->key, nonce, true, in, len, out);
	else
		crypto_aead_chacha20poly1305_ietf_encrypt(out, NULL, in, len, NULL, 0, NULL, nonce, s->key);
}

static int open_at(const struct stream *s, uint64_t counter, const uint8_t *in, size_t len, bool last, bool big,
		   uint8_t *out)
{
	uint8_t nonce[12];
	if (len < STREAM_TAG || len > STREAM_SEALED)
		return -1;
	chunk_nonce(counter, last, nonce);
	if (big)
		return bulk(s->key, nonce, false, in, len - STREAM_TAG, out);
	return crypto_aead_chacha20poly1305_ietf_decrypt(out, NULL, NULL, in, len, NULL, 0, nonce, s->key) == 0 ? 0
														: -1;
}

void stream_seal(struct stream *s, const uint8_t *in, size_t len, bool last, uint8_t *out)
{
	seal_at(s, s->counter, in, len, last, false, out);
	s->counter++;
}

int stream_open(struct stream *s, const uint8_t *in, size_t len, bool last, uint8_t *out)
{
	if (open_at(s, s->counter, in, len, last, false, out) != 0)
		return -1;
	s->counter++;
	return 0;
}

/* A batch of chunks to seal or open. */
struct job {
	const struct stream *s;
	uint64_t base; /* the counter of chunk 0 */
	bool seal, last;
	bool big; /* a full batch: libcrypto */
	const uint8_t *in;
	uint8_t *out;
	size_t n, lastlen;
	int *ok;
};

static void do_chunk(const struct job *j, size_t i)
{
	bool final = i + 1 == j->n;
	if (j->seal) {
		size_t len = final ? j->lastlen : STREAM_CHUNK;
		seal_at(j->s, j->base + i, j->in + i * STREAM_CHUNK, len, final && j->last, j->big,
			j->out + i * STREAM_SEALED);
	} else {
		size_t len = final ? j->lastlen : STREAM_SEALED;
		j->ok[i] = open_at(j->s, j->base + i, j->in + i * STREAM_SEALED, len, final && j->last, j->big,
				   j->out + i * STREAM_CHUNK);
	}
}

/* One helper thread, kept for the life of the process, takes chunks of
 * the current batch when the scheduler gives it a core.  Chunks are
 * claimed one by one from `claim` (batch generation in the high 32 bits,
 * next index in the low), so this thread never waits for the helper to
 * start — on a busy machine it simply does the whole batch itself — and
 * waits at the end only for a chunk the helper is in the middle of. */
static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct job job; /* the current batch, under mu */
	uint32_t gen; /* its generation, under mu */
	_Atomic uint64_t claim;
	atomic_int busy; /* the helper holds (or is claiming) a chunk */
	bool started;
} pool = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

/* Claim the next chunk of generation gen: its index, or -1. */
static long claim(uint32_t gen, size_t n)
{
	uint64_t v = atomic_load(&pool.claim);
	for (;;) {
		if ((uint32_t)(v >> 32) != gen || (v & 0xffffffffu) >= n)
			return -1;
		if (atomic_compare_exchange_weak(&pool.claim, &v, v + 1))
			return (long)(v & 0xffffffffu);
	}
}

static void *helper(void *arg)
{
	(void)arg;
	uint32_t seen = 0;
	for (;;) {
		pthread_mutex_lock(&pool.mu);
		while (pool.gen == seen)
			pthread_cond_wait(&pool.cv, &pool.mu);
		seen = pool.gen;
		struct job j = pool.job;
		pthread_mutex_unlock(&pool.mu);
		for (;;) {
			atomic_store(&pool.busy, 1);
			long i = claim(seen, j.n);
			if (i >= 0)
				do_chunk(&j, (size_t)i);
			atomic_store(&pool.busy, 0);
			if (i < 0)
				break;
		}
	}
	return NULL;
}

static bool helper_ready(void)
{
	if (pool.started)
		return true;
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return false;
	pthread_attr_t attr;
	pthread_t t;
	if (pthread_attr_init(&attr) != 0)
		return false;
	pthread_attr_setstacksize(&attr, 64 * 1024); /* it only calls libsodium */
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pool.started = pthread_create(&t, &attr, helper, NULL) == 0;
	pthread_attr_destroy(&attr);
	return pool.started;
}

static void run_batch(const struct job *j)
{
	if (j->n < 2 || !helper_ready()) {
		for (size_t i = 0; i < j->n; i++)
			do_chunk(j, i);
		return;
	}
	pthread_mutex_lock(&pool.mu);
	pool.job = *j;
	uint32_t gen = ++pool.gen;
	atomic_store(&pool.claim, (uint64_t)gen << 32);
	pthread_cond_signal(&pool.cv);
	pthread_mutex_unlock(&pool.mu);
	long i;
	while ((i = claim(gen, j->n)) >= 0)
		do_chunk(j, (size_t)i);
	/* Every chunk is claimed; wait for one the helper may still hold. */
	while (atomic_load(&pool.busy))
		sched_yield();
}

void stream_seal_batch(struct stream *s, const uint8_t *in, size_t n, size_t lastlen, bool last, uint8_t *out)
{
	struct job j = {.s = s,
			.base = s->counter,
			.seal = true,
			.last = last,
			.in = in,
			.out = out,
			.n = n,
			.lastlen = lastlen,
			.big = n == STREAM_BATCH && bulk_ready()};
	run_batch(&j);
	s->counter += n;
}

void stream_open_batch(struct stream *s, const uint8_t *in, size_t n, size_t lastlen, bool last, uint8_t *out, int *ok)
{
	struct job j = {.s = s,
			.base = s->counter,
			.seal = false,
			.last = last,
			.in = in,
			.out = out,
			.n = n,
			.lastlen = lastlen,
			.ok = ok,
			.big = n == STREAM_BATCH && bulk_ready()};
	run_batch(&j);
}

void stream_advance(struct stream *s)
{
	s->counter++;
}
