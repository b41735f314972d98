/* history: `kubectl rollout history` — the REVISION / CHANGE-CAUSE table,
 * the pod-template view of one revision, or JSON. */
#include "app.h"
#include "cli.h"
#include "describe.h"
#include "ghaout.h"
#include "json.h"
#include "rsets.h"

#include <stdlib.h>
#include <string.h>

static const char *change_cause(const json_t *rs)
{
	return json_get_str(json_object_get(json_object_get(rs, "metadata"), "annotations"),
			    "kubernetes.io/change-cause", NULL);
}

static json_t *images_of(const json_t *rs)
{
	json_t *spec = json_object_get(json_object_get(json_object_get(rs, "spec"), "template"), "spec");
	json_t *out = json_object(), *c;
	size_t i;
	json_array_foreach(json_object_get(spec, "initContainers"), i, c) {
		json_object_set_new(out, json_get_str(c, "name", ""), json_string(json_get_str(c, "image", "")));
	}
	json_array_foreach(json_object_get(spec, "containers"), i, c) {
		json_object_set_new(out, json_get_str(c, "name", ""), json_string(json_get_str(c, "image", "")));
	}
	return out;
}

static void print_json(const struct app *a, const char *name, const json_t *sets)
{
	json_t *revs = json_array(), *rs;
	size_t i;
	json_array_foreach(sets, i, rs) {
		if (a->revision > 0 && rs_revision(rs) != a->revision)
			continue;
		const char *cause = change_cause(rs);
		json_t *meta = json_object_get(rs, "metadata");
		json_array_append_new(revs,
				      json_pack("{s:I,s:o,s:o,s:s,s:s}", "revision", (json_int_t)rs_revision(rs),
						"change_cause", cause ? json_string(cause) : json_null(), "images",
						images_of(rs), "replicaset", json_get_str(meta, "name", ""), "created",
						json_get_str(meta, "creationTimestamp", "")));
	}
	json_t *o = json_pack("{s:s,s:s,s:o}", "deployment", name, "namespace", a->cfg.ns, "revisions", revs);
	json_print(stdout, o, true);
	json_decref(o);
}

int run_history(struct app *a, int argc, char **argv)
{
	if (argc != 1)
		cli_usage_error("history needs exactly one DEPLOYMENT");
	const char *name = deployment_name(argv[0]);
	json_t *dep, *sets;
	int rc = get_deployment(a, name, &dep);
	if (rc)
		return rc;
	rc = owned_replicasets(a, dep, &sets);
	json_decref(dep);
	if (rc)
		return rc;
	size_t i, n = json_array_size(sets);
	json_t *rs, *found = NULL;
	json_array_foreach(sets, i, rs) {
		if (a->revision > 0 && rs_revision(rs) == a->revision)
			found = rs;
	}
	if (a->revision > 0 && !found) {
		msg_error("unable to find the specified revision %lld of deployment \"%s\"", a->revision, name);
		rc = EXIT_FAIL;
	} else if (a->json) {
		print_json(a, name, sets);
	} else if (found) {
		/* kubectl shows the set's change-cause among the template's annotations. */
		json_t *tmpl = json_deep_copy(json_object_get(json_object_get(found, "spec"), "template"));
		const char *cause = change_cause(found);
		if (cause) {
			json_t *meta = json_object_get(tmpl, "metadata");
			if (!json_is_object(json_object_get(meta, "annotations")))
				json_object_set_new(meta, "annotations", json_object());
			json_object_set_new(json_object_get(meta, "annotations"), "kubernetes.io/change-cause",
					    json_string(cause));
		}
		printf("deployment.apps/%s with revision #%lld\n", name, a->revision);
		describe_pod_template(stdout, tmpl);
		printf("\n");
		json_decref(tmpl);
	} else if (!n) {
		printf("No rollout history found.\n");
	} else {
		/* kubectl's tab writer: column width of the longest cell plus 2. */
		size_t w = strlen("REVISION");
		char num[32];
		json_array_foreach(sets, i, rs) {
			int l = snprintf(num, sizeof num, "%lld", rs_revision(rs));
			if ((size_t)l > w)
				w = (size_t)l;
		}
		printf("deployment.apps/%s \n%-*s  CHANGE-CAUSE\n", name, (int)w, "REVISION");
		json_array_foreach(sets, i, rs) {
			const char *cause = change_cause(rs);
			snprintf(num, sizeof num, "%lld", rs_revision(rs));
			printf("%-*s  %s\n", (int)w, num, cause && *cause ? cause : "<none>");
		}
		printf("\n");
	}
	if (n) {
		char rev[32];
		snprintf(rev, sizeof rev, "%lld", rs_revision(json_array_get(sets, n - 1)));
		ghaout_set("revision", rev);
	}
	json_decref(sets);
	return rc;
}
