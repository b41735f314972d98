/* dotenv: the dotenv store as sops reads and writes it.
 * KEY=value lines split at the first '=' with nothing trimmed or unquoted, '#'
 * lines as comments, the two characters \n standing for a newline — and the
 * flattening of the metadata into sops_* keys. */
#ifndef SECRET_SEAL_DOTENV_H
#define SECRET_SEAL_DOTENV_H

#include <stdio.h>

#include "sops_tree.h"

/* 0, or -1 with "name:line:col: what" in err. */
int dotenv_load(const char *buf, size_t len, const char *name, struct sfile *out, char *err, size_t errlen);
/* 0, or -1 with err when a value is nested (dotenv is flat). */
int dotenv_emit(FILE *fp, const struct snode *map, char *err, size_t errlen);

/* Metadata map -> sops_age__list_0__map_enc=… items appended to doc. */
void dotenv_meta_flatten(struct snode *doc, const struct snode *meta);
/* Remove the sops_* items of doc and rebuild the metadata map from them;
 * NULL when there are none. */
struct snode *dotenv_meta_unflatten(struct snode *doc);

#endif
