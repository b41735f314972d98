/* sops_yaml: the YAML store — libyaml (common/yaml.h) into the sops tree
 * with go-yaml v3's typing, comments recovered from the source text as sops
 * models them (each comment line an item, '#' dropped, the rest kept), and
 * a writer in go-yaml v3's layout (indent 4, sequences indented under their
 * key, literal blocks for multi-line strings). */
#ifndef SECRET_SEAL_SOPS_YAML_H
#define SECRET_SEAL_SOPS_YAML_H

#include <stdio.h>

#include "sops_tree.h"

/* Load every document.  0, or -1 with "name:line:col: what" in err. */
int sops_yaml_load(const char *buf, size_t len, const char *name, struct sfile *out, char *err, size_t errlen);
/* Write every document, "---" between them. */
void sops_yaml_emit(FILE *fp, const struct sfile *f, int indent);
/* One value on its own (--extract of a non-string). */
void sops_yaml_emit_value(FILE *fp, const struct snode *n, int indent);

#endif
