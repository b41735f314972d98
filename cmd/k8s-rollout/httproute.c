/* httproute: the Gateway API router — a weight split between two Services
 * in the backendRefs of one HTTPRoute rule (canary), or every reference to
 * one Service pointed at another (blue/green).  A write tests the rule's
 * backendRefs as read and touches nothing else of the route. */
#include "cli.h"
#include "json.h"
#include "router.h"
#include "split.h"

#include <stdlib.h>
#include <string.h>

#define GROUP "gateway.networking.k8s.io"

/* v1 when the server lists httproutes there, else v1beta1 (one storage,
 * the same objects); NULL when neither serves them. */
static const char *gateway_version(struct app *a)
{
	static const char *version;
	static const char *const versions[] = {"v1", "v1beta1"};
	for (size_t i = 0; !version && i < 2; i++) {
		char *path = xasprintf("/apis/" GROUP "/%s", versions[i]);
		struct kresp r;
		if (kapi(&a->kc, "GET", path, NULL, NULL, &r) == 0) {
			json_t *res;
			size_t j;
			json_array_foreach(json_object_get(r.body, "resources"), j, res) {
				if (!strcmp(json_get_str(res, "name", ""), "httproutes"))
					version = versions[i];
			}
		}
		kresp_free(&r);
		free(path);
	}
	return version;
}

static void options(struct app *a, const char *name)
{
	static char stable[300], canary[300];
	foreign_option(a->stable_subset, "stable-subset", &router_gateway, name);
	foreign_option(a->canary_subset, "canary-subset", &router_gateway, name);
	foreign_option(a->canary_service, "canary-service", &router_gateway, name);
	foreign_option(a->canary_header, "canary-header", &router_gateway, name);
	foreign_option(a->canary_cookie, "canary-cookie", &router_gateway, name);
	if (!a->stable_backend) {
		snprintf(stable, sizeof stable, "%s-stable", name);
		a->stable_backend = stable;
	}
	if (!a->canary_backend) {
		snprintf(canary, sizeof canary, "%s-canary", name);
		a->canary_backend = canary;
	}
	if (!strcmp(a->stable_backend, a->canary_backend))
		cli_usage_error("--stable-backend and --canary-backend must differ");
}

static json_t *rules_of(const struct route *r)
{
	return json_object_get(json_object_get(r->obj, "spec"), "rules");
}

/* A Service backend as a route names it: kind Service in the core group,
 * in the route's namespace. */
static bool is_service_ref(const json_t *ref, const char *ns)
{
	const char *kind = json_get_str(ref, "kind", "Service"), *group = json_get_str(ref, "group", "");
	const char *rns = json_get_str(ref, "namespace", NULL);
	return !strcmp(kind, "Service") && !*group && (!rns || !strcmp(rns, ns));
}

static const char *backend_of(const struct app *a, const json_t *ref)
{
	return is_service_ref(ref, a->cfg.ns) ? json_get_str(ref, "name", "") : NULL;
}

/* Gateway API weights default to 1. */
static const struct split split = {"rules", "backendRefs", 1, "backend", "rule", backend_of};

static int fetch(struct app *a, struct route *r)
{
	const char *v = gateway_version(a);
	if (!v) {
		msg_error("the server serves no HTTPRoutes (" GROUP " v1 or v1beta1); install the Gateway API CRDs or "
			  "name another route");
		return EXIT_ENV;
	}
	return route_fetch(a, r, GROUP, v, "httproutes");
}

/* The rules as the error names them: #0 [a, b], "api" [c]. */
static char *rules_text(const struct route *r, const char *ns)
{
	char *out = xstrdup("");
	json_t *rule, *ref;
	size_t i, j;
	json_array_foreach(rules_of(r), i, rule) {
		const char *name = json_get_str(rule, "name", NULL);
		char *n = name ? xasprintf("%s%s\"%s\" [", out, *out ? ", " : "", name)
			       : xasprintf("%s%s#%zu [", out, *out ? ", " : "", i);
		free(out);
		out = n;
		bool first = true;
		json_array_foreach(json_object_get(rule, "backendRefs"), j, ref) {
			if (!is_service_ref(ref, ns))
				continue;
			n = xasprintf("%s%s%s", out, first ? "" : ", ", json_get_str(ref, "name", "?"));
			free(out);
			out = n;
			first = false;
		}
		n = xasprintf("%s]", out);
		free(out);
		out = n;
	}
	return out;
}

/* The rule by --route, else the first whose backendRefs name both Services. */
static int locate(struct app *a, struct route *r)
{
	if (split_find(a, r, &split, a->stable_backend, a->canary_backend))
		return 0;
	char *seen = rules_text(r, a->cfg.ns);
	msg_error("httproute \"%s\" has no rule%s%s%s whose backendRefs name both Services \"%s\" and \"%s\" (rules: "
		  "%s); "
		  "name them with --stable-backend and --canary-backend%s",
		  r->name, a->route ? " named \"" : "", a->route ? a->route : "", a->route ? "\"" : "",
		  a->stable_backend, a->canary_backend, *seen ? seen : "none",
		  a->route ? ", the rule with --route" : "");
	free(seen);
	return EXIT_USAGE;
}

static long long weight(const struct route *r, bool canary)
{
	return split_weight(r, &split, canary);
}

static int weight_ops(struct app *a, const struct route *r, int w, json_t *ops)
{
	long long others;
	if (split_ops(r, &split, w, &others, ops) == 0)
		return 0;
	msg_error("httproute \"%s\": other backends of the rule already weigh %lld; canary %d does not fit in 100",
		  r->name, others, w);
	return EXIT_FAIL;
}

static void describe(const struct app *a, const struct route *r, json_t *o, char *text, size_t len)
{
	split_describe(r, &split, a->stable_backend, a->canary_backend, o, text, len);
}

static json_t *services(const struct app *a, const struct route *r)
{
	json_t *out = json_array(), *rule, *ref, *s;
	size_t i, j, k;
	json_array_foreach(rules_of(r), i, rule) {
		json_array_foreach(json_object_get(rule, "backendRefs"), j, ref) {
			if (!is_service_ref(ref, a->cfg.ns))
				continue;
			const char *n = json_get_str(ref, "name", "");
			bool seen = false;
			json_array_foreach(out, k, s) {
				seen = seen || !strcmp(json_string_value(s), n);
			}
			if (!seen)
				json_array_append_new(out, json_string(n));
		}
	}
	return out;
}

static void repoint_ops(const struct app *a, const struct route *r, const char *from, const char *to, json_t *ops)
{
	json_t *rule, *ref;
	size_t i, j;
	json_array_foreach(rules_of(r), i, rule) {
		json_array_foreach(json_object_get(rule, "backendRefs"), j, ref) {
			if (!is_service_ref(ref, a->cfg.ns) || strcmp(json_get_str(ref, "name", ""), from))
				continue;
			char *p = xasprintf("/spec/rules/%zu/backendRefs/%zu", i, j);
			op_test(ops, p, ref);
			char *n = xasprintf("%s/name", p);
			op_add(ops, n, json_string(to));
			free(n);
			free(p);
		}
	}
}

const struct router router_gateway = {
	.kind = "httproute",
	.id = "gateway-api",
	.resource = "httproutes." GROUP,
	.options = options,
	.fetch = fetch,
	.locate = locate,
	.weight = weight,
	.weight_ops = weight_ops,
	.describe = describe,
	.services = services,
	.repoint_ops = repoint_ops,
};
