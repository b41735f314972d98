/* age_scrypt: the scrypt (passphrase) stanza, wrapped and unwrapped.
 * The salt is labelled so the same passphrase and salt never give the same
 * key as another protocol. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "age_stanza.h"
#include "cli.h"
#include "encode.h"
#include "secmem.h"

#define SCRYPT_LABEL "age-encryption.org/v1/scrypt"
enum { SALT = 16, LABEL_LEN = sizeof SCRYPT_LABEL - 1 };

/* The work factor must be canonical decimal: no sign, no leading zero. */
static int parse_log2_n(const char *s)
{
	if (s[0] < '1' || s[0] > '9' || strlen(s) > 2)
		return -1;
	int v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v;
}

int scrypt_check(const struct stanza *s, int max_log2_n, char *err, size_t errlen)
{
	size_t n = 0;
	uint8_t *salt = NULL;
	if (s->nargs == 3)
		salt = b64_raw_decode(s->args[1], strlen(s->args[1]), &n);
	free(salt);
	if (s->nargs != 3 || !salt || n != SALT) {
		snprintf(err, errlen, "scrypt stanza: expected a 16-byte base64 salt and a work factor");
		return -1;
	}
	int logn = parse_log2_n(s->args[2]);
	if (logn < 0) {
		snprintf(err, errlen, "scrypt stanza: the work factor is not a canonical number");
		return -1;
	}
	if (logn > max_log2_n) {
		snprintf(err, errlen, "scrypt stanza: work factor 2^%d is above the limit 2^%d", logn, max_log2_n);
		return -1;
	}
	if (s->bodylen != 32) {
		snprintf(err, errlen, "scrypt stanza: the wrapped key must be 32 bytes");
		return -1;
	}
	return 0;
}

static void derive(const char *pass, size_t len, const uint8_t salt[SALT], int log2_n, uint8_t key[32])
{
	uint8_t full[LABEL_LEN + SALT];
	memcpy(full, SCRYPT_LABEL, LABEL_LEN);
	memcpy(full + LABEL_LEN, salt, SALT);
	if (crypto_pwhash_scryptsalsa208sha256_ll((const uint8_t *)pass, len, full, sizeof full, (uint64_t)1 << log2_n,
						  8, 1, key, 32) != 0)
		die(EXIT_ENV, "scrypt: %s", strerror(errno));
}

void scrypt_wrap(struct header *h, const char *pass, size_t len, int log2_n, const uint8_t file_key[FILE_KEY])
{
	uint8_t salt[SALT], body[32];
	uint8_t *key = secure_alloc(32);
	randombytes_buf(salt, sizeof salt);
	derive(pass, len, salt, log2_n, key);
	wrap_key(key, file_key, body);
	sodium_free(key);
	char *arg = b64_encode(salt, sizeof salt, B64_STD_NOPAD);
	char work[4];
	snprintf(work, sizeof work, "%d", log2_n);
	const char *args[3] = {"scrypt", arg, work};
	header_add(h, args, 3, body, sizeof body);
	free(arg);
}

int scrypt_unwrap(const struct stanza *s, const char *pass, size_t len, uint8_t file_key[FILE_KEY])
{
	size_t n;
	uint8_t *salt = b64_raw_decode(s->args[1], strlen(s->args[1]), &n);
	uint8_t *key = secure_alloc(32);
	derive(pass, len, salt, parse_log2_n(s->args[2]), key);
	int rc = unwrap_key(key, s->body, s->bodylen, file_key);
	sodium_free(key);
	free(salt);
	return rc;
}
