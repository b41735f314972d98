/* yaml_json: YAML (and JSON) text as jansson values, for tools that read
 * YAML and JSON spellings of the same data (price tables, kubeconfig,
 * manifests) with one set of readers.  Errors are "name:line:col: what". */
#ifndef AGENTCI_YAML_JSON_H
#define AGENTCI_YAML_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "yaml.h"

/* A new reference to n as JSON (NULL node: null).  Plain scalars follow
 * the YAML 1.2 core schema (0o17 and 0x1f are integers, an integer too
 * large for 64 bits becomes a real); .inf and .nan, which JSON cannot
 * hold, stay strings; mapping keys that are not scalars are skipped. */
json_t *ynode_to_json(const struct ynode *n);

/* The first document of buf ({} for an empty stream); NULL with the error
 * in err. */
json_t *yaml_json_doc(const char *buf, size_t len, const char *name, char *err, size_t errlen);
/* JSON when the text starts with '{' or '[' (jansson's numbers and
 * errors), else YAML's first document. */
json_t *yaml_json_text(const char *buf, size_t len, const char *name, char *err, size_t errlen);
/* A whole file ("-" = stdin, up to 64 MiB) read by yaml_json_text. */
json_t *yaml_json_file(const char *path, char *err, size_t errlen);

/* Every document of a stream that is not empty or null. */
struct yaml_json_docs {
	json_t **docs;
	int *lines; /* the line each document starts on */
	size_t n;
};
/* 0 on success; -1 with the error in err (out is then empty). */
int yaml_json_stream(const char *buf, size_t len, const char *name, struct yaml_json_docs *out, char *err,
		     size_t errlen);
void yaml_json_docs_free(struct yaml_json_docs *d);

#endif
