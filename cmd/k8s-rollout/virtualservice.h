/* virtualservice: the canary's route of an Istio VirtualService — found by
 * --route or by its two subsets — its weights, its annotations, and
 * optimistic-locked writes. */
#ifndef K8S_ROLLOUT_VIRTUALSERVICE_H
#define K8S_ROLLOUT_VIRTUALSERVICE_H

#include <jansson.h>
#include <stddef.h>

#include "app.h"

struct vsref {
	const char *name;
	json_t *vs;
	size_t route, si, ci;  /* spec.http index; stable and canary entries of its route[] */
};

/* GET the VirtualService and find its route: 0, or an exit code after a
 * message.  The route is --route, else the first HTTP route with
 * destinations of both a->stable_subset and a->canary_subset. */
int vs_load(struct app *a, const char *name, struct vsref *r);
/* v1 when the server serves it, else v1beta1 (the same objects). */
const char *istio_version(struct app *a);
const char *annotation(const struct vsref *r, const char *key);
json_t *route_of(const struct vsref *r);
long long canary_weight(const struct vsref *r);
long long stable_weight(const struct vsref *r);
/* One write: the canary's weight (-1 = unchanged; the stable subset gets
 * the rest) and annotations (stolen, may be NULL).  0 (r->vs is then the
 * new object), 409 for a conflict (no message), else an exit code. */
int vs_write(struct app *a, struct vsref *r, int canary, json_t *ann);
/* {state, step} annotations of a plan. */
json_t *state_ann(const char *state, size_t step);
/* A write that must happen (abort, the roll-back of a failed gate):
 * re-read and retry on conflicts. */
int vs_force(struct app *a, struct vsref *r, int canary, const char *state, size_t step);

#define ANN_PLAN "k8s-rollout.io/plan"
#define ANN_DIGEST "k8s-rollout.io/plan-digest"
#define ANN_STEP "k8s-rollout.io/step"
#define ANN_STATE "k8s-rollout.io/state"
#define ANN_STARTED "k8s-rollout.io/started-at"

#endif
