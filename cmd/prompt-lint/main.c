/* prompt-lint: prompt templates are valid, consistent, within token
 * budget, and versioned.  main.c holds the options and the flow: find the
 * files, lint each under its config, report, exit 0/1/2/3. */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "color.h"
#include "config.h"
#include "counter.h"
#include "diag.h"
#include "discover.h"
#include "encode.h"
#include "formats.h"
#include "fs.h"
#include "gha.h"
#include "jobs.h"
#include "lint.h"
#include "report.h"
#include "tokenizer.h"
#include "tokens.h"

enum {
	KEY_FORMAT = CLI_KEY_TOOL, KEY_VERSIONS, KEY_MAX, KEY_WARN, KEY_ENCODING, KEY_TOKDIR,
	KEY_SELECT, KEY_IGNORE, KEY_STRICT, KEY_EXIT_ZERO, KEY_CONFIG, KEY_LIST_RULES, KEY_ALLOW_EMPTY,
	KEY_COLOR, KEY_JOBS,
};

static const struct cli_opt opts[] = {
	OPT_ARG("format", 'f', "FMT", "text (default), json, github, sarif; with --versions: text, markdown, json"),
	OPT_FLAG("versions", KEY_VERSIONS, "print the version table (path, name, sha256/8, tokens) instead of findings"),
	OPT_ARG("max-tokens-per-request", KEY_MAX, "N", "error when a prompt has more tokens"),
	OPT_ARG("warn-at", KEY_WARN, "N", "warning when a prompt has more tokens"),
	OPT_ARG("encoding", KEY_ENCODING, "E", "o200k_base (default), cl100k_base, estimate"),
	OPT_ARG("tokenizer-dir", KEY_TOKDIR, "DIR", "folder of the .tiktoken rank files"),
	OPT_ARG("select", KEY_SELECT, "RULES", "run only these rules (codes, names, prefixes)"),
	OPT_ARG("ignore", KEY_IGNORE, "RULES", "do not run these rules"),
	OPT_FLAG("strict", KEY_STRICT, "warnings fail the run too"),
	OPT_FLAG("exit-zero", KEY_EXIT_ZERO, "exit 0 even when there are findings"),
	OPT_ARG("config", 'c', "FILE", "config file (default: .prompt-lint.yaml found upwards)"),
	OPT_FLAG("list-rules", KEY_LIST_RULES, "print the rules and exit"),
	OPT_FLAG("allow-empty", KEY_ALLOW_EMPTY, "a folder with no prompt files passes (default: exit 3, a typo in a path)"),
	OPT_OPTARG("color", KEY_COLOR, "WHEN", COLOR_OPT_HELP),
	OPT_ARG("jobs", 'j', "N", "lint on N threads (default: one per processor)"),
	OPT_FLAG("no-github", CLI_KEY_NO_GITHUB, "no GitHub Actions annotations or summary"),
	OPT_FLAG("help", 'h', "show this help"),
	OPT_FLAG("version", CLI_KEY_VERSION, "show the version"),
	{ 0 },
};

struct args {
	int format;             /* -1 until given */
	bool versions, strict, exit_zero, no_github, allow_empty;
	enum color_mode color;
	int jobs;
	long long max_tokens, warn_at;   /* -1 when not given */
	const char *encoding, *tokdir, *config;
	bool has_select;
	unsigned long long select, ignore;
	bool need_tokens;       /* the output shows token counts */
};

static unsigned long long rules_arg(const char *opt, const char *s)
{
	size_t n;
	char **v = split_list(s, ",", &n);
	unsigned long long set = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned long long r = rule_item(v[i]);
		if (!r)
			cli_usage_error("%s: unknown rule '%s'; see --list-rules", opt, v[i]);
		set |= r;
	}
	strv_free(v);
	return set;
}

static long long tokens_arg(const char *opt, const char *s)
{
	long long n;
	if (parse_int(s, 1, 100000000, &n) != 0)
		cli_usage_error("%s: '%s' is not a token count (a whole number from 1)", opt, s);
	return n;
}

static int by_code(const void *a, const void *b)
{
	return strcmp(rules[*(const int *)a].code, rules[*(const int *)b].code);
}

static void list_rules(void)
{
	int order[R_COUNT];
	for (int i = 0; i < R_COUNT; i++)
		order[i] = i;
	qsort(order, R_COUNT, sizeof *order, by_code);
	for (int k = 0; k < R_COUNT; k++) {
		int i = order[k];
		/* a rule whose severity follows the engine shows both */
		printf("%s\t%-28s\t%s\t%s\n", rules[i].code, rules[i].name,
		       rules[i].by_engine ? "error/warning" : rules[i].level == LEVEL_ERROR ? "error" : "warning",
		       rules[i].summary);
	}
}

static void parse_args(int argc, char **argv, struct args *a)
{
	*a = (struct args){ .format = -1, .max_tokens = -1, .warn_at = -1, .jobs = jobs_default_threads() };
	const char *fmt = NULL;
	int key;
	while ((key = cli_next(argc, argv, opts)) != -1) {
		switch (key) {
		case 'f': fmt = optarg; break;
		case KEY_VERSIONS: a->versions = true; break;
		case KEY_MAX: a->max_tokens = tokens_arg("--max-tokens-per-request", optarg); break;
		case KEY_WARN: a->warn_at = tokens_arg("--warn-at", optarg); break;
		case KEY_ENCODING:
			if (!tok_known(optarg))
				cli_usage_error("--encoding: unknown encoding '%s'; use o200k_base, cl100k_base or "
						"estimate", optarg);
			a->encoding = optarg;
			break;
		case KEY_TOKDIR: a->tokdir = optarg; break;
		case KEY_SELECT:
			a->select |= rules_arg("--select", optarg);
			a->has_select = true;
			break;
		case KEY_IGNORE: a->ignore |= rules_arg("--ignore", optarg); break;
		case KEY_STRICT: a->strict = true; break;
		case KEY_EXIT_ZERO: a->exit_zero = true; break;
		case 'c': a->config = optarg; break;
		case KEY_ALLOW_EMPTY: a->allow_empty = true; break;
		case 'j': {
			long long n;
			if (parse_int(optarg, 1, 256, &n) != 0)
				cli_usage_error("--jobs: '%s' is not a number of threads (1 to 256)", optarg);
			a->jobs = (int)n;
			break;
		}
		case KEY_COLOR:
			if (color_parse_mode(optarg) < 0)
				cli_usage_error("--color: '%s' is not one of auto, always, never", optarg);
			a->color = (enum color_mode)color_parse_mode(optarg);
			break;
		case CLI_KEY_NO_GITHUB: a->no_github = true; break;
		case KEY_LIST_RULES: list_rules(); exit(EXIT_OK);
		case 'h':
			cli_help(stdout, "[OPTIONS] [PATH...]\n       prompt-lint tokens [--encoding E] [FILE|-]...",
				 "Check prompt template files: YAML, format schema, template syntax, declared and\n"
				 "used variables, token budgets.  Folders are searched for *.yaml, *.yml,\n"
				 "*.prompty, *.prompt and *.prompt.yml; finding none is an input error (exit 3).\n"
				 "Options may come before the tokens command; see prompt-lint tokens --help.",
				 opts);
			exit(EXIT_OK);
		case CLI_KEY_VERSION: cli_version(); exit(EXIT_OK);
		default: exit(EXIT_USAGE);
		}
	}
	if (fmt) {
		unsigned allowed = a->versions ? (1u << FMT_TEXT | 1u << FMT_JSON | 1u << FMT_MARKDOWN)
					       : (1u << FMT_TEXT | 1u << FMT_JSON | 1u << FMT_GITHUB | 1u << FMT_SARIF);
		a->format = parse_format(fmt, allowed);
		if (a->format < 0)
			cli_usage_error("--format: '%s' is not one of %s", fmt,
					a->versions ? "text, markdown, json (with --versions)"
						    : "text, json, github, sarif");
	}
	if (a->max_tokens > 0 && a->warn_at > 0 && a->warn_at >= a->max_tokens)
		cli_usage_error("--warn-at %lld must be below --max-tokens-per-request %lld", a->warn_at,
				a->max_tokens);
	if (a->strict && a->exit_zero)
		cli_usage_error("--strict and --exit-zero contradict each other; pick one");
}

/* One tokenizer per encoding used in the run. */
static struct tokenizer *tokenizer_for(const char *enc, const char *tokdir)
{
	static struct { const char *name; struct tokenizer *t; } cache[8];
	size_t i;
	for (i = 0; i < 8 && cache[i].name; i++)
		if (strcmp(cache[i].name, enc) == 0)
			return cache[i].t;
	struct tokenizer *t = counter_open(enc, tokdir);
	if (i < 8)
		cache[i].name = enc, cache[i].t = t;
	return t;
}

static long long pick(long long cli, long long cfg)
{
	return cli > 0 ? cli : cfg > 0 ? cfg : 0;
}

/* Everything about path that needs the shared caches (its config, the
 * tokenizer), worked out on this thread before the workers start. */
static void prepare(struct job *j, const char *path, const struct args *a)
{
	const struct config *c = config_for(path, a->config);
	const char *enc = a->encoding ? a->encoding : c->encoding ? c->encoding : "o200k_base";
	j->path = path;
	j->o = (struct lint_opts){
		.max_tokens = pick(a->max_tokens, c->max_tokens),
		.warn_at = pick(a->warn_at, c->warn_at),
		.format = config_format(c, path),
		.required_keys = c->required_keys,
		.need_tokens = a->need_tokens,
	};
	/* The rank files are loaded only when a count is used. */
	if (j->o.need_tokens || j->o.max_tokens > 0 || j->o.warn_at > 0)
		j->o.tok = tokenizer_for(enc, a->tokdir);
	config_ruleset(c, path, a->has_select, a->select, a->ignore, &j->rs);
	j->json = !a->versions && a->format == FMT_JSON;
}

/* Index of the first operand in argv, stepping over the options (and
 * their arguments) of table o before it; argc when there is none. */
static int first_operand(int argc, char **argv, const struct cli_opt *o)
{
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		if (strcmp(s, "--") == 0)
			return i + 1;
		if (s[0] != '-' || s[1] == '\0')
			return i;
		if (s[1] == '-') {
			if (strchr(s, '='))
				continue;
			/* getopt_long takes an unambiguous prefix of a long name */
			const struct cli_opt *hit = NULL;
			for (const struct cli_opt *p = o; p->name; p++)
				if (strncmp(p->name, s + 2, strlen(s + 2)) == 0 &&
				    (!hit || strlen(p->name) == strlen(s + 2)))
					hit = p;
			if (hit && hit->has_arg == required_argument)
				i++;
			continue;
		}
		for (const char *c = s + 1; *c; c++) {
			const struct cli_opt *p = o;
			while (p->name && p->key != *c)
				p++;
			if (p->name && p->has_arg == required_argument) {
				if (!c[1])
					i++;
				break;   /* the rest of the word is the argument */
			}
		}
	}
	return argc;
}

/* "prompt-lint [OPTIONS] tokens ...": the tokens command gets the options
 * written before it too, and rejects those that are not its own. */
static int run_tokens(int argc, char **argv, int at)
{
	char **v = xcalloc((size_t)argc + 1, sizeof *v);
	int n = 0;
	v[n++] = argv[at];
	for (int i = 1; i < at; i++)
		v[n++] = argv[i];
	for (int i = at + 1; i < argc; i++)
		v[n++] = argv[i];
	int rc = tokens_main(n, v);
	free(v);
	return rc;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char *skip_dot_slash(const char *p)
{
	while (p[0] == '.' && p[1] == '/')
		for (p += 2; *p == '/'; p++)
			;
	return p;
}

/* Was path found by walking folder dir?  ("./a" is "a": a file found
 * twice is kept once, under either name.) */
static bool under(const char *path, const char *dir)
{
	path = skip_dot_slash(path);
	dir = skip_dot_slash(dir);
	if (strcmp(dir, ".") == 0 || !*dir)
		return path[0] != '/' && strcmp(path, "-") != 0;
	size_t n = strlen(dir);
	return strncmp(path, dir, n) == 0 && (path[n] == '/' || (n && dir[n - 1] == '/'));
}

/* A gate given nothing must not pass: a folder under which no prompt file
 * was found (a typo in a CI path) is an input error.  Returns the number
 * of such folders, each reported. */
static int empty_folders(char **paths, const struct run *r, const char *config_path)
{
	int bad = 0;
	for (char **p = paths; *p; p++) {
		if (!is_dir(*p))
			continue;
		size_t files = 0, prompts = 0;
		for (size_t i = 0; i < r->n; i++)
			if (under(r->files[i]->path, *p)) {
				files++;
				prompts += !r->files[i]->skipped;
			}
		if (prompts)
			continue;
		char *globs = discover_looked_for(*p, config_path);
		if (files)
			msg_error("no prompt files found under %s (%zu file%s matched the prompt globs, none is "
				  "a prompt file); check the path, or pass --allow-empty", *p, files, plural(files));
		else
			msg_error("no prompt files found under %s (looked for %s); check the path, or pass "
				  "--allow-empty", *p, globs);
		free(globs);
		bad++;
	}
	return bad;
}

static void summary_line(const struct run *r)
{
	fprintf(stderr, "prompt-lint: %s%zu error%s%s, %s%zu warning%s%s in %zu file%s checked\n",
		r->errors ? color_on(stderr, COLOR_ERROR) : "", r->errors, plural(r->errors),
		r->errors ? color_off(stderr) : "", r->warnings ? color_on(stderr, COLOR_WARNING) : "",
		r->warnings, plural(r->warnings), r->warnings ? color_off(stderr) : "", r->n, plural(r->n));
}

int main(int argc, char **argv)
{
	cli_init("prompt-lint");
	close_stdout_at_exit();
	/* Thousands of files allocate and free the same few hundred KiB: keep
	 * the heap instead of returning it to the kernel after each. */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 4 << 20);
	int cmd = first_operand(argc, argv, opts);
	if (cmd < argc && strcmp(argv[cmd], "tokens") == 0 && strcmp(argv[cmd - 1], "--") != 0)
		return run_tokens(argc, argv, cmd);
	struct args a;
	parse_args(argc, argv, &a);
	crypto_init();
	bool gha = gha_enabled(a.no_github);
	if (a.format < 0)
		a.format = !a.versions && gha ? FMT_GITHUB : FMT_TEXT;
	/* Colour only the findings a person reads: never JSON, SARIF or a table. */
	color_init(!a.versions && a.format == FMT_TEXT ? a.color : COLOR_NEVER, 1);
	color_init(a.color, 2);
	a.need_tokens = a.versions || gha || a.format == FMT_JSON;

	struct filelist fl = { 0 };
	char *dot[] = { ".", NULL };
	char **paths = optind < argc ? argv + optind : dot;
	for (char **p = paths; *p; p++)
		discover(*p, a.config, &fl);
	if (paths[0] && paths[1])   /* one folder walk never finds a file twice */
		filelist_dedupe(&fl);

	struct run r = { .files = xcalloc(fl.n + 1, sizeof *r.files) };
	int unreadable = fl.unreadable;
	struct job *jobs = xcalloc(fl.n + 1, sizeof *jobs);
	for (size_t i = 0; i < fl.n; i++)
		prepare(&jobs[i], fl.v[i], &a);
	/* jansson seeds its hash tables on first use: once, before the threads */
	json_object_seed(0);
	jobs_run(jobs, fl.n, a.jobs);
	for (size_t i = 0; i < fl.n; i++) {
		if (jobs[i].err) {
			msg_error("%s", jobs[i].err);
			free(jobs[i].err);
			unreadable++;
		} else {
			r.files[r.n++] = jobs[i].pf;
		}
	}
	free(jobs);
	run_count(&r);

	if (a.versions)
		report_versions(stdout, &r, (enum out_format)a.format);
	else if (a.format == FMT_JSON)
		report_json(stdout, &r);
	else if (a.format == FMT_SARIF)
		report_sarif(stdout, &r);
	else if (a.format == FMT_GITHUB)
		report_github(stdout, &r);
	else
		report_text(stdout, &r);
	if (gha && report_gha(&r, a.versions) != 0)
		msg_warn("cannot write the GitHub step summary or outputs; continuing");
	fflush(stdout);
	if (!a.versions && a.format == FMT_TEXT && (r.errors || r.warnings))
		summary_line(&r);
	if (!a.allow_empty)
		unreadable += empty_folders(paths, &r, a.config);

	bool failed = !a.versions && !a.exit_zero && (r.errors > 0 || (a.strict && r.warnings > 0));
	for (size_t i = 0; i < r.n; i++) {
		pf_free(r.files[i]);
		free(r.files[i]);
	}
	free(r.files);
	filelist_free(&fl);
	config_cache_free();
	if (unreadable)
		return EXIT_INPUT;
	return failed ? EXIT_FAIL : EXIT_OK;
}
