/* prompt-lint: prompt templates are valid, consistent, within token
 * budget, and versioned.  main.c holds the command table, lint's options
 * and its flow: find the files, lint each under its config, report, exit
 * 0/1/2/3. */
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
	KEY_MAX = CLI_KEY_TOOL,
	KEY_WARN,
	KEY_ENCODING,
	KEY_SELECT,
	KEY_IGNORE,
	KEY_LIST_RULES,
	KEY_COLOR,
};

struct args {
	int format; /* -1 until given */
	const char *format_arg; /* checked once --versions is known */
	bool versions, strict, exit_zero, no_github, allow_empty;
	enum color_mode color;
	int jobs;
	long long max_tokens, warn_at; /* -1 when not given */
	const char *encoding, *tokdir, *config;
	bool has_select;
	unsigned long long select, ignore;
	bool need_tokens; /* the output shows token counts */
};

static struct args args = {.format = -1, .max_tokens = -1, .warn_at = -1};

/* Rows that check their value keep their key: a count, a rule list, an
 * encoding, a colour mode. */
static const struct cli_opt opts[] = {
	OPT_STRING("format", 'f', &args.format_arg, "FMT",
		   "text (default), json, github, sarif; with --versions: text, markdown, json"),
	OPT_SET("versions", 0, &args.versions,
		"print the version table (path, name, sha256/8, tokens) instead of findings"),
	OPT_ARG("max-tokens-per-request", KEY_MAX, "N", "error when a prompt has more tokens"),
	OPT_ARG("warn-at", KEY_WARN, "N", "warning when a prompt has more tokens"),
	OPT_ARG("encoding", KEY_ENCODING, "E", "o200k_base (default), cl100k_base, estimate"),
	OPT_STRING("tokenizer-dir", 0, &args.tokdir, "DIR", "folder of the .tiktoken rank files"),
	OPT_ARG("select", KEY_SELECT, "RULES", "run only these rules (codes, names, prefixes)"),
	OPT_ARG("ignore", KEY_IGNORE, "RULES", "do not run these rules"),
	OPT_SET("strict", 0, &args.strict, "warnings fail the run too"),
	OPT_SET("exit-zero", 0, &args.exit_zero, "exit 0 even when there are findings"),
	OPT_STRING("config", 'c', &args.config, "FILE", "config file (default: .prompt-lint.yaml found upwards)"),
	OPT_FLAG("list-rules", KEY_LIST_RULES, "print the rules and exit"),
	OPT_SET("allow-empty", 0, &args.allow_empty,
		"a folder with no prompt files passes (default: exit 3, a typo in a path)"),
	OPT_OPTARG("color", KEY_COLOR, "WHEN", COLOR_OPT_HELP),
	OPT_ARG("jobs", 'j', "N", "lint on N threads (default: one per processor)"),
	OPT_SET("no-github", 0, &args.no_github, "no GitHub Actions annotations or summary"),
	OPT_FLAG("help", 'h', "show this help"),
	OPT_VERSION,
	OPT_END,
};

static int cmd_lint(int argc, char **argv);

/* The commands.  A first operand that names none is a path: the tool
 * lints, and its options are lint's. */
static const struct cli_cmd commands[] = {
	{"tokens", cmd_tokens, "[--encoding E] [FILE|-]...", "Print the exact token count of whole files, like wc.",
	 tokens_opts, NULL, NULL},
	{NULL, NULL, NULL, NULL, NULL, NULL, NULL},
};

static const struct cli_cmd tool = {
	NULL,
	cmd_lint,
	"[OPTIONS] [PATH...]",
	"Check prompt template files: YAML, format schema, template syntax, declared and\n"
	"used variables, token budgets.",
	opts,
	commands,
	"Folders are searched for *.yaml, *.yml, *.prompty, *.prompt and *.prompt.yml;\n"
	"finding none is an input error (exit 3).  Options may come before the tokens\n"
	"command; see prompt-lint tokens --help.",
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
		       rules[i].by_engine              ? "error/warning"
		       : rules[i].level == LEVEL_ERROR ? "error"
						       : "warning",
		       rules[i].summary);
	}
}

static void parse_args(int argc, char **argv, struct args *a)
{
	a->jobs = jobs_default_threads();
	int key;
	while ((key = cli_next(argc, argv, opts)) != -1) {
		switch (key) {
		case KEY_MAX: a->max_tokens = tokens_arg("--max-tokens-per-request", optarg); break;
		case KEY_WARN: a->warn_at = tokens_arg("--warn-at", optarg); break;
		case KEY_ENCODING:
			if (!tok_known(optarg))
				cli_usage_error("--encoding: unknown encoding '%s'; use o200k_base, cl100k_base or "
						"estimate",
						optarg);
			a->encoding = optarg;
			break;
		case KEY_SELECT:
			a->select |= rules_arg("--select", optarg);
			a->has_select = true;
			break;
		case KEY_IGNORE: a->ignore |= rules_arg("--ignore", optarg); break;
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
		case KEY_LIST_RULES: list_rules(); exit(EXIT_OK);
		case 'h': cli_cmd_help(stdout, &tool); exit(EXIT_OK);
		}
	}
	if (a->format_arg) {
		unsigned allowed = a->versions ? (1u << FMT_TEXT | 1u << FMT_JSON | 1u << FMT_MARKDOWN)
					       : (1u << FMT_TEXT | 1u << FMT_JSON | 1u << FMT_GITHUB | 1u << FMT_SARIF);
		a->format = parse_format(a->format_arg, allowed);
		if (a->format < 0)
			cli_usage_error("--format: '%s' is not one of %s", a->format_arg,
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
	static struct {
		const char *name;
		struct tokenizer *t;
	} cache[8];
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
				break; /* the rest of the word is the argument */
			}
		}
	}
	return argc;
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
				  "a prompt file); check the path, or pass --allow-empty",
				  *p, files, plural(files));
		else
			msg_error("no prompt files found under %s (looked for %s); check the path, or pass "
				  "--allow-empty",
				  *p, globs);
		free(globs);
		bad++;
	}
	return bad;
}

static void summary_line(const struct run *r)
{
	fprintf(stderr, "prompt-lint: %s%zu error%s%s, %s%zu warning%s%s in %zu file%s checked\n",
		r->errors ? color_on(stderr, COLOR_ERROR) : "", r->errors, plural(r->errors),
		r->errors ? color_off(stderr) : "", r->warnings ? color_on(stderr, COLOR_WARNING) : "", r->warnings,
		plural(r->warnings), r->warnings ? color_off(stderr) : "", r->n, plural(r->n));
}

static int cmd_lint(int argc, char **argv)
{
	struct args *a = &args;
	parse_args(argc, argv, a);
	crypto_init();
	bool gha = gha_enabled(a->no_github);
	if (a->format < 0)
		a->format = !a->versions && gha ? FMT_GITHUB : FMT_TEXT;
	/* Colour only the findings a person reads: never JSON, SARIF or a table. */
	color_init(!a->versions && a->format == FMT_TEXT ? a->color : COLOR_NEVER, 1);
	color_init(a->color, 2);
	a->need_tokens = a->versions || gha || a->format == FMT_JSON;

	struct filelist fl = {0};
	char *dot[] = {".", NULL};
	char **paths = optind < argc ? argv + optind : dot;
	for (char **p = paths; *p; p++)
		discover(*p, a->config, &fl);
	if (paths[0] && paths[1]) /* one folder walk never finds a file twice */
		filelist_dedupe(&fl);

	struct run r = {.files = xcalloc(fl.n + 1, sizeof *r.files)};
	int unreadable = fl.unreadable;
	struct job *jobs = xcalloc(fl.n + 1, sizeof *jobs);
	for (size_t i = 0; i < fl.n; i++)
		prepare(&jobs[i], fl.v[i], a);
	/* jansson seeds its hash tables on first use: once, before the threads */
	json_object_seed(0);
	jobs_run(jobs, fl.n, a->jobs);
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

	if (a->versions)
		report_versions(stdout, &r, (enum out_format)a->format);
	else if (a->format == FMT_JSON)
		report_json(stdout, &r);
	else if (a->format == FMT_SARIF)
		report_sarif(stdout, &r);
	else if (a->format == FMT_GITHUB)
		report_github(stdout, &r);
	else
		report_text(stdout, &r);
	if (gha && report_gha(&r, a->versions) != 0)
		msg_warn("cannot write the GitHub step summary or outputs; continuing");
	fflush(stdout);
	if (!a->versions && a->format == FMT_TEXT && (r.errors || r.warnings))
		summary_line(&r);
	if (!a->allow_empty)
		unreadable += empty_folders(paths, &r, a->config);

	bool failed = !a->versions && !a->exit_zero && (r.errors > 0 || (a->strict && r.warnings > 0));
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

/* Does the first operand name a command?  Then it moves to argv[1]: the
 * options written before it ("prompt-lint --encoding E tokens F") are the
 * command's own.  Otherwise it is a path to lint. */
static bool command_first(int argc, char **argv)
{
	int at = first_operand(argc, argv, opts);
	if (at >= argc || strcmp(argv[at - 1], "--") == 0)
		return false;
	for (const struct cli_cmd *c = commands; c->name; c++)
		if (strcmp(c->name, argv[at]) == 0) {
			char *name = argv[at];
			memmove(argv + 2, argv + 1, (size_t)(at - 1) * sizeof *argv);
			argv[1] = name;
			return true;
		}
	return false;
}

int main(int argc, char **argv)
{
	cli_init("prompt-lint");
	close_stdout_at_exit();
	/* Thousands of files allocate and free the same few hundred KiB: keep
	 * the heap instead of returning it to the kernel after each. */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 4 << 20);
	if (!command_first(argc, argv))
		return cmd_lint(argc, argv);
	/* A row whose options are only --help and --version: lint's options
	 * are not global, so a command is given only its own. */
	static const struct cli_opt global[] = {OPT_HELP, OPT_VERSION, OPT_END};
	static const struct cli_cmd dispatch = {NULL, NULL, NULL, NULL, global, commands, NULL};
	return cli_main(&dispatch, argc, argv);
}
