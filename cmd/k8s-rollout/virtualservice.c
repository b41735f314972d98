/* virtualservice: the canary's route of an Istio VirtualService.  A write
 * tests the route's destination list as read and sets both weights, so
 * they change together and sum to 100; every other route and field stays. */
#include "virtualservice.h"
#include "cli.h"
#include "ghaout.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>

const char *istio_version(struct app *a)
{
	static const char *version;
	if (!version) {
		struct kresp r;
		version = kapi(&a->kc, "GET", "/apis/networking.istio.io/v1", NULL, NULL, &r) == 0 ? "v1" : "v1beta1";
		kresp_free(&r);
	}
	return version;
}

static void options(struct app *a, const char *name)
{
	foreign_option(a->stable_backend, "stable-backend", &router_istio, name);
	foreign_option(a->canary_backend, "canary-backend", &router_istio, name);
	foreign_option(a->canary_service, "canary-service", &router_istio, name);
	foreign_option(a->canary_header, "canary-header", &router_istio, name);
	foreign_option(a->canary_cookie, "canary-cookie", &router_istio, name);
	if (!a->canary_subset)
		a->canary_subset = "canary";
	if (!a->stable_subset)
		a->stable_subset = "stable";
	if (!strcmp(a->canary_subset, a->stable_subset))
		cli_usage_error("--canary-subset and --stable-subset must differ");
}

static long long weight_of(const json_t *dest) { return json_get_int(dest, "weight", 0); }

static const char *subset_of(const json_t *dest)
{
	return json_get_str(json_object_get(dest, "destination"), "subset", "");
}

static json_t *dests_of(const struct route *r)
{
	return json_object_get(json_array_get(json_object_get(json_object_get(r->obj, "spec"), "http"), r->rule),
			       "route");
}

/* The route by --route, else the first with both subsets. */
static int locate(struct app *a, struct route *r)
{
	json_t *http = json_object_get(json_object_get(r->obj, "spec"), "http"), *route;
	size_t i;
	json_array_foreach(http, i, route) {
		if (a->route && strcmp(json_get_str(route, "name", ""), a->route))
			continue;
		json_t *dests = json_object_get(route, "route"), *d;
		size_t j;
		bool s = false, c = false;
		json_array_foreach(dests, j, d) {
			if (!s && !strcmp(subset_of(d), a->stable_subset)) {
				r->si = j;
				s = true;
			} else if (!c && !strcmp(subset_of(d), a->canary_subset)) {
				r->ci = j;
				c = true;
			}
		}
		if (s && c) {
			r->rule = i;
			return 0;
		}
		if (a->route)
			break;
	}
	kerror("virtualservice \"%s\" has no HTTP route%s%s%s with destinations of subsets \"%s\" and \"%s\"; "
	       "check --route, --stable-subset and --canary-subset",
	       r->name, a->route ? " named \"" : "", a->route ? a->route : "", a->route ? "\"" : "", a->stable_subset,
	       a->canary_subset);
	return EXIT_USAGE;
}

static int fetch(struct app *a, struct route *r)
{
	char *ns = url_escape(a->cfg.ns);
	r->path = xasprintf("/apis/networking.istio.io/%s/namespaces/%s/virtualservices/%s", istio_version(a), ns,
			    r->name);
	free(ns);
	return route_get(a, r, false);
}

static long long weight(const struct route *r, bool canary)
{
	return weight_of(json_array_get(dests_of(r), canary ? r->ci : r->si));
}

static int weight_ops(struct app *a, const struct route *r, int w, json_t *ops)
{
	(void)a;
	json_t *dests = dests_of(r), *d;
	char *base = xasprintf("/spec/http/%zu/route", r->rule);
	op_test(ops, base, dests);
	if (w >= 0) {
		long long others = 0;
		size_t j;
		json_array_foreach(dests, j, d) {
			if (j != r->si && j != r->ci)
				others += weight_of(d);
		}
		if (others + w > 100) {
			kerror("virtualservice \"%s\": other destinations already take %lld%%; canary %d%% does not fit",
			       r->name, others, w);
			free(base);
			return EXIT_FAIL;
		}
		char *p = xasprintf("%s/%zu/weight", base, r->ci);
		op_add(ops, p, json_integer(w));
		free(p);
		p = xasprintf("%s/%zu/weight", base, r->si);
		op_add(ops, p, json_integer(100 - w - others));
		free(p);
	}
	free(base);
	return 0;
}

static void describe(const struct app *a, const struct route *r, json_t *o, char *text, size_t len)
{
	json_t *route = json_array_get(json_object_get(json_object_get(r->obj, "spec"), "http"), r->rule);
	const char *rname = json_get_str(route, "name", NULL);
	json_object_set_new(o, "route", rname ? json_string(rname) : json_integer((json_int_t)r->rule));
	json_object_set_new(o, "stable", json_pack("{s:s,s:I}", "subset", a->stable_subset, "weight",
						   (json_int_t)weight(r, false)));
	json_object_set_new(o, "canary", json_pack("{s:s,s:I}", "subset", a->canary_subset, "weight",
						   (json_int_t)weight(r, true)));
	if (rname)
		snprintf(text, len, "route \"%s\": stable (%s) %lld, canary (%s) %lld", rname, a->stable_subset,
			 weight(r, false), a->canary_subset, weight(r, true));
	else
		snprintf(text, len, "route #%zu: stable (%s) %lld, canary (%s) %lld", r->rule, a->stable_subset,
			 weight(r, false), a->canary_subset, weight(r, true));
}

const struct router router_istio = {
	.kind = "virtualservice",
	.id = "istio",
	.resource = "virtualservices.networking.istio.io",
	.options = options,
	.fetch = fetch,
	.locate = locate,
	.weight = weight,
	.weight_ops = weight_ops,
	.describe = describe,
};
