/* env_value: a decrypted scalar as an environment variable's or Secret's text.
 * For exec-env and k8s-secret, as sops stringifies them: bools lowercase,
 * floats with at least one decimal. */
#ifndef SECRET_SEAL_ENV_VALUE_H
#define SECRET_SEAL_ENV_VALUE_H

#include <stddef.h>

#include "sops_tree.h"

/* malloc'd text (wipe before free) and its length; NULL for a map or a
 * list. */
char *env_value(const struct snode *n, size_t *len);

#endif
