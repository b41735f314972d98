/* history: `kubectl rollout history` — the REVISION / CHANGE-CAUSE table,
 * the pod-template view of one revision, or JSON. */
#include "app.h"
#include "cli.h"
#include "ghaout.h"
#include "json.h"
#include "rsets.h"
#include "ghaout.h"

#include <stdlib.h>
#include <string.h>

static const char *change_cause(const json_t *rs)
{
	return json_get_str(json_object_get(json_object_get(rs, "metadata"), "annotations"),
			    "kubernetes.io/change-cause", NULL);
}

/* Sorted map entries "k=v" / "k: v", the first after a tab, the rest on
 * lines of their own that start with a tab (kubectl's describe layout). */
static void print_map(const char *title, const json_t *map, const char *sep)
{
	size_t n = json_object_size(map), k = 0;
	printf("  %s:\t", title);
	if (!n) {
		printf("<none>\n");
		return;
	}
	const char **keys = xcalloc(n, sizeof *keys);
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)map, key, v) {
		keys[k++] = key;
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
			const char *t = keys[j];
			keys[j] = keys[j - 1];
			keys[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++)
		printf("%s%s%s%s\n", i ? "\t" : "", keys[i], sep, json_get_str(map, keys[i], ""));
	free(keys);
}

static void print_ports(const char *title, const json_t *ports, const char *field)
{
	printf("    %s:\t", title);
	if (!json_array_size(ports)) {
		printf("<none>\n");
		return;
	}
	size_t i;
	json_t *p;
	json_array_foreach(ports, i, p) {
		printf("%s%lld/%s", i ? ", " : "", json_get_int(p, field, 0), json_get_str(p, "protocol", "TCP"));
	}
	printf("\n");
}

static void print_strings(const char *title, const json_t *list)
{
	if (!json_array_size(list))
		return;
	size_t i;
	json_t *s;
	printf("    %s:\n", title);
	json_array_foreach(list, i, s) {
		printf("      %s\n", json_is_string(s) ? json_string_value(s) : "");
	}
}

static void print_container(const json_t *c)
{
	printf("   %s:\n", json_get_str(c, "name", ""));
	printf("    Image:\t%s\n", json_get_str(c, "image", ""));
	json_t *ports = json_object_get(c, "ports");
	print_ports("Port", ports, "containerPort");
	print_ports("Host Port", ports, "hostPort");
	print_strings("Command", json_object_get(c, "command"));
	print_strings("Args", json_object_get(c, "args"));
	json_t *env = json_object_get(c, "env"), *e;
	size_t i;
	if (!json_array_size(env)) {
		printf("    Environment:\t<none>\n");
	} else {
		printf("    Environment:\n");
		json_array_foreach(env, i, e) {
			json_t *from = json_object_get(e, "valueFrom");
			if (from)
				printf("      %s:\t<set to the key of a reference>\n", json_get_str(e, "name", ""));
			else
				printf("      %s:\t%s\n", json_get_str(e, "name", ""), json_get_str(e, "value", ""));
		}
	}
	json_t *mounts = json_object_get(c, "volumeMounts"), *m;
	if (!json_array_size(mounts)) {
		printf("    Mounts:\t<none>\n");
	} else {
		printf("    Mounts:\n");
		json_array_foreach(mounts, i, m) {
			printf("      %s from %s (%s)\n", json_get_str(m, "mountPath", ""), json_get_str(m, "name", ""),
			       json_is_true(json_object_get(m, "readOnly")) ? "ro" : "rw");
		}
	}
}

static void print_template(const char *name, long long rev, const json_t *tmpl)
{
	json_t *meta = json_object_get(tmpl, "metadata"), *spec = json_object_get(tmpl, "spec"), *c;
	size_t i;
	printf("deployment.apps/%s with revision #%lld\nPod Template:\n", name, rev);
	print_map("Labels", json_object_get(meta, "labels"), "=");
	print_map("Annotations", json_object_get(meta, "annotations"), ": ");
	json_t *init = json_object_get(spec, "initContainers");
	if (json_array_size(init)) {
		printf("  Init Containers:\n");
		json_array_foreach(init, i, c) {
			print_container(c);
		}
	}
	printf("  Containers:\n");
	json_array_foreach(json_object_get(spec, "containers"), i, c) {
		print_container(c);
	}
	json_t *vols = json_object_get(spec, "volumes"), *v;
	if (!json_array_size(vols)) {
		printf("  Volumes:\t<none>\n");
	} else {
		printf("  Volumes:\n");
		json_array_foreach(vols, i, v) {
			printf("   %s:\n", json_get_str(v, "name", ""));
		}
	}
	print_map("Node-Selectors", json_object_get(spec, "nodeSelector"), "=");
	printf("  Tolerations:\t%s\n", json_array_size(json_object_get(spec, "tolerations")) ? "(set)" : "<none>");
	printf("\n");
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
		json_array_append_new(revs, json_pack("{s:I,s:o,s:o,s:s,s:s}", "revision", (json_int_t)rs_revision(rs),
						      "change_cause", cause ? json_string(cause) : json_null(), "images",
						      images_of(rs), "replicaset", json_get_str(meta, "name", ""),
						      "created", json_get_str(meta, "creationTimestamp", "")));
	}
	json_t *o = json_pack("{s:s,s:s,s:o}", "deployment", name, "namespace", a->cfg.ns, "revisions", revs);
	json_print(stdout, o, true);
	json_decref(o);
}

int cmd_history(struct app *a, int argc, char **argv)
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
		kerror("unable to find the specified revision %lld of deployment \"%s\"", a->revision, name);
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
		print_template(name, a->revision, tmpl);
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
