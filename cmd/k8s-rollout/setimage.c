/* set-image: `kubectl set image` — a strategic-merge patch of the named
 * containers' images (init containers too), nothing sent when nothing
 * changes, re-read and recomputed on 409 Conflict. */
#include "app.h"
#include "cli.h"
#include "imageref.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>

struct pair {
	char *container, *image;
	bool matched;
};

static void parse_pairs(struct app *a, int argc, char **argv, struct pair **out, size_t *n)
{
	struct pair *v = xcalloc((size_t)argc + 2, sizeof *v);
	size_t k = 0;
	for (int i = 0; i < argc; i++) {
		size_t at = strcspn(argv[i], "=");
		if (at == 0 || argv[i][at] != '=')
			cli_usage_error("'%s' is not CONTAINER=IMAGE", argv[i]);
		v[k].container = xstrndup(argv[i], at);
		v[k++].image = xstrdup(argv[i] + at + 1);
	}
	if (a->all_containers) {
		v[k].container = xstrdup("*");
		v[k++].image = xstrdup(a->all_containers);
	}
	if (k == 0)
		cli_usage_error("set-image needs CONTAINER=IMAGE (or --all-containers=IMAGE)");
	for (size_t i = 0; i < k; i++) {
		char why[200];
		if (!image_ref_valid(v[i].image, why, sizeof why))
			cli_usage_error("'%s' is not a valid image for container \"%s\": %s", v[i].image,
					v[i].container, why);
	}
	*out = v;
	*n = k;
}

/* The patch for one read of the deployment, or NULL when nothing changes. */
static json_t *build_patch(const json_t *dep, struct pair *pairs, size_t n, const char *record)
{
	json_t *tspec = json_object_get(json_object_get(json_object_get(dep, "spec"), "template"), "spec");
	json_t *ps = json_object();
	const char *lists[] = {"initContainers", "containers"};
	for (size_t l = 0; l < 2; l++) {
		json_t *out = json_array(), *c;
		size_t i;
		json_array_foreach(json_object_get(tspec, lists[l]), i, c) {
			const char *name = json_get_str(c, "name", ""), *img = json_get_str(c, "image", "");
			const char *want = NULL;
			for (size_t p = 0; p < n; p++) {
				if (!strcmp(pairs[p].container, "*") || !strcmp(pairs[p].container, name)) {
					pairs[p].matched = true;
					want = pairs[p].image;
				}
			}
			if (want && strcmp(want, img))
				json_array_append_new(out, json_pack("{s:s,s:s}", "name", name, "image", want));
		}
		if (json_array_size(out))
			json_object_set_new(ps, lists[l], out);
		else
			json_decref(out);
	}
	json_t *patch = json_object();
	if (json_object_size(ps))
		json_object_set_new(patch, "spec", json_pack("{s:{s:o}}", "template", "spec", ps));
	else
		json_decref(ps);
	const char *cause = json_get_str(json_object_get(json_object_get(dep, "metadata"), "annotations"),
					 "kubernetes.io/change-cause", NULL);
	if (record && json_object_size(patch) && (!cause || strcmp(cause, record)))
		json_object_set_new(patch, "metadata",
				    json_pack("{s:{s:s}}", "annotations", "kubernetes.io/change-cause", record));
	if (!json_object_size(patch)) {
		json_decref(patch);
		return NULL;
	}
	return patch;
}

int run_set_image(struct app *a, int argc, char **argv)
{
	if (argc < 1)
		cli_usage_error("set-image needs DEPLOYMENT CONTAINER=IMAGE...");
	const char *name = deployment_name(argv[0]);
	struct pair *pairs;
	size_t n;
	parse_pairs(a, argc - 1, argv + 1, &pairs, &n);
	int rc = 0;
	bool sent = false;
	json_t *dep = NULL;
	for (int attempt = 0;; attempt++) {
		if ((rc = get_deployment(a, name, &dep)) != 0)
			break;
		for (size_t i = 0; i < n; i++)
			pairs[i].matched = false;
		json_t *patch = build_patch(dep, pairs, n, a->record);
		if (!patch)
			break;
		rc = patch_deployment(a, name, "application/strategic-merge-patch+json", patch, "k8s-rollout", NULL);
		json_decref(patch);
		if (rc != 409) {
			sent = rc == 0;
			break;
		}
		json_decref(dep);
		dep = NULL;
		if (attempt + 1 == WRITE_ATTEMPTS) {
			rc = conflict_fail("failed to patch image update to pod template", name);
			break;
		}
	}
	if (sent) {
		print_outcome(a, name, "image updated", "image updated");
	}
	if (dep && !rc) {
		/* kubectl's aggregated error for names that matched nothing. */
		char *have = container_names(json_object_get(json_object_get(dep, "spec"), "template"));
		for (size_t i = 0; i < n; i++) {
			if (!pairs[i].matched && strcmp(pairs[i].container, "*")) {
				msg_error("unable to find container named \"%s\" in deployment \"%s\"; it has: %s",
					  pairs[i].container, name, have);
				rc = EXIT_FAIL;
			}
		}
		free(have);
		if (!sent && !rc && a->json)
			print_outcome(a, name, "unchanged", "unchanged");
	}
	json_decref(dep);
	for (size_t i = 0; i < n; i++) {
		free(pairs[i].container);
		free(pairs[i].image);
	}
	free(pairs);
	return rc;
}
