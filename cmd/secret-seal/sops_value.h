/* sops_value: one encrypted value, the ENC[AES256_GCM,…] text and its cipher.
 * AES-256-GCM with sops' 32-byte IVs (OpenSSL: libsodium's AES-GCM takes
 * 12-byte nonces only), and the bytes each leaf type encrypts to. */
#ifndef SECRET_SEAL_SOPS_VALUE_H
#define SECRET_SEAL_SOPS_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sops_float.h"
#include "sops_tree.h"

enum { SOPS_KEY_LEN = 32, SOPS_IV_LEN = 32, SOPS_TAG_LEN = 16 };

/* The parts of an ENC[…] string, decoded (into one block, at data). */
struct encval {
	uint8_t *data, *iv, *tag;
	size_t data_len, iv_len, tag_len;
	char type[16];
};

/* True when s starts like a sops value (sops' own test: anchored at the start). */
bool sops_is_enc(const char *s, size_t len);
/* Parse ENC[AES256_GCM,data:…,iv:…,tag:…,type:…].  0, or -1 when the text
 * is not one (a message in err, without the value). */
int encval_parse(const char *s, size_t len, struct encval *ev, char *err, size_t errlen);
void encval_free(struct encval *ev);

/* Encrypt len bytes under key with a fresh random IV; *out is the ENC[…]
 * text (malloc'd). */
char *sops_seal(const uint8_t key[SOPS_KEY_LEN], const char *aad, const char *type, const void *pt, size_t len);
/* Decrypt an ENC[…] string: 0 and the plaintext (malloc'd, NUL-terminated,
 * wipe before free) and its type; -1 when the text is malformed; -2 when
 * authentication failed (wrong key, changed data, moved to another path). */
int sops_open(const uint8_t key[SOPS_KEY_LEN], const char *s, size_t len, const char *aad, char **pt, size_t *ptlen,
	      char type[16], char *err, size_t errlen);

/* The bytes a leaf encrypts to and feeds the MAC, with its type tag: the
 * leaf's own text, or formatted into buf (wipe it after); -1 for nodes
 * that have none (maps, sequences, null). */
int sops_leaf_view(const struct snode *n, char buf[GOFLOAT_MAX], const char **bytes, size_t *len, const char **type);
/* The same bytes as a copy (malloc'd). */
int sops_leaf_bytes(const struct snode *n, char **out, size_t *len, const char **type);
/* Make the leaf n (whose text the caller has taken) what decrypted bytes
 * pt of a given type stand for: the text types take pt itself (malloc'd,
 * NUL-terminated), the others parse it and wipe and free it.  -1 when
 * the bytes do not parse as that type: n and pt are left as they were. */
int sops_leaf_set(struct snode *n, const char *type, char *pt, size_t len);
/* A new leaf from a copy of such bytes, or NULL. */
struct snode *sops_leaf_from(const char *type, const char *pt, size_t len);

#endif
