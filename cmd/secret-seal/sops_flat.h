/* sops_flat: the metadata flattened for the flat formats, and rebuilt.
 * The way sops stores it in them: nested keys joined as name__map_key and
 * name__list_N (age__list_0__map_enc), every leaf a string — and rebuilt from
 * it. dotenv prefixes the keys with sops_; INI keeps them in a [sops] section
 * without a prefix. */
#ifndef SECRET_SEAL_SOPS_FLAT_H
#define SECRET_SEAL_SOPS_FLAT_H

#include "sops_tree.h"

/* Append meta's items to doc as prefix + flattened key = string. */
void flat_meta_put(struct snode *doc, const struct snode *meta, const char *prefix);
/* Remove the items of doc whose key starts with prefix (all of them for
 * "") and rebuild the metadata map from them; NULL when there are none. */
struct snode *flat_meta_take(struct snode *doc, const char *prefix);

#endif
