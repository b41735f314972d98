/* health-wait: block until endpoints are healthy, or fail clearly. */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "color.h"
#include "diag.h"
#include "expect.h"
#include "gha.h"
#include "probe.h"
#include "report.h"
#include "target.h"
#include "wait.h"

enum {
	K_TIMEOUT = CLI_KEY_TOOL,
	K_ATTEMPT_TIMEOUT,
	K_BACKOFF,
	K_SUCCESS,
	K_FAILURE,
	K_STATUS,
	K_JSON,
	K_BODY,
	K_EXPECT_HEADER,
	K_MAX_BODY,
	K_FORMAT,
	K_COLOR,
};

/* What the options say, with the defaults of a run that names none. */
static struct options {
	struct wait_cfg w;
	struct probe_cfg p;
	struct expect *expect;
	struct cli_list jq; /* compiled after parsing: a missing jq is an environment error */
	char **headers;
	size_t nheaders;
	int format;
	bool quiet, no_github, all, no_jitter, no_follow;
	int64_t max_interval; /* -1: the longer of --interval and 30s */
	enum color_mode color;
} o = {
	.w = {.sched = {.interval_ms = 2000, .success_threshold = 1}, .timeout_ms = 60000, .attempt_timeout_ms = 5000},
	.p = {.max_body = 1 << 20},
	.format = FMT_TEXT,
	.max_interval = -1,
};

static const struct cli_opt opts[] = {
	OPT_ARG("timeout", K_TIMEOUT, "DUR", "overall deadline, 0 for none (default 60s)"),
	OPT_DURATION("interval", 0, &o.w.sched.interval_ms, "DUR", "pause between attempts (default 2s)"),
	OPT_ARG("attempt-timeout", K_ATTEMPT_TIMEOUT, "DUR", "limit of one attempt (default 5s)"),
	OPT_ARG("backoff", K_BACKOFF, "KIND", "constant or exponential (default constant)"),
	OPT_DURATION("max-interval", 0, &o.max_interval, "DUR",
		     "longest pause, for backoff and Retry-After (default 30s)"),
	OPT_SET("no-jitter", 0, &o.no_jitter, "pause exactly, without +-20% jitter"),
	OPT_DURATION("initial-delay", 0, &o.w.initial_delay_ms, "DUR", "wait before the first attempt"),
	OPT_ARG("success-threshold", K_SUCCESS, "N", "consecutive passes required (default 1)"),
	OPT_ARG("failure-threshold", K_FAILURE, "N", "give up after N definitive failures in a row"),
	OPT_ARG("expect-status", K_STATUS, "LIST", "accepted statuses, e.g. 200,204 or 2xx (default 2xx)"),
	OPT_ARG("expect-json", K_JSON, "'PATH [OP VALUE]'", "JSON field test, e.g. '.status == healthy'"),
	OPT_LIST("expect-jq", 0, &o.jq, "EXPR", "the body must pass `jq -e EXPR`"),
	OPT_ARG("expect-body", K_BODY, "REGEX", "the body must match this POSIX ERE"),
	OPT_ARG("expect-header", K_EXPECT_HEADER, "'NAME: REGEX'", "a response header must match"),
	OPT_ARG("method", 'X', "METHOD", "request method (default GET, POST with --data)"),
	OPT_ARG("header", 'H', "'NAME: VALUE'", "request header (repeatable)"),
	OPT_STRING("data", 0, &o.p.data, "TEXT", "request body"),
	OPT_SET("insecure", 0, &o.p.insecure, "do not verify TLS certificates"),
	OPT_STRING("cacert", 0, &o.p.cacert, "FILE", "trust the CA certificates in this PEM file"),
	OPT_STRING("cert", 0, &o.p.cert, "FILE", "client certificate (PEM)"),
	OPT_STRING("key", 0, &o.p.key, "FILE", "client private key (PEM)"),
	OPT_ARG("max-body", K_MAX_BODY, "SIZE", "body bytes read per attempt (default 1MiB)"),
	OPT_SET("no-follow", 0, &o.no_follow, "do not follow redirects (default: up to 5)"),
	OPT_SET("location-trusted", 0, &o.p.location_trusted,
		"send -H headers and URL credentials to other hosts a redirect names too"),
	OPT_STRING("user-agent", 0, &o.p.user_agent, "TEXT", "User-Agent header"),
	OPT_SET("all", 0, &o.all, "every target healthy at the same time (default)"),
	OPT_SET("any", 0, &o.w.any, "one healthy target is enough"),
	OPT_ARG("format", K_FORMAT, "FMT", "text, json or github (default text)"),
	OPT_SET("quiet", 'q', &o.quiet, "no progress or status lines; only say why it failed"),
	OPT_OPTARG("color", K_COLOR, "WHEN", COLOR_OPT_HELP),
	OPT_SET("no-github", 0, &o.no_github, "no GitHub Actions outputs or annotations"),
	OPT_HELP,
	OPT_VERSION,
	OPT_END,
};

static int64_t duration(const char *opt, const char *s, int64_t min)
{
	int64_t ms;
	if (parse_duration_ms(s, &ms) != 0 || ms < min)
		cli_usage_error("--%s '%s': not a duration%s; write it like 500ms, 10s or 5m", opt, s,
				min > 0 ? " above zero" : "");
	return ms;
}

static int count(const char *opt, const char *s, int min)
{
	long long n;
	if (parse_int(s, min, 1000000, &n) != 0)
		cli_usage_error("--%s '%s': write a whole number of at least %d", opt, s, min);
	return (int)n;
}

static void add(int (*fn)(struct expect *, const char *, char *, size_t), const char *arg)
{
	char err[512];
	if (fn(o.expect, arg, err, sizeof err) != 0)
		cli_usage_error("%s", err);
}

static void request_header(const char *h)
{
	const char *colon = strchr(h, ':');
	/* At most the name is repeated: the rest may well be a token. */
	if (!colon || colon == h || strcspn(h, " \t") < (size_t)(colon - h)) {
		size_t name = strcspn(h, " \t:");
		if (!h[name] || name == 0)
			cli_usage_error("--header: write it as 'Name: value'");
		cli_usage_error("--header '%.*s ...': write it as 'Name: value'", (int)name, h);
	}
	o.headers = xrealloc(o.headers, (o.nheaders + 2) * sizeof *o.headers);
	o.headers[o.nheaders++] = (char *)h;
	o.headers[o.nheaders] = NULL;
}

static void method(const char *m)
{
	for (const char *c = m; *c; c++)
		if (!isalpha((unsigned char)*c))
			cli_usage_error("--method '%s': not a method; write GET, POST, HEAD, ...", m);
	if (!*m)
		cli_usage_error("--method: the method is empty");
	o.p.method = m;
}

/* The options that bind their value are stored by cli_next; the rest are
 * checked here as they come (expectations keep their order). */
static void parse(int argc, char **argv)
{
	uint64_t size;
	int k;
	while ((k = cli_next(argc, argv, opts)) != -1) {
		const char *a = optarg;
		switch (k) {
		case K_TIMEOUT: o.w.timeout_ms = duration("timeout", a, 0); break;
		case K_ATTEMPT_TIMEOUT: o.w.attempt_timeout_ms = duration("attempt-timeout", a, 1); break;
		case K_BACKOFF:
			if (strcmp(a, "constant") != 0 && strcmp(a, "exponential") != 0)
				cli_usage_error("--backoff '%s': write constant or exponential", a);
			o.w.sched.exponential = a[0] == 'e';
			break;
		case K_SUCCESS: o.w.sched.success_threshold = count("success-threshold", a, 1); break;
		case K_FAILURE: o.w.sched.failure_threshold = count("failure-threshold", a, 1); break;
		case K_STATUS: add(expect_status, a); break;
		case K_JSON: add(expect_json, a); break;
		case K_BODY: add(expect_body, a); break;
		case K_EXPECT_HEADER: add(expect_header, a); break;
		case 'X': method(a); break;
		case 'H': request_header(a); break;
		case K_MAX_BODY:
			if (parse_size(a, &size) != 0 || size == 0 || size > (1ULL << 31))
				cli_usage_error("--max-body '%s': write a size from 1 to 2GiB, like 64KiB or 1MiB", a);
			o.p.max_body = (size_t)size;
			break;
		case K_FORMAT:
			o.format = parse_format(a, 1u << FMT_TEXT | 1u << FMT_JSON | 1u << FMT_GITHUB);
			if (o.format < 0)
				cli_usage_error("--format '%s': write text, json or github", a);
			break;
		case K_COLOR:
			if (color_parse_mode(a) < 0)
				cli_usage_error("--color '%s': write auto, always or never", a);
			o.color = (enum color_mode)color_parse_mode(a);
			break;
		default: exit(EXIT_USAGE); /* cli_next has said what was wrong */
		}
	}
	if (o.all && o.w.any)
		cli_usage_error("--all and --any contradict each other; give one");
	if (o.p.key && !o.p.cert)
		cli_usage_error("--key needs --cert: name the client certificate it belongs to");
	o.w.sched.jitter = !o.no_jitter;
	o.p.follow = !o.no_follow;
	int64_t iv = o.w.sched.interval_ms;
	o.w.sched.max_interval_ms = o.max_interval >= 0 ? o.max_interval : (iv > 30000 ? iv : 30000);
	if (o.w.sched.max_interval_ms < iv)
		cli_usage_error("--max-interval is shorter than --interval");
	if (o.w.timeout_ms && o.w.initial_delay_ms >= o.w.timeout_ms)
		cli_usage_error("--initial-delay leaves no time before --timeout");
}

/* The files libcurl will read must be readable now, not on every attempt;
 * and regular files: libcurl opens them again at every attempt, and the
 * open of a FIFO would block past --timeout. */
static void check_file(const char *opt, const char *path)
{
	struct stat st;
	if (!path)
		return;
	if (access(path, R_OK) != 0 || stat(path, &st) != 0)
		die(EXIT_ENV, "--%s %s: %s; name a readable PEM file", opt, path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		die(EXIT_ENV, "--%s %s: not a regular file; name a readable PEM file", opt, path);
}

/* One socket per target at a time, plus a few: a soft descriptor limit
 * of 1024 (a common default) would otherwise fail a wait on 1,000
 * endpoints with "too many open files".  Raised up to the hard limit. */
static void room_for_sockets(size_t n)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)n + 64;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < want)
		msg_warn("only %llu file descriptors for %zu targets; raise ulimit -n", (unsigned long long)rl.rlim_cur,
			 n);
}

static void on_signal(int sig)
{
	wait_stop_signal = sig;
}

static void catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static void announce(size_t n)
{
	char to[32], iv[32], at[32];
	format_duration(o.w.timeout_ms, to, sizeof to);
	format_duration(o.w.sched.interval_ms, iv, sizeof iv);
	format_duration(o.w.attempt_timeout_ms, at, sizeof at);
	fprintf(stderr, "%s: waiting %s%s for %s%zu target%s (every %s%s, %s per attempt)\n", cli_prog(),
		o.w.timeout_ms ? "up to " : "", o.w.timeout_ms ? to : "without a deadline",
		n == 1    ? ""
		: o.w.any ? "any of "
			  : "all ",
		n, n == 1 ? "" : "s", iv, o.w.sched.exponential ? " and backing off" : "", at);
}

static int exit_code(const struct wait_run *run)
{
	switch (run->verdict) {
	case V_HEALTHY: return EXIT_OK;
	case V_FAILED: return EXIT_FAIL;
	case V_TIMEOUT: return EXIT_TIMEOUT;
	case V_ENV: return EXIT_ENV;
	case V_INTERRUPTED: return 128 + run->signal;
	}
	return EXIT_FAIL;
}

/* The TARGET arguments, each checked and named for the messages. */
static struct target *targets(char **argv, size_t n)
{
	struct target *t = xcalloc(n, sizeof *t);
	for (size_t i = 0; i < n; i++) {
		char err[512];
		if (target_check(argv[i], err, sizeof err) != 0)
			cli_usage_error("%s", err);
		t[i].url = argv[i];
		t[i].name = target_display(t[i].url);
	}
	return t;
}

/* --expect-jq needs jq: compiled now, so that a missing jq is an
 * environment error before the first attempt. */
static void compile_jq(void)
{
	for (size_t i = 0; i < o.jq.n; i++) {
		char err[512];
		int rc = expect_jq(o.expect, o.jq.v[i], err, sizeof err);
		if (rc == -2)
			die(EXIT_ENV, "%s", err);
		if (rc != 0)
			cli_usage_error("%s", err);
	}
}

/* The last word: a summary on stderr, the JSON on stdout, the workflow
 * commands (the output with --format github; on stderr too inside
 * Actions, so that stdout stays one JSON object) and the Actions files. */
static void report(const struct wait_run *run, bool gha)
{
	color_init(o.color, 2);
	if (run->verdict == V_ENV)
		msg_error("%s", run->env_error);
	else
		report_text(stderr, run, o.w.any, o.quiet);
	if (o.format == FMT_JSON)
		report_json(stdout, run, o.w.any);
	if (o.format == FMT_GITHUB)
		report_annotations(stdout, run, o.w.any, true);
	else if (gha)
		report_annotations(stderr, run, o.w.any, false);
	if (gha && report_github_files(run) != 0)
		msg_warn("cannot write the GitHub Actions output files: %s", strerror(errno));
}

/* Read the options and the targets, wait for them, and report once. */
static int cmd_health_wait(int argc, char **argv)
{
	char *ua = xasprintf("health-wait/%s (agentci)", agentci_version());
	o.p.user_agent = ua; /* unless --user-agent */
	o.expect = expect_new();
	parse(argc, argv);
	if (optind >= argc)
		cli_usage_error("no TARGET given; name an http(s):// URL or tcp://HOST:PORT");
	/* Under Actions an error is an annotation too, but for --format
	 * github, where the workflow commands are the output. */
	bool gha = gha_enabled(o.no_github);
	msg_annotate(gha && o.format != FMT_GITHUB, NULL);
	size_t n = (size_t)(argc - optind);
	struct target *t = targets(argv + optind, n);
	compile_jq();
	check_file("cacert", o.p.cacert);
	check_file("cert", o.p.cert);
	check_file("key", o.p.key);
	o.p.headers = (const char *const *)o.headers;
	o.w.expect = o.expect;
	o.w.progress = !o.quiet;
	catch_signals();
	room_for_sockets(n);

	if (!o.quiet)
		announce(n);
	struct prober *pr = prober_new(&o.p);
	struct wait_run run = {.t = t, .n = n};
	wait_run(&o.w, pr, &run);
	prober_free(pr);
	report(&run, gha);

	int rc = exit_code(&run);
	expect_free(o.expect);
	free(o.jq.v);
	free(o.headers);
	for (size_t i = 0; i < n; i++)
		free((char *)t[i].name);
	free(t);
	free(ua);
	return rc;
}

static const struct cli_cmd tool = {
	NULL,
	cmd_health_wait,
	"[OPTIONS] TARGET...",
	"Wait until every TARGET (http:// or https:// URL, tcp://HOST:PORT) is healthy.",
	opts,
	NULL,
	NULL,
};

int main(int argc, char **argv)
{
	cli_init("health-wait");
	close_stdout_at_exit();
	return cli_main(&tool, argc, argv);
}
