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
	K_FAIL_FAST, K_FAIL_FAST_AFTER, K_LOGS,
	K_STABLE_BACKEND, K_CANARY_BACKEND, K_CANARY_SERVICE, K_CANARY_HEADER, K_CANARY_COOKIE, K_FROM,
};

static const struct cli_opt opts[] = {
	OPT_ARG("kubeconfig", K_KUBECONFIG, "FILE", "kubeconfig file (else $KUBECONFIG, ~/.kube/config, in-cluster)"),
	OPT_ARG("context", K_CONTEXT, "NAME", "kubeconfig context (else current-context)"),
	OPT_ARG("namespace", 'n', "NS", "namespace (else the context's, else default)"),
	OPT_ARG("server", K_SERVER, "URL", "API server URL, overriding the kubeconfig's"),
	OPT_ARG("token", K_TOKEN, "TOKEN", "bearer token (visible in ps: prefer --token-file)"),
	OPT_ARG("token-file", K_TOKEN_FILE, "FILE", "read the bearer token from FILE"),
	OPT_ARG("certificate-authority", K_CA, "FILE", "CA bundle that signed the server's certificate"),
	OPT_OPTARG("insecure-skip-tls-verify", K_INSECURE, "BOOL", "do not verify the server's certificate"),
	OPT_ARG("request-timeout", K_REQ_TIMEOUT, "DUR", "limit for one API request (default 30s, 0 = none)"),
	OPT_ARG("format", K_FORMAT, "FMT", "text or json"),
	OPT_FLAG("quiet", 'q', "no progress lines"),
	OPT_FLAG("verbose", 'v', "log every request on stderr (never credentials)"),
	OPT_ARG("timeout", K_TIMEOUT, "DUR", "status, canary promote: give up after DUR, exit 5 (0 = forever)"),
	OPT_ARG("revision", K_REVISION, "N", "status: require revision N; history: show revision N"),
	OPT_OPTARG("watch", K_WATCH, "BOOL", "status: keep watching until done (default true)"),
	OPT_ARG("selector", 'l', "SELECTOR", "status: every deployment with these labels, at once"),
	OPT_OPTARG("fail-fast", K_FAIL_FAST, "BOOL", "status, canary promote: fail once a new pod cannot start (true)"),
	OPT_ARG("fail-fast-after", K_FAIL_FAST_AFTER, "DUR", "status, canary promote: how long its reason must last (10s)"),
	OPT_ARG("logs", K_LOGS, "N", "status, canary promote: lines of a crashed container's last log (20)"),
	OPT_ARG("to-revision", K_TO_REVISION, "N", "undo: roll back to revision N (default: previous)"),
	OPT_ARG("all-containers", K_ALL_CONTAINERS, "IMAGE", "set-image: set IMAGE on every container"),
	OPT_ARG("record", K_RECORD, "REASON", "set-image: write REASON as kubernetes.io/change-cause"),
	OPT_ARG("filename", 'f', "FILE", "apply: manifest file or folder, - for stdin (repeatable)"),
	OPT_ARG("field-manager", K_FIELD_MANAGER, "NAME", "apply: field manager (default k8s-rollout)"),
	OPT_OPTARG("dry-run", K_DRY_RUN, "server", "apply: let the server check without persisting"),
	OPT_OPTARG("prune", K_PRUNE, "BOOL", "apply: only false (pruning is not supported)"),
	OPT_ARG("canary-subset", K_CANARY_SUBSET, "S", "canary: the canary's subset (default canary)"),
	OPT_ARG("stable-subset", K_STABLE_SUBSET, "S", "canary: the stable subset (default stable)"),
	OPT_ARG("route", K_ROUTE, "NAME", "canary: the HTTP route or rule (default: first with both sides)"),
	OPT_ARG("stable-backend", K_STABLE_BACKEND, "SVC", "canary httproute/: stable Service (default NAME-stable)"),
	OPT_ARG("canary-backend", K_CANARY_BACKEND, "SVC", "canary httproute/: canary Service (default NAME-canary)"),
	OPT_ARG("canary-service", K_CANARY_SERVICE, "SVC", "canary ingress/: the canary Ingress's Service"),
	OPT_ARG("canary-header", K_CANARY_HEADER, "NAME[=VALUE]", "canary ingress/: also route by this header"),
	OPT_ARG("canary-cookie", K_CANARY_COOKIE, "NAME", "canary ingress/: also route by this cookie"),
	OPT_ARG("plan", K_PLAN, "FILE", "canary run: the plan, a YAML list of steps"),
	OPT_ARG("steps", K_STEPS, "LIST", "canary run: a plan such as 10:5m,25:5m,50:10m,100"),
	OPT_FLAG("full", K_FULL, "canary promote: go to 100 now"),
	OPT_ARG("stable-deployment", K_STABLE_DEP, "NAME", "canary promote: gets the canary's images"),
	OPT_ARG("canary-deployment", K_CANARY_DEP, "NAME", "canary promote/abort: the canary's deployment"),
	OPT_FLAG("scale-down", K_SCALE_DOWN, "canary abort: scale the canary deployment to 0"),
	OPT_ARG("to", K_TO, "COLOR", "switch: the colour to select (httproute/: the Service)"),
	OPT_ARG("from", K_FROM, "SVC", "switch httproute/: the Service to replace (default: the only one)"),
	OPT_ARG("label", K_LABEL, "KEY", "switch: the selector key (default version)"),
	OPT_ARG("verify", K_VERIFY, "NAME", "switch: the deployment that must be ready first"),
	OPT_ARG("analysis", K_ANALYSIS, "FILE", "switch: an analysis to run after switching"),
	OPT_ARG("window", K_WINDOW, "DUR", "switch: how long the analysis watches"),
	OPT_ARG("scale-down-delay", K_SCALE_DOWN_DELAY, "DUR", "switch: then scale the old colour to 0"),
	OPT_FLAG("no-github", CLI_KEY_NO_GITHUB, "no GitHub Actions outputs, summary or ::error lines"),
	OPT_FLAG("help", 'h', "show this help"),
	OPT_FLAG("version", CLI_KEY_VERSION, "show the version"),
	OPT_END,
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
	{"status", cmd_status, 0, 1000, false, "DEPLOYMENT... | -l SELECTOR", "wait for rollouts (kubectl rollout status)"},
	{"undo", cmd_undo, 1, 1, true, "DEPLOYMENT", "roll back (kubectl rollout undo)"},
	{"history", cmd_history, 1, 1, true, "DEPLOYMENT", "list revisions (kubectl rollout history)"},
	{"restart", cmd_restart, 1, 1, true, "DEPLOYMENT", "restart the pods (kubectl rollout restart)"},
	{"image", cmd_image, 1, 2, true, "DEPLOYMENT [CONTAINER]", "print the current image"},
	{"apply", cmd_apply, 0, 0, false, "-f FILE...", "server-side apply"},
	{"canary", cmd_canary, 2, 3, false, "SUBCOMMAND ROUTE ...", "canary weights and plans (Istio, Gateway API, NGINX)"},
	{"switch", cmd_switch, 1, 1, false, "SERVICE|httproute/NAME --to X", "blue/green switch of a selector or a route"},
	{NULL, NULL, 0, 0, false, NULL, NULL},
};

/* canary's subcommands, for their --help. */
static const struct command canary_subs[] = {
	{"set-weight", NULL, 2, 2, false, "ROUTE WEIGHT", "give the canary WEIGHT percent, the stable side the rest"},
	{"run", NULL, 1, 1, false, "ROUTE --plan FILE | --steps LIST", "execute a plan, step by step"},
	{"promote", NULL, 1, 1, false, "ROUTE [--full]", "continue a paused plan, or go to 100 now"},
	{"abort", NULL, 1, 1, false, "ROUTE [--scale-down --canary-deployment C]", "all traffic back to stable"},
	{"status", NULL, 1, 1, false, "ROUTE", "the route, both weights and the plan's state"},
	{NULL, NULL, 0, 0, false, NULL, NULL},
};

static void usage(void)
{
	cli_help(stdout, "COMMAND [OPTION]... ARG...",
		 "Deploy, watch, undo and restart Kubernetes Deployments over the API, with kubectl's decisions\n"
		 "and messages, exit codes that tell the cases apart, and JSON output; canary plans\n"
		 "(canary set-weight|run|promote|abort|status ROUTE) on Istio VirtualServices, Gateway API\n"
		 "HTTPRoutes and ingress-nginx Ingresses, and blue/green switches.\n"
		 "`k8s-rollout COMMAND --help` describes a command.",
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
	case K_WATCH: case 'l': return "status";
	case K_FAIL_FAST: case K_FAIL_FAST_AFTER: case K_LOGS: return "status canary";
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

/* Whether p[0..len) is a '/'-separated list of canary's subcommands. */
static bool sub_list(const char *p, size_t len)
{
	while (len) {
		size_t w = strcspn(p, "/");
		w = w < len ? w : len;
		bool known = false;
		for (const struct command *c = canary_subs; c->name; c++)
			known = known || (strlen(c->name) == w && !strncmp(c->name, p, w));
		if (!known)
			return false;
		w += w < len; /* the '/' */
		p += w;
		len -= w;
	}
	return true;
}

/* An option's help may begin with the commands it is for, as in
 * "status, canary promote/abort: " or "canary httproute/: ": how much of
 * it to drop in cmd's help (all of it, or only "cmd " before a qualifier
 * such as "httproute/"); *other set when it names cmd but subcommands
 * other than sub. */
static size_t help_prefix(const char *help, const char *cmd, const char *sub, bool *other)
{
	size_t colon = strcspn(help, ":"), n = strlen(cmd);
	*other = false;
	if (!help[colon] || help[colon + 1] != ' ')
		return 0;
	size_t skip = 0;
	for (const char *p = help; p < help + colon;) {
		size_t len = strcspn(p, ",:");
		if (len >= n && !strncmp(p, cmd, n) && (len == n || p[n] == ' ')) {
			skip = colon + 2;
			if (len > n && !sub_list(p + n + 1, len - n - 1)) {
				skip = (size_t)(p - help) + n + 1;
			} else if (len > n && sub) {
				char subs[128], want[64];
				snprintf(subs, sizeof subs, "/%.*s/", (int)(len - n - 1), p + n + 1);
				snprintf(want, sizeof want, "/%s/", sub);
				*other = !strstr(subs, want);
			}
		}
		p += len;
		p += strspn(p, ", ");
	}
	return skip;
}

/* `k8s-rollout CMD [SUB] --help`: its usage line and the options that
 * apply to it — its own first, without their "cmd:" prefix, then those of
 * every command. */
static void command_help(const struct command *c, const struct command *sub)
{
	size_t n = 0;
	for (const struct cli_opt *o = opts; o->name; o++)
		n++;
	struct cli_opt *rows = xcalloc(n + 1, sizeof *rows);
	size_t k = 0;
	for (int pass = 0; pass < 2; pass++)
		for (const struct cli_opt *o = opts; o->name; o++) {
			const char *list = owner(o->key);
			bool other;
			if (pass == 0 && list && owns(list, c->name)) {
				size_t skip = help_prefix(o->help, c->name, sub ? sub->name : NULL, &other);
				if (other)
					continue;
				rows[k] = *o;
				rows[k++].help = o->help + skip;
			} else if (pass == 1 && !list && o->key != CLI_KEY_VERSION) {
				rows[k++] = *o;
			}
		}
	char *synopsis, *what;
	if (sub) {
		synopsis = xasprintf("%s %s %s [OPTION]...", c->name, sub->name, sub->synopsis);
		what = xasprintf("%s %s: %s.", c->name, sub->name, sub->summary);
	} else if (c->run == cmd_canary) {
		synopsis = NULL;
		for (const struct command *s = canary_subs; s->name; s++) {
			char *t = synopsis ? xasprintf("%s\n       %s ", synopsis, cli_prog()) : xstrdup("");
			free(synopsis);
			synopsis = xasprintf("%s%s %s %s [OPTION]...", t, c->name, s->name, s->synopsis);
			free(t);
		}
		char *list = xstrdup("");
		for (const struct command *s = canary_subs; s->name; s++) {
			char *t = xasprintf("%s\n  %-11s %s", list, s->name, s->summary);
			free(list);
			list = t;
		}
		what = xasprintf("%s.\n\nCommands:%s\n\n`%s canary COMMAND --help` describes a command.", c->summary,
				 list, cli_prog());
		free(list);
	} else {
		synopsis = xasprintf("%s %s [OPTION]...", c->name, c->synopsis);
		what = xasprintf("%s: %s.", c->name, c->summary);
	}
	cli_help(stdout, synopsis, what, rows);
	free(synopsis);
	free(what);
	free(rows);
}

int main(int argc, char **argv)
{
	cli_init("k8s-rollout");
	close_stdout_at_exit();
	static struct app a;
	struct koverrides ov = {0};
	/* kubectl has no request timeout; in CI a hung server must not hold a job. */
	int64_t req_timeout = 30000;
	bool no_github = false, help = false;
	a.watch = true;
	a.fail_fast = true;
	a.fail_fast_after_ms = 10000;
	a.log_lines = 20;
	a.field_manager = "k8s-rollout";
	int used[64] = {0};
	size_t nused = 0;
	int c;
	while ((c = cli_next(argc, argv, opts)) != -1) {
		if (owner(c) && nused < 64)
			used[nused++] = c;
		switch (c) {
		case 'h': help = true; break;
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
		case 'l': a.selector = optarg; break;
		case K_FAIL_FAST: a.fail_fast = parse_bool("fail-fast", optarg); break;
		case K_FAIL_FAST_AFTER: a.fail_fast_after_ms = parse_dur("fail-fast-after", optarg); break;
		case K_LOGS: a.log_lines = parse_count("logs", optarg, 0); break;
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
	if (help) {
		const struct command *hc = NULL, *hs = NULL;
		for (const struct command *p = commands; optind < argc && p->name; p++)
			if (!strcmp(p->name, argv[optind]))
				hc = p;
		for (const struct command *p = canary_subs; hc && hc->run == cmd_canary && optind + 1 < argc && p->name;
		     p++)
			if (!strcmp(p->name, argv[optind + 1]))
				hs = p;
		if (hc)
			command_help(hc, hs);
		else
			usage();
		return EXIT_OK;
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
	if (cmd->run == cmd_status) {
		if (a.selector ? nargs > 0 : nargs == 0)
			cli_usage_error("status wants DEPLOYMENT arguments or -l SELECTOR (one of the two)");
		for (int i = 0; i < nargs; i++)
			(void)deployment_name(argv[optind + 1 + i]);
	}
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
