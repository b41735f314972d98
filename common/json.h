/* json: jansson helpers — load with positioned errors, path look-up,
 * stable output. */
#ifndef AGENTCI_JSON_H
#define AGENTCI_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* Load from a buffer / a file ("-" = stdin).  On error returns NULL and
 * writes "NAME:line:col: message" into err. */
json_t *json_parse_buf(const char *buf, size_t len, const char *name, char *err, size_t errlen);
json_t *json_parse_file(const char *path, char *err, size_t errlen);

/* Look up ".a.b[0].c", "." (the root), '.["key with.dots"]'.  Returns a
 * borrowed reference or NULL when absent; *bad set when the path itself is
 * malformed (bad may be NULL). */
json_t *json_path_get(json_t *root, const char *path, bool *bad);
/* Check that a path is well formed. */
bool json_path_valid(const char *path);

/* jq-like truthiness: present, not null, not false. */
bool json_truthy(const json_t *v);

/* Stable text: keys in insertion order, 2-space indent when pretty, one
 * line otherwise, reals printed with up to 17 significant digits.  The
 * returned string is malloc'd; json_print adds a newline. */
char *json_to_string(const json_t *v, bool pretty);
int json_print(FILE *fp, const json_t *v, bool pretty);

/* Small getters that return def when the key is absent or of another type. */
const char *json_get_str(const json_t *obj, const char *key, const char *def);
long long json_get_int(const json_t *obj, const char *key, long long def);

#endif
