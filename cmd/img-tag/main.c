/* img-tag: image tags and OCI labels from the CI context, computed like
 * docker/metadata-action.  cmd_img_tag reads the options (or the action's
 * INPUT_* variables), loads the context, computes, and only then writes:
 * stdout, and in GitHub Actions the output, env and summary files. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "context.h"
#include "csvin.h"
#include "gha.h"
#include "ghaout.h"
#include "json.h"
#include "meta.h"
#include "outputs.h"
#include "warn.h"

enum { K_NOW = CLI_KEY_TOOL, K_COMMIT_DATE };

/* The list inputs: every occurrence of their options. */
static const char *const list_names[5] = {"images", "tags", "flavor", "labels", "annotations"};

static struct options {
	struct cli_list lists[5]; /* images, tags, flavor, labels, annotations */
	const char *seps[3]; /* tags, labels, annotations */
	const char *bake_target, *context, *format, *bake_dir;
	int output;
	bool output_given, from_env, no_github;
	struct ctx_opts ctx;
} opt = {.output = OUT_TAGS};

/* Rows that check their value keep their key: the times and --output. */
static const struct cli_opt opts[] = {
	OPT_LIST("images", 'i', &opt.lists[0], "LIST", "image names, one per line (name=IMG,enable=BOOL)"),
	OPT_LIST("tags", 't', &opt.lists[1], "LIST", "tag entries, one per line (type=semver,pattern={{version}})"),
	OPT_LIST("flavor", 0, &opt.lists[2], "LIST", "latest=auto|true|false, prefix=, suffix=, onlatest="),
	OPT_LIST("labels", 0, &opt.lists[3], "LIST", "extra labels, key=value per line"),
	OPT_LIST("annotations", 0, &opt.lists[4], "LIST", "extra annotations, key=value per line"),
	OPT_STRING("sep-tags", 0, &opt.seps[0], "SEP", "separator of the tags output (default newline)"),
	OPT_STRING("sep-labels", 0, &opt.seps[1], "SEP", "separator of the labels output"),
	OPT_STRING("sep-annotations", 0, &opt.seps[2], "SEP", "separator of the annotations output"),
	OPT_STRING("bake-target", 0, &opt.bake_target, "NAME", "bake target (default docker-metadata-action)"),
	OPT_SET("inputs-from-env", 0, &opt.from_env, "read unset inputs from INPUT_IMAGES, INPUT_TAGS, ..."),
	OPT_STRING("context", 0, &opt.context, "SRC", "github, gitlab or git (default: detected)"),
	OPT_STRING("ref", 0, &opt.ctx.ref, "REF", "use this ref (refs/heads/x, refs/tags/v1, refs/pull/1/merge)"),
	OPT_STRING("sha", 0, &opt.ctx.sha, "SHA", "use this commit sha"),
	OPT_STRING("event", 0, &opt.ctx.event, "NAME", "use this event name (push, schedule, pull_request, ...)"),
	OPT_STRING("repo-json", 0, &opt.ctx.repo_json, "FILE", "repository data: a GET /repos/{owner}/{repo} answer"),
	OPT_STRING("repo-name", 0, &opt.ctx.repo_name, "NAME", "repository name (title label)"),
	OPT_STRING("repo-description", 0, &opt.ctx.repo_description, "TEXT", "description label"),
	OPT_STRING("repo-url", 0, &opt.ctx.repo_url, "URL", "web address (url and source labels)"),
	OPT_STRING("repo-license", 0, &opt.ctx.repo_license, "SPDX", "licenses label"),
	OPT_STRING("default-branch", 0, &opt.ctx.default_branch, "NAME",
		   "default branch (type=edge, is_default_branch)"),
	OPT_SET("github-api", 0, &opt.ctx.github_api, "fetch repository data from GITHUB_API_URL with GITHUB_TOKEN"),
	OPT_ARG("now", K_NOW, "TIME", "current time, RFC 3339 (default SOURCE_DATE_EPOCH or the clock)"),
	OPT_ARG("commit-date", K_COMMIT_DATE, "TIME", "commit date for {{commit_date}}, RFC 3339"),
	OPT_ARG("output", 'o', "NAME", "print one output (tags, labels, json, bake, ...; see img-tag(1))"),
	OPT_STRING("format", 0, &opt.format, "FMT", "text (the one output) or json (all of them)"),
	OPT_STRING("bake-dir", 0, &opt.bake_dir, "DIR", "also write the bake files into DIR"),
	OPT_SET("quiet", 'q', &img_warn_quiet, "no warnings"),
	OPT_SET("no-github", 0, &opt.no_github, "do not write GitHub Actions outputs"),
	OPT_HELP,
	OPT_VERSION,
	OPT_END,
};

static int cmd_img_tag(int argc, char **argv);

static const struct cli_cmd tool = {
	NULL,
	cmd_img_tag,
	"[OPTION]...",
	"Compute image tags, OCI labels and annotations from the CI context, like\n"
	"docker/metadata-action.  Prints the tags, one per line, unless --output says otherwise.",
	opts,
	NULL,
	NULL,
};

static int64_t time_arg(const char *name, const char *v)
{
	int64_t ms;
	if (parse_time_ms(v, &ms) != 0)
		cli_usage_error("%s '%s': not an RFC 3339 time; write it like 2026-01-31T12:00:00Z", name, v);
	return ms;
}

static void parse_args(int argc, char **argv)
{
	int c;
	while ((c = cli_next(argc, argv, opts)) != -1) {
		switch (c) {
		case K_NOW:
			opt.ctx.now_ms = time_arg("--now", optarg);
			opt.ctx.have_now = true;
			break;
		case K_COMMIT_DATE:
			opt.ctx.commit_date_ms = time_arg("--commit-date", optarg);
			opt.ctx.have_commit_date = true;
			break;
		case 'o':
			opt.output_given = true;
			if ((opt.output = out_kind_parse(optarg)) < 0)
				cli_usage_error(
					"--output '%s': use tags, tag-names, labels, annotations, version, json, "
					"bake-tags, bake-labels, bake-annotations or bake",
					optarg);
			break;
		}
	}
	if (optind < argc)
		cli_usage_error("unexpected argument '%s'; every input is an option (--tags, --images, ...)",
				argv[optind]);
	if (opt.format && strcmp(opt.format, "text") != 0 && strcmp(opt.format, "json") != 0)
		cli_usage_error("--format '%s': use text or json", opt.format);
	if (opt.output_given && opt.format && strcmp(opt.format, "json") == 0)
		cli_usage_error("--output and --format json both choose what to print; give one of them");
}

/* Every occurrence of a list option (at least one), joined by newlines. */
static char *list_text(const struct cli_list *l)
{
	size_t len = 0;
	for (size_t i = 0; i < l->n; i++)
		len += strlen(l->v[i]) + 1;
	char *text = xmalloc(len), *p = text;
	for (size_t i = 0; i < l->n; i++) {
		p = stpcpy(p, l->v[i]);
		*p++ = '\n';
	}
	p[-1] = '\0';
	return text;
}

/* The action's core.getInput: INPUT_NAME with '-' kept; ours also
 * accepts '_' (a shell cannot export a name with '-'). */
static const char *input_env(const char *name)
{
	char a[64], b[64];
	size_t n = strlen(name);
	if (n + 7 >= sizeof a)
		return NULL;
	for (size_t i = 0; i <= n; i++) {
		char ch = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 32 : name[i]);
		a[i] = ch;
		b[i] = ch == '-' ? '_' : ch;
	}
	char va[80], vb[80];
	snprintf(va, sizeof va, "INPUT_%s", a);
	snprintf(vb, sizeof vb, "INPUT_%s", b);
	const char *v = getenv(va);
	if (!v || !*v)
		v = getenv(vb);
	return v && *v ? v : NULL;
}

/* --inputs-from-env: what the options left unset comes from INPUT_*. */
static void inputs_from_env(void)
{
	for (int i = 0; i < 5; i++) {
		const char *v = input_env(list_names[i]);
		if (!opt.lists[i].n && v) {
			opt.lists[i].v = xmalloc(sizeof *opt.lists[i].v);
			opt.lists[i].v[opt.lists[i].n++] = v;
		}
	}
	static const char *const sep_names[3] = {"sep-tags", "sep-labels", "sep-annotations"};
	for (int i = 0; i < 3; i++)
		if (!opt.seps[i])
			opt.seps[i] = input_env(sep_names[i]);
	if (!opt.bake_target)
		opt.bake_target = input_env("bake-target");
	/* The action's github-token input, for --github-api. */
	const char *token = input_env("github-token"), *have = getenv("GITHUB_TOKEN");
	if (token && (!have || !*have))
		setenv("GITHUB_TOKEN", token, 1);
	const char *ctx = input_env("context");
	if (!opt.context && ctx) {
		if (strcmp(ctx, "workflow") == 0)
			opt.context = "github";
		else if (strcmp(ctx, "git") == 0)
			opt.context = "git";
		else
			cli_usage_error("INPUT_CONTEXT '%s': use workflow or git", ctx);
	}
}

static enum context_kind context_kind(const char *name)
{
	if (!name || strcmp(name, "auto") == 0) {
		const char *gha = getenv("GITHUB_ACTIONS"), *gl = getenv("GITLAB_CI");
		if (gha && strcmp(gha, "true") == 0)
			return CTX_GITHUB;
		if (gl && strcmp(gl, "true") == 0)
			return CTX_GITLAB;
		return CTX_GIT;
	}
	if (strcmp(name, "github") == 0 || strcmp(name, "workflow") == 0)
		return CTX_GITHUB;
	if (strcmp(name, "gitlab") == 0)
		return CTX_GITLAB;
	if (strcmp(name, "git") == 0)
		return CTX_GIT;
	cli_usage_error("--context '%s': use github, gitlab, git or auto", name);
}

/* Under GitHub Actions: annotations, outputs and summary. */
static bool gha;

/* The error that ends the run.  Under Actions its ::error annotation comes
 * first, then the line, as the action's core.setFailed shows a failure;
 * msg_annotate would write them the other way round. */
static _Noreturn void fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(int code, const char *fmt, ...)
{
	char buf[4000];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (gha) {
		char *data = gha_escape_data(buf);
		fprintf(stderr, "::error title=img-tag::%s\n", data);
		free(data);
		msg_annotate(false, NULL);
	}
	die(code, "%s", buf);
}

static char *default_bake_dir(void)
{
	const char *base = getenv("RUNNER_TEMP");
	if (!base || !*base)
		base = getenv("TMPDIR");
	if (!base || !*base)
		base = "/tmp";
	char *tmpl = xasprintf("%s/img-tag-XXXXXX", base);
	if (!mkdtemp(tmpl))
		fail(EXIT_ENV, "%s: cannot create a folder for the bake files; set RUNNER_TEMP or use --bake-dir",
		     tmpl);
	return tmpl;
}

static void print_text(const char *v)
{
	if (*v)
		printf("%s\n", v);
}

static int cmd_img_tag(int argc, char **argv)
{
	parse_args(argc, argv);
	if (opt.from_env)
		inputs_from_env();

	gha = gha_enabled(opt.no_github);
	msg_annotate(gha, NULL);

	struct meta_in in = {0};
	struct strvec *lists[5] = {&in.images, &in.tags, &in.flavor, &in.labels, &in.annotations};
	char err[2048];
	for (int i = 0; i < 5; i++) {
		if (!opt.lists[i].n)
			continue;
		char *text = list_text(&opt.lists[i]);
		if (csv_list(text, lists[i], err, sizeof err) != 0)
			fail(EXIT_USAGE, "--%s: %s; quote a field with \"...\" and double any quote inside it",
			     list_names[i], err);
		free(text);
		free(opt.lists[i].v);
	}

	opt.ctx.kind = context_kind(opt.context);
	struct ci_context ctx;
	struct repo_info repo;
	int rc = context_load(&opt.ctx, &ctx, &repo, err, sizeof err);
	if (rc)
		fail(rc, "%s", err);
	in.ctx = &ctx;
	in.repo = &repo;
	in.short_sha_length = getenv("DOCKER_METADATA_SHORT_SHA_LENGTH");
	in.levels = getenv("DOCKER_METADATA_ANNOTATIONS_LEVELS");

	struct meta m;
	if (meta_compute(&in, &m, err, sizeof err) != 0)
		fail(EXIT_USAGE, "%s", err);

	/* Everything is known: now write, files first, stdout last. */
	struct out_seps seps = {opt.seps[0], opt.seps[1], opt.seps[2], opt.bake_target};
	char *paths[4] = {NULL, NULL, NULL, NULL};
	if (gha || opt.bake_dir) {
		char *dir = opt.bake_dir ? xstrdup(opt.bake_dir) : default_bake_dir();
		if (out_write_bake(&m, &seps, dir, paths, err, sizeof err) != 0)
			fail(EXIT_ENV, "%s", err);
		free(dir);
	}
	if (gha && out_write_github(&m, &seps, paths, err, sizeof err) != 0)
		fail(EXIT_ENV, "%s", err);

	if (opt.format && strcmp(opt.format, "json") == 0) {
		json_t *j = out_report(&m);
		json_print(stdout, j, true);
		json_decref(j);
	} else {
		char *v = out_render(&m, &seps, (enum out_kind)opt.output);
		print_text(v);
		free(v);
	}
	for (int i = 0; i < 4; i++)
		free(paths[i]);
	for (int i = 0; i < 5; i++)
		strvec_free(lists[i]);
	meta_free(&m);
	context_free(&ctx);
	repo_free(&repo);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	cli_init("img-tag");
	close_stdout_at_exit();
	return cli_main(&tool, argc, argv);
}
