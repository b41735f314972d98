/* img-tag: image tags and OCI labels from the CI context, computed like
 * docker/metadata-action.  main() reads the options (or the action's
 * INPUT_* variables), loads the context, computes, and only then writes:
 * stdout, and in GitHub Actions the output, env and summary files. */
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

enum {
	K_IMAGES = CLI_KEY_TOOL, K_TAGS, K_FLAVOR, K_LABELS, K_ANNOTATIONS, K_SEP_TAGS, K_SEP_LABELS,
	K_SEP_ANNOTATIONS, K_BAKE_TARGET, K_FROM_ENV, K_CONTEXT, K_REF, K_SHA, K_EVENT, K_REPO_JSON,
	K_REPO_NAME, K_REPO_DESCRIPTION, K_REPO_URL, K_REPO_LICENSE, K_DEFAULT_BRANCH, K_GITHUB_API, K_NOW,
	K_COMMIT_DATE, K_FORMAT, K_BAKE_DIR,
};

static const struct cli_opt opts[] = {
	OPT_ARG("images", 'i', "LIST", "image names, one per line (name=IMG,enable=BOOL)"),
	OPT_ARG("tags", 't', "LIST", "tag entries, one per line (type=semver,pattern={{version}})"),
	OPT_ARG("flavor", K_FLAVOR, "LIST", "latest=auto|true|false, prefix=, suffix=, onlatest="),
	OPT_ARG("labels", K_LABELS, "LIST", "extra labels, key=value per line"),
	OPT_ARG("annotations", K_ANNOTATIONS, "LIST", "extra annotations, key=value per line"),
	OPT_ARG("sep-tags", K_SEP_TAGS, "SEP", "separator of the tags output (default newline)"),
	OPT_ARG("sep-labels", K_SEP_LABELS, "SEP", "separator of the labels output"),
	OPT_ARG("sep-annotations", K_SEP_ANNOTATIONS, "SEP", "separator of the annotations output"),
	OPT_ARG("bake-target", K_BAKE_TARGET, "NAME", "bake target (default docker-metadata-action)"),
	OPT_FLAG("inputs-from-env", K_FROM_ENV, "read unset inputs from INPUT_IMAGES, INPUT_TAGS, ..."),
	OPT_ARG("context", K_CONTEXT, "SRC", "github, gitlab or git (default: detected)"),
	OPT_ARG("ref", K_REF, "REF", "use this ref (refs/heads/x, refs/tags/v1, refs/pull/1/merge)"),
	OPT_ARG("sha", K_SHA, "SHA", "use this commit sha"),
	OPT_ARG("event", K_EVENT, "NAME", "use this event name (push, schedule, pull_request, ...)"),
	OPT_ARG("repo-json", K_REPO_JSON, "FILE", "repository data: a GET /repos/{owner}/{repo} answer"),
	OPT_ARG("repo-name", K_REPO_NAME, "NAME", "repository name (title label)"),
	OPT_ARG("repo-description", K_REPO_DESCRIPTION, "TEXT", "description label"),
	OPT_ARG("repo-url", K_REPO_URL, "URL", "web address (url and source labels)"),
	OPT_ARG("repo-license", K_REPO_LICENSE, "SPDX", "licenses label"),
	OPT_ARG("default-branch", K_DEFAULT_BRANCH, "NAME", "default branch (type=edge, is_default_branch)"),
	OPT_FLAG("github-api", K_GITHUB_API, "fetch repository data from GITHUB_API_URL with GITHUB_TOKEN"),
	OPT_ARG("now", K_NOW, "TIME", "current time, RFC 3339 (default SOURCE_DATE_EPOCH or the clock)"),
	OPT_ARG("commit-date", K_COMMIT_DATE, "TIME", "commit date for {{commit_date}}, RFC 3339"),
	OPT_ARG("output", 'o', "NAME", "print one output (tags, labels, json, bake, ...; see img-tag(1))"),
	OPT_ARG("format", K_FORMAT, "FMT", "text (the one output) or json (all of them)"),
	OPT_ARG("bake-dir", K_BAKE_DIR, "DIR", "also write the bake files into DIR"),
	OPT_FLAG("quiet", 'q', "no warnings"),
	OPT_FLAG("no-github", CLI_KEY_NO_GITHUB, "do not write GitHub Actions outputs"),
	OPT_FLAG("help", 'h', "show this help"),
	OPT_FLAG("version", CLI_KEY_VERSION, "show the version"),
	OPT_END,
};

/* One list input: every occurrence of its option, joined by newlines. */
struct list_in {
	const char *name, *env;
	struct sbuf text;
	bool given;
};

struct options {
	struct list_in lists[5];  /* images, tags, flavor, labels, annotations */
	const char *seps[3];      /* tags, labels, annotations */
	const char *bake_target, *context, *format, *bake_dir;
	int output;
	bool output_given, from_env, quiet, no_github;
	struct ctx_opts ctx;
};

static void add_list(struct list_in *l, const char *v)
{
	if (l->given)
		sb_addc(&l->text, '\n');
	sb_adds(&l->text, v);
	l->given = true;
}

static int64_t time_arg(const char *opt, const char *v)
{
	int64_t ms;
	if (parse_time_ms(v, &ms) != 0)
		cli_usage_error("%s '%s': not an RFC 3339 time; write it like 2026-01-31T12:00:00Z", opt, v);
	return ms;
}

static void parse_args(int argc, char **argv, struct options *o)
{
	static const char *const list_names[5][2] = {
		{"images", "INPUT_IMAGES"}, {"tags", "INPUT_TAGS"}, {"flavor", "INPUT_FLAVOR"},
		{"labels", "INPUT_LABELS"}, {"annotations", "INPUT_ANNOTATIONS"},
	};
	for (int i = 0; i < 5; i++) {
		o->lists[i].name = list_names[i][0];
		o->lists[i].env = list_names[i][1];
	}
	o->output = OUT_TAGS;
	int c;
	while ((c = cli_next(argc, argv, opts)) != -1) {
		switch (c) {
		case 'i': add_list(&o->lists[0], optarg); break;
		case 't': add_list(&o->lists[1], optarg); break;
		case K_FLAVOR: add_list(&o->lists[2], optarg); break;
		case K_LABELS: add_list(&o->lists[3], optarg); break;
		case K_ANNOTATIONS: add_list(&o->lists[4], optarg); break;
		case K_SEP_TAGS: o->seps[0] = optarg; break;
		case K_SEP_LABELS: o->seps[1] = optarg; break;
		case K_SEP_ANNOTATIONS: o->seps[2] = optarg; break;
		case K_BAKE_TARGET: o->bake_target = optarg; break;
		case K_FROM_ENV: o->from_env = true; break;
		case K_CONTEXT: o->context = optarg; break;
		case K_REF: o->ctx.ref = optarg; break;
		case K_SHA: o->ctx.sha = optarg; break;
		case K_EVENT: o->ctx.event = optarg; break;
		case K_REPO_JSON: o->ctx.repo_json = optarg; break;
		case K_REPO_NAME: o->ctx.repo_name = optarg; break;
		case K_REPO_DESCRIPTION: o->ctx.repo_description = optarg; break;
		case K_REPO_URL: o->ctx.repo_url = optarg; break;
		case K_REPO_LICENSE: o->ctx.repo_license = optarg; break;
		case K_DEFAULT_BRANCH: o->ctx.default_branch = optarg; break;
		case K_GITHUB_API: o->ctx.github_api = true; break;
		case K_NOW:
			o->ctx.now_ms = time_arg("--now", optarg);
			o->ctx.have_now = true;
			break;
		case K_COMMIT_DATE:
			o->ctx.commit_date_ms = time_arg("--commit-date", optarg);
			o->ctx.have_commit_date = true;
			break;
		case 'o':
			o->output_given = true;
			if ((o->output = out_kind_parse(optarg)) < 0)
				cli_usage_error("--output '%s': use tags, tag-names, labels, annotations, version, json, "
						"bake-tags, bake-labels, bake-annotations or bake", optarg);
			break;
		case K_FORMAT: o->format = optarg; break;
		case K_BAKE_DIR: o->bake_dir = optarg; break;
		case 'q': o->quiet = true; break;
		case CLI_KEY_NO_GITHUB: o->no_github = true; break;
		case 'h':
			cli_help(stdout, "[OPTION]...",
				 "Compute image tags, OCI labels and annotations from the CI context, like\n"
				 "docker/metadata-action.  Prints the tags, one per line, unless --output says otherwise.",
				 opts);
			exit(EXIT_OK);
		case CLI_KEY_VERSION: cli_version(); exit(EXIT_OK);
		default: exit(EXIT_USAGE);
		}
	}
	if (optind < argc)
		cli_usage_error("unexpected argument '%s'; every input is an option (--tags, --images, ...)",
				argv[optind]);
	if (o->format && strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0)
		cli_usage_error("--format '%s': use text or json", o->format);
	if (o->output_given && o->format && strcmp(o->format, "json") == 0)
		cli_usage_error("--output and --format json both choose what to print; give one of them");
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
static void inputs_from_env(struct options *o)
{
	for (int i = 0; i < 5; i++) {
		const char *v = input_env(o->lists[i].name);
		if (!o->lists[i].given && v)
			add_list(&o->lists[i], v);
	}
	static const char *const sep_names[3] = {"sep-tags", "sep-labels", "sep-annotations"};
	for (int i = 0; i < 3; i++)
		if (!o->seps[i])
			o->seps[i] = input_env(sep_names[i]);
	if (!o->bake_target)
		o->bake_target = input_env("bake-target");
	/* The action's github-token input, for --github-api. */
	const char *token = input_env("github-token"), *have = getenv("GITHUB_TOKEN");
	if (token && (!have || !*have))
		setenv("GITHUB_TOKEN", token, 1);
	const char *ctx = input_env("context");
	if (!o->context && ctx) {
		if (strcmp(ctx, "workflow") == 0)
			o->context = "github";
		else if (strcmp(ctx, "git") == 0)
			o->context = "git";
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

static char *default_bake_dir(void)
{
	const char *base = getenv("RUNNER_TEMP");
	if (!base || !*base)
		base = getenv("TMPDIR");
	if (!base || !*base)
		base = "/tmp";
	char *tmpl = xasprintf("%s/img-tag-XXXXXX", base);
	if (!mkdtemp(tmpl))
		fatal(EXIT_ENV, "%s: cannot create a folder for the bake files; set RUNNER_TEMP or use --bake-dir", tmpl);
	return tmpl;
}

static void print_text(const char *v)
{
	if (*v)
		printf("%s\n", v);
}

int main(int argc, char **argv)
{
	cli_init("img-tag");
	close_stdout_at_exit();
	struct options o = {0};
	parse_args(argc, argv, &o);
	if (o.from_env)
		inputs_from_env(&o);

	bool gha = gha_enabled(o.no_github);
	warn_setup(o.quiet, gha);

	struct meta_in in = {0};
	struct strv *lists[5] = {&in.images, &in.tags, &in.flavor, &in.labels, &in.annotations};
	char err[2048];
	for (int i = 0; i < 5; i++) {
		if (o.lists[i].given && csv_list(o.lists[i].text.s, lists[i], err, sizeof err) != 0)
			fatal(EXIT_USAGE, "--%s: %s; quote a field with \"...\" and double any quote inside it",
			      o.lists[i].name, err);
		free(o.lists[i].text.s);
	}

	o.ctx.kind = context_kind(o.context);
	struct ci_context ctx;
	struct repo_info repo;
	int rc = context_load(&o.ctx, &ctx, &repo, err, sizeof err);
	if (rc)
		fatal(rc, "%s", err);
	in.ctx = &ctx;
	in.repo = &repo;
	in.short_sha_length = getenv("DOCKER_METADATA_SHORT_SHA_LENGTH");
	in.levels = getenv("DOCKER_METADATA_ANNOTATIONS_LEVELS");

	struct meta m;
	if (meta_compute(&in, &m, err, sizeof err) != 0)
		fatal(EXIT_USAGE, "%s", err);

	/* Everything is known: now write, files first, stdout last. */
	struct out_seps seps = {o.seps[0], o.seps[1], o.seps[2], o.bake_target};
	char *paths[4] = {NULL, NULL, NULL, NULL};
	if (gha || o.bake_dir) {
		char *dir = o.bake_dir ? xstrdup(o.bake_dir) : default_bake_dir();
		if (out_write_bake(&m, &seps, dir, paths, err, sizeof err) != 0)
			fatal(EXIT_ENV, "%s", err);
		free(dir);
	}
	if (gha && gha_write_outputs(&m, &seps, paths, err, sizeof err) != 0)
		fatal(EXIT_ENV, "%s", err);

	if (o.format && strcmp(o.format, "json") == 0) {
		json_t *j = out_report(&m);
		json_print(stdout, j, true);
		json_decref(j);
	} else {
		char *v = out_render(&m, &seps, (enum out_kind)o.output);
		print_text(v);
		free(v);
	}
	for (int i = 0; i < 4; i++)
		free(paths[i]);
	for (int i = 0; i < 5; i++)
		sv_free(lists[i]);
	meta_free(&m);
	context_free(&ctx);
	repo_free(&repo);
	return EXIT_OK;
}
