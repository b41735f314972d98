/* vault_transit: a SOPS data key wrapped by HashiCorp Vault's transit engine.
 * The `hc_vault` entries (vault_address, engine_path, key_name),
 * the key URI sops takes (https://vault:8200/v1/ENGINE/keys/NAME), and the
 * engine's encrypt/decrypt calls with the token from VAULT_TOKEN or
 * ~/.vault-token (VAULT_NAMESPACE, VAULT_CACERT, VAULT_SKIP_VERIFY too). */
#ifndef SECRET_SEAL_VAULT_TRANSIT_H
#define SECRET_SEAL_VAULT_TRANSIT_H

#include <stddef.h>
#include <stdint.h>

struct vault_key {
	char *address; /* scheme://host[:port] */
	char *engine_path; /* "transit", or a nested mount "team/transit" */
	char *key_name;
};

/* 0, or -1 with err when uri is not ADDRESS/v1/ENGINE/keys/NAME. */
int vault_uri_parse(const char *uri, struct vault_key *k, char *err, size_t errlen);
/* The key's URI again (for messages and .sops.yaml).  malloc'd. */
char *vault_uri(const struct vault_key *k);
void vault_key_free(struct vault_key *k);

/* Wrap the 32-byte data key: 0 and *enc ("vault:v1:..."), or 4 with err. */
int vault_encrypt(const struct vault_key *k, const uint8_t *key, char **enc, char *err, size_t errlen);
/* Unwrap: 0 and *key (32 bytes, locked memory), or 3/4 with err. */
int vault_decrypt(const struct vault_key *k, const char *enc, uint8_t **key, char *err, size_t errlen);

#endif
