/* k8s_secret: `decrypt --output-type k8s-secret`, a Secret manifest.
 * The top-level keys of a decrypted file as a v1 Secret manifest, base64'd
 * under data (or clear under stringData), ready for `kubectl apply -f -`. */
#ifndef SECRET_SEAL_K8S_SECRET_H
#define SECRET_SEAL_K8S_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "sops_tree.h"

/* The default Secret name for a file: its base name up to the first '.'
 * ("deploy/staging.enc.yaml" -> "staging"); malloc'd. */
char *k8s_default_name(const char *path);

/* YAML text (malloc'd, wipe before free), or NULL with err (a nested
 * value, a key Kubernetes refuses, a bad name). */
char *k8s_secret_render(const struct snode *doc, const char *name, const char *ns, bool string_data, size_t *len,
			char *err, size_t errlen);

#endif
