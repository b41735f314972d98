/* k8s-rollout: set image, wait for a rollout, undo, history, restart and
 * apply over the Kubernetes API, with kubectl's decisions and wording.
 * The command table (common/cli.h): global options may come before or
 * after the command, a command's own after its name, as kubectl users
 * write them; an option of another command is refused by name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cli.h"
#include "color.h"
#include "diag.h"
#include "encode.h"
#include "gha.h"
#include "ghaout.h"
#include "http.h"
#include "progress.h"

enum {
	K_KUBECONFIG = CLI_KEY_TOOL,
	K_CONTEXT,
	K_SERVER,
	K_TOKEN,
	K_TOKEN_FILE,
	K_CA,
	K_INSECURE,
	K_REQ_TIMEOUT,
	K_FORMAT,
	K_TIMEOUT,
	K_REVISION,
	K_WATCH,
	K_TO_REVISION,
	K_ALL_CONTAINERS,
	K_RECORD,
	K_FIELD_MANAGER,
	K_DRY_RUN,
	K_PRUNE,
	K_CANARY_SUBSET,
	K_STABLE_SUBSET,
	K_ROUTE,
	K_PLAN,
	K_STEPS,
	K_FULL,
	K_STABLE_DEP,
	K_CANARY_DEP,
	K_SCALE_DOWN,
	K_TO,
	K_LABEL,
	K_VERIFY,
	K_ANALYSIS,
	K_WINDOW,
	K_SCALE_DOWN_DELAY,
	K_FAIL_FAST,
	K_FAIL_FAST_AFTER,
	K_LOGS,
	K_COLOR,
	K_STABLE_BACKEND,
	K_CANARY_BACKEND,
	K_CANARY_SERVICE,
	K_CANARY_HEADER,
	K_CANARY_COOKIE,
	K_FROM,
};

/* What the options set.  kubectl has no request timeout; in CI a hung
 * server must not hold a job. */
static struct app app = {
	.watch = true,
	.fail_fast = true,
	.fail_fast_after_ms = 10000,
	.log_lines = 20,
	.field_manager = "k8s-rollout",
};
static struct koverrides ov;
static int64_t req_timeout = 30000;
static bool verbose, no_github;
/* Options whose value is checked once parsing is done; an optional
 * argument left out is NULL ("--watch" is --watch=true). */
static const char *format = "text", *color = "auto", *insecure = "false", *watch = "true", *fail_fast = "true",
		  *dry_run = "none", *prune = "false";

#define OPT_OPTSTRING(name, key, var, arg, help)                         \
	{                                                                \
		name, optional_argument, key, arg, help, CLI_STRING, var \
	}

/* Every command's, after its own. */
#define GLOBAL_ROWS                                                                                                    \
	OPT_STRING("kubeconfig", K_KUBECONFIG, &ov.kubeconfig, "FILE",                                                 \
		   "kubeconfig file (else $KUBECONFIG, ~/.kube/config, in-cluster)"),                                  \
		OPT_STRING("context", K_CONTEXT, &ov.context, "NAME", "kubeconfig context (else current-context)"),    \
		OPT_STRING("namespace", 'n', &ov.ns, "NS", "namespace (else the context's, else default)"),            \
		OPT_STRING("server", K_SERVER, &ov.server, "URL", "API server URL, overriding the kubeconfig's"),      \
		OPT_STRING("token", K_TOKEN, &ov.token, "TOKEN", "bearer token (visible in ps: prefer --token-file)"), \
		OPT_STRING("token-file", K_TOKEN_FILE, &ov.token_file, "FILE", "read the bearer token from FILE"),     \
		OPT_STRING("certificate-authority", K_CA, &ov.ca_file, "FILE",                                         \
			   "CA bundle that signed the server's certificate"),                                          \
		OPT_OPTSTRING("insecure-skip-tls-verify", K_INSECURE, &insecure, "BOOL",                               \
			      "do not verify the server's certificate"),                                               \
		OPT_DURATION("request-timeout", K_REQ_TIMEOUT, &req_timeout, "DUR",                                    \
			     "limit for one API request (default 30s, 0 = none)"),                                     \
		OPT_STRING("format", K_FORMAT, &format, "FMT", "text or json"),                                        \
		OPT_SET("quiet", 'q', &app.quiet, "no progress or status lines"),                                      \
		OPT_OPTSTRING("color", K_COLOR, &color, "WHEN", COLOR_OPT_HELP),                                       \
		OPT_SET("verbose", 'v', &verbose, "log every request on stderr (never credentials)"),                  \
		OPT_SET("no-github", CLI_KEY_NO_GITHUB, &no_github,                                                    \
			"no GitHub Actions outputs, summary or ::error lines"),                                        \
		OPT_HELP

/* Waiting for a rollout: status, canary promote. */
#define WAIT_ROWS                                                                                              \
	OPT_DURATION("timeout", K_TIMEOUT, &app.timeout_ms, "DUR", "give up after DUR, exit 5 (0 = forever)"), \
		OPT_OPTSTRING("fail-fast", K_FAIL_FAST, &fail_fast, "BOOL",                                    \
			      "fail once a new pod cannot start (true)"),                                      \
		OPT_DURATION("fail-fast-after", K_FAIL_FAST_AFTER, &app.fail_fast_after_ms, "DUR",             \
			     "how long its reason must last (10s)"),                                           \
		OPT_INT("logs", K_LOGS, &app.log_lines, "N", "lines of a crashed container's last log (20)")

/* The route of every canary command. */
#define ROUTER_ROWS                                                                                                    \
	OPT_STRING("canary-subset", K_CANARY_SUBSET, &app.canary_subset, "S", "the canary's subset (default canary)"), \
		OPT_STRING("stable-subset", K_STABLE_SUBSET, &app.stable_subset, "S",                                  \
			   "the stable subset (default stable)"),                                                      \
		OPT_STRING("route", K_ROUTE, &app.route, "NAME",                                                       \
			   "the HTTP route or rule (default: first with both sides)"),                                 \
		OPT_STRING("stable-backend", K_STABLE_BACKEND, &app.stable_backend, "SVC",                             \
			   "httproute/: stable Service (default NAME-stable)"),                                        \
		OPT_STRING("canary-backend", K_CANARY_BACKEND, &app.canary_backend, "SVC",                             \
			   "httproute/: canary Service (default NAME-canary)"),                                        \
		OPT_STRING("canary-service", K_CANARY_SERVICE, &app.canary_service, "SVC",                             \
			   "ingress/: the canary Ingress's Service"),                                                  \
		OPT_STRING("canary-header", K_CANARY_HEADER, &app.canary_header, "NAME[=VALUE]",                       \
			   "ingress/: also route by this header"),                                                     \
		OPT_STRING("canary-cookie", K_CANARY_COOKIE, &app.canary_cookie, "NAME",                               \
			   "ingress/: also route by this cookie")

#define PLAN_ROWS                                                                             \
	OPT_STRING("plan", K_PLAN, &app.plan_file, "FILE", "the plan, a YAML list of steps"), \
		OPT_STRING("steps", K_STEPS, &app.steps, "LIST", "a plan such as 10:5m,25:5m,50:10m,100")
#define PROMOTE_ROWS                                                                          \
	OPT_SET("full", K_FULL, &app.full, "go to 100 now"),                                  \
		OPT_STRING("stable-deployment", K_STABLE_DEP, &app.stable_deployment, "NAME", \
			   "gets the canary's images")
#define CANARY_DEPLOYMENT_ROW \
	OPT_STRING("canary-deployment", K_CANARY_DEP, &app.canary_deployment, "NAME", "the canary's deployment")
#define SCALE_DOWN_ROW OPT_SET("scale-down", K_SCALE_DOWN, &app.scale_down, "scale the canary deployment to 0")

static const struct cli_opt tool_opts[] = {GLOBAL_ROWS, OPT_VERSION, OPT_END};
static const struct cli_opt set_image_opts[] = {
	OPT_STRING("all-containers", K_ALL_CONTAINERS, &app.all_containers, "IMAGE", "set IMAGE on every container"),
	OPT_STRING("record", K_RECORD, &app.record, "REASON", "write REASON as kubernetes.io/change-cause"),
	GLOBAL_ROWS,
	OPT_END,
};
static const struct cli_opt status_opts[] = {
	OPT_DURATION("timeout", K_TIMEOUT, &app.timeout_ms, "DUR", "give up after DUR, exit 5 (0 = forever)"),
	OPT_INT("revision", K_REVISION, &app.revision, "N", "require revision N"),
	OPT_OPTSTRING("watch", K_WATCH, &watch, "BOOL", "keep watching until done (default true)"),
	OPT_STRING("selector", 'l', &app.selector, "SELECTOR", "every deployment with these labels, at once"),
	OPT_OPTSTRING("fail-fast", K_FAIL_FAST, &fail_fast, "BOOL", "fail once a new pod cannot start (true)"),
	OPT_DURATION("fail-fast-after", K_FAIL_FAST_AFTER, &app.fail_fast_after_ms, "DUR",
		     "how long its reason must last (10s)"),
	OPT_INT("logs", K_LOGS, &app.log_lines, "N", "lines of a crashed container's last log (20)"),
	GLOBAL_ROWS,
	OPT_END,
};
static const struct cli_opt undo_opts[] = {
	OPT_INT("to-revision", K_TO_REVISION, &app.to_revision, "N", "roll back to revision N (default: previous)"),
	GLOBAL_ROWS,
	OPT_END,
};
static const struct cli_opt history_opts[] = {
	OPT_INT("revision", K_REVISION, &app.revision, "N", "show revision N"),
	GLOBAL_ROWS,
	OPT_END,
};
static const struct cli_opt plain_opts[] = {GLOBAL_ROWS, OPT_END};
static const struct cli_opt apply_opts[] = {
	OPT_LIST("filename", 'f', &app.files, "FILE", "manifest file or folder, - for stdin (repeatable)"),
	OPT_STRING("field-manager", K_FIELD_MANAGER, &app.field_manager, "NAME", "field manager (default k8s-rollout)"),
	OPT_OPTSTRING("dry-run", K_DRY_RUN, &dry_run, "server", "let the server check without persisting"),
	OPT_OPTSTRING("prune", K_PRUNE, &prune, "BOOL", "only false (pruning is not supported)"),
	GLOBAL_ROWS,
	OPT_END,
};
/* canary's help lists the options of all its commands. */
static const struct cli_opt canary_opts[] = {
	WAIT_ROWS,
	ROUTER_ROWS,
	OPT_STRING("plan", K_PLAN, &app.plan_file, "FILE", "run: the plan, a YAML list of steps"),
	OPT_STRING("steps", K_STEPS, &app.steps, "LIST", "run: a plan such as 10:5m,25:5m,50:10m,100"),
	OPT_SET("full", K_FULL, &app.full, "promote: go to 100 now"),
	OPT_STRING("stable-deployment", K_STABLE_DEP, &app.stable_deployment, "NAME",
		   "promote: gets the canary's images"),
	OPT_STRING("canary-deployment", K_CANARY_DEP, &app.canary_deployment, "NAME",
		   "promote/abort: the canary's deployment"),
	OPT_SET("scale-down", K_SCALE_DOWN, &app.scale_down, "abort: scale the canary deployment to 0"),
	GLOBAL_ROWS,
	OPT_END,
};
static const struct cli_opt set_weight_opts[] = {ROUTER_ROWS, GLOBAL_ROWS, OPT_END};
static const struct cli_opt run_opts[] = {ROUTER_ROWS, PLAN_ROWS, GLOBAL_ROWS, OPT_END};
static const struct cli_opt promote_opts[] = {
	ROUTER_ROWS, WAIT_ROWS, PROMOTE_ROWS, CANARY_DEPLOYMENT_ROW, GLOBAL_ROWS, OPT_END,
};
static const struct cli_opt abort_opts[] = {ROUTER_ROWS, CANARY_DEPLOYMENT_ROW, SCALE_DOWN_ROW, GLOBAL_ROWS, OPT_END};
static const struct cli_opt switch_opts[] = {
	OPT_STRING("to", K_TO, &app.to_color, "COLOR", "the colour to select (httproute/: the Service)"),
	OPT_STRING("from", K_FROM, &app.from, "SVC", "httproute/: the Service to replace (default: the only one)"),
	OPT_STRING("label", K_LABEL, &app.label, "KEY", "the selector key (default version)"),
	OPT_STRING("verify", K_VERIFY, &app.verify, "NAME", "the deployment that must be ready first"),
	OPT_STRING("analysis", K_ANALYSIS, &app.analysis_file, "FILE", "an analysis to run after switching"),
	OPT_DURATION("window", K_WINDOW, &app.window_ms, "DUR", "how long the analysis watches"),
	OPT_DURATION("scale-down-delay", K_SCALE_DOWN_DELAY, &app.scale_down_delay_ms, "DUR",
		     "then scale the old colour to 0"),
	GLOBAL_ROWS,
	OPT_END,
};

/* Entry points: each command's operands (MIN..MAX, the first a
 * deployment's name or not), then its run_ function with the client. */
static int cmd_set_image(int argc, char **argv)
{
	return app_run(app_options(argc, argv, 1, 1000, true), run_set_image);
}

static int cmd_undo(int argc, char **argv)
{
	return app_run(app_options(argc, argv, 1, 1, true), run_undo);
}

static int cmd_history(int argc, char **argv)
{
	return app_run(app_options(argc, argv, 1, 1, true), run_history);
}

static int cmd_restart(int argc, char **argv)
{
	return app_run(app_options(argc, argv, 1, 1, true), run_restart);
}

static int cmd_image(int argc, char **argv)
{
	return app_run(app_options(argc, argv, 1, 2, true), run_image);
}

static int cmd_apply(int argc, char **argv)
{
	return app_run(app_options(argc, argv, 0, 0, false), run_apply);
}

static int cmd_switch(int argc, char **argv)
{
	return app_run(app_options(argc, argv, 1, 1, false), run_switch);
}

static int cmd_canary_set_weight(int argc, char **argv)
{
	return app_run(app_options(argc, argv, 2, 2, false), run_canary);
}

static int cmd_canary_run(int argc, char **argv)
{
	return app_run(app_options(argc, argv, 1, 1, false), run_canary);
}

static int cmd_canary_promote(int argc, char **argv)
{
	return app_run(app_options(argc, argv, 1, 1, false), run_canary);
}

static int cmd_canary_abort(int argc, char **argv)
{
	return app_run(app_options(argc, argv, 1, 1, false), run_canary);
}

static int cmd_canary_status(int argc, char **argv)
{
	return app_run(app_options(argc, argv, 1, 1, false), run_canary);
}

static int cmd_status(int argc, char **argv)
{
	struct app *a = app_options(argc, argv, 0, 1000, false);
	if (a->selector ? a->nargs > 0 : a->nargs == 0)
		cli_usage_error("status wants DEPLOYMENT arguments or -l SELECTOR (one of the two)");
	for (int i = 0; i < a->nargs; i++)
		(void)deployment_name(a->args[i]);
	return app_run(a, run_status);
}

static const struct cli_cmd canary_cmds[] = {
	{"set-weight", cmd_canary_set_weight, "ROUTE WEIGHT [OPTION]...",
	 "give the canary WEIGHT percent, the stable side the rest", set_weight_opts, NULL, NULL},
	{"run", cmd_canary_run, "ROUTE --plan FILE | --steps LIST [OPTION]...", "execute a plan, step by step",
	 run_opts, NULL, NULL},
	{"promote", cmd_canary_promote, "ROUTE [--full] [OPTION]...", "continue a paused plan, or go to 100 now",
	 promote_opts, NULL, NULL},
	{"abort", cmd_canary_abort, "ROUTE [--scale-down --canary-deployment C] [OPTION]...",
	 "all traffic back to stable", abort_opts, NULL, NULL},
	{"status", cmd_canary_status, "ROUTE [OPTION]...", "the route, both weights and the plan's state", plain_opts,
	 NULL, NULL},
	{NULL, NULL, NULL, NULL, NULL, NULL, NULL},
};

static const struct cli_cmd commands[] = {
	{"set-image", cmd_set_image, "DEPLOYMENT CONTAINER=IMAGE... [OPTION]...", "update images (kubectl set image)",
	 set_image_opts, NULL, NULL},
	{"status", cmd_status, "DEPLOYMENT... | -l SELECTOR [OPTION]...", "wait for rollouts (kubectl rollout status)",
	 status_opts, NULL, NULL},
	{"undo", cmd_undo, "DEPLOYMENT [OPTION]...", "roll back (kubectl rollout undo)", undo_opts, NULL, NULL},
	{"history", cmd_history, "DEPLOYMENT [OPTION]...", "list revisions (kubectl rollout history)", history_opts,
	 NULL, NULL},
	{"restart", cmd_restart, "DEPLOYMENT [OPTION]...", "restart the pods (kubectl rollout restart)", plain_opts,
	 NULL, NULL},
	{"image", cmd_image, "DEPLOYMENT [CONTAINER] [OPTION]...", "print the current image", plain_opts, NULL, NULL},
	{"apply", cmd_apply, "-f FILE... [OPTION]...", "server-side apply", apply_opts, NULL, NULL},
	{"canary", NULL,
	 "set-weight ROUTE WEIGHT [OPTION]...\n"
	 "       k8s-rollout canary run ROUTE --plan FILE | --steps LIST [OPTION]...\n"
	 "       k8s-rollout canary promote ROUTE [--full] [OPTION]...\n"
	 "       k8s-rollout canary abort ROUTE [--scale-down --canary-deployment C] [OPTION]...\n"
	 "       k8s-rollout canary status ROUTE [OPTION]...",
	 "canary weights and plans (Istio, Gateway API, NGINX)", canary_opts, canary_cmds,
	 "`k8s-rollout canary COMMAND --help` describes a command."},
	{"switch", cmd_switch, "SERVICE|httproute/NAME --to X [OPTION]...",
	 "blue/green switch of a selector or a route", switch_opts, NULL, NULL},
	{NULL, NULL, NULL, NULL, NULL, NULL, NULL},
};

static const struct cli_cmd tool = {
	NULL,
	NULL,
	"COMMAND [OPTION]... ARG...",
	"Deploy, watch, undo and restart Kubernetes Deployments over the API, with kubectl's decisions",
	tool_opts,
	commands,
	"and messages, exit codes that tell the cases apart, and JSON output; canary plans\n"
	"(canary set-weight|run|promote|abort|status ROUTE) on Istio VirtualServices, Gateway API\n"
	"HTTPRoutes and ingress-nginx Ingresses, and blue/green switches.\n"
	"`k8s-rollout COMMAND --help` describes a command.",
};

static bool has_row(const struct cli_opt *rows, const char *name)
{
	for (const struct cli_opt *o = rows; o->name; o++)
		if (!strcmp(o->name, name))
			return true;
	return false;
}

/* The rows command c accepts: its own, canary's for a canary command, the
 * tool's; then every other command's as rows that only return their key,
 * so that such an option is refused by name. */
static const struct cli_opt *accepted(const struct cli_cmd *c, bool in_canary)
{
	const struct cli_opt *mine[] = {c->opts, in_canary ? canary_opts : tool_opts, tool_opts};
	size_t n = 0;
	for (const struct cli_cmd *t = commands; t->name; t++)
		for (const struct cli_opt *o = t->opts; o->name; o++)
			n++;
	n += sizeof tool_opts / sizeof *tool_opts;
	struct cli_opt *rows = xcalloc(n + 1, sizeof *rows);
	size_t k = 0;
	for (size_t i = 0; i < sizeof mine / sizeof *mine; i++)
		for (const struct cli_opt *o = mine[i]; o->name; o++)
			if (!has_row(rows, o->name))
				rows[k++] = *o;
	for (const struct cli_cmd *t = commands; t->name; t++)
		for (const struct cli_opt *o = t->opts; o->name; o++)
			if (!has_row(rows, o->name)) {
				rows[k] = *o;
				rows[k].bind = CLI_RETURN;
				rows[k++].var = NULL;
			}
	return rows;
}

_Noreturn static void not_here(const struct cli_opt *rows, int key, const char *command)
{
	const char *name = "?";
	for (const struct cli_opt *o = rows; o->name; o++)
		if (o->key == key)
			name = o->name;
	char *only = xstrdup("");
	for (const struct cli_cmd *t = commands; t->name; t++)
		if (has_row(t->opts, name)) {
			char *s = xasprintf("%s%s%s", only, *only ? " " : "", t->name);
			free(only);
			only = s;
		}
	cli_usage_error("--%s does not apply to %s (only to %s)", name, command, only);
}

static bool parse_bool(const char *opt, const char *v)
{
	if (!v || !strcmp(v, "true") || !strcmp(v, "1"))
		return true;
	if (!strcmp(v, "false") || !strcmp(v, "0"))
		return false;
	cli_usage_error("--%s wants true or false, not '%s'", opt, v);
}

/* The values the table could not check itself. */
static void check_values(struct app *a)
{
	int f = parse_format(format, 1u << FMT_TEXT | 1u << FMT_JSON);
	if (f < 0)
		cli_usage_error("--format wants text or json, not '%s'", format);
	a->json = f == FMT_JSON;
	if (color_parse_mode(color) < 0)
		cli_usage_error("--color '%s': write auto, always or never", color);
	ov.insecure = parse_bool("insecure-skip-tls-verify", insecure);
	a->watch = parse_bool("watch", watch);
	a->fail_fast = parse_bool("fail-fast", fail_fast);
	if (dry_run && strcmp(dry_run, "server") && strcmp(dry_run, "none"))
		cli_usage_error("--dry-run supports server (or none), not '%s'", dry_run);
	a->dry_run = !dry_run || !strcmp(dry_run, "server");
	if (parse_bool("prune", prune))
		cli_usage_error("--prune is not supported; objects are applied, never deleted");
	if (a->stable_deployment)
		a->stable_deployment = deployment_name(a->stable_deployment);
	if (a->canary_deployment)
		a->canary_deployment = deployment_name(a->canary_deployment);
	if (a->verify)
		a->verify = deployment_name(a->verify);
}

struct app *app_options(int argc, char **argv, int min, int max, bool on_deployment)
{
	struct app *a = &app;
	const struct cli_cmd *c = cli_current();
	bool in_canary = c >= canary_cmds && c < canary_cmds + sizeof canary_cmds / sizeof *canary_cmds;
	a->command = in_canary ? "canary" : c->name;
	a->sub = in_canary ? c->name : NULL;
	static const struct cli_opt *rows; /* cli_next keeps using them */
	rows = accepted(c, in_canary);
	int key;
	while ((key = cli_next(argc, argv, rows)) != -1)
		not_here(rows, key, a->command);
	check_values(a);
	/* Usage errors before any file or network is touched. */
	ghaout_init(gha_enabled(no_github), a->command, a->sub);
	/* Colour for a person: never the JSON on stdout. */
	enum color_mode mode = (enum color_mode)color_parse_mode(color);
	color_init(a->json ? COLOR_NEVER : mode, 1);
	color_init(mode, 2);
	progress_init(!a->quiet, verbose);
	a->args = argv + optind;
	a->nargs = argc - optind;
	if (a->nargs < min || a->nargs > max)
		cli_usage_error("usage: %s %s%s%s %s", cli_prog(), a->command, a->sub ? " " : "", a->sub ? a->sub : "",
				c->synopsis);
	if (on_deployment)
		(void)deployment_name(a->args[0]);
	return a;
}

int app_run(struct app *a, int (*run)(struct app *, int, char **))
{
	crypto_init();
	char err[1024];
	int rc = kconfig_load(&ov, &a->cfg, err, sizeof err);
	if (rc) {
		msg_error("%s", err);
		ghaout_finish(a->nargs, a->args, rc);
		return rc;
	}
	http_global_init();
	kclient_init(&a->kc, &a->cfg, verbose, req_timeout);
	if (verbose)
		fprintf(stderr, "%s: context \"%s\", user \"%s\" (%s); server %s; namespace %s\n", cli_prog(),
			a->cfg.context ? a->cfg.context : "", a->cfg.user ? a->cfg.user : "", a->cfg.source,
			a->cfg.server, a->cfg.ns);
	rc = run(a, a->nargs, a->args);
	ghaout_finish(a->nargs, a->args, rc);
	kclient_free(&a->kc);
	kconfig_free(&a->cfg);
	free(a->files.v);
	return rc;
}

/* "k8s-rollout --help undo" describes undo, as "k8s-rollout undo --help"
 * does: the words from the command on, then --help. */
static char **help_after_command(int *argc, char **argv)
{
	struct option *lo;
	char *so;
	cli_getopt_tables(tool_opts, &lo, &so);
	char *posix = xasprintf("+%s", so);
	bool help = false;
	int saved = opterr, key;
	opterr = 0;
	optind = 0;
	while ((key = getopt_long(*argc, argv, posix, lo, NULL)) != -1)
		help = help || key == 'h';
	opterr = saved;
	free(lo);
	free(so);
	free(posix);
	bool known = false;
	for (const struct cli_cmd *c = commands; optind < *argc && c->name; c++)
		known = known || !strcmp(c->name, argv[optind]);
	if (!help || !known)
		return argv;
	static char **v; /* argv from now on */
	v = xcalloc((size_t)(*argc - optind + 3), sizeof *v);
	int n = 0;
	v[n++] = argv[0];
	for (int i = optind; i < *argc; i++)
		v[n++] = argv[i];
	v[n++] = "--help";
	*argc = n;
	return v;
}

int main(int argc, char **argv)
{
	cli_init("k8s-rollout");
	close_stdout_at_exit();
	argv = help_after_command(&argc, argv);
	return cli_main(&tool, argc, argv);
}
