/* describe: kubectl's "Pod Template:" description (the layout of
 * `kubectl describe` and `rollout history --revision N`). */
#ifndef K8S_ROLLOUT_DESCRIBE_H
#define K8S_ROLLOUT_DESCRIBE_H

#include <jansson.h>
#include <stdio.h>

/* Write the description of pod template TMPL to OUT. */
void describe_pod_template(FILE *out, const json_t *tmpl);
/* A Kubernetes quantity ("256Mi", "500m", "1.5", "2e3") as a number;
 * -1 when it is not one. */
double quantity_value(const char *q);

#endif
