/* age: whole-file encryption and decryption — the header, then STREAM
 * chunks — over the reader/writer layers, for streams and buffers. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "age.h"
#include "age_header.h"
#include "age_keys.h"
#include "age_reader.h"
#include "age_stanza.h"
#include "armor.h"
#include "cli.h"
#include "secmem.h"
#include "stream.h"

int age_exit_code(enum age_status st)
{
	switch (st) {
	case AGE_OK:
		return EXIT_OK;
	case AGE_ERR_NO_MATCH:
		return EXIT_ENV;
	case AGE_ERR_HMAC:
	case AGE_ERR_PAYLOAD:
		return EXIT_FAIL;
	default:
		return EXIT_INPUT;
	}
}

const char *age_status_name(enum age_status st)
{
	static const char *const names[] = {
		[AGE_OK] = "success",
		[AGE_ERR_HEADER] = "header failure",
		[AGE_ERR_ARMOR] = "armor failure",
		[AGE_ERR_UNSUPPORTED] = "unsupported",
		[AGE_ERR_NO_MATCH] = "no match",
		[AGE_ERR_HMAC] = "HMAC failure",
		[AGE_ERR_PAYLOAD] = "payload failure",
		[AGE_ERR_IO] = "I/O error",
		[AGE_ERR_KEY] = "key error",
	};
	return names[st];
}

static enum age_status set_err(char *err, size_t errlen, enum age_status st, const char *fmt,
			       ...) __attribute__((format(printf, 4, 5)));
static enum age_status set_err(char *err, size_t errlen, enum age_status st, const char *fmt,
			       ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return st;
}

/* ---- encryption ----------------------------------------------------- */

/* The output of encryption: a FILE, armored or not. */
struct out {
	FILE *fp;
	bool armor;
	struct armor_writer aw;
};

static int out_write(struct out *o, const void *p, size_t n)
{
	if (o->armor)
		return armor_write(&o->aw, p, n);
	return fwrite(p, 1, n, o->fp) == n ? 0 : -1;
}

static enum age_status encrypt(const struct age_recipients *rs, struct reader *in, struct out *o,
			       char *err, size_t errlen)
{
	if (rs->nx == 0 && !rs->pass.text)
		return set_err(err, errlen, AGE_ERR_KEY, "no recipients");
	if (rs->nx > 0 && rs->pass.text)
		return set_err(err, errlen, AGE_ERR_KEY,
			       "a passphrase cannot be combined with recipients");
	uint8_t *file_key = secure_alloc(FILE_KEY);
	randombytes_buf(file_key, FILE_KEY);
	struct header h = {0};
	for (size_t i = 0; i < rs->nx; i++)
		x25519_wrap(&h, rs->x[i], file_key);
	if (rs->pass.text)
		scrypt_wrap(&h, rs->pass.text, rs->pass.len, rs->log2_n, file_key);
	size_t hlen;
	char *text = header_format(&h, file_key, &hlen);
	header_free(&h);

	uint8_t nonce[STREAM_NONCE];
	randombytes_buf(nonce, sizeof nonce);
	struct stream *s = stream_new(file_key, nonce);
	sodium_free(file_key);
	enum age_status st = AGE_OK;
	if (out_write(o, text, hlen) < 0 || out_write(o, nonce, sizeof nonce) < 0)
		st = AGE_ERR_IO;
	free(text);

	/* One byte of look-ahead tells a full last chunk from a full middle one. */
	uint8_t *plain = secure_alloc(STREAM_CHUNK + 1);
	uint8_t *sealed = xmalloc(STREAM_SEALED);
	size_t have = st == AGE_OK ? reader_read(in, plain, STREAM_CHUNK + 1) : 0;
	while (st == AGE_OK) {
		if (in->status != AGE_OK) {
			st = set_err(err, errlen, in->status, "%s", in->msg);
			break;
		}
		bool last = have <= STREAM_CHUNK;
		size_t n = last ? have : STREAM_CHUNK;
		stream_seal(s, plain, n, last, sealed);
		if (out_write(o, sealed, n + STREAM_TAG) < 0) {
			st = AGE_ERR_IO;
			break;
		}
		if (last)
			break;
		plain[0] = plain[STREAM_CHUNK];
		have = 1 + reader_read(in, plain + 1, STREAM_CHUNK);
	}
	if (st == AGE_OK && o->armor && armor_close(&o->aw) < 0)
		st = AGE_ERR_IO;
	if (st == AGE_OK && fflush(o->fp) == EOF)
		st = AGE_ERR_IO;
	if (st == AGE_ERR_IO && !err[0])
		set_err(err, errlen, st, "write error: %s", strerror(errno));
	sodium_free(plain);
	free(sealed);
	stream_free(s);
	return st;
}

enum age_status age_encrypt_stream(const struct age_recipients *rs, FILE *in, FILE *out,
				   bool armor, char *err, size_t errlen)
{
	struct reader r;
	reader_init_file(&r, in);
	struct out o = {.fp = out, .armor = armor};
	if (armor)
		armor_writer_init(&o.aw, out);
	err[0] = '\0';
	enum age_status st = encrypt(rs, &r, &o, err, errlen);
	reader_free(&r);
	return st;
}

enum age_status age_encrypt_buffer(const struct age_recipients *rs, const uint8_t *in,
				   size_t len, bool armor, char **out, size_t *outlen,
				   char *err, size_t errlen)
{
	struct reader r;
	reader_init_mem(&r, in, len);
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);
	if (!fp)
		die(EXIT_ENV, "out of memory");
	struct out o = {.fp = fp, .armor = armor};
	if (armor)
		armor_writer_init(&o.aw, fp);
	err[0] = '\0';
	enum age_status st = encrypt(rs, &r, &o, err, errlen);
	fclose(fp);
	reader_free(&r);
	if (st != AGE_OK) {
		free(buf);
		return st;
	}
	*out = buf;
	*outlen = n;
	return AGE_OK;
}

/* ---- decryption ----------------------------------------------------- */

/* Where plaintext goes: a FILE, or a locked buffer of fixed capacity. */
struct sink {
	FILE *fp;
	uint8_t *mem;
	size_t len, cap;
	uint64_t released;
};

static int sink_write(struct sink *k, const uint8_t *p, size_t n)
{
	if (k->fp) {
		if (fwrite(p, 1, n, k->fp) != n)
			return -1;
	} else {
		if (n > k->cap - k->len)
			return -1;
		memcpy(k->mem + k->len, p, n);
		k->len += n;
	}
	k->released += n;
	return 0;
}

/* Structure of every stanza we know, before any key is tried. */
static enum age_status check_stanzas(const struct age_identities *ids, const struct header *h,
				     char *err, size_t errlen)
{
	for (size_t i = 0; i < h->n; i++) {
		const struct stanza *s = &h->v[i];
		int rc = 0;
		if (!strcmp(s->args[0], "X25519"))
			rc = x25519_check(s, err, errlen);
		else if (!strcmp(s->args[0], "scrypt")) {
			rc = scrypt_check(s, ids->max_log2_n, err, errlen);
			if (rc == 0 && h->n != 1)
				return set_err(err, errlen, AGE_ERR_HEADER,
					       "an scrypt stanza must be the only stanza");
		}
		if (rc < 0)
			return AGE_ERR_HEADER;
	}
	return AGE_OK;
}

/* Find the file key: every stanza against every identity we hold. */
static enum age_status unwrap(struct age_identities *ids, const struct header *h,
			      uint8_t file_key[FILE_KEY], char *err, size_t errlen)
{
	bool scrypt = false;
	for (size_t i = 0; i < h->n; i++) {
		const struct stanza *s = &h->v[i];
		if (!strcmp(s->args[0], "X25519")) {
			for (size_t j = 0; j < ids->nx; j++) {
				int rc = x25519_unwrap(s, ids->x[j].secret, ids->x[j].pub, file_key,
						       err, errlen);
				if (rc == UNWRAP_OK)
					return AGE_OK;
				if (rc == UNWRAP_BAD)
					return AGE_ERR_HEADER;
			}
		} else if (!strcmp(s->args[0], "scrypt")) {
			scrypt = true;
			if (ids->npass == 0 && ids->prompt) {
				char *buf = (char *)secure_alloc(1024);
				if (ids->prompt(buf, 1024) == 0)
					age_identities_add_passphrase(ids, buf, strlen(buf));
				sodium_free(buf);
				ids->prompt = NULL;
			}
			for (size_t j = 0; j < ids->npass; j++)
				if (scrypt_unwrap(s, ids->pass[j].text, ids->pass[j].len, file_key) ==
				    UNWRAP_OK)
					return AGE_OK;
		}
	}
	if (scrypt)
		return set_err(err, errlen, AGE_ERR_NO_MATCH,
			       ids->npass ? "wrong passphrase" : "the file is passphrase-encrypted; pass -p");
	return set_err(err, errlen, AGE_ERR_NO_MATCH,
		       "no identity matched any of the file's %zu recipient%s", h->n,
		       h->n == 1 ? "" : "s");
}

static enum age_status payload(struct reader *in, struct stream *s, struct sink *k, char *err,
			       size_t errlen)
{
	uint8_t *sealed = xmalloc(STREAM_SEALED + 1);
	uint8_t *plain = secure_alloc(STREAM_CHUNK);
	enum age_status st = AGE_OK;
	size_t have = reader_read(in, sealed, STREAM_SEALED + 1);
	for (;;) {
		if (in->status != AGE_OK) {
			st = set_err(err, errlen, in->status, "%s", in->msg);
			break;
		}
		bool more = have > STREAM_SEALED; /* bytes follow this chunk */
		size_t n = more ? STREAM_SEALED : have;
		uint64_t i = stream_count(s);
		if (n < STREAM_TAG) {
			st = set_err(err, errlen, AGE_ERR_PAYLOAD,
				     i ? "the file is truncated after chunk %llu"
				       : "the payload is missing or truncated",
				     (unsigned long long)i);
			break;
		}
		/* A short chunk must be the last; a full one is a middle chunk or
		 * a full-size last chunk, which only its tag can tell. */
		bool last = n < STREAM_SEALED;
		if (n < STREAM_SEALED && n == STREAM_TAG && i > 0) {
			st = set_err(err, errlen, AGE_ERR_PAYLOAD, "the last chunk is empty");
			break;
		}
		int rc = stream_open(s, sealed, n, last, plain);
		if (rc < 0 && !last) {
			last = true;
			rc = stream_open(s, sealed, n, last, plain);
		}
		if (rc < 0) {
			st = set_err(err, errlen, AGE_ERR_PAYLOAD,
				     "chunk %llu failed authentication (corrupt, truncated or "
				     "tampered)",
				     (unsigned long long)i);
			break;
		}
		if (sink_write(k, plain, n - STREAM_TAG) < 0) {
			st = set_err(err, errlen, AGE_ERR_IO, "write error: %s", strerror(errno));
			break;
		}
		if (last && more)
			st = set_err(err, errlen, AGE_ERR_PAYLOAD,
				     "data after the last chunk (chunk %llu)", (unsigned long long)i);
		if (last)
			break;
		if (!more) {
			st = set_err(err, errlen, AGE_ERR_PAYLOAD,
				     "the file is truncated after chunk %llu", (unsigned long long)i);
			break;
		}
		sealed[0] = sealed[STREAM_SEALED];
		have = 1 + reader_read(in, sealed + 1, STREAM_SEALED);
	}
	free(sealed);
	sodium_free(plain);
	return st;
}

static bool starts_binary(struct reader *r)
{
	static const char magic[] = "age-encryption.org/";
	size_t have = reader_peek(r, sizeof magic - 1);
	size_t n = have < sizeof magic - 1 ? have : sizeof magic - 1;
	return n > 0 && memcmp(r->buf + r->pos, magic, n) == 0;
}

static enum age_status decrypt(const struct age_identities *cids, struct reader *raw,
			       struct sink *k, char *err, size_t errlen)
{
	/* unwrap() may ask for a passphrase and remember it. */
	struct age_identities *ids = (struct age_identities *)cids;
	struct reader armored, *in = raw;
	bool armor = !starts_binary(raw);
	if (raw->status != AGE_OK)
		return set_err(err, errlen, raw->status, "%s", raw->msg);
	if (armor) {
		armor_reader_init(&armored, raw);
		in = &armored;
	}
	struct header h;
	uint8_t *file_key = secure_alloc(FILE_KEY);
	struct stream *s = NULL;
	enum age_status st = header_read(in, &h, err, errlen);
	if (st == AGE_OK)
		st = check_stanzas(ids, &h, err, errlen);
	if (st == AGE_OK)
		st = unwrap(ids, &h, file_key, err, errlen);
	if (st == AGE_OK) {
		uint8_t mac[32];
		header_mac(file_key, h.raw, h.rawlen, mac);
		if (sodium_memcmp(mac, h.mac, sizeof mac) != 0)
			st = set_err(err, errlen, AGE_ERR_HMAC,
				     "the header MAC does not match: the header was modified");
	}
	if (st == AGE_OK) {
		uint8_t nonce[STREAM_NONCE];
		if (reader_read(in, nonce, sizeof nonce) != sizeof nonce)
			st = in->status != AGE_OK
				     ? set_err(err, errlen, in->status, "%s", in->msg)
				     : set_err(err, errlen, AGE_ERR_HEADER,
					       "the payload nonce is missing or short");
		else
			s = stream_new(file_key, nonce);
	}
	sodium_free(file_key);
	if (st == AGE_OK)
		st = payload(in, s, k, err, errlen);
	if (s)
		stream_free(s);
	header_free(&h);
	if (armor)
		armor_reader_free(&armored);
	return st;
}

enum age_status age_decrypt_stream(const struct age_identities *ids, FILE *in, FILE *out,
				   uint64_t *released, char *err, size_t errlen)
{
	struct reader r;
	reader_init_file(&r, in);
	struct sink k = {.fp = out};
	err[0] = '\0';
	enum age_status st = decrypt(ids, &r, &k, err, errlen);
	if (st == AGE_OK && fflush(out) == EOF)
		st = set_err(err, errlen, AGE_ERR_IO, "write error: %s", strerror(errno));
	reader_free(&r);
	if (released)
		*released = k.released;
	return st;
}

enum age_status age_decrypt_buffer(const struct age_identities *ids, const uint8_t *in,
				   size_t len, uint8_t **out, size_t *outlen, char *err,
				   size_t errlen)
{
	struct reader r;
	reader_init_mem(&r, in, len);
	/* Plaintext is never longer than the file that holds it. */
	struct sink k = {.mem = secure_alloc(len + 1), .cap = len};
	err[0] = '\0';
	enum age_status st = decrypt(ids, &r, &k, err, errlen);
	reader_free(&r);
	if (st != AGE_OK) {
		sodium_free(k.mem);
		return st;
	}
	*out = k.mem;
	*outlen = k.len;
	return AGE_OK;
}
