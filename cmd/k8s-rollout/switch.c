/* switch: blue/green by Service selector — check that the target colour's
 * deployments are rolled out with every pod ready, flip the selector in one
 * merge patch, watch an optional analysis window and switch back when it
 * fails, then optionally scale the old colour down. */
#include "analysis.h"
#include "app.h"
#include "cli.h"
#include "ghaout.h"
#include "fs.h"
#include "json.h"
#include "verdict.h"
#include "plan.h"
#include "progress.h"
#include "router.h"
#include "status.h"
#include "timeutil.h"
#include "yaml_json.h"

#include <stdlib.h>
#include <string.h>

static char *service_path(const struct app *a, const char *name)
{
	char *ns = url_escape(a->cfg.ns);
	char *p = xasprintf("/api/v1/namespaces/%s/services/%s", ns, name);
	free(ns);
	return p;
}

static bool labels_match(const json_t *labels, const json_t *selector)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)selector, k, v) {
		if (!json_equal(json_object_get(labels, k), v))
			return false;
	}
	return json_object_size(selector) > 0;
}

static json_t *template_labels(const json_t *dep)
{
	return json_object_get(json_object_get(json_object_get(json_object_get(dep, "spec"), "template"), "metadata"),
			       "labels");
}

static char *selector_text(const json_t *sel)
{
	char *out = xstrdup("");
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)sel, k, v) {
		char *n =
			xasprintf("%s%s%s=%s", out, *out ? "," : "", k, json_is_string(v) ? json_string_value(v) : "?");
		free(out);
		out = n;
	}
	return out;
}

/* The deployments whose pods the selector picks: 0 and *out, or an exit code. */
static int matching_deployments(struct app *a, const json_t *sel, json_t **out)
{
	char *path = deployment_path(a, NULL);
	struct kresp r;
	int rc = kapi(&a->kc, "GET", path, NULL, NULL, &r);
	free(path);
	if (rc) {
		rc = kapi_fail(&a->kc, &r, "list", "deployments.apps");
		kresp_free(&r);
		return rc;
	}
	*out = json_array();
	json_t *it;
	size_t i;
	json_array_foreach(json_object_get(r.body, "items"), i, it) {
		if (labels_match(template_labels(it), sel))
			json_array_append(*out, it);
	}
	kresp_free(&r);
	return 0;
}

static int patch_selector(struct app *a, const char *svc, const char *label, const char *color)
{
	json_t *patch = json_pack("{s:{s:{s:o}}}", "spec", "selector", label, color ? json_string(color) : json_null());
	char *body = json_dumps(patch, JSON_COMPACT), *path = service_path(a, svc);
	char *full = xasprintf("%s?fieldManager=k8s-rollout", path);
	json_decref(patch);
	struct kresp r;
	int rc = kapi(&a->kc, "PATCH", full, "application/merge-patch+json", body, &r);
	if (rc) {
		char what[300];
		snprintf(what, sizeof what, "services \"%s\"", svc);
		rc = kapi_fail(&a->kc, &r, "patch", what);
	}
	kresp_free(&r);
	free(body);
	free(path);
	free(full);
	return rc;
}

static int load_gate(const struct app *a, struct gate *g)
{
	char *buf, err[600];
	size_t len;
	if (fs_read_all(a->analysis_file, 1u << 20, &buf, &len, err, sizeof err) != 0) {
		msg_error("%s", err);
		return EXIT_INPUT;
	}
	struct yaml_json_docs d;
	int rc = yaml_json_stream(buf, len, a->analysis_file, &d, err, sizeof err);
	free(buf);
	if (rc == 0 && d.n == 1) {
		json_t *an = json_object_get(d.docs[0], "analysis");
		char e[400];
		rc = gate_from_json(an ? an : d.docs[0], g, e, sizeof e);
		if (rc)
			snprintf(err, sizeof err, "%s:%d:1: %s", a->analysis_file, d.lines[0], e);
	} else if (rc == 0) {
		snprintf(err, sizeof err, "%s: an analysis file holds one YAML document", a->analysis_file);
		rc = -1;
	}
	if (d.docs)
		yaml_json_docs_free(&d);
	if (rc) {
		msg_error("%s", err);
		return EXIT_INPUT;
	}
	if (a->window_ms) {
		/* The window decides how many measurements: one per interval. */
		g->count = g->interval_ms ? (long)(a->window_ms / g->interval_ms) : 1;
		if (g->count < 1)
			g->count = 1;
	}
	return 0;
}

static int check_ready(struct app *a, json_t *deps)
{
	json_t *dep;
	size_t i;
	json_array_foreach(deps, i, dep) {
		struct rollout_state st;
		rollout_evaluate(dep, 0, &st);
		const char *name = json_get_str(json_object_get(dep, "metadata"), "name", "");
		long long want = st.spec_replicas < 0 ? 1 : st.spec_replicas;
		if (st.verdict != RV_DONE || st.ready < want) {
			msg_error("deployment \"%s\" is not ready for the switch: %s; %lld of %lld pods ready", name,
				  st.message, st.ready, want);
			return EXIT_FAIL;
		}
	}
	return 0;
}

/* --scale-down-delay, for the status line. */
struct delay {
	const char *target, *old;
	int64_t end;
};

/* "service/shop: scaling down version=blue in 4m10s" */
static void delay_line(void *ud, char *buf, size_t len)
{
	const struct delay *d = ud;
	char left[32];
	format_seconds(d->end - mono_ms(), left, sizeof left);
	snprintf(buf, len, "%s: scaling down %s in %s", d->target, d->old, left);
}

static void scale_down_delay(const struct app *a, const char *target, const char *old)
{
	struct delay d = {target, old, mono_ms() + a->scale_down_delay_ms};
	progress_begin(delay_line, &d);
	progress_sleep(a->scale_down_delay_ms);
	progress_end();
}

static int scale_down(struct app *a, const json_t *old_sel)
{
	json_t *deps, *dep;
	int rc = matching_deployments(a, old_sel, &deps);
	if (rc)
		return rc;
	size_t i;
	json_array_foreach(deps, i, dep) {
		const char *name = json_get_str(json_object_get(dep, "metadata"), "name", "");
		json_t *patch = json_pack("{s:{s:i}}", "spec", "replicas", 0);
		rc = patch_deployment(a, name, "application/merge-patch+json", patch, "k8s-rollout", NULL);
		json_decref(patch);
		if (rc == 409)
			rc = conflict_fail("failed to scale down", name);
		if (rc)
			break;
		if (!a->json)
			printf("deployment.apps/%s scaled to 0\n", name);
	}
	json_decref(deps);
	return rc;
}

/* The deployments behind selector sel (the one --verify names, if any) must
 * be rolled out with every pod ready: 0, or an exit code after a message.
 * sel_what names the selector ("the new selector"), target what is being
 * switched ("service \"shop\""). */
static int ready_behind(struct app *a, const json_t *sel, const char *sel_what, const char *target)
{
	json_t *targets = NULL;
	int rc = 0;
	if (a->verify) {
		json_t *dep;
		if ((rc = get_deployment(a, a->verify, &dep)) != 0)
			return rc;
		if (!labels_match(template_labels(dep), sel)) {
			char *t = selector_text(sel);
			msg_error("deployment \"%s\" has pods %s %s would not pick; check --to and --label", a->verify,
				  sel_what, t);
			free(t);
			json_decref(dep);
			return EXIT_FAIL;
		}
		targets = json_pack("[o]", dep);
	} else if ((rc = matching_deployments(a, sel, &targets)) != 0) {
		return rc;
	} else if (!json_array_size(targets)) {
		char *t = selector_text(sel);
		msg_error("no deployment in namespace \"%s\" has pods that %s selects; refusing to switch %s",
			  a->cfg.ns, t, target);
		free(t);
		rc = EXIT_FAIL;
	}
	if (!rc)
		rc = check_ready(a, targets);
	json_decref(targets);
	return rc;
}

/* The analysis window after a switch (g NULL: none): EXIT_OK, or
 * EXIT_FAIL and what says why. */
static int watch_window(struct app *a, const struct gate *g, char *what, size_t len)
{
	return g ? gate_run(a, g, what, len) : EXIT_OK;
}

static int do_switch(struct app *a, const struct gate *g, const char *svc, json_t *sel, const char *label,
		     const char *old)
{
	json_t *new_sel = json_deep_copy(sel);
	json_object_set_new(new_sel, label, json_string(a->to_color));
	char target[300], what[700];
	snprintf(target, sizeof target, "service \"%s\"", svc);
	int rc = ready_behind(a, new_sel, "the new selector", target);
	if (rc || (rc = patch_selector(a, svc, label, a->to_color)) != 0)
		goto out;
	if (!a->json)
		verdict_say(COLOR_OK, "switched", "service/%s switched: %s=%s -> %s=%s", svc, label,
			    old ? old : "(none)", label, a->to_color);
	int grc = watch_window(a, g, what, sizeof what);
	if (grc == EXIT_FAIL) {
		verdict_fail("failed", "analysis after the switch failed: %s; switching service \"%s\" back to %s=%s",
			     what, svc, label, old ? old : "(none)");
		rc = patch_selector(a, svc, label, old);
		ghaout_set("result", "switched_back");
		if (!rc && !a->json)
			verdict_say(COLOR_WARNING, "switched back", "service/%s switched back: %s=%s", svc, label,
				    old ? old : "(none)");
		if (a->json)
			printf("{\"service\":\"%s\",\"result\":\"switched_back\",\"to\":\"%s\"}\n", svc,
			       old ? old : "");
		rc = rc ? rc : EXIT_FAIL;
		goto out;
	}
	ghaout_set("result", "switched");
	if (a->json)
		printf("{\"service\":\"%s\",\"result\":\"switched\",\"to\":\"%s\"}\n", svc, a->to_color);
	if (a->scale_down_delay_ms && old) {
		char who[300], was[300];
		snprintf(who, sizeof who, "service/%s", svc);
		snprintf(was, sizeof was, "%s=%s", label, old);
		scale_down_delay(a, who, was);
		rc = scale_down(a, sel);
	}
out:
	json_decref(new_sel);
	return rc;
}

static int get_service(struct app *a, const char *name, json_t **out)
{
	char *path = service_path(a, name);
	struct kresp r;
	int rc = kapi(&a->kc, "GET", path, NULL, NULL, &r);
	free(path);
	if (rc) {
		char what[300];
		snprintf(what, sizeof what, "services \"%s\"", name);
		rc = kapi_fail(&a->kc, &r, "get", what);
	} else {
		*out = json_incref(r.body);
	}
	kresp_free(&r);
	return rc;
}

/* Every backendRef of the route to `from` pointed at `to`, in one guarded
 * JSON patch; re-read and retried when the route changed meanwhile. */
static int repoint(struct app *a, struct route *r, const char *from, const char *to)
{
	for (int i = 0; i < WRITE_ATTEMPTS; i++) {
		json_t *ops = json_array(), *out = NULL;
		r->rt->repoint_ops(a, r, from, to, ops);
		if (!json_array_size(ops)) {
			json_decref(ops);
			msg_error("httproute \"%s\" no longer sends traffic to Service \"%s\"; not switched", r->name,
				  from);
			return EXIT_FAIL;
		}
		char what[300];
		snprintf(what, sizeof what, "%s \"%s\"", r->rt->resource, r->name);
		int rc = json_patch(a, r->path, ops, what, &out);
		json_decref(ops);
		if (rc != ROUTE_RACE) {
			if (!rc) {
				json_decref(r->obj);
				r->obj = out;
			}
			return rc;
		}
		route_free(r);
		if ((rc = r->rt->fetch(a, r)) != 0)
			return rc;
	}
	msg_error("httproute \"%s\" kept changing (409 Conflict or a failed test, %d times); not switched", r->name,
		  WRITE_ATTEMPTS);
	return EXIT_ENV;
}

/* The Service of the route's backendRefs that --to replaces: --from, else
 * the only one. */
static int active_service(struct app *a, const struct route *r, const char **from)
{
	json_t *svcs = r->rt->services(a, r), *s;
	size_t i, n = 0;
	bool has_to = false, has_from = false;
	char *list = xstrdup("");
	json_array_foreach(svcs, i, s) {
		const char *v = json_string_value(s);
		char *t = xasprintf("%s%s%s", list, i ? ", " : "", v);
		free(list);
		list = t;
		has_to = has_to || !strcmp(v, a->to_color);
		has_from = has_from || (a->from && !strcmp(v, a->from));
		if (strcmp(v, a->to_color)) {
			n++;
			if (!a->from)
				*from = v;
		}
	}
	int rc = 0;
	if (a->from && !has_from) {
		msg_error("httproute \"%s\" sends no traffic to Service \"%s\" (it names: %s); check --from", r->name,
			  a->from, *list ? list : "none");
		rc = EXIT_USAGE;
	} else if (has_to && n) {
		msg_error("httproute \"%s\" already sends traffic to \"%s\" beside %s: a split is a canary (canary "
			  "set-weight), not a blue/green switch",
			  r->name, a->to_color, list);
		rc = EXIT_USAGE;
	} else if (!a->from && n > 1) {
		msg_error("httproute \"%s\" sends traffic to Services %s; name the one to replace with --from", r->name,
			  list);
		rc = EXIT_USAGE;
	} else if (a->from) {
		*from = a->from;
	} else if (!n && !has_to) {
		msg_error("httproute \"%s\" has no Service backendRefs to switch", r->name);
		rc = EXIT_FAIL;
	}
	if (!rc && !n)
		*from = NULL; /* already on --to */
	else if (!rc && !a->from)
		*from = xstrdup(*from);
	free(list);
	json_decref(svcs);
	return rc;
}

static void route_result(const struct app *a, const struct route *r, const char *result, const char *from,
			 const char *to)
{
	ghaout_set("result", result);
	if (!a->json)
		return;
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s}", r->rt->kind, r->name, "router", r->rt->id, "result", result,
			      "from", from, "to", to);
	json_print(stdout, o, false);
	json_decref(o);
}

/* Blue/green on an HTTPRoute: the Service --to must have ready pods behind
 * it; then the route's references to the active Service point at it. */
static int switch_route(struct app *a, const struct gate *g, struct route *r)
{
	if (a->label)
		cli_usage_error("--label does not apply to httproute/%s (it switches Services, not selectors)",
				r->name);
	static const char *const none[] = {NULL};
	const char *to = object_name(a->to_color, "service", none), *from = NULL;
	if (a->from && !strcmp(object_name(a->from, "service", none), to))
		cli_usage_error("--from and --to name the same Service");
	int rc = r->rt->fetch(a, r);
	if (!rc)
		rc = active_service(a, r, &from);
	if (rc)
		return rc;
	if (!from) {
		route_result(a, r, "unchanged", to, to);
		if (!a->json)
			printf("httproute/%s already sends its traffic to %s\n", r->name, to);
		return 0;
	}
	json_t *svc = NULL, *old = NULL;
	char sel_what[300], target[300], what[700];
	snprintf(sel_what, sizeof sel_what, "Service \"%s\"'s selector", to);
	snprintf(target, sizeof target, "httproute \"%s\"", r->name);
	if ((rc = get_service(a, to, &svc)) != 0)
		goto out;
	json_t *sel = json_object_get(json_object_get(svc, "spec"), "selector");
	if (!json_is_object(sel) || !json_object_size(sel)) {
		msg_error("service \"%s\" has no selector: no pods to check before switching", to);
		rc = EXIT_FAIL;
		goto out;
	}
	if ((rc = ready_behind(a, sel, sel_what, target)) != 0 || (rc = repoint(a, r, from, to)) != 0)
		goto out;
	if (!a->json)
		verdict_say(COLOR_OK, "switched", "httproute/%s switched: %s -> %s", r->name, from, to);
	int grc = watch_window(a, g, what, sizeof what);
	if (grc == EXIT_FAIL) {
		verdict_fail("failed", "analysis after the switch failed: %s; switching httproute \"%s\" back to %s",
			     what, r->name, from);
		rc = repoint(a, r, to, from);
		if (!rc && !a->json)
			verdict_say(COLOR_WARNING, "switched back", "httproute/%s switched back: %s", r->name, from);
		route_result(a, r, "switched_back", to, from);
		rc = rc ? rc : EXIT_FAIL;
		goto out;
	}
	route_result(a, r, "switched", from, to);
	if (a->scale_down_delay_ms && (rc = get_service(a, from, &old)) == 0) {
		char route[300], was[300];
		snprintf(route, sizeof route, "httproute/%s", r->name);
		snprintf(was, sizeof was, "the deployments of Service %s", from);
		scale_down_delay(a, route, was);
		json_t *osel = json_object_get(json_object_get(old, "spec"), "selector");
		if (json_is_object(osel) && json_object_size(osel))
			rc = scale_down(a, osel);
	}
out:
	json_decref(svc);
	json_decref(old);
	if (!a->from)
		free((char *)from);
	return rc;
}

/* A Service switch: its selector's --label to --to. */
static int switch_service(struct app *a, const struct gate *g, const char *svc)
{
	const char *label = a->label ? a->label : "version";
	json_t *obj;
	int rc = get_service(a, svc, &obj);
	if (rc)
		return rc;
	json_t *sel = json_object_get(json_object_get(obj, "spec"), "selector");
	const char *old = json_get_str(sel, label, NULL);
	if (!json_is_object(sel)) {
		msg_error("service \"%s\" has no selector to switch", svc);
		rc = EXIT_FAIL;
	} else if (old && !strcmp(old, a->to_color)) {
		if (a->json)
			printf("{\"service\":\"%s\",\"result\":\"unchanged\",\"to\":\"%s\"}\n", svc, a->to_color);
		else
			printf("service/%s already selects %s=%s\n", svc, label, old);
	} else {
		char *old_copy = old ? xstrdup(old) : NULL;
		rc = do_switch(a, g, svc, sel, label, old_copy);
		free(old_copy);
	}
	json_decref(obj);
	return rc;
}

int run_switch(struct app *a, int argc, char **argv)
{
	if (!a->to_color || !*a->to_color)
		cli_usage_error("switch needs --to COLOR (--to SERVICE for an httproute/)");
	static const char *const kinds[] = {"service/", "services/", "svc/", NULL};
	bool is_service = !strchr(argv[0], '/');
	for (size_t i = 0; kinds[i]; i++)
		is_service = is_service || !strncmp(argv[0], kinds[i], strlen(kinds[i]));
	struct route r = {0};
	const char *svc = NULL;
	if (is_service) {
		svc = object_name(argv[0], "service", kinds);
		if (a->from)
			cli_usage_error(
				"--from applies to httproute/ switches; a Service switch changes its selector's "
				"--label");
	} else {
		r.rt = route_parse(argv[0], &r.name);
		if (r.rt != &router_gateway)
			cli_usage_error("switch works on a Service or an httproute/, not %s/%s", r.rt->kind, r.name);
	}
	/* The analysis is read before anything is switched. */
	struct gate g;
	int rc = a->analysis_file ? load_gate(a, &g) : 0;
	if (rc)
		return rc;
	const struct gate *gp = a->analysis_file ? &g : NULL;
	rc = svc ? switch_service(a, gp, svc) : switch_route(a, gp, &r);
	if (gp)
		gate_free(&g);
	route_free(&r);
	return rc;
}
