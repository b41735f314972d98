/* sops_meta: the `sops` metadata block — wrapped data keys, lastmodified,
 * the encrypted MAC, the selection rule, the version — read in any key
 * order, with [] / null / missing lists, and written the way current sops
 * writes it (keys sorted, empty lists left out).  Entries this tool does not
 * use (pgp, kms, gcp_kms, azure_kv, hc_vault, …) are kept as read. */
#ifndef SECRET_SEAL_SOPS_META_H
#define SECRET_SEAL_SOPS_META_H

#include <stdbool.h>
#include <stddef.h>

#include "sops_rule.h"
#include "sops_tree.h"

/* The sops version this tool's files claim: any >= 3.3.0 reads the same. */
#define SOPS_WRITE_VERSION "3.9.0"

struct sops_age {
	char *recipient;
	char *enc; /* armored age file of the raw 32-byte data key */
};

struct sops_meta {
	struct sops_age *age;
	size_t nage;
	bool key_groups;    /* the age entries came from key_groups */
	struct snode *keep; /* a map of the other entries, as read */
	char *lastmodified;
	char *mac;
	struct sops_rule rule;
	bool mac_only_encrypted;
	char *version;
};

/* Read a metadata map.  0, or -1 with a message in err. */
int sops_meta_read(const struct snode *map, struct sops_meta *m, char *err, size_t errlen);
/* A fresh map for writing (sorted keys). */
struct snode *sops_meta_node(const struct sops_meta *m);
void sops_meta_add_age(struct sops_meta *m, const char *recipient, const char *enc);
/* Drop every age entry. */
void sops_meta_clear_age(struct sops_meta *m);
/* True when the file also holds keys other than age (pgp, kms, …). */
bool sops_meta_has_other_keys(const struct sops_meta *m);
void sops_meta_free(struct sops_meta *m);

#endif
