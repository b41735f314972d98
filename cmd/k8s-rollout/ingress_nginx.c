/* ingress_nginx: the ingress-nginx router.  ingress/NAME is the stable
 * Ingress and stays as it is; the canary is a second Ingress NAME-canary,
 * made here as a copy of it (hosts, paths, TLS, class) whose backends are
 * the canary's Service, marked nginx.ingress.kubernetes.io/canary.  Its
 * canary-weight annotation is the canary's share; the plan's annotations
 * live beside it, so weight and plan change in one write. */
#include "cli.h"
#include "json.h"
#include "router.h"

#include <stdlib.h>
#include <string.h>

#define NGX "nginx.ingress.kubernetes.io/"
#define ANN_CANARY NGX "canary"
#define ANN_WEIGHT NGX "canary-weight"
#define ANN_HEADER NGX "canary-by-header"
#define ANN_HEADER_VALUE NGX "canary-by-header-value"
#define ANN_COOKIE NGX "canary-by-cookie"
#define ANN_STABLE "k8s-rollout.io/stable-ingress"
#define ANN_CLASS "kubernetes.io/ingress.class"

static void options(struct app *a, const char *name)
{
	foreign_option(a->stable_subset, "stable-subset", &router_nginx, name);
	foreign_option(a->canary_subset, "canary-subset", &router_nginx, name);
	foreign_option(a->stable_backend, "stable-backend", &router_nginx, name);
	foreign_option(a->canary_backend, "canary-backend", &router_nginx, name);
	foreign_option(a->route, "route", &router_nginx, name);
	if (strlen(name) > 253 - strlen("-canary"))
		cli_usage_error("ingress name '%s' is too long for its canary Ingress '%s-canary'", name, name);
	if (a->canary_header && a->canary_header[0] == '=')
		cli_usage_error("--canary-header wants NAME or NAME=VALUE, not '%s'", a->canary_header);
	static const char *const none[] = {NULL};
	if (a->canary_service)
		a->canary_service = object_name(a->canary_service, "service", none);
}

static char *ingress_path(const struct app *a, const char *name, const char *suffix)
{
	char *ns = url_escape(a->cfg.ns);
	char *p = xasprintf("/apis/networking.k8s.io/v1/namespaces/%s/ingresses%s%s%s", ns, name ? "/" : "",
			    name ? name : "", suffix);
	free(ns);
	return p;
}

static json_t *anns_of(const json_t *obj)
{
	return json_object_get(json_object_get(obj, "metadata"), "annotations");
}

static int fetch(struct app *a, struct route *r)
{
	r->path = ingress_path(a, r->name, "");
	int rc = route_get(a, r, false);
	if (rc)
		return rc;
	r->base = r->obj;
	r->obj = NULL;
	free(r->path);
	r->path = ingress_path(a, r->name, "-canary");
	if (!strcmp(json_get_str(anns_of(r->base), ANN_CANARY, ""), "true")) {
		msg_error("ingress \"%s\" is itself a canary Ingress; name the stable one", r->name);
		return EXIT_USAGE;
	}
	return route_get(a, r, true);
}

/* Call fn on every backend of an Ingress spec (defaultBackend, each path's). */
static int each_backend(json_t *spec, int (*fn)(json_t *backend, void *ud), void *ud)
{
	int rc = 0;
	json_t *def = json_object_get(spec, "defaultBackend"), *rule, *path;
	if (def)
		rc = fn(def, ud);
	size_t i, j;
	json_array_foreach(json_object_get(spec, "rules"), i, rule) {
		json_array_foreach(json_object_get(json_object_get(rule, "http"), "paths"), j, path) {
			if (!rc)
				rc = fn(json_object_get(path, "backend"), ud);
		}
	}
	return rc;
}

static int collect(json_t *backend, void *ud)
{
	const char *n = json_get_str(json_object_get(backend, "service"), "name", NULL);
	json_t *list = ud, *s;
	size_t i;
	if (!n)
		return 0;
	json_array_foreach(list, i, s) {
		if (!strcmp(json_string_value(s), n))
			return 0;
	}
	json_array_append_new(list, json_string(n));
	return 0;
}

/* The Services an Ingress sends traffic to, "a, b" (malloc'd), and how many. */
static char *services_text(const json_t *ing, size_t *n)
{
	json_t *list = json_array(), *s;
	each_backend(json_object_get(ing, "spec"), collect, list);
	char *out = xstrdup("");
	size_t i;
	json_array_foreach(list, i, s) {
		char *t = xasprintf("%s%s%s", out, i ? ", " : "", json_string_value(s));
		free(out);
		out = t;
	}
	if (n)
		*n = json_array_size(list);
	json_decref(list);
	return out;
}

static const char *canary_service(const struct app *a, const struct route *r)
{
	return a->canary_service ? a->canary_service : r->owned;
}

static int locate(struct app *a, struct route *r)
{
	free(r->owned);
	r->owned = NULL;
	const char *cname = strrchr(r->path, '/') + 1;
	if (r->obj) {
		if (strcmp(json_get_str(anns_of(r->obj), ANN_CANARY, ""), "true")) {
			msg_error(
				"ingress \"%s\" exists but is no canary Ingress (no %s: \"true\"); rename or delete it",
				cname, ANN_CANARY);
			return EXIT_FAIL;
		}
		size_t n;
		char *svc = services_text(r->obj, &n);
		if (a->canary_service && strcmp(svc, a->canary_service)) {
			msg_error("canary ingress \"%s\" sends traffic to Service %s, not %s; abort and delete it to "
				  "start "
				  "over with another Service",
				  cname, svc, a->canary_service);
			free(svc);
			return EXIT_FAIL;
		}
		r->owned = svc;
		return 0;
	}
	if (a->canary_service)
		return 0;
	size_t n;
	char *svc = services_text(r->base, &n);
	if (n != 1) {
		msg_error("ingress \"%s\" sends traffic to %s%s; name the canary's Service with --canary-service",
			  r->name, n ? "Services " : "no Service", svc);
		free(svc);
		return EXIT_USAGE;
	}
	r->owned = xasprintf("%s-canary", svc);
	free(svc);
	return 0;
}

static long long weight(const struct route *r, bool canary)
{
	long long w = 0;
	const char *text = json_get_str(anns_of(r->obj), ANN_WEIGHT, NULL);
	if (r->obj && text && parse_int(text, 0, 100, &w))
		w = 0;
	return canary ? w : 100 - w;
}

/* The header and cookie annotations --canary-header and --canary-cookie
 * ask for, set in anns ("" removes them). */
static void apply_match(const struct app *a, json_t *anns)
{
	if (a->canary_header) {
		const char *eq = strchr(a->canary_header, '=');
		json_object_del(anns, ANN_HEADER);
		json_object_del(anns, ANN_HEADER_VALUE);
		if (*a->canary_header) {
			char *name = eq ? xasprintf("%.*s", (int)(eq - a->canary_header), a->canary_header)
					: xstrdup(a->canary_header);
			json_object_set_new(anns, ANN_HEADER, json_string(name));
			free(name);
			if (eq)
				json_object_set_new(anns, ANN_HEADER_VALUE, json_string(eq + 1));
		}
	}
	if (a->canary_cookie) {
		json_object_del(anns, ANN_COOKIE);
		if (*a->canary_cookie)
			json_object_set_new(anns, ANN_COOKIE, json_string(a->canary_cookie));
	}
}

static int weight_ops(struct app *a, const struct route *r, int w, json_t *ops)
{
	json_t *anns = anns_of(r->obj);
	char *p = pointer_join("/metadata/annotations", ANN_CANARY);
	op_test(ops, p, json_object_get(anns, ANN_CANARY));
	free(p);
	p = pointer_join("/metadata/annotations", ANN_WEIGHT);
	if (json_object_get(anns, ANN_WEIGHT))
		op_test(ops, p, json_object_get(anns, ANN_WEIGHT));
	if (w >= 0) {
		char n[16];
		snprintf(n, sizeof n, "%d", w);
		op_add(ops, p, json_string(n));
	}
	free(p);
	json_t *want = json_deep_copy(anns);
	apply_match(a, want);
	static const char *const keys[] = {ANN_HEADER, ANN_HEADER_VALUE, ANN_COOKIE};
	for (size_t i = 0; i < 3; i++) {
		json_t *have = json_object_get(anns, keys[i]), *v = json_object_get(want, keys[i]);
		p = pointer_join("/metadata/annotations", keys[i]);
		if (v && !json_equal(v, have))
			op_add(ops, p, json_incref(v));
		else if (!v && have) {
			op_test(ops, p, have);
			json_array_append_new(ops, json_pack("{s:s,s:s}", "op", "remove", "path", p));
		}
		free(p);
	}
	json_decref(want);
	return 0;
}

static int point_at(json_t *backend, void *ud)
{
	json_t *svc = json_object_get(backend, "service");
	if (!svc)
		return -1;
	json_object_set_new(svc, "name", json_string(ud));
	return 0;
}

static int create(struct app *a, struct route *r, int w, json_t *ann)
{
	const char *cname = strrchr(r->path, '/') + 1, *svc = canary_service(a, r);
	json_t *spec = json_deep_copy(json_object_get(r->base, "spec")), *bmeta = json_object_get(r->base, "metadata");
	if (each_backend(spec, point_at, (void *)svc)) {
		msg_error("ingress \"%s\" has a backend that is not a Service (a resource backend); ingress-nginx "
			  "canaries "
			  "need Service backends",
			  r->name);
		json_decref(spec);
		json_decref(ann);
		return EXIT_FAIL;
	}
	char n[16];
	snprintf(n, sizeof n, "%d", w);
	json_t *anns = json_pack("{s:s,s:s,s:s}", ANN_CANARY, "true", ANN_WEIGHT, n, ANN_STABLE, r->name);
	const char *cls = json_get_str(anns_of(r->base), ANN_CLASS, NULL);
	if (cls)
		json_object_set_new(anns, ANN_CLASS, json_string(cls));
	apply_match(a, anns);
	if (ann)
		json_object_update(anns, ann);
	json_decref(ann);
	/* Owned by the stable Ingress: deleting it deletes its canary. */
	json_t *obj = json_pack("{s:s,s:s,s:{s:s,s:{s:s},s:o,s:[{s:s,s:s,s:s,s:s}]},s:o}", "apiVersion",
				"networking.k8s.io/v1", "kind", "Ingress", "metadata", "name", cname, "labels",
				"app.kubernetes.io/managed-by", "k8s-rollout", "annotations", anns, "ownerReferences",
				"apiVersion", "networking.k8s.io/v1", "kind", "Ingress", "name", r->name, "uid",
				json_get_str(bmeta, "uid", ""), "spec", spec);
	char *body = json_dumps(obj, JSON_COMPACT), *coll = ingress_path(a, NULL, "");
	char *full = xasprintf("%s?fieldManager=k8s-rollout", coll);
	json_decref(obj);
	struct kresp resp;
	int rc = kapi(&a->kc, "POST", full, "application/json", body, &resp);
	free(body);
	free(coll);
	free(full);
	if (rc == 0 && json_is_object(resp.body)) {
		r->obj = json_incref(resp.body);
		if (!a->quiet)
			fprintf(stderr, "ingress.networking.k8s.io/%s created: a canary of %s to Service %s\n", cname,
				r->name, svc);
		rc = locate(a, r);
	} else if (resp.status == 409) {
		rc = ROUTE_RACE;
	} else {
		char what[400];
		snprintf(what, sizeof what, "ingresses.networking.k8s.io \"%s\"", cname);
		rc = kapi_fail(&a->kc, &resp, "create", what);
	}
	kresp_free(&resp);
	return rc;
}

static int retire(struct app *a, struct route *r)
{
	if (!r->obj)
		return 0;
	struct kresp resp;
	int rc = kapi(&a->kc, "DELETE", r->path, NULL, NULL, &resp);
	if (rc && resp.status != 404) {
		char what[400];
		snprintf(what, sizeof what, "ingresses.networking.k8s.io \"%s\"", strrchr(r->path, '/') + 1);
		rc = kapi_fail(&a->kc, &resp, "delete", what);
	} else {
		rc = 0;
		json_decref(r->obj);
		r->obj = NULL;
		if (!a->quiet)
			fprintf(stderr, "ingress.networking.k8s.io/%s deleted\n", strrchr(r->path, '/') + 1);
	}
	kresp_free(&resp);
	return rc;
}

static void describe(const struct app *a, const struct route *r, json_t *o, char *text, size_t len)
{
	const char *cname = strrchr(r->path, '/') + 1, *svc = canary_service(a, r);
	json_t *anns = anns_of(r->obj);
	const char *header = json_get_str(anns, ANN_HEADER, NULL), *value = json_get_str(anns, ANN_HEADER_VALUE, NULL);
	const char *cookie = json_get_str(anns, ANN_COOKIE, NULL);
	char *stable = services_text(r->base, NULL);
	json_object_set_new(o, "canaryIngress", r->obj ? json_string(cname) : json_null());
	json_object_set_new(o, "stable",
			    json_pack("{s:s,s:I}", "service", stable, "weight", (json_int_t)weight(r, false)));
	json_t *c = json_pack("{s:s,s:I}", "service", svc ? svc : "", "weight", (json_int_t)weight(r, true));
	char match[600] = "";
	if (header) {
		char *h = value ? xasprintf("%s=%s", header, value) : xstrdup(header);
		json_object_set_new(c, "header", json_string(h));
		snprintf(match, sizeof match, "; header %s", h);
		free(h);
	}
	if (cookie) {
		json_object_set_new(c, "cookie", json_string(cookie));
		size_t n = strlen(match);
		snprintf(match + n, sizeof match - n, "; cookie %s", cookie);
	}
	json_object_set_new(o, "canary", c);
	if (r->obj)
		snprintf(text, len, "canary ingress \"%s\": stable (%s) %lld, canary (%s) %lld%s", cname, stable,
			 weight(r, false), svc ? svc : "", weight(r, true), match);
	else
		snprintf(text, len, "no canary ingress: stable (%s) 100, canary (%s) 0", stable, svc ? svc : "");
	free(stable);
}

const struct router router_nginx = {
	.kind = "ingress",
	.id = "nginx",
	.resource = "ingresses.networking.k8s.io",
	.options = options,
	.fetch = fetch,
	.locate = locate,
	.weight = weight,
	.weight_ops = weight_ops,
	.create = create,
	.retire = retire,
	.describe = describe,
};
