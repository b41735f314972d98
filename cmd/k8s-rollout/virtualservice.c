/* virtualservice: the Istio router — the canary's HTTP route of a
 * VirtualService, found by --route or by its two subsets (split.c). */
#include "cli.h"
#include "json.h"
#include "router.h"
#include "split.h"

#include <string.h>

/* v1 when the server serves it, else v1beta1 (the same objects). */
static const char *istio_version(struct app *a)
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

static const char *subset_of(const struct app *a, const json_t *dest)
{
	(void)a;
	return json_get_str(json_object_get(dest, "destination"), "subset", "");
}

static const struct split split = {"http", "route", 0, "subset", "route", subset_of};

static int fetch(struct app *a, struct route *r)
{
	return route_fetch(a, r, "networking.istio.io", istio_version(a), "virtualservices");
}

static int locate(struct app *a, struct route *r)
{
	if (split_find(a, r, &split, a->stable_subset, a->canary_subset))
		return 0;
	msg_error("virtualservice \"%s\" has no HTTP route%s%s%s with destinations of subsets \"%s\" and \"%s\"; "
		  "check --route, --stable-subset and --canary-subset",
		  r->name, a->route ? " named \"" : "", a->route ? a->route : "", a->route ? "\"" : "",
		  a->stable_subset, a->canary_subset);
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
	msg_error("virtualservice \"%s\": other destinations already take %lld%%; canary %d%% does not fit", r->name,
		  others, w);
	return EXIT_FAIL;
}

static void describe(const struct app *a, const struct route *r, json_t *o, char *text, size_t len)
{
	split_describe(r, &split, a->stable_subset, a->canary_subset, o, text, len);
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
