/* age_keys: identity and recipient sets, from Bech32 texts and key files.
 * Secrets are kept in locked memory. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "age_keys.h"
#include "age_stanza.h"
#include "bech32.h"
#include "cli.h"
#include "fs.h"
#include "secmem.h"

#define SECRET_HRP "age-secret-key-"
#define PUBLIC_HRP "age"
enum { MAX_KEY_FILE = 16 * 1024 * 1024 };

struct age_identities *age_identities_new(void)
{
	struct age_identities *ids = xcalloc(1, sizeof *ids);
	ids->max_log2_n = SCRYPT_MAX_LOG2_N;
	return ids;
}

void age_identities_free(struct age_identities *ids)
{
	if (!ids)
		return;
	for (size_t i = 0; i < ids->nx; i++)
		sodium_free(ids->x[i].secret);
	for (size_t i = 0; i < ids->npass; i++)
		sodium_free(ids->pass[i].text);
	free(ids->x);
	free(ids->pass);
	free(ids);
}

size_t age_identities_count(const struct age_identities *ids)
{
	return ids->nx + ids->npass;
}

const char *age_identities_recipient(const struct age_identities *ids, size_t i)
{
	return i < ids->nx ? ids->x[i].recipient : NULL;
}

void age_identities_set_prompt(struct age_identities *ids, int (*prompt)(char *buf, size_t cap))
{
	ids->prompt = prompt;
}

void age_identities_add_passphrase(struct age_identities *ids, const char *pass, size_t len)
{
	ids->pass = xrealloc(ids->pass, (ids->npass + 1) * sizeof *ids->pass);
	struct passphrase *p = &ids->pass[ids->npass++];
	p->text = secure_alloc(len + 1);
	memcpy(p->text, pass, len);
	p->text[len] = '\0';
	p->len = len;
}

static void recipient_text(const uint8_t pub[32], char out[63])
{
	bech32_encode(PUBLIC_HRP, pub, 32, false, out, 63);
}

/* Explain keys we recognise but cannot use. */
static const char *unsupported_kind(const char *s, size_t n)
{
	if (n >= 19 && strncasecmp(s, "AGE-SECRET-KEY-PQ-1", 19) == 0)
		return "post-quantum (ML-KEM) identities are not supported";
	if (n >= 11 && strncasecmp(s, "AGE-PLUGIN-", 11) == 0)
		return "age plugin identities are not supported";
	if (n >= 7 && strncmp(s, "age1pq1", 7) == 0)
		return "post-quantum (ML-KEM) recipients are not supported";
	if ((n >= 4 && strncmp(s, "ssh-", 4) == 0) || (n >= 6 && strncmp(s, "ecdsa-", 6) == 0))
		return "SSH keys are not supported; use an age key (secret-seal keygen)";
	return NULL;
}

/* One "AGE-SECRET-KEY-1…" text into a new identity slot. */
static int add_secret(struct age_identities *ids, const char *s, size_t n, char *err, size_t errlen)
{
	char hrp[32];
	uint8_t *secret = secure_alloc(64);
	long len = bech32_decode(s, n, hrp, sizeof hrp, secret, 64);
	if (len != 32 || strcmp(hrp, SECRET_HRP) != 0) {
		sodium_free(secret);
		const char *why = unsupported_kind(s, n);
		snprintf(err, errlen, "%s", why ? why : "not a valid AGE-SECRET-KEY-1 identity");
		return -1;
	}
	ids->x = xrealloc(ids->x, (ids->nx + 1) * sizeof *ids->x);
	struct x25519_identity *id = &ids->x[ids->nx++];
	id->secret = secret;
	crypto_scalarmult_base(id->pub, secret);
	recipient_text(id->pub, id->recipient);
	return 0;
}

int age_identities_add_buffer(struct age_identities *ids, const char *buf, size_t len, const char *name, char *err,
			      size_t errlen)
{
	size_t before = ids->nx;
	unsigned lineno = 0;
	const char *p = buf, *end = buf + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		lineno++;
		const char *a = p, *b = e;
		while (a < b && isspace((unsigned char)*a))
			a++;
		while (b > a && isspace((unsigned char)b[-1]))
			b--;
		p = nl ? nl + 1 : end;
		if (a == b || *a == '#')
			continue;
		char why[AGE_ERRLEN];
		if (add_secret(ids, a, (size_t)(b - a), why, sizeof why) < 0) {
			snprintf(err, errlen, "%s:%u: %s", name, lineno, why);
			goto undo;
		}
	}
	if (ids->nx == before) {
		snprintf(err, errlen, "%s: no AGE-SECRET-KEY-1 identity in it", name);
		return -1;
	}
	return 0;
undo:
	while (ids->nx > before)
		sodium_free(ids->x[--ids->nx].secret);
	return -1;
}

/* Read a key file into locked memory ("-" is stdin). */
static char *read_locked(const char *path, size_t *len, char *err, size_t errlen)
{
	char *tmp;
	size_t n;
	if (fs_read_all(path, MAX_KEY_FILE, &tmp, &n, err, errlen) < 0)
		return NULL;
	char *buf = secure_alloc(n + 1);
	memcpy(buf, tmp, n + 1);
	sodium_memzero(tmp, n);
	free(tmp);
	*len = n;
	return buf;
}

int age_identities_add_file(struct age_identities *ids, const char *path, char *err, size_t errlen)
{
	size_t n;
	char *buf = read_locked(path, &n, err, errlen);
	if (!buf)
		return -1;
	if (strcmp(path, "-") != 0 && fs_is_exposed(path))
		msg_warn("%s: identity file is readable by group or others; chmod 600 it", path);
	int rc = age_identities_add_buffer(ids, buf, n, strcmp(path, "-") ? path : "<stdin>", err, errlen);
	sodium_free(buf);
	return rc;
}

struct age_recipients *age_recipients_new(void)
{
	return xcalloc(1, sizeof(struct age_recipients));
}

void age_recipients_free(struct age_recipients *rs)
{
	if (!rs)
		return;
	if (rs->pass.text)
		sodium_free(rs->pass.text);
	free(rs->x);
	free(rs);
}

size_t age_recipients_count(const struct age_recipients *rs)
{
	return rs->nx + (rs->pass.text != NULL);
}

static int parse_recipient(const char *s, size_t n, uint8_t pub[32], char *err, size_t errlen)
{
	char hrp[32];
	uint8_t data[64];
	long len = bech32_decode(s, n, hrp, sizeof hrp, data, sizeof data);
	if (len == 32 && strcmp(hrp, PUBLIC_HRP) == 0 && (n == 0 || islower((unsigned char)s[0]))) {
		memcpy(pub, data, 32);
		return 0;
	}
	const char *why = unsupported_kind(s, n);
	if (!why && len > 0 && strncmp(hrp, "age1", 4) == 0)
		why = "age plugin recipients are not supported";
	if (!why)
		why = "not an age1… recipient (bad characters, length or checksum)";
	/* Never echo what may be a secret key into a message. */
	if (n >= 10 && (strncasecmp(s, "AGE-SECRET", 10) == 0 || strncasecmp(s, "AGE-PLUGIN", 10) == 0))
		snprintf(err, errlen,
			 "a secret key where a recipient was expected; "
			 "`secret-seal pubkey` prints its recipient");
	else
		snprintf(err, errlen, "'%.*s': %s", (int)(n > 80 ? 80 : n), s, why);
	return -1;
}

int age_recipient_add(struct age_recipients *rs, const char *text, char *err, size_t errlen)
{
	const char *a = text, *b = text + strlen(text);
	while (a < b && isspace((unsigned char)*a))
		a++;
	while (b > a && isspace((unsigned char)b[-1]))
		b--;
	uint8_t pub[32];
	if (parse_recipient(a, (size_t)(b - a), pub, err, errlen) < 0)
		return -1;
	rs->x = xrealloc(rs->x, (rs->nx + 1) * sizeof *rs->x);
	memcpy(rs->x[rs->nx++], pub, 32);
	return 0;
}

int age_recipients_add_file(struct age_recipients *rs, const char *path, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	if (fs_read_all(path, MAX_KEY_FILE, &buf, &len, err, errlen) < 0)
		return -1;
	size_t before = rs->nx;
	unsigned lineno = 0;
	int rc = 0;
	for (char *p = buf, *end = buf + len; p < end && rc == 0;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *e = nl ? nl : end;
		*e = '\0';
		lineno++;
		char *a = p;
		while (*a && isspace((unsigned char)*a))
			a++;
		p = nl ? nl + 1 : end;
		if (*a == '\0' || *a == '#')
			continue;
		char why[AGE_ERRLEN];
		if (age_recipient_add(rs, a, why, sizeof why) < 0) {
			snprintf(err, errlen, "%s:%u: %s", path, lineno, why);
			rc = -1;
		}
	}
	if (rc == 0 && rs->nx == before) {
		snprintf(err, errlen, "%s: no recipient in it", path);
		rc = -1;
	}
	if (rc < 0)
		rs->nx = before;
	free(buf);
	return rc;
}

void age_recipients_set_passphrase(struct age_recipients *rs, const char *pass, size_t len, int log2_n)
{
	if (rs->pass.text)
		sodium_free(rs->pass.text);
	rs->pass.text = secure_alloc(len + 1);
	memcpy(rs->pass.text, pass, len);
	rs->pass.text[len] = '\0';
	rs->pass.len = len;
	rs->log2_n = log2_n > 0 ? log2_n : SCRYPT_DEFAULT_LOG2_N;
}

char *age_keygen(char public_text[63])
{
	uint8_t *k = secure_alloc(64);
	randombytes_buf(k, 32);
	crypto_scalarmult_base(k + 32, k);
	recipient_text(k + 32, public_text);
	char *text = secure_alloc(80);
	bech32_encode(SECRET_HRP, k, 32, true, text, 80);
	sodium_free(k);
	return text;
}

int age_identity_to_recipient(const char *secret_text, char public_text[63], char *err, size_t errlen)
{
	struct age_identities *ids = age_identities_new();
	int rc = add_secret(ids, secret_text, strlen(secret_text), err, errlen);
	if (rc == 0)
		memcpy(public_text, ids->x[0].recipient, 63);
	age_identities_free(ids);
	return rc;
}
