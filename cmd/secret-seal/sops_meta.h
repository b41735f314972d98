/* sops_meta: the `sops` metadata block, read and written.
 * Wrapped data keys, lastmodified, the encrypted MAC, the selection rule, the
 * version — read in any key order, with [] / null / missing lists, and written
 * the way current sops writes it (keys sorted, empty lists left out).  The
 * entries of every kind in the key-source table (keysrc.h) are held typed, in
 * one list; those of kinds this tool cannot use (gcp_kms, azure_kv, hckms) are
 * kept as read, and written back unchanged. */
#ifndef SECRET_SEAL_SOPS_META_H
#define SECRET_SEAL_SOPS_META_H

#include <stdbool.h>
#include <stddef.h>

#include "keysrc.h"
#include "sops_rule.h"
#include "sops_tree.h"

/* The sops version this tool's files claim: any >= 3.3.0 reads the same. */
#define SOPS_WRITE_VERSION "3.9.0"

struct sops_meta {
	struct keylist keys; /* every entry of a kind in the table, file order */
	bool key_groups; /* the entries came from key_groups */
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
/* Entries of kinds this tool cannot use, as "gcp_kms", "azure_kv",
 * "hckms" lists of the kept map (NULL-terminated names of the present
 * ones, static strings). */
size_t sops_meta_foreign(const struct sops_meta *m, const char *names[4]);
void sops_meta_free(struct sops_meta *m);

#endif
