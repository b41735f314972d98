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
	case AGE_OK: return EXIT_OK;
	case AGE_ERR_NO_MATCH: return EXIT_ENV;
	case AGE_ERR_HMAC:
	case AGE_ERR_PAYLOAD: return EXIT_FAIL;
	default: return EXIT_INPUT;
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

static enum age_status set_err(char *err, size_t errlen, enum age_status st, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static enum age_status set_err(char *err, size_t errlen, enum age_status st, const char *fmt, ...)
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

/* limit: the most bytes in can hold, or 0 when unknown.  A small buffer
 * (a SOPS data key) gets buffers its size: a full batch of locked memory
 * costs more to set up and wipe than the whole of such a file. */
static enum age_status encrypt(const struct age_recipients *rs, struct reader *in, size_t limit, struct out *o,
			       char *err, size_t errlen)
{
	if (rs->nx == 0 && !rs->pass.text)
		return set_err(err, errlen, AGE_ERR_KEY, "no recipients");
	if (rs->nx > 0 && rs->pass.text)
		return set_err(err, errlen, AGE_ERR_KEY, "a passphrase cannot be combined with recipients");
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

	/* Batches of chunks, with one byte of look-ahead to tell a full last
	 * chunk from a full middle one. */
	enum { BATCH_PLAIN = STREAM_BATCH * STREAM_CHUNK };
	bool small = limit && limit < BATCH_PLAIN;
	size_t pcap = small ? limit + 1 : BATCH_PLAIN + 1;
	uint8_t *plain = secure_alloc(pcap);
	uint8_t *sealed =
		xmalloc(small ? limit + (limit / STREAM_CHUNK + 1) * STREAM_TAG : STREAM_BATCH * STREAM_SEALED);
	size_t have = st == AGE_OK ? reader_read(in, plain, pcap) : 0;
	while (st == AGE_OK) {
		if (in->status != AGE_OK) {
			st = set_err(err, errlen, in->status, "%s", in->msg);
			break;
		}
		bool last = have <= BATCH_PLAIN;
		size_t n = STREAM_BATCH, lastlen = STREAM_CHUNK;
		if (last) {
			n = have ? (have + STREAM_CHUNK - 1) / STREAM_CHUNK : 1;
			lastlen = have - (n - 1) * STREAM_CHUNK;
		}
		stream_seal_batch(s, plain, n, lastlen, last, sealed);
		if (out_write(o, sealed, (n - 1) * STREAM_SEALED + lastlen + STREAM_TAG) < 0) {
			st = AGE_ERR_IO;
			break;
		}
		if (last)
			break;
		plain[0] = plain[BATCH_PLAIN];
		have = 1 + reader_read(in, plain + 1, BATCH_PLAIN);
	}
	if (st == AGE_OK && o->armor && armor_close(&o->aw) < 0)
		st = AGE_ERR_IO;
	if (o->armor) { /* a write error skipped armor_close and its free */
		free(o->aw.line);
		o->aw.line = NULL;
	}
	if (st == AGE_OK && fflush(o->fp) == EOF)
		st = AGE_ERR_IO;
	if (st == AGE_ERR_IO && !err[0])
		set_err(err, errlen, st, "write error: %s", strerror(errno));
	sodium_free(plain);
	free(sealed);
	stream_free(s);
	return st;
}

enum age_status age_encrypt_stream(const struct age_recipients *rs, FILE *in, FILE *out, bool armor, char *err,
				   size_t errlen)
{
	struct reader r;
	reader_init_file(&r, in);
	struct out o = {.fp = out, .armor = armor};
	if (armor)
		armor_writer_init(&o.aw, out);
	err[0] = '\0';
	enum age_status st = encrypt(rs, &r, 0, &o, err, errlen);
	reader_free(&r);
	return st;
}

enum age_status age_encrypt_buffer(const struct age_recipients *rs, const uint8_t *in, size_t len, bool armor,
				   char **out, size_t *outlen, char *err, size_t errlen)
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
	enum age_status st = encrypt(rs, &r, len, &o, err, errlen);
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
static enum age_status check_stanzas(const struct age_identities *ids, const struct header *h, char *err, size_t errlen)
{
	for (size_t i = 0; i < h->n; i++) {
		const struct stanza *s = &h->v[i];
		int rc = 0;
		if (!strcmp(s->args[0], "X25519"))
			rc = x25519_check(s, err, errlen);
		else if (!strcmp(s->args[0], "scrypt")) {
			rc = scrypt_check(s, ids->max_log2_n, err, errlen);
			if (rc == 0 && h->n != 1)
				return set_err(err, errlen, AGE_ERR_HEADER, "an scrypt stanza must be the only stanza");
		}
		if (rc < 0)
			return AGE_ERR_HEADER;
	}
	return AGE_OK;
}

/* Find the file key: every stanza against every identity we hold. */
static enum age_status unwrap(struct age_identities *ids, const struct header *h, uint8_t file_key[FILE_KEY], char *err,
			      size_t errlen)
{
	bool scrypt = false;
	for (size_t i = 0; i < h->n; i++) {
		const struct stanza *s = &h->v[i];
		if (!strcmp(s->args[0], "X25519")) {
			for (size_t j = 0; j < ids->nx; j++) {
				int rc = x25519_unwrap(s, ids->x[j].secret, ids->x[j].pub, file_key, err, errlen);
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
				if (scrypt_unwrap(s, ids->pass[j].text, ids->pass[j].len, file_key) == UNWRAP_OK)
					return AGE_OK;
		}
	}
	if (scrypt)
		return set_err(err, errlen, AGE_ERR_NO_MATCH,
			       ids->npass ? "wrong passphrase" : "the file is passphrase-encrypted; pass -p");
	return set_err(err, errlen, AGE_ERR_NO_MATCH, "no identity matched any of the file's %zu recipient%s", h->n,
		       h->n == 1 ? "" : "s");
}

/* Where a batch of chunks stands after they were opened: each chunk in
 * order is released, or ends the payload with its failure. */
struct batch {
	struct stream *s;
	struct sink *k;
	const uint8_t *sealed;
	uint8_t *plain;
	const int *ok;
	size_t n, lastlen;
	bool final; /* the input ends with this batch */
};

/* 1 when the payload ended well, 0 to go on, -1 with err on a failure. */
static int release(const struct batch *b, enum age_status *st, char *err, size_t errlen)
{
	uint64_t base = stream_count(b->s);
	for (size_t i = 0; i < b->n; i++) {
		bool last = i + 1 == b->n;
		size_t len = last ? b->lastlen : STREAM_SEALED;
		unsigned long long idx = (unsigned long long)(base + i);
		bool flagged = last && b->final; /* opened as the last chunk */
		const uint8_t *in = b->sealed + i * STREAM_SEALED;
		uint8_t *out = b->plain + i * STREAM_CHUNK;
		if (flagged && len < STREAM_TAG) {
			*st = set_err(err, errlen, AGE_ERR_PAYLOAD,
				      idx ? "the file is truncated after chunk %llu"
					  : "the payload is missing or truncated",
				      idx ? idx - 1 : 0);
			return -1;
		}
		if (flagged && len == STREAM_TAG && idx > 0) {
			*st = set_err(err, errlen, AGE_ERR_PAYLOAD, "the last chunk is empty");
			return -1;
		}
		int rc = b->ok[i];
		const char *after = NULL;
		if (rc != 0 && len == STREAM_SEALED) {
			/* A full chunk may carry the other flag: a last chunk with data
			 * after it, or a stream cut at a chunk boundary. */
			rc = stream_open(b->s, in, len, !flagged, out);
			if (rc == 0)
				after = flagged ? "the file is truncated after chunk %llu"
						: "data after the last chunk (chunk %llu)";
		} else if (rc == 0) {
			stream_advance(b->s);
		}
		if (rc != 0) {
			*st = set_err(err, errlen, AGE_ERR_PAYLOAD,
				      "chunk %llu failed authentication (corrupt, truncated or "
				      "tampered)",
				      idx);
			return -1;
		}
		if (sink_write(b->k, out, len - STREAM_TAG) < 0) {
			*st = set_err(err, errlen, AGE_ERR_IO, "write error: %s", strerror(errno));
			return -1;
		}
		if (after) {
			*st = set_err(err, errlen, AGE_ERR_PAYLOAD, after, idx);
			return -1;
		}
		if (flagged)
			return 1;
	}
	return 0;
}

/* limit as for encrypt(): the payload is no longer than the input. */
static enum age_status payload(struct reader *in, size_t limit, struct stream *s, struct sink *k, char *err,
			       size_t errlen)
{
	enum { BATCH_SEALED = STREAM_BATCH * STREAM_SEALED };
	bool small = limit && limit < BATCH_SEALED;
	size_t scap = small ? limit + 1 : BATCH_SEALED + 1;
	uint8_t *sealed = xmalloc(scap);
	uint8_t *plain = secure_alloc(small ? limit : STREAM_BATCH * STREAM_CHUNK);
	int ok[STREAM_BATCH];
	enum age_status st = AGE_OK;
	size_t have = reader_read(in, sealed, scap);
	for (;;) {
		if (in->status != AGE_OK) {
			st = set_err(err, errlen, in->status, "%s", in->msg);
			break;
		}
		bool more = have > BATCH_SEALED; /* bytes follow this batch */
		size_t bytes = more ? BATCH_SEALED : have;
		struct batch b = {.s = s, .k = k, .sealed = sealed, .plain = plain, .ok = ok, .final = !more};
		b.n = bytes ? (bytes + STREAM_SEALED - 1) / STREAM_SEALED : 1;
		b.lastlen = bytes - (b.n - 1) * STREAM_SEALED;
		/* The counter moves in release(), chunk by chunk. */
		stream_open_batch(s, sealed, b.n, b.lastlen, b.final, plain, ok);
		int r = release(&b, &st, err, errlen);
		if (r != 0)
			break;
		sealed[0] = sealed[BATCH_SEALED];
		have = 1 + reader_read(in, sealed + 1, BATCH_SEALED);
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

/* Armor starts within the whitespace age allows before it (or after
 * garbage there, which the armor reader then reports as such). */
static bool looks_armored(struct reader *r)
{
	size_t have = reader_peek(r, 1024 + 64);
	return memmem(r->buf + r->pos, have, "-----BEGIN", 10) != NULL;
}

static enum age_status decrypt(const struct age_identities *cids, struct reader *raw, size_t limit, struct sink *k,
			       char *err, size_t errlen)
{
	/* unwrap() may ask for a passphrase and remember it. */
	struct age_identities *ids = (struct age_identities *)cids;
	struct reader armored, *in = raw;
	bool armor = !starts_binary(raw);
	if (raw->status != AGE_OK)
		return set_err(err, errlen, raw->status, "%s", raw->msg);
	if (armor && reader_peek(raw, 1) == 0)
		return set_err(err, errlen, AGE_ERR_HEADER, "empty input");
	if (armor && !looks_armored(raw))
		return set_err(err, errlen, AGE_ERR_HEADER, "not an age file (no age-encryption.org/v1 header)");
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
				     : set_err(err, errlen, AGE_ERR_HEADER, "the payload nonce is missing or short");
		else
			s = stream_new(file_key, nonce);
	}
	sodium_free(file_key);
	if (st == AGE_OK)
		st = payload(in, limit, s, k, err, errlen);
	if (s)
		stream_free(s);
	header_free(&h);
	if (armor)
		armor_reader_free(&armored);
	return st;
}

enum age_status age_decrypt_stream(const struct age_identities *ids, FILE *in, FILE *out, uint64_t *released, char *err,
				   size_t errlen)
{
	struct reader r;
	reader_init_file(&r, in);
	struct sink k = {.fp = out};
	err[0] = '\0';
	enum age_status st = decrypt(ids, &r, 0, &k, err, errlen);
	if (st == AGE_OK && fflush(out) == EOF)
		st = set_err(err, errlen, AGE_ERR_IO, "write error: %s", strerror(errno));
	reader_free(&r);
	if (released)
		*released = k.released;
	return st;
}

enum age_status age_decrypt_buffer(const struct age_identities *ids, const uint8_t *in, size_t len, uint8_t **out,
				   size_t *outlen, char *err, size_t errlen)
{
	struct reader r;
	reader_init_mem(&r, in, len);
	/* Plaintext is never longer than the file that holds it. */
	struct sink k = {.mem = secure_alloc(len + 1), .cap = len};
	err[0] = '\0';
	enum age_status st = decrypt(ids, &r, len, &k, err, errlen);
	reader_free(&r);
	if (st != AGE_OK) {
		sodium_free(k.mem);
		return st;
	}
	*out = k.mem;
	*outlen = k.len;
	return AGE_OK;
}
