/* yaml_json: a YAML node tree as jansson values, for tools that read
 * YAML and JSON spellings of the same data (price tables, kubeconfig,
 * manifests) with one set of readers. */
#ifndef AGENTCI_YAML_JSON_H
#define AGENTCI_YAML_JSON_H

#include <jansson.h>

#include "yaml.h"

/* A new reference to n as JSON (NULL node: null).  Plain scalars follow
 * the YAML 1.2 core schema (0o17 and 0x1f are integers, an integer too
 * large for 64 bits becomes a real); .inf and .nan, which JSON cannot
 * hold, stay strings; mapping keys that are not scalars are skipped. */
json_t *ynode_to_json(const struct ynode *n);

#endif
