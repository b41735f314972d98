/* image: the current image of a deployment's container — what a pipeline
 * records before it deploys, without kubectl's jsonpath. */
#include "app.h"
#include "cli.h"
#include "ghaout.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>

int run_image(struct app *a, int argc, char **argv)
{
	if (argc < 1 || argc > 2)
		cli_usage_error("image needs DEPLOYMENT [CONTAINER]");
	const char *name = deployment_name(argv[0]), *want = argc == 2 ? argv[1] : NULL;
	json_t *dep;
	int rc = get_deployment(a, name, &dep);
	if (rc)
		return rc;
	json_t *tmpl = json_object_get(json_object_get(dep, "spec"), "template");
	json_t *list = json_object_get(json_object_get(tmpl, "spec"), "containers"), *c, *hit = NULL;
	size_t i;
	json_array_foreach(list, i, c) {
		if (!hit && (!want || !strcmp(json_get_str(c, "name", ""), want)))
			hit = c;
	}
	json_array_foreach(json_object_get(json_object_get(tmpl, "spec"), "initContainers"), i, c) {
		if (!hit && want && !strcmp(json_get_str(c, "name", ""), want))
			hit = c;
	}
	if (!hit) {
		char *have = container_names(tmpl);
		if (want)
			msg_error("unable to find container named \"%s\" in deployment \"%s\"; it has: %s", want, name,
				  have);
		else
			msg_error("deployment \"%s\" has no containers", name);
		free(have);
		rc = EXIT_FAIL;
	} else if (a->json) {
		json_t *o = json_pack("{s:s,s:s,s:s,s:s}", "deployment", name, "namespace", a->cfg.ns, "container",
				      json_get_str(hit, "name", ""), "image", json_get_str(hit, "image", ""));
		json_print(stdout, o, false);
		json_decref(o);
	} else {
		printf("%s\n", json_get_str(hit, "image", ""));
	}
	if (hit)
		ghaout_set("image", json_get_str(hit, "image", ""));
	json_decref(dep);
	return rc;
}
