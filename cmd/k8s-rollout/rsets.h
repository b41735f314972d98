/* rsets: the ReplicaSets that belong to a Deployment — listed by its
 * selector, kept only when their controller owner reference carries the
 * deployment's UID — and their revisions and pod templates. */
#ifndef K8S_ROLLOUT_RSETS_H
#define K8S_ROLLOUT_RSETS_H

#include <jansson.h>
#include <stdbool.h>

#include "app.h"

/* A label selector ({matchLabels, matchExpressions}) as the query string
 * kubectl sends: requirements sorted by key, "k=v", "k in (a,b)",
 * "k notin (a,b)", "k", "!k".  malloc'd; NULL when it cannot be written. */
char *selector_string(const json_t *selector);
/* The owned ReplicaSets, sorted by revision (ascending): 0 and *out, or an
 * exit code after a message. */
int owned_replicasets(struct app *a, const json_t *dep, json_t **out);
/* The revision annotation: 0 when missing, -1 when unparsable. */
long long rs_revision(const json_t *rs);
/* A deep copy of a pod template without the pod-template-hash label. */
json_t *template_without_hash(const json_t *tmpl);
bool templates_equal(const json_t *a, const json_t *b);
/* The owner check on its own (for the unit tests). */
bool rs_owned_by(const json_t *rs, const char *uid);

#endif
