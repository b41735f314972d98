/* router: the traffic routers a canary drives — an Istio VirtualService,
 * a Gateway API HTTPRoute, an ingress-nginx canary Ingress — behind one
 * table of operations, and the guarded writes they share: one JSON patch
 * whose `test` operations hold the route's entries (and the plan's state)
 * as they were read, so a change by someone else in between fails the
 * write instead of being overwritten. */
#ifndef K8S_ROLLOUT_ROUTER_H
#define K8S_ROLLOUT_ROUTER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "app.h"

/* What a write returns when the object changed since it was read: a 409
 * Conflict, or a failed `test` of the patch. */
#define ROUTE_RACE 409

struct route {
	const struct router *rt;
	const char *name; /* the object ROUTE names */
	json_t *obj; /* the object holding the weights and the plan; NULL: not created yet */
	char *path; /* obj's API path */
	json_t *base; /* ingress: the stable Ingress */
	size_t rule, si, ci; /* the rule, and its stable and canary entries */
	char *owned; /* a name the router worked out (ingress: the canary Service) */
};

struct router {
	const char *kind; /* "virtualservice": output prefix and JSON key */
	const char *id; /* "istio", "gateway-api", "nginx": status JSON "router" */
	const char *resource; /* "virtualservices.networking.istio.io", in API messages */
	/* Defaults of the router's options, and usage errors for options of
	 * other routers: before anything is asked of the cluster. */
	void (*options)(struct app *a, const char *name);
	/* Set r->path and GET the object(s): 0, or an exit code after a
	 * message. */
	int (*fetch)(struct app *a, struct route *r);
	/* Find the canary's entries in r->obj (after a fetch or a write): 0,
	 * or an exit code after a message. */
	int (*locate)(struct app *a, struct route *r);
	/* A weight as read (canary, else stable). */
	long long (*weight)(const struct route *r, bool canary);
	/* Append to ops the `test`s of the entries as read and, unless w < 0,
	 * the writes that give the canary w and the stable entry the rest.
	 * 0, or an exit code after a message. */
	int (*weight_ops)(struct app *a, const struct route *r, int w, json_t *ops);
	/* Create r->obj with weight w and annotations ann (ingress), NULL
	 * where the object always exists.  0, ROUTE_RACE or an exit code. */
	int (*create)(struct app *a, struct route *r, int w, json_t *ann);
	/* After a promotion: all traffic to stable for good (ingress: delete
	 * the canary Ingress); NULL = weight 0, state "promoted". */
	int (*retire)(struct app *a, struct route *r);
	/* Status: add the router's keys to o ("route", "stable", "canary") and
	 * write the text line's middle ("route \"primary\": stable (s) 90, ..."). */
	void (*describe)(const struct app *a, const struct route *r, json_t *o, char *text, size_t len);
	/* Blue/green (NULL where the router has none): the Services the
	 * route sends traffic to (a new list), and the ops that test every
	 * reference to `from` as read and point it at `to`. */
	json_t *(*services)(const struct app *a, const struct route *r);
	void (*repoint_ops)(const struct app *a, const struct route *r, const char *from, const char *to, json_t *ops);
};

extern const struct router router_istio, router_gateway, router_nginx;

/* The router and object name of ROUTE ("httproute/web", "vs/web", "web");
 * a usage error for anything else. */
const struct router *route_parse(const char *arg, const char **name);
/* route_parse, then the router's fetch and locate. */
int route_load(struct app *a, const char *arg, struct route *r);
/* GET r->path into r->obj: 0, or an exit code after a message (404 too,
 * unless missing_ok, when r->obj stays NULL). */
int route_get(struct app *a, struct route *r, bool missing_ok);
/* Set r->path to the namespaced object /apis/GROUP/VERSION/.../PLURAL/NAME
 * and route_get it. */
int route_fetch(struct app *a, struct route *r, const char *group, const char *version, const char *plural);
/* Read the route again after a race (fetch and locate). */
int route_reload(struct app *a, struct route *r);
void route_free(struct route *r);

const char *route_ann(const struct route *r, const char *key);
long long route_weight(const struct route *r, bool canary);

enum guard {
	GUARD_WEIGHTS, /* the entries as read */
	GUARD_PLAN, /* and the plan's state and step as read */
	GUARD_CLAIM, /* and the state as read, or the whole object when there is none */
};

/* One write: the canary's weight (-1 = unchanged) and annotations (stolen,
 * may be NULL) under GUARD.  0 (r->obj is then the new object), ROUTE_RACE,
 * or an exit code after a message. */
int route_write(struct app *a, struct route *r, int w, json_t *ann, enum guard guard);
/* A write that must happen (set-weight, abort, the roll-back of a failed
 * gate): re-read and retry on races.  state NULL = weights only. */
int route_force(struct app *a, struct route *r, int w, const char *state, size_t step);
/* {state, step} annotations of a plan. */
json_t *state_ann(const char *state, size_t step);

/* JSON patch pieces: "/a/b~1c" for a path whose last key is KEY; a test
 * of a value (borrowed; NULL is null); an add (value stolen). */
char *pointer_join(const char *base, const char *key);
void op_test(json_t *ops, const char *path, json_t *value);
void op_add(json_t *ops, const char *path, json_t *value);
/* PATCH path with the JSON patch ops: 0 and *out, ROUTE_RACE, or an exit
 * code after a message naming what. */
int json_patch(struct app *a, const char *path, json_t *ops, const char *what, json_t **out);

/* A usage error when an option of another router was given. */
void foreign_option(bool given, const char *option, const struct router *rt, const char *name);

#define ANN_PLAN "k8s-rollout.io/plan"
#define ANN_DIGEST "k8s-rollout.io/plan-digest"
#define ANN_STEP "k8s-rollout.io/step"
#define ANN_STATE "k8s-rollout.io/state"
#define ANN_STARTED "k8s-rollout.io/started-at"

#endif
