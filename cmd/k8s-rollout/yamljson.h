/* yamljson: YAML streams (kubeconfig files, manifests to apply) as jansson
 * values, remembering where each document started for error messages. */
#ifndef K8S_ROLLOUT_YAMLJSON_H
#define K8S_ROLLOUT_YAMLJSON_H

#include <jansson.h>
#include <stddef.h>

struct ydocs {
	json_t **docs;   /* one value per non-empty document */
	int *lines;      /* the line each document starts on */
	size_t n;
};

/* Parse every document of buf.  0 on success; -1 with "name:line:col:
 * what" in err.  Plain scalars follow the YAML 1.2 core schema. */
int yaml_to_json_docs(const char *buf, size_t len, const char *name, struct ydocs *out, char *err,
		      size_t errlen);
void ydocs_free(struct ydocs *d);

#endif
