/* split: the canary as a weight split between two entries of one list in
 * a rule of the route — an Istio VirtualService's spec.http[].route, a
 * Gateway API HTTPRoute's spec.rules[].backendRefs.  For the canary the
 * two routers differ only in the names below and in their messages. */
#ifndef K8S_ROLLOUT_SPLIT_H
#define K8S_ROLLOUT_SPLIT_H

#include "router.h"

struct split {
	const char *rules; /* the rules under spec: "http" */
	const char *list; /* a rule's entries: "route" */
	long long unset; /* the weight of an entry that states none */
	const char *key; /* status JSON: "subset" */
	const char *rule; /* status text: "route" */
	/* What --stable-… and --canary-… match an entry by; NULL: never. */
	const char *(*name_of)(const struct app *a, const json_t *entry);
};

/* The rule named --route, else the first rule, whose list has entries
 * named stable and canary: r->rule, r->si and r->ci, and true. */
bool split_find(const struct app *a, struct route *r, const struct split *sp, const char *stable, const char *canary);
long long split_weight(const struct route *r, const struct split *sp, bool canary);
/* Append to ops a test of the list as read and, unless w < 0, w for the
 * canary and the rest of 100 for stable: 0, or EXIT_FAIL (no message)
 * when the *others entries' weights leave less than w. */
int split_ops(const struct route *r, const struct split *sp, int w, long long *others, json_t *ops);
/* canary status: "route", "stable" and "canary" in o, and the text line's
 * middle (route "primary": stable (s) 90, canary (c) 10). */
void split_describe(const struct route *r, const struct split *sp, const char *stable, const char *canary, json_t *o,
		    char *text, size_t len);

#endif
