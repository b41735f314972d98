/* virtualservice: reading and writing the canary's route of an Istio
 * VirtualService.  Every write is one merge patch carrying the whole
 * spec.http (so both weights change together and sum to 100, and every
 * other route and field stays) and metadata.resourceVersion (so a
 * concurrent change makes it fail with 409 instead of being overwritten;
 * CRDs refuse strategic merge). */
#include "virtualservice.h"
#include "cli.h"
#include "ghaout.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>

/* v1 when the server serves it, else v1beta1 (same objects). */
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

static char *vs_path(struct app *a, const char *name)
{
	char *ns = url_escape(a->cfg.ns);
	char *p = xasprintf("/apis/networking.istio.io/%s/namespaces/%s/virtualservices/%s", istio_version(a), ns, name);
	free(ns);
	return p;
}

static long long weight_of(const json_t *dest) { return json_get_int(dest, "weight", 0); }

static const char *subset_of(const json_t *dest)
{
	return json_get_str(json_object_get(dest, "destination"), "subset", "");
}

/* Find the route (by --route, else the first with both subsets). */
static int locate(struct app *a, struct vsref *r)
{
	json_t *http = json_object_get(json_object_get(r->vs, "spec"), "http"), *route;
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
			r->route = i;
			return 0;
		}
		if (a->route)
			break;
	}
	kerror("virtualservice \"%s\" has no HTTP route%s%s%s with destinations of subsets \"%s\" and \"%s\"; "
		  "check --route, --stable-subset and --canary-subset",
		  r->name, a->route ? " named \"" : "", a->route ? a->route : "", a->route ? "\"" : "", a->stable_subset,
		  a->canary_subset);
	return EXIT_FAIL;
}

int vs_load(struct app *a, const char *name, struct vsref *r)
{
	memset(r, 0, sizeof *r);
	r->name = name;
	char *path = vs_path(a, name);
	struct kresp resp;
	int rc = kapi(&a->kc, "GET", path, NULL, NULL, &resp);
	free(path);
	if (rc) {
		char what[300];
		snprintf(what, sizeof what, "virtualservices.networking.istio.io \"%s\"", name);
		rc = kapi_fail(&a->kc, &resp, "get", what);
		kresp_free(&resp);
		return rc;
	}
	r->vs = json_incref(resp.body);
	kresp_free(&resp);
	rc = locate(a, r);
	if (rc) {
		json_decref(r->vs);
		r->vs = NULL;
	}
	return rc;
}

const char *annotation(const struct vsref *r, const char *key)
{
	return json_get_str(json_object_get(json_object_get(r->vs, "metadata"), "annotations"), key, NULL);
}

json_t *route_of(const struct vsref *r)
{
	return json_array_get(json_object_get(json_object_get(r->vs, "spec"), "http"), r->route);
}

long long canary_weight(const struct vsref *r)
{
	return weight_of(json_array_get(json_object_get(route_of(r), "route"), r->ci));
}

long long stable_weight(const struct vsref *r)
{
	return weight_of(json_array_get(json_object_get(route_of(r), "route"), r->si));
}

/* One write: canary weight (-1 = unchanged) and annotations (stolen, may
 * be NULL).  0 (r->vs is the new object), 409, or an exit code. */
int vs_write(struct app *a, struct vsref *r, int canary, json_t *ann)
{
	json_t *patch = json_object(), *meta = json_object();
	json_object_set(meta, "resourceVersion", json_object_get(json_object_get(r->vs, "metadata"), "resourceVersion"));
	if (ann)
		json_object_set_new(meta, "annotations", ann);
	json_object_set_new(patch, "metadata", meta);
	if (canary >= 0) {
		json_t *http = json_deep_copy(json_object_get(json_object_get(r->vs, "spec"), "http"));
		json_t *dests = json_object_get(json_array_get(http, r->route), "route"), *d;
		size_t j;
		long long others = 0;
		json_array_foreach(dests, j, d) {
			if (j != r->si && j != r->ci)
				others += weight_of(d);
		}
		if (others + canary > 100) {
			kerror("virtualservice \"%s\": other destinations already take %lld%%; canary %d%% does not fit",
				  r->name, others, canary);
			json_decref(http);
			json_decref(patch);
			return EXIT_FAIL;
		}
		json_object_set_new(json_array_get(dests, r->ci), "weight", json_integer(canary));
		json_object_set_new(json_array_get(dests, r->si), "weight", json_integer(100 - canary - others));
		json_object_set_new(patch, "spec", json_pack("{s:o}", "http", http));
	}
	char *body = json_dumps(patch, JSON_COMPACT);
	json_decref(patch);
	char *path = vs_path(a, r->name);
	char *full = xasprintf("%s?fieldManager=k8s-rollout", path);
	struct kresp resp;
	int rc = kapi(&a->kc, "PATCH", full, "application/merge-patch+json", body, &resp);
	free(body);
	free(path);
	free(full);
	if (rc == 0) {
		json_decref(r->vs);
		r->vs = json_incref(resp.body);
		rc = locate(a, r);
	} else if (resp.status == 409) {
		rc = 409;
	} else {
		char what[300];
		snprintf(what, sizeof what, "virtualservices.networking.istio.io \"%s\"", r->name);
		rc = kapi_fail(&a->kc, &resp, "patch", what);
	}
	kresp_free(&resp);
	return rc;
}

json_t *state_ann(const char *state, size_t step)
{
	char n[32];
	snprintf(n, sizeof n, "%zu", step);
	return json_pack("{s:s,s:s}", ANN_STATE, state, ANN_STEP, n);
}

/* A write that must happen (abort, roll back on a failed gate): re-read
 * and retry on conflicts. */
int vs_force(struct app *a, struct vsref *r, int canary, const char *state, size_t step)
{
	for (int i = 0; i < WRITE_ATTEMPTS; i++) {
		int rc = vs_write(a, r, canary, state ? state_ann(state, step) : NULL);
		if (rc != 409)
			return rc;
		json_t *old = r->vs;
		if ((rc = vs_load(a, r->name, r)) != 0) {
			json_decref(old);
			return rc;
		}
		json_decref(old);
	}
	kerror("virtualservice \"%s\" kept changing (409 Conflict %d times); weights not written", r->name,
		  WRITE_ATTEMPTS);
	return EXIT_ENV;
}

