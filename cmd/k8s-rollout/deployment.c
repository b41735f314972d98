/* deployment: naming, reading and patching one Deployment. */
#include "app.h"
#include "cli.h"
#include "ghaout.h"
#include "json.h"
#include "verdict.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* "an ingress", "an httproute" (said aitch-tee-tee-pee), "a service". */
static const char *article(const char *kind)
{
	return strchr("aeiou", kind[0]) || !strncmp(kind, "http", 4) ? "an" : "a";
}

const char *object_name(const char *arg, const char *kind, const char *const *prefixes)
{
	for (size_t i = 0; prefixes[i]; i++)
		if (!strncmp(arg, prefixes[i], strlen(prefixes[i]))) {
			arg += strlen(prefixes[i]);
			break;
		}
	if (!*arg)
		cli_usage_error("%s %s name is required", article(kind), kind);
	if (strchr(arg, '/'))
		cli_usage_error("'%s' is not %s %s; write NAME or %s/NAME", arg, article(kind), kind, kind);
	/* A DNS subdomain, as the API server requires: it also keeps a name
	 * from adding path segments ("..") to the request. */
	size_t n = strlen(arg);
	bool ok = n <= 253 && isalnum((unsigned char)arg[0]) && isalnum((unsigned char)arg[n - 1]);
	for (const char *p = arg; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.';
	if (!ok)
		cli_usage_error("'%s' is not a valid %s name (lower-case letters, digits, '-' and '.', "
				"starting and ending with a letter or digit)",
				arg, kind);
	return arg;
}

const char *deployment_name(const char *arg)
{
	static const char *const kinds[] = {"deployment/",      "deployments/",      "deploy/",
					    "deployment.apps/", "deployments.apps/", NULL};
	/* kubectl's rollout commands take these too; say plainly that we do not. */
	static const char *const others[] = {"statefulset", "sts/", "daemonset", "ds/", NULL};
	for (size_t i = 0; others[i]; i++)
		if (!strncmp(arg, others[i], strlen(others[i])) && strchr(arg, '/'))
			cli_usage_error("'%s': only Deployments are supported, not StatefulSets or DaemonSets", arg);
	return object_name(arg, "deployment", kinds);
}

char *deployment_path(const struct app *a, const char *name)
{
	char *ns = url_escape(a->cfg.ns);
	char *p = xasprintf("/apis/apps/v1/namespaces/%s/deployments%s%s", ns, name ? "/" : "", name ? name : "");
	free(ns);
	return p;
}

int get_deployment(struct app *a, const char *name, json_t **out)
{
	char *path = deployment_path(a, name);
	struct kresp r;
	int rc = kapi(&a->kc, "GET", path, NULL, NULL, &r);
	free(path);
	if (rc != 0) {
		char what[300];
		snprintf(what, sizeof what, "deployments.apps \"%s\"", name);
		rc = kapi_fail(&a->kc, &r, "get", what);
		kresp_free(&r);
		return rc;
	}
	*out = json_incref(r.body);
	kresp_free(&r);
	if (!json_is_object(*out)) {
		json_decref(*out);
		msg_error("the server's answer for deployment \"%s\" is not JSON", name);
		return EXIT_ENV;
	}
	return 0;
}

int patch_deployment(struct app *a, const char *name, const char *ctype, json_t *patch, const char *manager,
		     json_t **out)
{
	char *base = deployment_path(a, name);
	char *path = manager ? xasprintf("%s?fieldManager=%s", base, manager) : xstrdup(base);
	char *body = json_dumps(patch, JSON_COMPACT);
	struct kresp r;
	int rc = kapi(&a->kc, "PATCH", path, ctype, body, &r);
	free(base);
	free(path);
	free(body);
	if (rc == 0) {
		if (out)
			*out = json_incref(r.body);
	} else if (r.status == 409) {
		rc = 409;
	} else {
		char what[300];
		snprintf(what, sizeof what, "deployments.apps \"%s\"", name);
		rc = kapi_fail(&a->kc, &r, "patch", what);
	}
	kresp_free(&r);
	return rc;
}

int conflict_fail(const char *what, const char *name)
{
	msg_error("%s: Operation cannot be fulfilled on deployments.apps \"%s\": the object has been modified; "
		  "please apply your changes to the latest version and try again (gave up after %d attempts)",
		  what, name, WRITE_ATTEMPTS);
	return EXIT_ENV;
}

char *container_names(const json_t *tmpl)
{
	json_t *spec = json_object_get(tmpl, "spec"), *c;
	size_t len = 0, i;
	char *out = xstrdup("");
	const char *lists[] = {"initContainers", "containers"};
	for (size_t l = 0; l < 2; l++) {
		json_array_foreach(json_object_get(spec, lists[l]), i, c) {
			const char *n = json_get_str(c, "name", "?");
			out = xrealloc(out, len + strlen(n) + 3);
			len += (size_t)sprintf(out + len, "%s%s", len ? ", " : "", n);
		}
	}
	return out;
}

void print_outcome(const struct app *a, const char *name, const char *text, const char *result)
{
	ghaout_set("result", result);
	if (a->json) {
		json_t *o = json_pack("{s:s,s:s,s:s}", "deployment", name, "namespace", a->cfg.ns, "result", result);
		json_print(stdout, o, false);
		json_decref(o);
	} else if (!strcmp(result, "unchanged") || !strcmp(result, "skipped")) {
		printf("deployment.apps/%s %s\n", name, text);
	} else {
		verdict_say(COLOR_OK, text, "deployment.apps/%s %s", name, text);
	}
	fflush(stdout);
}
