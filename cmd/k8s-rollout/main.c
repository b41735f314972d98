/* k8s-rollout: set image, wait for a rollout, undo, history, restart and
 * apply over the Kubernetes API, with kubectl's decisions and wording.
 * Options are one table: global ones and a subcommand's may come before or
 * after the subcommand, as kubectl users write them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cli.h"
#include "diag.h"
#include "encode.h"
#include "gha.h"
#include "ghaout.h"
#include "http.h"

enum {
	K_KUBECONFIG = CLI_KEY_TOOL, K_CONTEXT, K_SERVER, K_TOKEN, K_TOKEN_FILE, K_CA, K_INSECURE, K_REQ_TIMEOUT,
	K_FORMAT, K_TIMEOUT, K_REVISION, K_WATCH, K_TO_REVISION, K_ALL_CONTAINERS, K_RECORD, K_FIELD_MANAGER,
	K_DRY_RUN, K_PRUNE, K_CANARY_SUBSET, K_STABLE_SUBSET, K_ROUTE, K_PLAN, K_STEPS, K_FULL, K_STABLE_DEP,
	K_CANARY_DEP, K_SCALE_DOWN, K_TO, K_LABEL, K_VERIFY, K_ANALYSIS, K_WINDOW, K_SCALE_DOWN_DELAY,
	K_STABLE_BACKEND, K_CANARY_BACKEND, K_CANARY_SERVICE, K_CANARY_HEADER, K_CANARY_COOKIE, K_FROM,
};

static const struct cli_opt opts[] = {
	{"kubeconfig", required_argument, K_KUBECONFIG, "FILE", "kubeconfig file (else $KUBECONFIG, ~/.kube/config, in-cluster)"},
	{"context", required_argument, K_CONTEXT, "NAME", "kubeconfig context (else current-context)"},
	{"namespace", required_argument, 'n', "NS", "namespace (else the context's, else default)"},
	{"server", required_argument, K_SERVER, "URL", "API server URL, overriding the kubeconfig's"},
	{"token", required_argument, K_TOKEN, "TOKEN", "bearer token (visible in ps: prefer --token-file)"},
	{"token-file", required_argument, K_TOKEN_FILE, "FILE", "read the bearer token from FILE"},
	{"certificate-authority", required_argument, K_CA, "FILE", "CA bundle that signed the server's certificate"},
	{"insecure-skip-tls-verify", optional_argument, K_INSECURE, "BOOL", "do not verify the server's certificate"},
	{"request-timeout", required_argument, K_REQ_TIMEOUT, "DUR", "limit for one API request (0 = none)"},
	{"format", required_argument, K_FORMAT, "FMT", "text or json"},
	{"quiet", no_argument, 'q', NULL, "no progress lines"},
	{"verbose", no_argument, 'v', NULL, "log every request on stderr (never credentials)"},
	{"timeout", required_argument, K_TIMEOUT, "DUR", "status: give up after DUR, exit 5 (0 = wait forever)"},
	{"revision", required_argument, K_REVISION, "N", "status: require revision N; history: show revision N"},
	{"watch", optional_argument, K_WATCH, "BOOL", "status: keep watching until done (default true)"},
	{"to-revision", required_argument, K_TO_REVISION, "N", "undo: roll back to revision N (default: previous)"},
	{"all-containers", required_argument, K_ALL_CONTAINERS, "IMAGE", "set-image: set IMAGE on every container"},
	{"record", required_argument, K_RECORD, "REASON", "set-image: write REASON as kubernetes.io/change-cause"},
	{"filename", required_argument, 'f', "FILE", "apply: manifest file, - for stdin (repeatable)"},
	{"field-manager", required_argument, K_FIELD_MANAGER, "NAME", "apply: field manager (default k8s-rollout)"},
	{"dry-run", optional_argument, K_DRY_RUN, "server", "apply: let the server check without persisting"},
	{"prune", optional_argument, K_PRUNE, "BOOL", "apply: only false (pruning is not supported)"},
	{"canary-subset", required_argument, K_CANARY_SUBSET, "S", "canary: the canary's subset (default canary)"},
	{"stable-subset", required_argument, K_STABLE_SUBSET, "S", "canary: the stable subset (default stable)"},
	{"route", required_argument, K_ROUTE, "NAME", "canary: the HTTP route or rule (default: first with both sides)"},
	{"stable-backend", required_argument, K_STABLE_BACKEND, "SVC", "canary httproute/: stable Service (default NAME-stable)"},
	{"canary-backend", required_argument, K_CANARY_BACKEND, "SVC", "canary httproute/: canary Service (default NAME-canary)"},
	{"canary-service", required_argument, K_CANARY_SERVICE, "SVC", "canary ingress/: the canary Ingress's Service"},
	{"canary-header", required_argument, K_CANARY_HEADER, "NAME[=VALUE]", "canary ingress/: also route by this header"},
	{"canary-cookie", required_argument, K_CANARY_COOKIE, "NAME", "canary ingress/: also route by this cookie"},
	{"plan", required_argument, K_PLAN, "FILE", "canary run: the plan, a YAML list of steps"},
	{"steps", required_argument, K_STEPS, "LIST", "canary run: a plan such as 10:5m,25:5m,50:10m,100"},
	{"full", no_argument, K_FULL, NULL, "canary promote: go to 100 now"},
	{"stable-deployment", required_argument, K_STABLE_DEP, "NAME", "canary promote: gets the canary's images"},
	{"canary-deployment", required_argument, K_CANARY_DEP, "NAME", "canary promote/abort: the canary's deployment"},
	{"scale-down", no_argument, K_SCALE_DOWN, NULL, "canary abort: scale the canary deployment to 0"},
	{"to", required_argument, K_TO, "COLOR", "switch: the colour to select (httproute/: the Service)"},
	{"from", required_argument, K_FROM, "SVC", "switch httproute/: the Service to replace (default: the only one)"},
	{"label", required_argument, K_LABEL, "KEY", "switch: the selector key (default version)"},
	{"verify", required_argument, K_VERIFY, "NAME", "switch: the deployment that must be ready first"},
	{"analysis", required_argument, K_ANALYSIS, "FILE", "switch: an analysis to run after switching"},
	{"window", required_argument, K_WINDOW, "DUR", "switch: how long the analysis watches"},
	{"scale-down-delay", required_argument, K_SCALE_DOWN_DELAY, "DUR", "switch: then scale the old colour to 0"},
	{"no-github", no_argument, CLI_KEY_NO_GITHUB, NULL, "no GitHub Actions outputs, summary or ::error lines"},
	{"help", no_argument, 'h', NULL, "show this help"},
	{"version", no_argument, CLI_KEY_VERSION, NULL, "show the version"},
	{NULL, 0, 0, NULL, NULL},
};

struct command {
	const char *name;
	int (*run)(struct app *, int, char **);
	int min_args, max_args;   /* positional arguments after the command */
	bool on_deployment;       /* the first argument names a deployment */
	const char *synopsis, *summary;
};

static const struct command commands[] = {
	{"set-image", cmd_set_image, 1, 1000, true, "DEPLOYMENT CONTAINER=IMAGE...", "update images (kubectl set image)"},
	{"status", cmd_status, 1, 1, true, "DEPLOYMENT", "wait for the rollout (kubectl rollout status)"},
	{"undo", cmd_undo, 1, 1, true, "DEPLOYMENT", "roll back (kubectl rollout undo)"},
	{"history", cmd_history, 1, 1, true, "DEPLOYMENT", "list revisions (kubectl rollout history)"},
	{"restart", cmd_restart, 1, 1, true, "DEPLOYMENT", "restart the pods (kubectl rollout restart)"},
	{"image", cmd_image, 1, 2, true, "DEPLOYMENT [CONTAINER]", "print the current image"},
	{"apply", cmd_apply, 0, 0, false, "-f FILE...", "server-side apply"},
	{"canary", cmd_canary, 2, 3, false, "SUBCOMMAND ROUTE ...", "canary weights and plans (Istio, Gateway API, NGINX)"},
	{"switch", cmd_switch, 1, 1, false, "SERVICE|httproute/NAME --to X", "blue/green switch of a selector or a route"},
	{NULL, NULL, 0, 0, false, NULL, NULL},
};

static void usage(void)
{
	cli_help(stdout, "COMMAND [OPTION]... ARG...",
		 "Deploy, watch, undo and restart Kubernetes Deployments over the API, with kubectl's decisions\n"
		 "and messages, exit codes that tell the cases apart, and JSON output; canary plans\n"
		 "(canary set-weight|run|promote|abort|status ROUTE) on Istio VirtualServices, Gateway API\n"
		 "HTTPRoutes and ingress-nginx Ingresses, and blue/green switches.",
		 opts);
	fputs("\nCommands:\n", stdout);
	for (const struct command *c = commands; c->name; c++)
		printf("  %-10s %-34s %s\n", c->name, c->synopsis, c->summary);
}

static bool parse_bool(const char *opt, const char *v)
{
	if (!v || !strcmp(v, "true") || !strcmp(v, "1"))
		return true;
	if (!strcmp(v, "false") || !strcmp(v, "0"))
		return false;
	cli_usage_error("--%s wants true or false, not '%s'", opt, v);
}

static long long parse_count(const char *opt, const char *v, long long min)
{
	long long n;
	if (parse_int(v, min, 1000000000LL, &n) != 0)
		cli_usage_error("--%s wants a whole number >= %lld, not '%s'", opt, min, v);
	return n;
}

static int64_t parse_dur(const char *opt, const char *v)
{
	int64_t ms;
	if (parse_duration_ms(v, &ms) != 0 || ms < 0)
		cli_usage_error("--%s wants a duration such as 300s or 5m, not '%s'", opt, v);
	return ms;
}

/* Which subcommands an option belongs to (NULL: all). */
static const char *owner(int key)
{
	switch (key) {
	case K_TIMEOUT: return "status canary";
	case K_WATCH: return "status";
	case K_CANARY_SUBSET: case K_STABLE_SUBSET: case K_ROUTE: case K_PLAN: case K_STEPS: case K_FULL:
	case K_STABLE_DEP: case K_CANARY_DEP: case K_SCALE_DOWN: case K_STABLE_BACKEND: case K_CANARY_BACKEND:
	case K_CANARY_SERVICE: case K_CANARY_HEADER: case K_CANARY_COOKIE: return "canary";
	case K_TO: case K_LABEL: case K_VERIFY: case K_ANALYSIS: case K_WINDOW: case K_SCALE_DOWN_DELAY: case K_FROM:
		return "switch";
	case K_REVISION: return "status history";
	case K_TO_REVISION: return "undo";
	case K_ALL_CONTAINERS: case K_RECORD: return "set-image";
	case 'f': case K_FIELD_MANAGER: case K_DRY_RUN: case K_PRUNE: return "apply";
	default: return NULL;
	}
}

static bool owns(const char *list, const char *cmd)
{
	size_t n = strlen(cmd);
	for (const char *p = list; (p = strstr(p, cmd)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	cli_init("k8s-rollout");
	close_stdout_at_exit();
	static struct app a;
	struct koverrides ov = {0};
	int64_t req_timeout = 0;
	bool no_github = false;
	a.watch = true;
	a.field_manager = "k8s-rollout";
	int used[64] = {0};
	size_t nused = 0;
	int c;
	while ((c = cli_next(argc, argv, opts)) != -1) {
		if (owner(c) && nused < 64)
			used[nused++] = c;
		switch (c) {
		case 'h': usage(); return EXIT_OK;
		case CLI_KEY_VERSION: cli_version(); return EXIT_OK;
		case K_KUBECONFIG: ov.kubeconfig = optarg; break;
		case K_CONTEXT: ov.context = optarg; break;
		case 'n': ov.ns = optarg; break;
		case K_SERVER: ov.server = optarg; break;
		case K_TOKEN: ov.token = optarg; break;
		case K_TOKEN_FILE: ov.token_file = optarg; break;
		case K_CA: ov.ca_file = optarg; break;
		case K_INSECURE: ov.insecure = parse_bool("insecure-skip-tls-verify", optarg); break;
		case K_REQ_TIMEOUT: req_timeout = parse_dur("request-timeout", optarg); break;
		case K_FORMAT: {
			int f = parse_format(optarg, 1u << FMT_TEXT | 1u << FMT_JSON);
			if (f < 0)
				cli_usage_error("--format wants text or json, not '%s'", optarg);
			a.json = f == FMT_JSON;
			break;
		}
		case 'q': a.quiet = true; break;
		case CLI_KEY_NO_GITHUB: no_github = true; break;
		case 'v': a.kc.verbose = true; break;
		case K_TIMEOUT: a.timeout_ms = parse_dur("timeout", optarg); break;
		case K_REVISION: a.revision = parse_count("revision", optarg, 0); break;
		case K_WATCH: a.watch = parse_bool("watch", optarg); break;
		case K_TO_REVISION: a.to_revision = parse_count("to-revision", optarg, 0); break;
		case K_ALL_CONTAINERS: a.all_containers = optarg; break;
		case K_RECORD: a.record = optarg; break;
		case 'f':
			a.files = xrealloc(a.files, (a.nfiles + 1) * sizeof *a.files);
			a.files[a.nfiles++] = optarg;
			break;
		case K_FIELD_MANAGER: a.field_manager = optarg; break;
		case K_DRY_RUN:
			if (optarg && strcmp(optarg, "server") && strcmp(optarg, "none"))
				cli_usage_error("--dry-run supports server (or none), not '%s'", optarg);
			a.dry_run = !optarg || !strcmp(optarg, "server");
			break;
		case K_PRUNE:
			if (parse_bool("prune", optarg))
				cli_usage_error("--prune is not supported; objects are applied, never deleted");
			break;
		case K_CANARY_SUBSET: a.canary_subset = optarg; break;
		case K_STABLE_SUBSET: a.stable_subset = optarg; break;
		case K_ROUTE: a.route = optarg; break;
		case K_PLAN: a.plan_file = optarg; break;
		case K_STEPS: a.steps = optarg; break;
		case K_FULL: a.full = true; break;
		case K_STABLE_DEP: a.stable_deployment = deployment_name(optarg); break;
		case K_CANARY_DEP: a.canary_deployment = deployment_name(optarg); break;
		case K_SCALE_DOWN: a.scale_down = true; break;
		case K_TO: a.to_color = optarg; break;
		case K_LABEL: a.label = optarg; break;
		case K_VERIFY: a.verify = deployment_name(optarg); break;
		case K_ANALYSIS: a.analysis_file = optarg; break;
		case K_WINDOW: a.window_ms = parse_dur("window", optarg); break;
		case K_SCALE_DOWN_DELAY: a.scale_down_delay_ms = parse_dur("scale-down-delay", optarg); break;
		case K_STABLE_BACKEND: a.stable_backend = optarg; break;
		case K_CANARY_BACKEND: a.canary_backend = optarg; break;
		case K_CANARY_SERVICE: a.canary_service = optarg; break;
		case K_CANARY_HEADER: a.canary_header = optarg; break;
		case K_CANARY_COOKIE: a.canary_cookie = optarg; break;
		case K_FROM: a.from = optarg; break;
		default: cli_usage_error("unexpected option");
		}
	}
	if (optind >= argc)
		cli_usage_error("a command is required (set-image, status, undo, history, restart, image, apply, canary, "
				"switch)");
	const char *name = argv[optind];
	const struct command *cmd = NULL;
	for (const struct command *p = commands; p->name; p++)
		if (!strcmp(p->name, name))
			cmd = p;
	if (!cmd)
		cli_usage_error("unknown command '%s'", name);
	for (size_t i = 0; i < nused; i++)
		if (!owns(owner(used[i]), name))
			for (const struct cli_opt *o = opts; o->name; o++)
				if (o->key == used[i])
					cli_usage_error("--%s does not apply to %s (only to %s)", o->name, name, owner(used[i]));
	/* Usage errors before any file or network is touched. */
	ghaout_init(gha_enabled(no_github), name);
	int nargs = argc - optind - 1;
	if (nargs < cmd->min_args || nargs > cmd->max_args)
		cli_usage_error("usage: %s %s %s", cli_prog(), name, cmd->synopsis);
	if (cmd->on_deployment)
		(void)deployment_name(argv[optind + 1]);
	crypto_init();
	char err[1024];
	int rc = kconfig_load(&ov, &a.cfg, err, sizeof err);
	if (rc) {
		kerror("%s", err);
		ghaout_finish(nargs, argv + optind + 1, rc);
		return rc;
	}
	http_global_init();
	bool verbose = a.kc.verbose;
	kclient_init(&a.kc, &a.cfg, verbose, req_timeout);
	if (verbose)
		fprintf(stderr, "%s: context \"%s\", user \"%s\" (%s); server %s; namespace %s\n", cli_prog(),
			a.cfg.context ? a.cfg.context : "", a.cfg.user ? a.cfg.user : "", a.cfg.source, a.cfg.server,
			a.cfg.ns);
	rc = cmd->run(&a, argc - optind - 1, argv + optind + 1);
	ghaout_finish(nargs, argv + optind + 1, rc);
	kclient_free(&a.kc);
	kconfig_free(&a.cfg);
	free(a.files);
	return rc;
}
