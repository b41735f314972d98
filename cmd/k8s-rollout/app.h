/* app: what every subcommand shares — the client, the options and the
 * helpers for reading and writing one Deployment. */
#ifndef K8S_ROLLOUT_APP_H
#define K8S_ROLLOUT_APP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "kapi.h"
#include "kubeconfig.h"

struct app {
	struct kconfig cfg;
	struct kclient kc;
	bool json;                /* --format json */
	bool quiet;
	/* subcommand options */
	int64_t timeout_ms;       /* status --timeout; 0 = forever */
	long long revision;       /* status/history --revision; 0 = none */
	bool watch;               /* status --watch */
	long long to_revision;    /* undo --to-revision */
	const char *all_containers;
	const char *record;
	const char **files;       /* apply -f */
	size_t nfiles;
	const char *field_manager;
	bool dry_run;             /* apply --dry-run=server */
	/* part 2: canary and blue/green */
	const char *canary_subset, *stable_subset, *route;
	const char *plan_file, *steps;
	bool full, scale_down;
	const char *stable_deployment, *canary_deployment;
	const char *to_color, *label, *verify, *analysis_file;
	int64_t window_ms, scale_down_delay_ms;
	/* part 3: Gateway API and ingress-nginx routers */
	const char *stable_backend, *canary_backend, *canary_service, *canary_header, *canary_cookie, *from;
};

/* Attempts of a write that meets 409 Conflict before giving up. */
#define WRITE_ATTEMPTS 5

/* ARG without the first of PREFIXES (a NULL-terminated list such as
 * "service/") it starts with; a usage error unless the rest is a valid
 * object name. KIND names the object in the message. */
const char *object_name(const char *arg, const char *kind, const char *const *prefixes);
/* "deployment/NAME", "deploy/NAME", "deployments.apps/NAME" or "NAME";
 * anything else is a usage error. */
const char *deployment_name(const char *arg);
/* /apis/apps/v1/namespaces/NS/deployments[/NAME] (malloc'd). */
char *deployment_path(const struct app *a, const char *name);
/* GET the deployment: 0 and *out, or an exit code after a message. */
int get_deployment(struct app *a, const char *name, json_t **out);
/* PATCH it: 0 (and *out when not NULL), 409 for a conflict (no message),
 * else an exit code after a message. */
int patch_deployment(struct app *a, const char *name, const char *ctype, json_t *patch, const char *manager,
		     json_t **out);
/* kubectl's message when conflicts outlast WRITE_ATTEMPTS. */
int conflict_fail(const char *what, const char *name);
/* The outcome line on stdout: "deployment.apps/NAME TEXT", or with
 * --format json {"deployment","namespace","result": RESULT}. */
void print_outcome(const struct app *a, const char *name, const char *text, const char *result);
/* The containers of a pod template as "a, b" (malloc'd). */
char *container_names(const json_t *tmpl);

int cmd_set_image(struct app *a, int argc, char **argv);
int cmd_status(struct app *a, int argc, char **argv);
/* status's wait on its own: 0 rolled out, else the exit code (messages
 * printed); uses a->timeout_ms, a->watch, a->revision. */
int rollout_wait(struct app *a, const char *name);
int cmd_undo(struct app *a, int argc, char **argv);
int cmd_history(struct app *a, int argc, char **argv);
int cmd_restart(struct app *a, int argc, char **argv);
int cmd_image(struct app *a, int argc, char **argv);
int cmd_apply(struct app *a, int argc, char **argv);
int cmd_canary(struct app *a, int argc, char **argv);
int cmd_switch(struct app *a, int argc, char **argv);

#endif
