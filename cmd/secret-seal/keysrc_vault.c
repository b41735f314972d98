/* keysrc_vault: HashiCorp Vault transit keys in a SOPS file.
 * An entry {vault_address, engine_path, key_name, created_at, enc} as sops writes
 * it, enc the "vault:v1:…" ciphertext of the base64 data key.  A key is
 * named by its URI, https://vault:8200/v1/ENGINE/keys/NAME. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "keysrc.h"
#include "vault_transit.h"

static int key_of(const struct snode *m, struct vault_key *k, char *err, size_t errlen)
{
	const char *a = keyent_str(m, "vault_address"), *e = keyent_str(m, "engine_path");
	const char *n = keyent_str(m, "key_name");
	if (!a || !e || !n || !*a || !*e || !*n) {
		snprintf(err, errlen, "the hc_vault entry needs vault_address, engine_path and key_name");
		return -1;
	}
	k->address = xstrdup(a);
	k->engine_path = xstrdup(e);
	k->key_name = xstrdup(n);
	return 0;
}

static struct snode *entry_of(const struct vault_key *k, const char *created, const char *enc)
{
	struct snode *m = snode_new(ST_MAP);
	keyent_put(m, "vault_address", k->address);
	keyent_put(m, "engine_path", k->engine_path);
	keyent_put(m, "key_name", k->key_name);
	if (created)
		keyent_put(m, "created_at", created);
	if (enc)
		keyent_put(m, "enc", enc);
	return m;
}

static struct snode *parse(const struct snode *given, const struct snode *defaults, char *err, size_t errlen)
{
	(void)defaults;
	struct vault_key k = {0};
	/* a key group names a key by URI too, or by the entry's fields */
	int rc = given->t == ST_STR   ? vault_uri_parse(given->s, &k, err, errlen)
		 : given->t == ST_MAP ? key_of(given, &k, err, errlen)
				      : (snprintf(err, errlen, "a Vault transit key must be a URI"), -1);
	if (rc)
		return NULL;
	struct snode *m = entry_of(&k, NULL, NULL);
	vault_key_free(&k);
	return m;
}

static char *label(const struct snode *spec)
{
	struct vault_key k = {0};
	char e[256];
	if (key_of(spec, &k, e, sizeof e) != 0)
		return xstrdup("?");
	char *u = vault_uri(&k);
	vault_key_free(&k);
	return u;
}

static int wrap(const struct snode *spec, const uint8_t *key, const char *now, struct snode **entry, char *err,
		size_t errlen)
{
	struct vault_key k = {0};
	if (key_of(spec, &k, err, errlen) != 0)
		return EXIT_INPUT;
	char *enc = NULL;
	int rc = vault_encrypt(&k, key, &enc, err, errlen);
	if (rc == 0) {
		const char *created = keyent_str(spec, "created_at");
		*entry = entry_of(&k, created ? created : now, enc);
		free(enc);
	}
	vault_key_free(&k);
	return rc;
}

static int unwrap(const struct snode *entry, struct keyctx *ctx, uint8_t **key, char *err, size_t errlen)
{
	(void)ctx;
	const char *enc = keyent_str(entry, "enc");
	struct vault_key k = {0};
	if (!enc) {
		snprintf(err, errlen, "the entry has no 'enc' string");
		return EXIT_INPUT;
	}
	if (key_of(entry, &k, err, errlen) != 0)
		return EXIT_INPUT;
	int rc = vault_decrypt(&k, enc, key, err, errlen);
	vault_key_free(&k);
	return rc;
}

const struct keysrc keysrc_vault = {
	.kind = KEY_VAULT,
	.list = "hc_vault",
	.flag = "hc-vault-transit",
	.env = "SOPS_VAULT_URIS",
	.rule_key = "hc_vault_transit_uri",
	.group_key = "hc_vault",
	.parse = parse,
	.label = label,
	.wrap = wrap,
	.unwrap = unwrap,
};
