/* virtualservice: the Istio router — the canary's HTTP route of a
 * VirtualService, found by --route or by its two subsets. */
#ifndef K8S_ROLLOUT_VIRTUALSERVICE_H
#define K8S_ROLLOUT_VIRTUALSERVICE_H

#include "router.h"

/* v1 when the server serves it, else v1beta1 (the same objects). */
const char *istio_version(struct app *a);

#endif
