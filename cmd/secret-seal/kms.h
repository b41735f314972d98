/* kms: a SOPS data key wrapped by AWS KMS.
 * The `kms` entries (arn, role, context, aws_profile) and KMS Encrypt/Decrypt,
 * JSON POSTs signed with SigV4 in the key's region. */
#ifndef SECRET_SEAL_KMS_H
#define SECRET_SEAL_KMS_H

#include <stddef.h>
#include <stdint.h>

struct kms_key {
	char *arn;
	char *role; /* assumed on top of the credentials, or NULL */
	char *profile; /* aws_profile, or NULL */
	char **ctx_k, **ctx_v; /* encryption context, sorted by key */
	size_t nctx;
};

/* "ARN" or "ARN+ROLE_ARN" (blanks dropped, as sops does).  0, or -1 with
 * err when the ARN names no region. */
int kms_key_parse(const char *spec, struct kms_key *k, char *err, size_t errlen);
/* Add "k:v,k2:v2" (--encryption-context) to the key's context.  0 or -1. */
int kms_context_parse(const char *s, struct kms_key *k, char *err, size_t errlen);
void kms_context_add(struct kms_key *k, const char *key, const char *value);
/* The region of an ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/... or
 * alias/...) into out.  0 or -1. */
int kms_region(const char *arn, char *out, size_t outlen);
void kms_key_free(struct kms_key *k);

/* Wrap the 32-byte data key: 0 and *enc (the base64 ciphertext blob,
 * malloc'd), or 4 with err. */
int kms_encrypt(const struct kms_key *k, const uint8_t *key, char **enc, char *err, size_t errlen);
/* Unwrap: 0 and *key (32 bytes, locked memory: sodium_free), or an exit
 * status (3: enc is not base64 or not a data key; 4: KMS refused) with
 * err. */
int kms_decrypt(const struct kms_key *k, const char *enc, uint8_t **key, char *err, size_t errlen);

#endif
