/* estimate: `cost-check estimate` — the cost of a planned workload: a
 * model, tokens per request, requests per day and days; or, with '-', the
 * templates of `prompt-lint --format json` on stdin, each priced with its
 * exact token count as the input of one request. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "cost.h"
#include "diag.h"
#include "json.h"
#include "jw.h"
#include "pricing_setup.h"

enum { KEY_IN = CLI_KEY_TOOL, KEY_OUT, KEY_CACHED, KEY_RPD, KEY_DAYS, KEY_FORMAT };

static const char *model, *provider = "", *tier = "";

const struct cli_opt estimate_opts[] = {
	OPT_STRING("model", 0, &model, "M", "the model name (resolved as in a report)"),
	OPT_STRING("provider", 0, &provider, "P", "provider hint for the name (openai, anthropic, bedrock, ...)"),
	OPT_ARG("input-tokens", KEY_IN, "N", "input tokens per request (default 0)"),
	OPT_ARG("output-tokens", KEY_OUT, "N", "output tokens per request (default 0)"),
	OPT_ARG("cached-tokens", KEY_CACHED, "N", "of the input, tokens read from the prompt cache"),
	OPT_ARG("requests-per-day", KEY_RPD, "R", "requests per day (default 1)"),
	OPT_ARG("days", KEY_DAYS, "D", "days (default 30)"),
	OPT_STRING("tier", 0, &tier, "T", "service tier: default, priority, flex, batch"),
	PRICE_OPTS,
	OPT_ARG("format", KEY_FORMAT, "FMT", "text (default), json or markdown"),
	OPT_HELP,
	OPT_VERSION,
	OPT_END,
};

struct item {
	char *name;
	uint64_t input;
	pico_t per_request;
};

static uint64_t count_arg(const char *opt, const char *s)
{
	long long v;
	if (parse_int(s, 0, 1000000000000LL, &v) != 0)
		cli_usage_error("%s '%s': expected a whole number >= 0", opt, s);
	return (uint64_t)v;
}

/* Templates from prompt-lint's JSON: files[] each with path and tokens
 * (null for a skipped file; or templates[] with their own), or a top-level
 * templates[].  *estimated is set when prompt-lint only estimated a count. */
static void add_items(const json_t *arr, const char *path_key, struct item **items, size_t *n, bool *estimated)
{
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e) {
		const json_t *sub = json_object_get(e, "templates");
		if (json_is_array(sub) && json_array_size(sub)) {
			add_items(sub, "name", items, n, estimated);
			continue;
		}
		const json_t *t = json_object_get(e, "tokens");
		if (json_is_object(t))
			t = json_object_get(t, "count");
		if (!json_is_integer(t) || json_integer_value(t) < 0)
			continue;
		if (json_is_true(json_object_get(e, "tokens_estimated")))
			*estimated = true;
		const char *name = json_get_str(e, path_key, NULL);
		if (!name)
			name = json_get_str(e, "path", json_get_str(e, "name", "?"));
		*items = xrealloc(*items, (*n + 1) * sizeof **items);
		(*items)[*n] = (struct item){xstrdup(name), (uint64_t)json_integer_value(t), 0};
		(*n)++;
	}
}

int cmd_estimate(int argc, char **argv)
{
	uint64_t in = 0, out = 0, cached = 0, rpd = 1, days = 30;
	int format = FMT_TEXT, key;
	while ((key = cli_next(argc, argv, estimate_opts)) != -1) {
		switch (key) {
		case KEY_IN: in = count_arg("--input-tokens", optarg); break;
		case KEY_OUT: out = count_arg("--output-tokens", optarg); break;
		case KEY_CACHED: cached = count_arg("--cached-tokens", optarg); break;
		case KEY_RPD: rpd = count_arg("--requests-per-day", optarg); break;
		case KEY_DAYS: days = count_arg("--days", optarg); break;
		case KEY_FORMAT:
			format = parse_format(optarg, 1u << FMT_TEXT | 1u << FMT_JSON | 1u << FMT_MARKDOWN);
			if (format < 0)
				cli_usage_error("--format '%s': expected text, json or markdown", optarg);
			break;
		}
	}
	struct price_opts po;
	price_opts_init(&po);
	if (!model)
		cli_usage_error("estimate needs --model M");
	if (cached > in)
		cli_usage_error("--cached-tokens %" PRIu64 " is more than --input-tokens %" PRIu64, cached, in);
	bool from_stdin = optind < argc && strcmp(argv[optind], "-") == 0;
	if (optind < argc && (!from_stdin || argc - optind > 1))
		cli_usage_error("estimate takes no files; '-' reads prompt-lint JSON on stdin");
	struct price_table pt;
	price_setup(&pt, &po);
	const struct price_model *m = prices_resolve(&pt, provider, model, strlen(model), NULL);
	if (!m || !m->priced)
		die(EXIT_FAIL, "model '%s' has no token price in %s; map it with --alias NAME=PRICEKEY", model,
		    pt.files[0].path);
	struct item *items = NULL;
	size_t n = 0;
	if (from_stdin) {
		char err[1024];
		json_t *j = json_parse_file("-", err, sizeof err);
		if (!j)
			die(EXIT_INPUT, "%s; expected the output of `prompt-lint --format json`", err);
		const json_t *arr = json_object_get(j, "files");
		if (!json_is_array(arr))
			arr = json_object_get(j, "templates");
		bool estimated = false;
		if (json_is_array(arr))
			add_items(arr, "path", &items, &n, &estimated);
		json_decref(j);
		if (estimated)
			msg_warn("prompt-lint only estimated some token counts (no rank files); the costs are "
				 "estimates too");
		if (!n)
			die(EXIT_INPUT, "<stdin>: no template with a token count (files[].tokens); "
					"expected the output of `prompt-lint --format json`");
	} else {
		items = xmalloc(sizeof *items);
		items[0] = (struct item){xstrdup(model), in, 0};
		n = 1;
	}
	struct record rec;
	memset(&rec, 0, sizeof rec);
	rec.tier = (struct strv){tier, strlen(tier)};
	pico_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t c = items[i].input >= cached ? cached : items[i].input;
		rec.input_total = items[i].input;
		rec.cache_read = c;
		rec.uncached = items[i].input - c;
		rec.output = out;
		items[i].per_request = cost_of(m, &rec);
		sum += items[i].per_request;
	}
	pico_t per_day = sum * (pico_t)rpd, total = per_day * (pico_t)days;
	char a[48], b[48], c[48];
	if (format == FMT_JSON) {
		struct jw w;
		jw_init(&w, stdout);
		jw_begin(&w, NULL, false);
		jw_u64(&w, "version", 1);
		jw_str(&w, "model", model);
		jw_str(&w, "price_key", m->key);
		jw_begin(&w, "prices", false);
		jw_str(&w, "file", pt.files[0].path);
		jw_str(&w, "sha256", pt.files[0].sha256);
		jw_end(&w, false);
		jw_u64(&w, "output_tokens", out);
		jw_u64(&w, "cached_tokens", cached);
		jw_u64(&w, "requests_per_day", rpd);
		jw_u64(&w, "days", days);
		jw_begin(&w, "items", true);
		for (size_t i = 0; i < n; i++) {
			jw_begin(&w, NULL, false);
			jw_str(&w, "name", items[i].name);
			jw_u64(&w, "input_tokens", items[i].input);
			jw_money(&w, "usd_per_request", items[i].per_request);
			jw_end(&w, false);
		}
		jw_end(&w, true);
		jw_money(&w, "usd_per_request", sum);
		jw_money(&w, "usd_per_day", per_day);
		jw_money(&w, "usd_total", total);
		jw_end(&w, false);
	} else {
		bool md = format == FMT_MARKDOWN;
		if (md)
			printf("<!-- cost-check -->\n### cost-check estimate: %s\n\n| request | input tokens | output "
			       "tokens | USD per request |\n| --- | ---: | ---: | ---: |\n",
			       m->key);
		for (size_t i = 0; i < n; i++) {
			usd_human(items[i].per_request, a, sizeof a);
			if (md)
				printf("| %s | %" PRIu64 " | %" PRIu64 " | %s |\n", items[i].name, items[i].input, out,
				       a);
			else
				printf("%-40s %10" PRIu64 " in %8" PRIu64 " out  $%s per request\n", items[i].name,
				       items[i].input, out, a);
		}
		usd_human(sum, a, sizeof a);
		usd_human(per_day, b, sizeof b);
		usd_human(total, c, sizeof c);
		char each[64] = "";
		if (from_stdin)
			snprintf(each, sizeof each, " of each of %zu templates", n);
		printf("%s%s (priced as %s): $%s per request%s, $%s per day at %" PRIu64 " requests, $%s over %" PRIu64
		       " days\n",
		       md ? "\n" : "", model, m->key, a, each, b, rpd, c, days);
	}
	for (size_t i = 0; i < n; i++)
		free(items[i].name);
	free(items);
	prices_free(&pt);
	price_opts_free(&po);
	return EXIT_OK;
}
