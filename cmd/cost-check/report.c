/* report: `cost-check report` — its options and settings (flags over the
 * config), then the logs (or one shard of them) priced into a ledger that
 * gate.c judges and writes (text, JSON or Markdown, stdout or -o FILE). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"
#include "cli.h"
#include "color.h"
#include "commands.h"
#include "config.h"
#include "diag.h"
#include "gate.h"
#include "gha.h"
#include "pricing_setup.h"
#include "report_out.h"
#include "run.h"
#include "timeutil.h"

enum {
	KEY_SHAPE = CLI_KEY_TOOL,
	KEY_FIELD,
	KEY_INCL_CACHE,
	KEY_SINCE,
	KEY_UNTIL,
	KEY_SHARD,
};

/* Where the bound rows store what only report reads. */
static const char *alias_file, *config;
static bool otel_excludes_cache;

const struct cli_opt report_opts[] = {
	PRICE_OPTS,
	OPT_ARG("shape", KEY_SHAPE, "SHAPE",
		"skip detection: openai-chat, openai-responses, anthropic, otel, litellm, langfuse, custom"),
	OPT_ARG("field", KEY_FIELD, "NAME=PATH", "where a field lives: PATH[|PATH...][:CONV] (repeatable)"),
	OPT_STRING("alias-file", 0, &alias_file, "FILE", "a YAML/JSON map of NAME: KEY aliases"),
	OPT_ARG("input-includes-cache", KEY_INCL_CACHE, "yes|no",
		"whether input counts include cached tokens (overrides the shape)"),
	OPT_SET("otel-input-excludes-cache", 0, &otel_excludes_cache,
		"OTel spans' input counts leave cache reads and writes out"),
	PRICE_FALLBACK_OPT,
	OPT_ARG("since", KEY_SINCE, "TIME", "only calls at or after TIME (YYYY-MM-DD or an ISO time)"),
	OPT_ARG("until", KEY_UNTIL, "TIME", "only calls before TIME (a date includes that whole day)"),
	OPT_ARG("shard", KEY_SHARD, "K/N",
		"price only the K-th of N slices of the logs (auto/N: K from $JOB_COMPLETION_INDEX)"),
	OPT_ARG("jobs", 'j', "N", "threads (default 1); totals are the same for any N"),
	OPT_STRING("config", 0, &config, "FILE", "YAML settings: fields, aliases, budgets, ..."),
	GATE_OPTS("logs without a single call are a report, not an error (exit 3)"),
	OPT_HELP,
	OPT_VERSION,
	OPT_END,
};

struct settings {
	struct price_opts po;
	struct extractor x;
	struct scan_opts so;
	struct gate g;
	int jobs;
	int shard_k, shard_n; /* 0, 0: all of the logs */
	bool shape_set, incl_set, otel_excl_set, fallback_set, group_set, jobs_set;
};

/* --shard K/N or auto/N (K from JOB_COMPLETION_INDEX, which counts from 0). */
static void shard_arg(struct settings *s, const char *v)
{
	long long k, n;
	char ks[16] = "";
	int used = 0;
	if (sscanf(v, "%15[^/]/%n", ks, &used) != 1 || !used || parse_int(v + used, 1, 100000, &n) != 0)
		cli_usage_error("--shard '%s': expected K/N like 2/8, or auto/N", v);
	if (strcmp(ks, "auto") == 0) {
		const char *idx = getenv("JOB_COMPLETION_INDEX");
		if (!idx || parse_int(idx, 0, n - 1, &k) != 0)
			cli_usage_error(
				"--shard auto/%lld: JOB_COMPLETION_INDEX is %s%s%s; expected 0 to %lld (a Kubernetes "
				"Indexed Job sets it), or give K/N",
				n, idx ? "'" : "not set", idx ? idx : "", idx ? "'" : "", n - 1);
		k++;
	} else if (parse_int(ks, 1, n, &k) != 0) {
		cli_usage_error("--shard '%s': K must be 1 to N", v);
	}
	s->shard_k = (int)k;
	s->shard_n = (int)n;
}

/* The settings that change what a line costs, as the report records them:
 * merge refuses to add up reports priced differently. */
static json_t *pricing_options(const struct settings *s, const struct price_table *pt)
{
	json_t *o = json_object(), *al = json_object(), *fields = json_object();
	size_t n;
	struct strmap_slot **v = ledger_sorted(&pt->aliases, &n);
	for (size_t i = 0; i < n; i++)
		json_object_set_new(al, v[i]->key, json_string(((const struct price_model *)v[i]->val)->key));
	free(v);
	json_object_set_new(o, "aliases", al);
	json_object_set_new(o, "input_includes_cache",
			    s->x.input_includes_cache < 0 ? json_null() : json_boolean(s->x.input_includes_cache));
	json_object_set_new(o, "otel_input_excludes_cache", json_boolean(s->x.otel_input_excludes_cache));
	json_object_set_new(o, "cache_price_fallback", json_string(pt->cache_fallback_zero ? "zero" : "input"));
	json_object_set_new(o, "shape", json_string(s->x.forced == SH_AUTO ? "auto" : shape_names[s->x.forced]));
	for (int f = 0; f < NFIELDS; f++)
		if (s->x.override[f].nalt)
			json_object_set_new(fields, field_names[f], json_string(s->x.override[f].text));
	json_object_set_new(o, "fields", fields);
	char t[32];
	rfc3339_format(s->so.since, t, sizeof t);
	json_object_set_new(o, "since", s->so.has_since ? json_string(t) : json_null());
	rfc3339_format(s->so.until, t, sizeof t);
	json_object_set_new(o, "until", s->so.has_until ? json_string(t) : json_null());
	return o;
}

/* --since/--until: a date or an ISO time, read as a log's ISO times are;
 * a date as --until means the end of that day. */
static int64_t time_arg(const char *opt, const char *s, bool until)
{
	int64_t t;
	if (parse_time_text(s, strlen(s), TC_ISO, &t) != 0)
		cli_usage_error("%s '%s': expected YYYY-MM-DD or an ISO time like 2026-07-01T00:00:00Z", opt, s);
	if (until && strlen(s) == 10)
		t += 86400;
	return t;
}

static int yes_no(const char *opt, const char *s)
{
	if (strcmp(s, "yes") == 0 || strcmp(s, "true") == 0)
		return 1;
	if (strcmp(s, "no") == 0 || strcmp(s, "false") == 0)
		return 0;
	cli_usage_error("%s '%s': expected yes or no", opt, s);
}

static void field_arg(struct extractor *x, const char *arg, int code)
{
	char err[512];
	if (extractor_field(x, arg, err, sizeof err) < 0) {
		if (code == EXIT_USAGE)
			cli_usage_error("%s", err);
		die(code, "%s", err);
	}
}

static void shape_arg(struct settings *s, const char *v, int code)
{
	s->x.forced = strcmp(v, "auto") == 0 ? SH_AUTO : shape_from_name(v);
	if (s->x.forced == SH_AUTO && strcmp(v, "auto") != 0) {
		if (code == EXIT_USAGE)
			cli_usage_error("--shape '%s': expected auto, openai-chat, openai-responses, anthropic, otel, "
					"litellm, langfuse or custom",
					v);
		die(code,
		    "config: shape '%s': expected auto, openai-chat, openai-responses, anthropic, otel, litellm, "
		    "langfuse or custom",
		    v);
	}
	s->shape_set = true;
}

/* Settings the flags left unset come from the config (flags > config). */
static json_t *apply_config(struct settings *s, const char *path, struct extractor *flags_x)
{
	char err[1024];
	json_t *cfg = config_load(path, err, sizeof err);
	if (!cfg)
		die(EXIT_INPUT, "%s", err);
	const char *unk = config_unknown(cfg);
	if (unk)
		die(EXIT_INPUT,
		    "%s: unknown setting '%s'; known: prices, shape, fields, aliases, budgets, group_by, "
		    "input_includes_cache, otel_input_excludes_cache, cache_price_fallback, jobs",
		    path, unk);
	json_t *v;
	/* Flags > environment > config: COST_CHECK_PRICES beats prices:. */
	const char *env = getenv("COST_CHECK_PRICES");
	if ((v = json_object_get(cfg, "prices")) && !s->po.nfiles && !(env && *env)) {
		if (json_is_string(v))
			price_opts_add_file(&s->po, json_string_value(v));
		else if (json_is_array(v))
			for (size_t i = 0; i < json_array_size(v); i++)
				if (json_is_string(json_array_get(v, i)))
					price_opts_add_file(&s->po, json_string_value(json_array_get(v, i)));
	}
	if ((v = json_object_get(cfg, "shape")) && !s->shape_set && json_is_string(v))
		shape_arg(s, json_string_value(v), EXIT_INPUT);
	if ((v = json_object_get(cfg, "fields"))) {
		if (!json_is_object(v))
			die(EXIT_INPUT, "%s: fields: expected a mapping NAME: PATH", path);
		const char *k;
		json_t *p;
		json_object_foreach(v, k, p) {
			if (!json_is_string(p))
				die(EXIT_INPUT, "%s: fields: %s: the path must be a string", path, k);
			char *arg = xasprintf("%s=%s", k, json_string_value(p));
			char e2[512];
			if (extractor_field(&s->x, arg, e2, sizeof e2) < 0)
				die(EXIT_INPUT, "%s: fields: %s", path, e2);
			free(arg);
		}
	}
	if ((v = json_object_get(cfg, "aliases"))) {
		if (!json_is_object(v))
			die(EXIT_INPUT, "%s: aliases: expected a mapping NAME: PRICEKEY", path);
		s->po.config_aliases = v;
	}
	if ((v = json_object_get(cfg, "budgets"))) {
		json_t *d = json_object_get(v, "daily"), *m = json_object_get(v, "monthly");
		if (d && !s->g.b.has_daily) {
			if (money_json(d, &s->g.b.daily) < 0)
				die(EXIT_INPUT, "%s: budgets.daily: expected an amount in USD", path);
			s->g.b.has_daily = true;
		}
		if (m && !s->g.b.has_monthly) {
			if (money_json(m, &s->g.b.monthly) < 0)
				die(EXIT_INPUT, "%s: budgets.monthly: expected an amount in USD", path);
			s->g.b.has_monthly = true;
		}
	}
	if ((v = json_object_get(cfg, "group_by")) && !s->group_set) {
		char *list = NULL;
		if (json_is_string(v)) {
			list = xstrdup(json_string_value(v));
		} else if (json_is_array(v)) {
			list = xstrdup("");
			for (size_t i = 0; i < json_array_size(v); i++) {
				const char *g = json_string_value(json_array_get(v, i));
				char *n = xasprintf("%s%s%s", list, i ? "," : "", g ? g : "?");
				free(list);
				list = n;
			}
		}
		int g = list ? group_by_parse(list) : -1;
		free(list);
		if (g < 0)
			die(EXIT_INPUT, "%s: group_by: expected a list of day, month, model, route, feature", path);
		s->g.group_by = (unsigned)g;
	}
	bool yes;
	if ((v = json_object_get(cfg, "input_includes_cache")) && !s->incl_set) {
		if (config_bool(v, &yes) < 0)
			die(EXIT_INPUT, "%s: input_includes_cache: expected yes or no", path);
		s->x.input_includes_cache = yes;
	}
	if ((v = json_object_get(cfg, "otel_input_excludes_cache")) && !s->otel_excl_set) {
		if (config_bool(v, &s->x.otel_input_excludes_cache) < 0)
			die(EXIT_INPUT, "%s: otel_input_excludes_cache: expected yes or no", path);
	}
	if ((v = json_object_get(cfg, "cache_price_fallback")) && !s->fallback_set) {
		const char *f = json_string_value(v);
		if (!f || (strcmp(f, "input") && strcmp(f, "zero")))
			die(EXIT_INPUT, "%s: cache_price_fallback: expected input or zero", path);
		else
			s->po.fallback_zero = strcmp(f, "zero") == 0;
	}
	if ((v = json_object_get(cfg, "jobs")) && !s->jobs_set) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 256)
			die(EXIT_INPUT, "%s: jobs: expected a whole number from 1 to 256", path);
		s->jobs = (int)json_integer_value(v);
	}
	/* --field flags are re-applied so that they win over fields: */
	for (int f = 0; f < NFIELDS; f++)
		if (flags_x->override[f].nalt) {
			struct fspec tmp = s->x.override[f];
			s->x.override[f] = flags_x->override[f];
			flags_x->override[f] = tmp;
		}
	return cfg;
}

/* The first rejected lines, where and why: findings about the logs, not
 * errors of the run (the report counts them all by reason). */
static void show_rejections(const struct ledger *l)
{
	for (int i = 0; i < l->nsamples; i++) {
		const struct sample *s = &l->samples[i];
		char col[16] = "";
		if (s->col)
			snprintf(col, sizeof col, ":%d", s->col);
		fprintf(stderr, "%s: %s:%" PRIu64 "%s: %s: %s (line skipped)\n", cli_prog(), s->file, s->line, col,
			reason_names[s->reason], s->what);
	}
	if (l->rejected > (uint64_t)l->nsamples)
		fprintf(stderr, "%s: %" PRIu64 " lines rejected in all; the report counts them by reason\n", cli_prog(),
			l->rejected);
}

int cmd_report(int argc, char **argv)
{
	struct settings s;
	memset(&s, 0, sizeof s);
	s.jobs = 1;
	extractor_init(&s.x);
	long long n;
	int key;
	while ((key = cli_next(argc, argv, report_opts)) != -1) {
		switch (key) {
		case KEY_SHAPE: shape_arg(&s, optarg, EXIT_USAGE); break;
		case KEY_FIELD: field_arg(&s.x, optarg, EXIT_USAGE); break;
		case KEY_INCL_CACHE:
			s.x.input_includes_cache = yes_no("--input-includes-cache", optarg);
			s.incl_set = true;
			break;
		case KEY_SINCE:
			s.so.since = time_arg("--since", optarg, false);
			s.so.has_since = true;
			break;
		case KEY_UNTIL:
			s.so.until = time_arg("--until", optarg, true);
			s.so.has_until = true;
			break;
		case KEY_SHARD: shard_arg(&s, optarg); break;
		case 'j':
			if (parse_int(optarg, 1, 256, &n) != 0)
				cli_usage_error("--jobs '%s': expected a whole number from 1 to 256", optarg);
			s.jobs = (int)n;
			s.jobs_set = true;
			break;
		case GATE_KEY_COLOR: gate_color(optarg); break;
		}
	}
	gate_setup(&s.g);
	msg_annotate(gha_enabled(s.g.no_github), NULL);
	price_opts_init(&s.po);
	s.fallback_set = price_args.fallback != NULL;
	s.group_set = gate_args.group_by != NULL;
	s.po.alias_file = alias_file;
	if (otel_excludes_cache) {
		s.x.otel_input_excludes_cache = true;
		s.otel_excl_set = true;
	}
	json_t *cfg = NULL;
	if (config) {
		/* Config fields go underneath the --field flags already given. */
		struct extractor flags_x = s.x;
		extractor_init(&s.x);
		s.x.forced = flags_x.forced;
		s.x.input_includes_cache = flags_x.input_includes_cache;
		s.x.otel_input_excludes_cache = flags_x.otel_input_excludes_cache;
		cfg = apply_config(&s, config, &flags_x);
		extractor_free(&flags_x);
	}
	if (s.x.forced == SH_CUSTOM) {
		const char *miss = extractor_missing(&s.x);
		if (miss && miss[0] == '-')
			cli_usage_error("--shape custom needs --input-includes-cache yes|no");
		if (miss)
			cli_usage_error(
				"--shape custom needs --field %s=PATH (model, time, input and output are required)",
				miss);
	}
	struct price_table pt;
	price_setup(&pt, &s.po);
	s.so.x = &s.x;
	s.so.pt = &pt;
	char *def[] = {"-"};
	char *const *files = optind < argc ? argv + optind : def;
	int nfiles = optind < argc ? argc - optind : 1;
	struct ledger l;
	struct source *src;
	size_t nsrc;
	char err[1024];
	if (run_logs(&s.so, files, nfiles, s.jobs, s.shard_k, s.shard_n, &l, &src, &nsrc, err, sizeof err) < 0)
		die(EXIT_INPUT, "%s; no report written", err);
	show_rejections(&l);
	json_t *options = pricing_options(&s, &pt);
	struct report r = {.l = &l,
			   .prices = pt.files,
			   .nprices = pt.nfiles,
			   .entries = prices_entries(&pt),
			   .options = options,
			   .sources = src,
			   .nsources = nsrc,
			   .shard_k = s.shard_k,
			   .shard_n = s.shard_n,
			   .group_by = s.g.group_by};
	s.g.shard = s.shard_n > 0;
	int rc = gate_finish(&s.g, &r);
	json_decref(options);
	sources_free(src, nsrc);
	ledger_free(&l);
	prices_free(&pt);
	extractor_free(&s.x);
	price_opts_free(&s.po);
	json_decref(cfg);
	return rc;
}
