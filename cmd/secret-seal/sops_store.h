/* sops_store: the file formats behind one interface.
 * Format names and suffixes, loading, writing, and where each keeps the sops metadata
 * (a top-level `sops` key, dotenv's flattened sops_* lines, or INI's
 * [sops] section). */
#ifndef SECRET_SEAL_SOPS_STORE_H
#define SECRET_SEAL_SOPS_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "sops_tree.h"

enum sfmt { SF_YAML, SF_JSON, SF_DOTENV, SF_BINARY, SF_INI, SF_K8S };

/* "yaml" -> SF_YAML ...; -1 when unknown.  k8s only where allowed. */
int sfmt_parse(const char *s, bool allow_k8s);
const char *sfmt_name(enum sfmt f);
/* From the file name as sops does: .yaml/.yml, .json, .env, .ini, else binary. */
enum sfmt sfmt_from_path(const char *path);

struct store_opts {
	int yaml_indent; /* 0 = 4 */
	int json_indent; /* -1 = a tab */
};

/* Parse a file.  Binary input becomes {data: "<whole file>"} unless
 * encrypted is set (an encrypted binary file is JSON).  0, or -1 with
 * "name:line:col: what" in err. */
int store_load(enum sfmt f, bool encrypted, const char *buf, size_t len, const char *name, struct sfile *out, char *err,
	       size_t errlen);
/* Render a file (binary: the `data` value as is).  malloc'd text, or
 * NULL with err. */
char *store_emit(enum sfmt f, const struct sfile *t, const struct store_opts *o, size_t *len, char *err, size_t errlen);

/* Take the metadata out of the tree (from every YAML document; the first
 * one's is returned).  NULL when the file has none. */
struct snode *store_take_meta(enum sfmt f, struct sfile *t);
/* Put a metadata map into the tree: last key of every document. */
void store_put_meta(enum sfmt f, struct sfile *t, const struct snode *meta);

#endif
