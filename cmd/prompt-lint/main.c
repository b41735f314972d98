/* prompt-lint: prompt templates are valid, consistent, within token
 * budget, and versioned.  main.c holds the options and the flow: find the
 * files, lint each under its config, report, exit 0/1/2/3. */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "counter.h"
#include "diag.h"
#include "discover.h"
#include "encode.h"
#include "formats.h"
#include "fs.h"
#include "gha.h"
#include "lint.h"
#include "report.h"
#include "tokenizer.h"
#include "tokens.h"

enum {
	KEY_FORMAT = CLI_KEY_TOOL, KEY_VERSIONS, KEY_MAX, KEY_WARN, KEY_ENCODING, KEY_TOKDIR,
	KEY_SELECT, KEY_IGNORE, KEY_STRICT, KEY_EXIT_ZERO, KEY_CONFIG, KEY_LIST_RULES,
};

static const struct cli_opt opts[] = {
	{ "format", required_argument, 'f', "FMT",
	  "text (default), json, github, sarif; with --versions: text, markdown, json" },
	{ "versions", no_argument, KEY_VERSIONS, NULL,
	  "print the version table (path, name, sha256/8, tokens) instead of findings" },
	{ "max-tokens-per-request", required_argument, KEY_MAX, "N", "error when a prompt has more tokens" },
	{ "warn-at", required_argument, KEY_WARN, "N", "warning when a prompt has more tokens" },
	{ "encoding", required_argument, KEY_ENCODING, "E", "o200k_base (default), cl100k_base, estimate" },
	{ "tokenizer-dir", required_argument, KEY_TOKDIR, "DIR", "folder of the .tiktoken rank files" },
	{ "select", required_argument, KEY_SELECT, "RULES", "run only these rules (codes, names, prefixes)" },
	{ "ignore", required_argument, KEY_IGNORE, "RULES", "do not run these rules" },
	{ "strict", no_argument, KEY_STRICT, NULL, "warnings fail the run too" },
	{ "exit-zero", no_argument, KEY_EXIT_ZERO, NULL, "exit 0 even when there are findings" },
	{ "config", required_argument, 'c', "FILE", "config file (default: .prompt-lint.yaml found upwards)" },
	{ "list-rules", no_argument, KEY_LIST_RULES, NULL, "print the rules and exit" },
	{ "no-github", no_argument, CLI_KEY_NO_GITHUB, NULL, "no GitHub Actions annotations or summary" },
	{ "help", no_argument, 'h', NULL, "show this help" },
	{ "version", no_argument, CLI_KEY_VERSION, NULL, "show the version" },
	{ 0 },
};

struct args {
	int format;             /* -1 until given */
	bool versions, strict, exit_zero, no_github;
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
		printf("%s\t%-28s\t%s\t%s\n", rules[i].code, rules[i].name,
		       rules[i].level == LEVEL_ERROR ? "error" : "warning", rules[i].summary);
	}
}

static void parse_args(int argc, char **argv, struct args *a)
{
	*a = (struct args){ .format = -1, .max_tokens = -1, .warn_at = -1 };
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
		case CLI_KEY_NO_GITHUB: a->no_github = true; break;
		case KEY_LIST_RULES: list_rules(); exit(EXIT_OK);
		case 'h':
			cli_help(stdout, "[OPTIONS] [PATH...]\n       prompt-lint tokens [--encoding E] [FILE|-]...",
				 "Check prompt template files: YAML, format schema, template syntax, declared and\n"
				 "used variables, token budgets.  Folders are searched for *.yaml, *.yml,\n"
				 "*.prompty, *.prompt and *.prompt.yml.",
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

static struct pfile *lint_path(const char *path, const struct args *a, int *unreadable)
{
	char *buf, err[600];
	size_t len;
	if (fs_read_all(path, (size_t)64 << 20, &buf, &len, err, sizeof err) != 0) {
		msg_error("%s; %s", err, errno == EFBIG ? "a prompt template is never that large: is it the right file?"
							 : "check the path and its permissions");
		++*unreadable;
		return NULL;
	}
	const struct config *c = config_for(path, a->config);
	const char *enc = a->encoding ? a->encoding : c->encoding ? c->encoding : "o200k_base";
	struct lint_opts o = {
		.max_tokens = pick(a->max_tokens, c->max_tokens),
		.warn_at = pick(a->warn_at, c->warn_at),
		.format = config_format(c, path),
		.need_tokens = a->need_tokens,
	};
	/* The rank files are loaded only when a count is used. */
	if (o.need_tokens || o.max_tokens > 0 || o.warn_at > 0)
		o.tok = tokenizer_for(enc, a->tokdir);
	formats_required_keys = c->required_keys;
	struct pfile *pf = xmalloc(sizeof *pf);
	pf_init(pf, path, buf, len);
	lint_file(pf, &o);
	struct ruleset rs;
	config_ruleset(c, path, a->has_select, a->select, a->ignore, &rs);
	lint_apply_rules(pf, &rs);
	/* 10,000 files stay cheap: keep only what the reports need. */
	pf_compact(pf);
	free(buf);
	return pf;
}

int main(int argc, char **argv)
{
	cli_init("prompt-lint");
	close_stdout_at_exit();
	/* Thousands of files allocate and free the same few hundred KiB: keep
	 * the heap instead of returning it to the kernel after each. */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 4 << 20);
	if (argc > 1 && strcmp(argv[1], "tokens") == 0)
		return tokens_main(argc - 1, argv + 1);
	struct args a;
	parse_args(argc, argv, &a);
	crypto_init();
	bool gha = gha_enabled(a.no_github);
	if (a.format < 0)
		a.format = !a.versions && gha ? FMT_GITHUB : FMT_TEXT;
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
	for (size_t i = 0; i < fl.n; i++) {
		struct pfile *pf = lint_path(fl.v[i], &a, &unreadable);
		if (pf)
			r.files[r.n++] = pf;
	}
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
		fprintf(stderr, "prompt-lint: %zu error%s, %zu warning%s in %zu file%s checked\n", r.errors,
			plural(r.errors), r.warnings, plural(r.warnings), r.n, plural(r.n));

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
