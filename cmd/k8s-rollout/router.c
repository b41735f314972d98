/* router: naming a route, reading it, and the guarded JSON-patch writes
 * every router shares.  A write tests the entries it changes (and the
 * plan's annotations) as they were read, never metadata.resourceVersion
 * alone: a gateway controller updating the route's status between two
 * steps must not look like another job taking over the plan. */
#include "router.h"
#include "cli.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *prefix;
	const struct router *rt;
} kinds[] = {
	{"virtualservice/", &router_istio},
	{"virtualservices/", &router_istio},
	{"vs/", &router_istio},
	{"virtualservices.networking.istio.io/", &router_istio},
	{"httproute/", &router_gateway},
	{"httproutes/", &router_gateway},
	{"httproutes.gateway.networking.k8s.io/", &router_gateway},
	{"ingress/", &router_nginx},
	{"ingresses/", &router_nginx},
	{"ing/", &router_nginx},
	{"ingresses.networking.k8s.io/", &router_nginx},
};

const struct router *route_parse(const char *arg, const char **name)
{
	const struct router *rt = &router_istio;
	const char *rest = arg;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strncmp(arg, kinds[i].prefix, strlen(kinds[i].prefix))) {
			rt = kinds[i].rt;
			rest = arg + strlen(kinds[i].prefix);
			break;
		}
	if (rest == arg && strchr(arg, '/'))
		cli_usage_error(
			"'%s' is not a route; write virtualservice/NAME (or NAME), httproute/NAME or ingress/NAME",
			arg);
	static const char *const none[] = {NULL};
	*name = object_name(rest, rt->kind, none);
	return rt;
}

void foreign_option(bool given, const char *option, const struct router *rt, const char *name)
{
	if (given)
		cli_usage_error("--%s does not apply to %s/%s", option, rt->kind, name);
}

int route_load(struct app *a, const char *arg, struct route *r)
{
	memset(r, 0, sizeof *r);
	r->rt = route_parse(arg, &r->name);
	int rc = r->rt->fetch(a, r);
	return rc ? rc : r->rt->locate(a, r);
}

static void what_of(const struct route *r, char *buf, size_t len)
{
	const char *p = strrchr(r->path, '/');
	snprintf(buf, len, "%s \"%s\"", r->rt->resource, p ? p + 1 : r->name);
}

int route_get(struct app *a, struct route *r, bool missing_ok)
{
	struct kresp resp;
	int rc = kapi(&a->kc, "GET", r->path, NULL, NULL, &resp);
	if (rc == 0 && json_is_object(resp.body)) {
		r->obj = json_incref(resp.body);
	} else if (rc == 0) {
		msg_error("the server's answer for %s/%s is not JSON", r->rt->kind, r->name);
		rc = EXIT_ENV;
	} else if (!(missing_ok && resp.status == 404)) {
		char what[400];
		what_of(r, what, sizeof what);
		rc = kapi_fail(&a->kc, &resp, "get", what);
	} else {
		rc = 0;
	}
	kresp_free(&resp);
	return rc;
}

int route_fetch(struct app *a, struct route *r, const char *group, const char *version, const char *plural)
{
	char *ns = url_escape(a->cfg.ns);
	r->path = xasprintf("/apis/%s/%s/namespaces/%s/%s/%s", group, version, ns, plural, r->name);
	free(ns);
	return route_get(a, r, false);
}

void route_free(struct route *r)
{
	json_decref(r->obj);
	json_decref(r->base);
	free(r->path);
	free(r->owned);
	r->obj = r->base = NULL;
	r->path = r->owned = NULL;
}

int route_reload(struct app *a, struct route *r)
{
	route_free(r);
	int rc = r->rt->fetch(a, r);
	return rc ? rc : r->rt->locate(a, r);
}

const char *route_ann(const struct route *r, const char *key)
{
	return json_get_str(json_object_get(json_object_get(r->obj, "metadata"), "annotations"), key, NULL);
}

long long route_weight(const struct route *r, bool canary)
{
	return r->rt->weight(r, canary);
}

char *pointer_join(const char *base, const char *key)
{
	size_t n = strlen(base);
	char *out = xmalloc(n + 2 * strlen(key) + 2), *o = out + n;
	memcpy(out, base, n);
	*o++ = '/';
	for (; *key; key++) {
		if (*key == '~' || *key == '/') {
			*o++ = '~';
			*o++ = *key == '~' ? '0' : '1';
		} else {
			*o++ = *key;
		}
	}
	*o = '\0';
	return out;
}

static void op(json_t *ops, const char *kind, const char *path, json_t *value)
{
	json_array_append_new(
		ops, json_pack("{s:s,s:s,s:o}", "op", kind, "path", path, "value", value ? value : json_null()));
}

void op_test(json_t *ops, const char *path, json_t *value)
{
	op(ops, "test", path, json_incref(value));
}

void op_add(json_t *ops, const char *path, json_t *value)
{
	op(ops, "add", path, value);
}

int json_patch(struct app *a, const char *path, json_t *ops, const char *what, json_t **out)
{
	char *body = json_dumps(ops, JSON_COMPACT), *full = xasprintf("%s?fieldManager=k8s-rollout", path);
	struct kresp resp;
	int rc = kapi(&a->kc, "PATCH", full, "application/json-patch+json", body, &resp);
	free(body);
	free(full);
	if (rc == 0 && json_is_object(resp.body))
		*out = json_incref(resp.body);
	else if (rc == 0)
		rc = kapi_fail(&a->kc, &resp, "patch", what);
	/* The API server answers a failed `test` (or a path the object no
	 * longer has) with 422 and this message; the cause is in details. */
	else if (resp.status == 409 || (resp.status == 422 && strstr(resp.message, "rejected our request")))
		rc = ROUTE_RACE;
	else
		rc = kapi_fail(&a->kc, &resp, "patch", what);
	kresp_free(&resp);
	return rc;
}

int route_write(struct app *a, struct route *r, int w, json_t *ann, enum guard guard)
{
	if (!r->obj)
		return r->rt->create(a, r, w < 0 ? 0 : w, ann);
	json_t *ops = json_array();
	int rc = r->rt->weight_ops(a, r, w, ops);
	if (rc) {
		json_decref(ops);
		json_decref(ann);
		return rc;
	}
	json_t *meta = json_object_get(r->obj, "metadata"), *anns = json_object_get(meta, "annotations");
	const char *state = route_ann(r, ANN_STATE), *step = route_ann(r, ANN_STEP);
	bool whole = ann && !json_is_object(anns);
	if (guard != GUARD_WEIGHTS && state) {
		char *p = pointer_join("/metadata/annotations", ANN_STATE);
		op_test(ops, p, json_object_get(anns, ANN_STATE));
		free(p);
		if (guard == GUARD_PLAN && step) {
			p = pointer_join("/metadata/annotations", ANN_STEP);
			op_test(ops, p, json_object_get(anns, ANN_STEP));
			free(p);
		}
	} else if (guard != GUARD_WEIGHTS) {
		whole = true;
	}
	/* No annotation to test: only the object's version tells whether
	 * someone else claimed it first. */
	if (whole)
		op_test(ops, "/metadata/resourceVersion", json_object_get(meta, "resourceVersion"));
	if (ann && json_is_object(anns)) {
		const char *k;
		json_t *v;
		json_object_foreach(ann, k, v) {
			char *p = pointer_join("/metadata/annotations", k);
			op_add(ops, p, json_incref(v));
			free(p);
		}
	} else if (ann) {
		op_add(ops, "/metadata/annotations", json_incref(ann));
	}
	json_decref(ann);
	char what[400];
	what_of(r, what, sizeof what);
	json_t *out = NULL;
	rc = json_patch(a, r->path, ops, what, &out);
	json_decref(ops);
	if (rc == 0) {
		json_decref(r->obj);
		r->obj = out;
		rc = r->rt->locate(a, r);
	}
	return rc;
}

int route_force(struct app *a, struct route *r, int w, const char *state, size_t step)
{
	/* No canary object: the canary already gets nothing. */
	if (!r->obj && w == 0)
		return 0;
	for (int i = 0; i < WRITE_ATTEMPTS; i++) {
		int rc = route_write(a, r, w, state ? state_ann(state, step) : NULL, GUARD_WEIGHTS);
		if (rc != ROUTE_RACE)
			return rc;
		if ((rc = route_reload(a, r)) != 0)
			return rc;
	}
	msg_error("%s \"%s\" kept changing (409 Conflict or a failed test, %d times); weights not written", r->rt->kind,
		  r->name, WRITE_ATTEMPTS);
	return EXIT_ENV;
}

json_t *state_ann(const char *state, size_t step)
{
	char n[32];
	snprintf(n, sizeof n, "%zu", step);
	return json_pack("{s:s,s:s}", ANN_STATE, state, ANN_STEP, n);
}
