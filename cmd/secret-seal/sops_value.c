/* sops_value: the ENC[…] text and the AES-256-GCM under it. */
#include "sops_value.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "secmem.h"
#include "sops_float.h"

static const char PREFIX[] = "ENC[AES256_GCM,data:";

bool sops_is_enc(const char *s, size_t len)
{
	return len >= sizeof PREFIX - 1 && !memcmp(s, PREFIX, sizeof PREFIX - 1);
}

/* memchr to each candidate: in an ENC value the needles' first
 * characters (',' and ']') are rare. */
static const char *find(const char *s, const char *end, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = s; (p = memchr(p, needle[0], (size_t)(end - p))) != NULL; p++) {
		if ((size_t)(end - p) < n)
			return NULL;
		if (!memcmp(p, needle, n))
			return p;
	}
	return NULL;
}

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Standard padded base64, strict (canonical trailing bits), table-driven:
 * data, iv and tag are public, so this need not be constant-time like
 * libsodium's decoder, which took an eighth of a 1,000-value decrypt.
 * Into out (room for (e - s) / 4 * 3 bytes): their number, or -1. */
static long b64_part(const char *s, const char *e, uint8_t *out)
{
	static uint8_t val[256]; /* a digit's value, 0x80 for a non-digit */
	if (!val[0]) {
		memset(val, 0x80, sizeof val);
		for (int i = 0; i < 64; i++)
			val[(unsigned char)B64[i]] = (uint8_t)i;
	}
	size_t n = e > s ? (size_t)(e - s) : 0;
	if (n == 0 || n % 4)
		return -1;
	const unsigned char *u = (const unsigned char *)s;
	uint8_t *w = out;
	unsigned bad = 0;
	/* Every quad but the last is four digits; the last may be padded. */
	for (size_t i = 0; i + 4 < n; i += 4) {
		unsigned a = val[u[i]], b = val[u[i + 1]], c = val[u[i + 2]], d = val[u[i + 3]];
		bad |= a | b | c | d;
		uint32_t v = (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6 | (uint32_t)d;
		w[0] = (uint8_t)(v >> 16);
		w[1] = (uint8_t)(v >> 8);
		w[2] = (uint8_t)v;
		w += 3;
	}
	const unsigned char *q = u + n - 4;
	size_t pad = (q[3] == '=') + (q[2] == '=');
	unsigned a = val[q[0]], b = val[q[1]];
	unsigned c = pad == 2 ? 0 : val[q[2]];
	unsigned d = pad ? 0 : val[q[3]];
	bad |= a | b | c | d;
	if ((bad & 0x80) || (pad == 2 && (b & 15)) || (pad == 1 && (c & 3)))
		return -1;
	uint32_t v = (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6 | (uint32_t)d;
	*w++ = (uint8_t)(v >> 16);
	if (pad < 2)
		*w++ = (uint8_t)(v >> 8);
	if (pad < 1)
		*w++ = (uint8_t)v;
	return (long)(w - out);
}

static bool known_type(const char *t)
{
	static const char *const types[] = {"str", "int", "float", "bool", "bytes", "comment", "time", NULL};
	for (int i = 0; types[i]; i++)
		if (!strcmp(t, types[i]))
			return true;
	return false;
}

int encval_parse(const char *s, size_t len, struct encval *ev, char *err, size_t errlen)
{
	memset(ev, 0, sizeof *ev);
	const char *end = s + len;
	if (!sops_is_enc(s, len)) {
		snprintf(err, errlen, "not an ENC[AES256_GCM,…] value");
		return -1;
	}
	const char *d = s + sizeof PREFIX - 1;
	const char *iv = find(d, end, ",iv:");
	const char *tag = iv ? find(iv, end, ",tag:") : NULL;
	const char *type = tag ? find(tag, end, ",type:") : NULL;
	const char *close = type ? find(type, end, "]") : NULL;
	if (!close) {
		snprintf(err, errlen, "malformed ENC[] value: expected data:,iv:,tag:,type: and ']'");
		return -1;
	}
	size_t tlen = (size_t)(close - (type + 6));
	if (tlen == 0 || tlen >= sizeof ev->type) {
		snprintf(err, errlen, "malformed ENC[] value: bad type");
		return -1;
	}
	memcpy(ev->type, type + 6, tlen);
	ev->type[tlen] = '\0';
	if (!known_type(ev->type)) {
		snprintf(err, errlen, "ENC[] value of unknown type '%s'", ev->type);
		return -1;
	}
	/* One block for the three parts: a file has thousands of values.
	 * data may be empty only in theory (sops leaves empty values clear). */
	const char *ivs = iv + 4, *tags = tag + 5;
	size_t dcap = (size_t)(iv - d) / 4 * 3, icap = (size_t)(tag - ivs) / 4 * 3;
	uint8_t *block = xmalloc(dcap + icap + (size_t)(type - tags) / 4 * 3 + 1);
	long dl = d == iv ? 0 : b64_part(d, iv, block);
	long il = b64_part(ivs, tag, block + dcap);
	long tl = b64_part(tags, type, block + dcap + icap);
	ev->data = block;
	ev->iv = block + dcap;
	ev->tag = block + dcap + icap;
	if (dl < 0 || il <= 0 || tl != SOPS_TAG_LEN) {
		encval_free(ev);
		snprintf(err, errlen, "malformed ENC[] value: bad base64 in data, iv or tag");
		return -1;
	}
	ev->data_len = (size_t)dl;
	ev->iv_len = (size_t)il;
	ev->tag_len = (size_t)tl;
	return 0;
}

void encval_free(struct encval *ev)
{
	free(ev->data); /* the block of all three */
	memset(ev, 0, sizeof *ev);
}

/* One cipher and one context per direction for the process: fetching
 * the cipher and making a context cost more than a short value's own
 * work, and a file holds thousands of values. */
static EVP_CIPHER_CTX *gcm_ctx(bool enc)
{
	static EVP_CIPHER *cipher;
	static EVP_CIPHER_CTX *ctx[2];
	if (!cipher) {
		/* AES-GCM needs nothing from openssl.cnf (sops, on Go's own
		 * crypto, reads none either), and reading it was an eighth of a
		 * small file's decrypt. */
		OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
		if (!(cipher = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL)))
			return NULL;
	}
	if (!ctx[enc]) {
		ctx[enc] = EVP_CIPHER_CTX_new();
		if (ctx[enc] && !EVP_CipherInit_ex(ctx[enc], cipher, NULL, NULL, NULL, enc)) {
			EVP_CIPHER_CTX_free(ctx[enc]);
			ctx[enc] = NULL;
		}
	}
	return ctx[enc];
}

/* One GCM pass: enc selects the direction; tag is written or checked. */
static int gcm(bool enc, const uint8_t *key, const uint8_t *iv, size_t ivlen, const char *aad, const uint8_t *in,
	       size_t len, uint8_t *out, uint8_t tag[SOPS_TAG_LEN])
{
	EVP_CIPHER_CTX *c = gcm_ctx(enc);
	int ok = c != NULL, n = 0;
	if (len > INT_MAX)
		ok = 0;
	/* Each control call is a parameter look-up in OpenSSL 3: set the IV
	 * length and the key only when they change (every value of a file
	 * has the same ones). */
	static size_t last_ivlen[2];
	static uint8_t *last_key[2];
	bool same_key =
		ok && last_key[enc] && !sodium_memcmp(last_key[enc], key, SOPS_KEY_LEN) && last_ivlen[enc] == ivlen;
	if (ok && last_ivlen[enc] != ivlen) {
		ok = EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, (int)ivlen, NULL);
		last_ivlen[enc] = ok ? ivlen : 0;
	}
	/* A tag to check goes in with the IV: one parameter call less. */
	OSSL_PARAM params[2] = {OSSL_PARAM_END, OSSL_PARAM_END};
	if (!enc)
		params[0] = OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag, SOPS_TAG_LEN);
	ok = ok && EVP_CipherInit_ex2(c, NULL, same_key ? NULL : key, iv, enc, params);
	if (ok && !same_key) {
		if (!last_key[enc])
			last_key[enc] = secure_alloc(SOPS_KEY_LEN);
		memcpy(last_key[enc], key, SOPS_KEY_LEN);
	}
	ok = ok && EVP_CipherUpdate(c, NULL, &n, (const uint8_t *)aad, (int)strlen(aad));
	if (ok && len)
		ok = EVP_CipherUpdate(c, out, &n, in, (int)len);
	ok = ok && EVP_CipherFinal_ex(c, out + (len ? n : 0), &n);
	if (ok && enc)
		ok = EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, SOPS_TAG_LEN, tag);
	return ok ? 0 : -1;
}

/* Standard padded base64 of public bytes (ciphertext, IV, tag) at w; the
 * end of what it wrote. */
static char *b64_put(char *w, const uint8_t *p, size_t n)
{
	size_t i = 0;
	for (; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		*w++ = B64[v >> 18];
		*w++ = B64[(v >> 12) & 63];
		*w++ = B64[(v >> 6) & 63];
		*w++ = B64[v & 63];
	}
	if (i < n) {
		uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);
		*w++ = B64[v >> 18];
		*w++ = B64[(v >> 12) & 63];
		*w++ = i + 1 < n ? B64[(v >> 6) & 63] : '=';
		*w++ = '=';
	}
	return w;
}

/* IVs 64 at a time, from ChaCha20 under a fresh random seed: one
 * getrandom(2) per value (eight, in libsodium's 256-byte reads, for 64)
 * was a thousand system calls for a large file, most of its encryption
 * time.  A forked child starts with an empty pool, so no two processes
 * share an IV. */
static struct {
	uint8_t iv[64][SOPS_IV_LEN];
	size_t left;
} pool;

static void pool_forget(void)
{
	sodium_memzero(&pool, sizeof pool);
}

static void fresh_iv(uint8_t iv[SOPS_IV_LEN])
{
	static bool hooked;
	if (!hooked)
		hooked = pthread_atfork(NULL, NULL, pool_forget) == 0;
	if (!pool.left) {
		uint8_t seed[randombytes_SEEDBYTES];
		randombytes_buf(seed, sizeof seed);
		randombytes_buf_deterministic(pool.iv, sizeof pool.iv, seed);
		sodium_memzero(seed, sizeof seed);
		pool.left = sizeof pool.iv / sizeof pool.iv[0];
	}
	pool.left--;
	memcpy(iv, pool.iv[pool.left], SOPS_IV_LEN);
	sodium_memzero(pool.iv[pool.left], SOPS_IV_LEN);
}

char *sops_seal(const uint8_t key[SOPS_KEY_LEN], const char *aad, const char *type, const void *pt, size_t len)
{
	uint8_t iv[SOPS_IV_LEN], tag[SOPS_TAG_LEN];
	fresh_iv(iv);
	uint8_t *ct = xmalloc(len + 1);
	if (gcm(true, key, iv, sizeof iv, aad, pt, len, ct, tag) != 0)
		die(EXIT_ENV, "AES-256-GCM encryption failed in libcrypto");
	size_t cap = sizeof PREFIX + (len + 2) / 3 * 4 + 64 + 32 + strlen(type) + 32;
	char *out = xmalloc(cap), *w = out;
	memcpy(w, PREFIX, sizeof PREFIX - 1);
	w = b64_put(w + sizeof PREFIX - 1, ct, len);
	memcpy(w, ",iv:", 4);
	w = b64_put(w + 4, iv, sizeof iv);
	memcpy(w, ",tag:", 5);
	w = b64_put(w + 5, tag, sizeof tag);
	snprintf(w, cap - (size_t)(w - out), ",type:%s]", type);
	free(ct);
	return out;
}

int sops_open(const uint8_t key[SOPS_KEY_LEN], const char *s, size_t len, const char *aad, char **pt, size_t *ptlen,
	      char type[16], char *err, size_t errlen)
{
	struct encval ev;
	if (encval_parse(s, len, &ev, err, errlen) != 0)
		return -1;
	char *out = xmalloc(ev.data_len + 1);
	int rc = gcm(false, key, ev.iv, ev.iv_len, aad, ev.data, ev.data_len, (uint8_t *)out, ev.tag);
	if (rc != 0) {
		sodium_memzero(out, ev.data_len);
		free(out);
		encval_free(&ev);
		snprintf(err, errlen, "authentication failed (wrong data key, or the value was changed or moved)");
		return -2;
	}
	out[ev.data_len] = '\0';
	*pt = out;
	*ptlen = ev.data_len;
	memcpy(type, ev.type, sizeof ev.type);
	encval_free(&ev);
	return 0;
}

int sops_leaf_view(const struct snode *n, char buf[GOFLOAT_MAX], const char **bytes, size_t *len, const char **type)
{
	switch (n->t) {
	case ST_STR: *type = "str"; break;
	case ST_INT: *type = "int"; break;
	case ST_TIME: *type = "time"; break;
	case ST_BYTES: *type = "bytes"; break;
	case ST_COMMENT: *type = "comment"; break;
	case ST_FLOAT:
		*type = "float";
		gofloat_format(n->f, GOF_PLAIN, buf, GOFLOAT_MAX);
		*bytes = buf;
		*len = strlen(buf);
		return 0;
	case ST_BOOL:
		*type = "bool";
		*bytes = n->b ? "True" : "False"; /* sops' Python heritage */
		*len = strlen(*bytes);
		return 0;
	default: return -1;
	}
	*bytes = n->s;
	*len = n->len;
	return 0;
}

int sops_leaf_bytes(const struct snode *n, char **out, size_t *len, const char **type)
{
	char buf[GOFLOAT_MAX];
	const char *b;
	if (sops_leaf_view(n, buf, &b, len, type) != 0)
		return -1;
	*out = xmalloc(*len + 1);
	memcpy(*out, b, *len);
	(*out)[*len] = '\0';
	sodium_memzero(buf, sizeof buf);
	return 0;
}

/* Go's strconv.ParseBool. */
static int parse_bool(const char *s, bool *b)
{
	static const char *const t[] = {"1", "t", "T", "TRUE", "true", "True", NULL};
	static const char *const f[] = {"0", "f", "F", "FALSE", "false", "False", NULL};
	for (int i = 0; t[i]; i++) {
		if (!strcmp(s, t[i])) {
			*b = true;
			return 0;
		}
		if (!strcmp(s, f[i])) {
			*b = false;
			return 0;
		}
	}
	return -1;
}

int sops_leaf_set(struct snode *n, const char *type, char *pt, size_t len)
{
	static const struct {
		const char *name;
		enum stype t;
	} text[] = {{"str", ST_STR}, {"comment", ST_COMMENT}, {"bytes", ST_BYTES}, {"time", ST_TIME}};
	for (size_t i = 0; i < sizeof text / sizeof *text; i++)
		if (!strcmp(type, text[i].name)) {
			n->t = text[i].t;
			n->s = pt;
			n->len = len;
			return 0;
		}
	if (strlen(pt) != len)
		return -1;
	if (!strcmp(type, "int")) {
		char *end;
		errno = 0;
		long long v = strtoll(pt, &end, 10);
		if (!len || *end || errno || pt[0] == ' ' || pt[0] == '\t')
			return -1;
		char buf[32];
		int k = snprintf(buf, sizeof buf, "%lld", v);
		n->t = ST_INT;
		n->s = xstrndup(buf, (size_t)k);
		n->len = (size_t)k;
	} else if (!strcmp(type, "float")) {
		char *end;
		double v = strtod(pt, &end);
		if (!len || *end || pt[0] == ' ' || pt[0] == '\t')
			return -1;
		n->t = ST_FLOAT;
		n->f = v;
	} else if (!strcmp(type, "bool")) {
		bool b;
		if (parse_bool(pt, &b) != 0)
			return -1;
		n->t = ST_BOOL;
		n->b = b;
	} else {
		return -1;
	}
	sodium_memzero(pt, len);
	free(pt);
	return 0;
}

struct snode *sops_leaf_from(const char *type, const char *pt, size_t len)
{
	struct snode *n = snode_new(ST_NULL);
	char *copy = xmalloc(len + 1);
	memcpy(copy, pt, len);
	copy[len] = '\0';
	if (sops_leaf_set(n, type, copy, len) != 0) {
		sodium_memzero(copy, len);
		free(copy);
		snode_free(n);
		return NULL;
	}
	return n;
}
