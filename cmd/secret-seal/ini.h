/* ini: the INI store as sops reads and writes it (through go-ini).
 * [section] headers over `key = value` lines, the keys before the first
 * header in a DEFAULT section written without one; `;`/`#` comment lines
 * kept before the section or key they precede; values unquoted from
 * """…""", `…`, "…" and '…' and cut at an inline ; or #.  Written back
 * with `=` aligned in each section, a blank line between sections, and
 * values quoted when they need it.  The metadata is a [sops] section of
 * flattened keys (pgp__list_0__map_enc = …, newlines as the two
 * characters \n), sorted. */
#ifndef SECRET_SEAL_INI_H
#define SECRET_SEAL_INI_H

#include <stdio.h>

#include "sops_tree.h"

/* 0, or -1 with "name:line:col: what" in err. */
int ini_load(const char *buf, size_t len, const char *name, struct sfile *out, char *err, size_t errlen);
/* 0, or -1 with err when the document is not sections of scalars. */
int ini_emit(FILE *fp, const struct snode *doc, char *err, size_t errlen);

/* Take the [sops] section out of doc as a metadata map; NULL when none. */
struct snode *ini_meta_take(struct snode *doc);
/* Append the metadata as a [sops] section of flattened, sorted keys. */
void ini_meta_put(struct snode *doc, const struct snode *meta);

#endif
