/* age: the age v1 file format — identities, recipients, encryption, decryption.
 * X25519 and scrypt stanzas on libsodium; whole buffers (what the SOPS
 * layer needs for its data keys) and streams (the age-encrypt/age-decrypt
 * commands).
 *
 * Secrets (identity scalars, passphrases, file keys, decrypted buffers)
 * live in sodium_malloc'd memory, which libsodium locks and wipes on free.
 * Call crypto_init() (common/encode.h) before anything here. */
#ifndef SECRET_SEAL_AGE_H
#define SECRET_SEAL_AGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* How a decryption ended.  age_exit_code() maps each onto the exit status
 * every secret-seal subcommand uses. */
enum age_status {
	AGE_OK = 0,
	AGE_ERR_HEADER, /* the header cannot be parsed (exit 3) */
	AGE_ERR_ARMOR, /* the ASCII armor is invalid (exit 3) */
	AGE_ERR_UNSUPPORTED, /* a well-formed file we cannot open: post-quantum, plugin (exit 3) */
	AGE_ERR_NO_MATCH, /* no identity unwraps any stanza (exit 4) */
	AGE_ERR_HMAC, /* a file key was unwrapped, the header MAC is wrong (exit 1) */
	AGE_ERR_PAYLOAD, /* a chunk failed authentication, or truncation (exit 1) */
	AGE_ERR_IO, /* reading the input or writing the output failed (exit 3) */
	AGE_ERR_KEY, /* bad recipient/identity text or key file (exit 3) */
};

/* EXIT_* of common/cli.h for a status. */
int age_exit_code(enum age_status st);
/* "header failure", "no identity matched", ... */
const char *age_status_name(enum age_status st);

/* The error text buffer every call here fills on failure; never holds a
 * secret.  AGE_ERRLEN is enough for any message. */
enum { AGE_ERRLEN = 512 };

/* ---- identities: what decrypts ------------------------------------- */

struct age_identities;

struct age_identities *age_identities_new(void);
void age_identities_free(struct age_identities *ids);
size_t age_identities_count(const struct age_identities *ids);

/* Add the AGE-SECRET-KEY-1… lines of an identity file (age-keygen output,
 * sops keys.txt): '#' comments and blank lines skipped, CRLF accepted.
 * name is used in messages ("keys.txt:3: …").  Returns 0, or -1 with err
 * filled (the file's other keys are not added then). */
int age_identities_add_buffer(struct age_identities *ids, const char *buf, size_t len, const char *name, char *err,
			      size_t errlen);
/* The same for a file ("-" is stdin); warns on stderr when the file is
 * readable by group or others. */
int age_identities_add_file(struct age_identities *ids, const char *path, char *err, size_t errlen);
/* A passphrase for scrypt stanzas (copied into locked memory). */
void age_identities_add_passphrase(struct age_identities *ids, const char *pass, size_t len);
/* Called (once) for a passphrase when a file turns out to be scrypt-
 * encrypted and none was added: fills buf (cap bytes, NUL-terminated),
 * returns 0, or -1 to give up (the file then counts as "no match"). */
void age_identities_set_prompt(struct age_identities *ids, int (*prompt)(char *buf, size_t cap));

/* ---- recipients: what encrypts -------------------------------------- */

struct age_recipients;

struct age_recipients *age_recipients_new(void);
void age_recipients_free(struct age_recipients *rs);
size_t age_recipients_count(const struct age_recipients *rs);

/* Add one "age1…" recipient (surrounding blanks ignored).  0, or -1 with
 * err ("not an age recipient", "bad checksum", "post-quantum … not
 * supported"). */
int age_recipient_add(struct age_recipients *rs, const char *text, char *err, size_t errlen);
/* A recipients file (-R): one age1… per line, '#' comments, blank lines. */
int age_recipients_add_file(struct age_recipients *rs, const char *path, char *err, size_t errlen);
/* Encrypt to a passphrase instead (scrypt; it must then be the only
 * recipient).  log2_n 0 means age's default (18). */
void age_recipients_set_passphrase(struct age_recipients *rs, const char *pass, size_t len, int log2_n);

/* ---- keys ------------------------------------------------------------- */

/* Bech32 text of a new identity and its recipient.  secret_text is
 * sodium_malloc'd (free with sodium_free): "AGE-SECRET-KEY-1…" (74 chars +
 * NUL); public_text gets "age1…" (62 chars + NUL). */
char *age_keygen(char public_text[63]);
/* The recipient of an identity text ("AGE-SECRET-KEY-1…").  0 or -1. */
int age_identity_to_recipient(const char *secret_text, char public_text[63], char *err, size_t errlen);
/* Recipient text of every X25519 identity loaded, in order; i < count. */
const char *age_identities_recipient(const struct age_identities *ids, size_t i);

/* ---- whole buffers (small files: sops data keys) -------------------- */

/* Encrypt len bytes to every recipient.  *out is malloc'd (not secret):
 * an armored file (NUL-terminated text) when armor, else binary. */
enum age_status age_encrypt_buffer(const struct age_recipients *rs, const uint8_t *in, size_t len, bool armor,
				   char **out, size_t *outlen, char *err, size_t errlen);
/* Decrypt an armored or binary age file held in memory.  On AGE_OK *out
 * is sodium_malloc'd (free with sodium_free; a 1-byte allocation when the
 * plaintext is empty) and *outlen its length; otherwise nothing is
 * returned. */
enum age_status age_decrypt_buffer(const struct age_identities *ids, const uint8_t *in, size_t len, uint8_t **out,
				   size_t *outlen, char *err, size_t errlen);

/* ---- streams (constant memory) -------------------------------------- */

/* Encrypt in to out, chunk by chunk. */
enum age_status age_encrypt_stream(const struct age_recipients *rs, FILE *in, FILE *out, bool armor, char *err,
				   size_t errlen);
/* Decrypt in (armor detected) to out.  A chunk is written only once it
 * has been authenticated; on AGE_ERR_PAYLOAD *released is how many
 * plaintext bytes were written before the failure (may be NULL). */
enum age_status age_decrypt_stream(const struct age_identities *ids, FILE *in, FILE *out, uint64_t *released, char *err,
				   size_t errlen);

#endif
