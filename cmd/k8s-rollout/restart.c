/* restart: `kubectl rollout restart` — a restartedAt annotation on the pod
 * template, which makes the controller roll every pod. */
#include "app.h"
#include "cli.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Go's RFC 3339 with the local offset, second precision: "Z" in UTC. */
static void restart_stamp(char *buf, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	char off[8];
	strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(off, sizeof off, "%z", &tm);
	size_t n = strlen(buf);
	if (!strcmp(off, "+0000"))
		snprintf(buf + n, len - n, "Z");
	else
		snprintf(buf + n, len - n, "%.3s:%.2s", off, off + 3);
}

int run_restart(struct app *a, int argc, char **argv)
{
	if (argc != 1)
		cli_usage_error("restart needs exactly one DEPLOYMENT");
	const char *name = deployment_name(argv[0]);
	for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
		json_t *dep;
		int rc = get_deployment(a, name, &dep);
		if (rc)
			return rc;
		json_t *spec = json_object_get(dep, "spec");
		char ts[40];
		restart_stamp(ts, sizeof ts);
		const char *prev = json_get_str(
			json_object_get(json_object_get(json_object_get(spec, "template"), "metadata"), "annotations"),
			"kubectl.kubernetes.io/restartedAt", "");
		if (json_is_true(json_object_get(spec, "paused"))) {
			msg_error("deployments.apps \"%s\" can't restart paused deployment (run rollout resume first)",
				  name);
			rc = EXIT_FAIL;
		} else if (!strcmp(prev, ts)) {
			msg_error(
				"failed to create patch for %s: if restart has already been triggered within the past "
				"second, please wait before attempting to trigger another",
				name);
			rc = EXIT_FAIL;
		} else {
			json_t *patch = json_pack("{s:{s:{s:{s:{s:s}}}}}", "spec", "template", "metadata",
						  "annotations", "kubectl.kubernetes.io/restartedAt", ts);
			rc = patch_deployment(a, name, "application/strategic-merge-patch+json", patch, "k8s-rollout",
					      NULL);
			json_decref(patch);
			if (rc == 0)
				print_outcome(a, name, "restarted", "restarted");
		}
		json_decref(dep);
		if (rc != 409)
			return rc;
	}
	return conflict_fail("failed to restart", name);
}
