/* keysrc: the table of master key kinds that wrap a SOPS file's data key.
 * age, PGP (through gpg), AWS KMS, HashiCorp Vault transit.
 *
 * A wrapped copy of the data key is one entry of the metadata's list for
 * its kind (sops.age, sops.pgp, sops.kms, sops.hc_vault, or the same
 * lists inside key_groups): a mapping, kept as a tree node with the field
 * names, field order and string types sops writes, `enc` included.
 *
 * A key the user names — an item of --pgp/--kms/… or of SOPS_PGP_FP/…,
 * a value under a .sops.yaml creation rule or key group — is parsed by
 * its kind into the same kind of mapping, without `enc`: a "spec".
 * Wrapping turns a spec (or an entry read from a file, whose fields and
 * created_at are kept) into a complete entry.  The metadata code and the
 * subcommands never look inside an entry; they go through this table.
 *
 * A new kind plugs in with one `struct keysrc` in its own file and its
 * slot in keysrc_table() (keysrc.c).  Its flag, environment variable and
 * .sops.yaml names in the table make encrypt --FLAG, rotate
 * --add-FLAG/--rm-FLAG, the env default and the creation rules work
 * without touching the subcommands. */
#ifndef SECRET_SEAL_KEYSRC_H
#define SECRET_SEAL_KEYSRC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sops_tree.h"

/* In sops's order of trying them: age and pgp first (its default
 * decryption order), then the rest as they stand in a key group. */
enum keykind { KEY_AGE, KEY_PGP, KEY_KMS, KEY_VAULT, KEY_KINDS };

struct keyctx;

struct keysrc {
	enum keykind kind;
	const char *list; /* metadata list: "age", "pgp", "kms", "hc_vault" */
	const char *flag; /* encrypt --FLAG, rotate --add-FLAG/--rm-FLAG */
	const char *env; /* encrypt's default list (commas), or NULL */
	const char *rule_key; /* in a .sops.yaml creation rule ("hc_vault_transit_uri") */
	const char *group_key; /* in a .sops.yaml key group ("hc_vault") */
	/* Keys of a creation rule handed to parse as defaults, NULL-ended
	 * (kms: "aws_profile"), or NULL. */
	const char *const *rule_defaults;
	/* A key as named: a string (one item of a comma list) or, from a
	 * .sops.yaml key group, a mapping (kms: {arn, role, context,
	 * aws_profile}).  defaults: the settings a rule or flag gives every
	 * key of this kind (kms: {aws_profile, context}), or NULL.  A new
	 * spec mapping, or NULL with err ("bad pgp fingerprint '…': …"). */
	struct snode *(*parse)(const struct snode *given, const struct snode *defaults, char *err, size_t errlen);
	/* What names the key, for messages, --rm-FLAG and updatekeys' +++/---
	 * lines (age recipient, pgp fp, kms arn[+role], vault URI): malloc'd.
	 * Two entries of a kind are the same key when their labels are. */
	char *(*label)(const struct snode *spec);
	/* Wrap the 32-byte data key for spec (a parsed spec, or an entry
	 * read from a file): *entry is a new complete mapping in sops's field
	 * order, enc set, created_at kept from spec or else now (RFC 3339
	 * UTC, as sops writes it).  0, or an exit status with err. */
	int (*wrap)(const struct snode *spec, const uint8_t *key, const char *now, struct snode **entry, char *err,
		    size_t errlen);
	/* Unwrap one entry: 0 and *key (sodium_malloc'd, 32 bytes), or an
	 * exit status (4 when this key is not available here) with err: one
	 * line saying why, never a secret.  ctx carries the options and the
	 * kind's cache (identities, credentials) across the file's entries. */
	int (*unwrap)(const struct snode *entry, struct keyctx *ctx, uint8_t **key, char *err, size_t errlen);
	/* Free what unwrap cached in ctx->state[kind] (may be NULL). */
	void (*free_state)(void *state);
};

/* The table, indexed by kind.  A slot whose functions are NULL is a kind
 * this build cannot use: its entries are kept and listed, never opened. */
const struct keysrc *keysrc_table(enum keykind k);
/* By metadata list name ("pgp", "hc_vault"); NULL when none. */
const struct keysrc *keysrc_by_list(const char *list);

/* One key: an entry read from or written to the file (enc set), or a
 * spec a user named (no enc yet).  map is owned. */
struct keyent {
	const struct keysrc *src;
	struct snode *map;
};

/* Keys of any kinds, in order. */
struct keylist {
	struct keyent *v;
	size_t n;
};
/* Take ownership of map. */
void keylist_push(struct keylist *l, const struct keysrc *src, struct snode *map);
/* Parse a comma list (or a .sops.yaml string / list / key-group list)
 * of keys of one kind and add the ones not there yet.  0, or -1 with err. */
int keylist_add(struct keylist *l, const struct keysrc *src, const struct snode *given, const struct snode *defaults,
		char *err, size_t errlen);
int keylist_add_text(struct keylist *l, const struct keysrc *src, const char *commas, const struct snode *defaults,
		     char *err, size_t errlen);
/* Index of the key of e's kind and label, or -1. */
long keylist_find(const struct keylist *l, const struct keyent *e);
/* The entry's label (kind's label function), malloc'd. */
char *keyent_label(const struct keyent *e);
void keylist_remove(struct keylist *l, size_t i);
void keylist_free(struct keylist *l);

/* Options every unwrap may read. */
struct keyopts {
	const char **identity_files; /* --identity, in order */
	size_t nidentity;
};

/* One file's unwrap state: its metadata (age's SOPS_AGE_KEY_CMD needs
 * every recipient) and one cache slot per kind. */
struct sops_meta;
struct keyctx {
	const struct keyopts *ko;
	const struct sops_meta *meta;
	void *state[KEY_KINDS];
};
void keyctx_free(struct keyctx *ctx);

/* An RFC 3339 UTC timestamp of now, seconds, 'Z' (created_at). */
void keysrc_now(char buf[32]);
/* A string field of an entry, or NULL. */
const char *keyent_str(const struct snode *entry, const char *field);
/* Append a string field to a mapping being built. */
void keyent_put(struct snode *map, const char *field, const char *value);

#endif
