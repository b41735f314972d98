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
#include "plan.h"
#include "status.h"
#include "timeutil.h"
#include "yamljson.h"

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
		char *n = xasprintf("%s%s%s=%s", out, *out ? "," : "", k, json_is_string(v) ? json_string_value(v) : "?");
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
		kerror("%s", err);
		return EXIT_INPUT;
	}
	struct ydocs d;
	int rc = yaml_to_json_docs(buf, len, a->analysis_file, &d, err, sizeof err);
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
		ydocs_free(&d);
	if (rc) {
		kerror("%s", err);
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
			kerror("deployment \"%s\" is not ready for the switch: %s; %lld of %lld pods ready", name,
				  st.message, st.ready, want);
			return EXIT_FAIL;
		}
	}
	return 0;
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

static int do_switch(struct app *a, const char *svc, json_t *sel, const char *label, const char *old)
{
	json_t *new_sel = json_deep_copy(sel), *targets = NULL;
	json_object_set_new(new_sel, label, json_string(a->to_color));
	int rc = 0;
	if (a->verify) {
		json_t *dep;
		if ((rc = get_deployment(a, a->verify, &dep)) != 0)
			goto out;
		if (!labels_match(template_labels(dep), new_sel)) {
			char *t = selector_text(new_sel);
			kerror("deployment \"%s\" has pods the new selector %s would not pick; check --to and --label",
				  a->verify, t);
			free(t);
			json_decref(dep);
			rc = EXIT_FAIL;
			goto out;
		}
		targets = json_pack("[o]", dep);
	} else if ((rc = matching_deployments(a, new_sel, &targets)) != 0) {
		goto out;
	} else if (!json_array_size(targets)) {
		char *t = selector_text(new_sel);
		kerror("no deployment in namespace \"%s\" has pods that %s selects; refusing to switch service \"%s\"",
			  a->cfg.ns, t, svc);
		free(t);
		rc = EXIT_FAIL;
		goto out;
	}
	if ((rc = check_ready(a, targets)) != 0 || (rc = patch_selector(a, svc, label, a->to_color)) != 0)
		goto out;
	if (!a->json)
		printf("service/%s switched: %s=%s -> %s=%s\n", svc, label, old ? old : "(none)", label, a->to_color);
	if (a->analysis_file) {
		struct gate g;
		char what[700];
		if ((rc = load_gate(a, &g)) != 0)
			goto out;
		int grc = gate_run(a, &g, what, sizeof what);
		gate_free(&g);
		if (grc != EXIT_OK) {
			kerror("analysis after the switch failed: %s; switching service \"%s\" back to %s=%s", what, svc,
				  label, old ? old : "(none)");
			rc = patch_selector(a, svc, label, old);
			ghaout_set("result", "switched_back");
			if (!rc && !a->json)
				printf("service/%s switched back: %s=%s\n", svc, label, old ? old : "(none)");
			if (a->json)
				printf("{\"service\":\"%s\",\"result\":\"switched_back\",\"to\":\"%s\"}\n", svc, old ? old : "");
			rc = rc ? rc : EXIT_FAIL;
			goto out;
		}
	}
	ghaout_set("result", "switched");
	if (a->json)
		printf("{\"service\":\"%s\",\"result\":\"switched\",\"to\":\"%s\"}\n", svc, a->to_color);
	if (a->scale_down_delay_ms && old) {
		sleep_ms(a->scale_down_delay_ms);
		json_t *old_sel = json_deep_copy(sel);
		rc = scale_down(a, old_sel);
		json_decref(old_sel);
	}
out:
	json_decref(new_sel);
	json_decref(targets);
	return rc;
}

int cmd_switch(struct app *a, int argc, char **argv)
{
	if (!a->to_color || !*a->to_color)
		cli_usage_error("switch needs --to COLOR");
	static const char *const kinds[] = {"service/", "services/", "svc/", NULL};
	const char *svc = object_name(argv[0], "service", kinds), *label = a->label ? a->label : "version";
	char *path = service_path(a, svc);
	struct kresp r;
	int rc = kapi(&a->kc, "GET", path, NULL, NULL, &r);
	free(path);
	if (rc) {
		char what[300];
		snprintf(what, sizeof what, "services \"%s\"", svc);
		rc = kapi_fail(&a->kc, &r, "get", what);
		kresp_free(&r);
		return rc;
	}
	json_t *sel = json_object_get(json_object_get(r.body, "spec"), "selector");
	const char *old = json_get_str(sel, label, NULL);
	if (!json_is_object(sel)) {
		kerror("service \"%s\" has no selector to switch", svc);
		rc = EXIT_FAIL;
	} else if (old && !strcmp(old, a->to_color)) {
		if (a->json)
			printf("{\"service\":\"%s\",\"result\":\"unchanged\",\"to\":\"%s\"}\n", svc, a->to_color);
		else
			printf("service/%s already selects %s=%s\n", svc, label, old);
	} else {
		char *old_copy = old ? xstrdup(old) : NULL;
		rc = do_switch(a, svc, sel, label, old_copy);
		free(old_copy);
	}
	kresp_free(&r);
	return rc;
}
