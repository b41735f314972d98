/* app: what every command shares — the client, the options and the
 * helpers for reading and writing one Deployment. */
#ifndef K8S_ROLLOUT_APP_H
#define K8S_ROLLOUT_APP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "cli.h"
#include "kapi.h"
#include "kubeconfig.h"

struct app {
	struct kconfig cfg;
	struct kclient kc;
	bool json; /* --format json */
	bool quiet;
	/* subcommand options */
	int64_t timeout_ms; /* status --timeout; 0 = forever */
	long long revision; /* status/history --revision; 0 = none */
	bool watch; /* status --watch */
	bool fail_fast; /* --fail-fast (default true) */
	int64_t fail_fast_after_ms; /* --fail-fast-after (default 10s) */
	long long log_lines; /* --logs: previous-log lines of a crashed container */
	const char *selector; /* status -l */
	long long to_revision; /* undo --to-revision */
	const char *all_containers;
	const char *record;
	struct cli_list files; /* apply -f */
	const char *field_manager;
	bool dry_run; /* apply --dry-run=server */
	/* canary and blue/green */
	const char *canary_subset, *stable_subset, *route;
	const char *plan_file, *steps;
	bool full, scale_down;
	const char *stable_deployment, *canary_deployment;
	const char *to_color, *label, *verify, *analysis_file;
	int64_t window_ms, scale_down_delay_ms;
	/* Gateway API and ingress-nginx routers */
	const char *stable_backend, *canary_backend, *canary_service, *canary_header, *canary_cookie, *from;
	/* the command line */
	const char *command, *sub; /* "canary" and "run", or "status" and NULL */
	char **args; /* the operands */
	int nargs;
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

/* A command's start: its options parsed into the one app (usage errors
 * exit 2), its MIN..MAX operands counted, the first checked as a
 * deployment's name when on_deployment; GitHub Actions, colour and
 * progress set up.  Nothing is read or asked yet. */
struct app *app_options(int argc, char **argv, int min, int max, bool on_deployment);
/* Then the kubeconfig and the client, run on the operands, the step
 * summary: run's exit code (or the kubeconfig's). */
int app_run(struct app *a, int (*run)(struct app *, int, char **));

/* What each command does once connected, on its operands. */
int run_set_image(struct app *a, int argc, char **argv);
int run_status(struct app *a, int argc, char **argv);
/* status's wait on its own: 0 rolled out, else the exit code (messages
 * printed); uses a->timeout_ms, a->watch, a->revision. */
int rollout_wait(struct app *a, const char *name);
/* The same for n deployments at once, or with n 0 for those a->selector
 * selects: 0 when all rolled out; the first failure ends the wait. */
int rollout_wait_many(struct app *a, const char *const *names, size_t n);
int run_undo(struct app *a, int argc, char **argv);
int run_history(struct app *a, int argc, char **argv);
int run_restart(struct app *a, int argc, char **argv);
int run_image(struct app *a, int argc, char **argv);
int run_apply(struct app *a, int argc, char **argv);
/* The canary command a->sub on ROUTE [WEIGHT]. */
int run_canary(struct app *a, int argc, char **argv);
int run_switch(struct app *a, int argc, char **argv);

#endif
