/* undo: `kubectl rollout undo` — copy a previous ReplicaSet's pod template
 * (without pod-template-hash) back into the deployment with a JSON patch,
 * bringing that revision's annotations along. */
#include "app.h"
#include "cli.h"
#include "json.h"
#include "rsets.h"

#include <stdlib.h>
#include <string.h>

/* Deployment annotations a rollback keeps from the current object and
 * never copies from the ReplicaSet. */
static const char *const kept[] = {
	"kubectl.kubernetes.io/last-applied-configuration",
	"deployment.kubernetes.io/revision",
	"deployment.kubernetes.io/revision-history",
	"deployment.kubernetes.io/desired-replicas",
	"deployment.kubernetes.io/max-replicas",
	"deprecated.deployment.rollback.to",
	NULL,
};

static bool is_kept(const char *k)
{
	for (const char *const *p = kept; *p; p++)
		if (!strcmp(*p, k))
			return true;
	return false;
}

static json_t *rollback_annotations(const json_t *dep, const json_t *rs)
{
	json_t *cur = json_object_get(json_object_get(dep, "metadata"), "annotations");
	json_t *from = json_object_get(json_object_get(rs, "metadata"), "annotations");
	json_t *out = json_object(), *v;
	const char *k;
	for (const char *const *p = kept; *p; p++)
		if ((v = json_object_get(cur, *p)))
			json_object_set(out, *p, v);
	json_object_foreach(from, k, v) {
		if (!is_kept(k))
			json_object_set(out, k, v);
	}
	return out;
}

/* The target set: --to-revision N, else the second highest revision. */
static json_t *find_target(const json_t *sets, long long want)
{
	size_t n = json_array_size(sets);
	if (want > 0) {
		for (size_t i = 0; i < n; i++)
			if (rs_revision(json_array_get(sets, i)) == want)
				return json_array_get(sets, i);
		return NULL;
	}
	return n >= 2 ? json_array_get(sets, n - 2) : NULL; /* sorted ascending */
}

/* One attempt: 0 done, 409 conflict, else an exit code. */
static int attempt(struct app *a, const char *name)
{
	json_t *dep, *sets;
	int rc = get_deployment(a, name, &dep);
	if (rc)
		return rc;
	if ((rc = owned_replicasets(a, dep, &sets)) != 0) {
		json_decref(dep);
		return rc;
	}
	json_t *target = find_target(sets, a->to_revision);
	json_t *spec = json_object_get(dep, "spec");
	if (!target) {
		if (a->to_revision > 0)
			msg_error("unable to find specified revision %lld in history of deployment \"%s\"",
				  a->to_revision, name);
		else
			msg_error("no rollout history found for deployment \"%s\"", name);
		rc = EXIT_FAIL;
	} else if (json_is_true(json_object_get(spec, "paused"))) {
		msg_error("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume "
			  "deployment/%s' and try again",
			  name);
		rc = EXIT_FAIL;
	} else {
		json_t *tmpl = json_object_get(json_object_get(target, "spec"), "template");
		if (templates_equal(tmpl, json_object_get(spec, "template"))) {
			char text[128];
			snprintf(text, sizeof text, "skipped rollback (current template already matches revision %lld)",
				 a->to_revision);
			print_outcome(a, name, text, "skipped");
		} else {
			json_t *patch =
				json_pack("[{s:s,s:s,s:o},{s:s,s:s,s:o}]", "op", "replace", "path", "/spec/template",
					  "value", template_without_hash(tmpl), "op", "replace", "path",
					  "/metadata/annotations", "value", rollback_annotations(dep, target));
			rc = patch_deployment(a, name, "application/json-patch+json", patch, NULL, NULL);
			json_decref(patch);
			if (rc == 0) {
				print_outcome(a, name, "rolled back", "rolled back");
				if (json_object_get(json_object_get(json_object_get(dep, "metadata"), "annotations"),
						    "kubectl.kubernetes.io/last-applied-configuration"))
					msg_warn("deployment \"%s\" was created by kubectl apply; a later apply of the "
						 "old "
						 "manifest undoes this rollback",
						 name);
			}
		}
	}
	json_decref(sets);
	json_decref(dep);
	return rc;
}

int run_undo(struct app *a, int argc, char **argv)
{
	if (argc != 1)
		cli_usage_error("undo needs exactly one DEPLOYMENT");
	const char *name = deployment_name(argv[0]);
	for (int i = 0; i < WRITE_ATTEMPTS; i++) {
		int rc = attempt(a, name);
		if (rc != 409)
			return rc;
	}
	return conflict_fail("failed to roll back", name);
}
