/* diff: `cost-check diff BASE.json HEAD.json` — the cost effect of a change
 * in the style of `infracost diff`: cost and tokens per request, overall,
 * by route and by model, with limits that fail the gate (exit 1). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "config.h"
#include "diag.h"
#include "fs.h"
#include "json.h"
#include "jw.h"

enum { KEY_BY = CLI_KEY_TOOL, KEY_MAX_PCT, KEY_MAX_USD, KEY_FORMAT };

static const char *output;

const struct cli_opt diff_opts[] = {
	OPT_ARG("by", KEY_BY, "route|model", "apply the limits to every route (or model) in both reports"),
	OPT_ARG("max-increase-pct", KEY_MAX_PCT, "P", "fail when cost per request rises more than P percent"),
	OPT_ARG("max-increase-usd-per-request", KEY_MAX_USD, "U", "fail when cost per request rises more than U USD"),
	OPT_ARG("format", KEY_FORMAT, "FMT", "text (default), json or markdown (with a <!-- cost-check --> marker)"),
	OPT_STRING("output", 'o', &output, "FILE", "write to FILE atomically"),
	OPT_HELP,
	OPT_VERSION,
	OPT_END,
};

/* One scope's figures on one side. */
struct side {
	bool present;
	uint64_t calls;
	pico_t cost;
	double input, output; /* tokens per request */
};

struct row {
	const char *name;
	struct side base, head;
	pico_t base_pr, head_pr, delta; /* cost per request */
	bool has_pct;
	double pct;
	bool over_pct, over_usd;
};

static struct side side_of(const json_t *bucket)
{
	struct side s = {0};
	if (!json_is_object(bucket))
		return s;
	const json_t *calls = json_object_get(bucket, "calls"), *cost = json_object_get(bucket, "cost_usd");
	const json_t *tok = json_object_get(bucket, "tokens");
	if (!json_is_integer(calls) || !json_is_number(cost))
		return s;
	s.present = true;
	s.calls = (uint64_t)json_integer_value(calls);
	/* Reports print 9 decimals: nano-dollars are exact through a double. */
	s.cost = (pico_t)llround(json_number_value(cost) * 1e9) * 1000;
	if (s.calls) {
		s.input = json_number_value(json_object_get(tok, "input_total")) / (double)s.calls;
		s.output = json_number_value(json_object_get(tok, "output")) / (double)s.calls;
	}
	return s;
}

static pico_t per_request(const struct side *s)
{
	return s->calls ? (s->cost + (pico_t)(s->calls / 2)) / (pico_t)s->calls : 0;
}

struct limits {
	bool has_pct, has_usd;
	double pct;
	pico_t usd;
};

static void compute(struct row *r, const struct limits *lim, bool judged)
{
	r->base_pr = per_request(&r->base);
	r->head_pr = per_request(&r->head);
	r->delta = r->head_pr - r->base_pr;
	r->has_pct = r->base_pr > 0;
	if (r->has_pct)
		r->pct = 100.0 * (double)r->delta / (double)r->base_pr;
	if (!judged || !r->base.present || !r->head.present || !r->base.calls || !r->head.calls)
		return;
	if (lim->has_pct)
		r->over_pct = r->has_pct ? r->pct > lim->pct : r->delta > 0;
	if (lim->has_usd)
		r->over_usd = r->delta > lim->usd;
}

static json_t *load(const char *path)
{
	char err[1024];
	json_t *j = json_parse_file(path, err, sizeof err);
	if (!j)
		die(EXIT_INPUT, "%s", err);
	if (!json_is_object(j) || !json_is_object(json_object_get(j, "totals")))
		die(EXIT_INPUT,
		    "%s: not a cost-check JSON report (no \"totals\"); make one with "
		    "`cost-check report --format json -o FILE`",
		    path);
	return j;
}

/* Rows of one grouping: every key of either side, sorted. */
static struct row *group_rows(const json_t *b, const json_t *h, const char *key, const struct limits *lim, bool judged,
			      size_t *n)
{
	const json_t *bm = json_object_get(b, key), *hm = json_object_get(h, key);
	json_t *names = json_object();
	const char *k;
	json_t *v;
	const json_t *sides[2] = {bm, hm};
	for (int i = 0; i < 2; i++) {
		if (!json_is_object(sides[i]))
			continue;
		json_object_foreach((json_t *)sides[i], k, v) {
			json_object_set_new(names, k, json_true());
		}
	}
	struct row *rows = xcalloc(json_object_size(names) + 1, sizeof *rows);
	*n = 0;
	json_object_foreach(names, k, v) {
		struct row *r = &rows[(*n)++];
		r->name = xstrdup(k);
		r->base = side_of(json_object_get(bm, k));
		r->head = side_of(json_object_get(hm, k));
		compute(r, lim, judged);
	}
	json_decref(names);
	for (size_t i = 1; i < *n; i++) /* insertion sort: a few dozen names */
		for (size_t j = i; j > 0 && strcmp(rows[j - 1].name, rows[j].name) > 0; j--) {
			struct row t = rows[j];
			rows[j] = rows[j - 1];
			rows[j - 1] = t;
		}
	return rows;
}

/* Money for people (text and Markdown; JSON keeps the exact decimals). */
static const char *usd(pico_t v, char *buf, size_t len)
{
	usd_human(v, buf, len);
	return buf;
}

static void pct_text(const struct row *r, char *buf, size_t len)
{
	if (r->has_pct)
		snprintf(buf, len, "%+.2f%%", r->pct);
	else
		snprintf(buf, len, "%s", r->delta > 0 ? "new" : "n/a");
}

static void json_side(struct jw *w, const char *key, const struct side *s)
{
	char t[64];
	if (!s->present) {
		jw_null(w, key);
		return;
	}
	jw_begin(w, key, false);
	jw_u64(w, "calls", s->calls);
	jw_money(w, "cost_usd", s->cost);
	jw_money(w, "usd_per_request", per_request(s));
	snprintf(t, sizeof t, "%.3f", s->input);
	jw_raw(w, "input_tokens_per_request", t);
	snprintf(t, sizeof t, "%.3f", s->output);
	jw_raw(w, "output_tokens_per_request", t);
	jw_end(w, false);
}

static void json_row(struct jw *w, const char *key, const struct row *r)
{
	char t[64];
	jw_begin(w, key, false);
	json_side(w, "base", &r->base);
	json_side(w, "head", &r->head);
	usd(r->delta, t, sizeof t);
	jw_raw(w, "delta_usd_per_request", t);
	if (r->has_pct) {
		snprintf(t, sizeof t, "%.4f", r->pct);
		jw_raw(w, "delta_pct", t);
	} else {
		jw_null(w, "delta_pct");
	}
	jw_bool(w, "over_limit", r->over_pct || r->over_usd);
	jw_end(w, false);
}

struct diff {
	const char *base_path, *head_path;
	struct row overall;
	struct row *routes, *models;
	size_t nroutes, nmodels;
	const char *by;
	struct limits lim;
	size_t nover;
};

static void diff_free(struct diff *d)
{
	for (size_t i = 0; i < d->nroutes; i++)
		free((char *)d->routes[i].name);
	for (size_t i = 0; i < d->nmodels; i++)
		free((char *)d->models[i].name);
	free(d->routes);
	free(d->models);
}

static void violations(FILE *fp, const struct diff *d, bool markdown)
{
	const struct row *rows = !d->by ? &d->overall : strcmp(d->by, "route") == 0 ? d->routes : d->models;
	size_t n = !d->by ? 1 : strcmp(d->by, "route") == 0 ? d->nroutes : d->nmodels;
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		if (!r->over_pct && !r->over_usd)
			continue;
		char a[48], b[48], p[32], lim[192] = "";
		pct_text(r, p, sizeof p);
		if (r->over_pct)
			snprintf(lim, sizeof lim, "--max-increase-pct %g", d->lim.pct);
		if (r->over_usd) {
			char u[48];
			usd(d->lim.usd, u, sizeof u);
			snprintf(lim + strlen(lim), sizeof lim - strlen(lim), "%s--max-increase-usd-per-request %s",
				 *lim ? " and " : "", u);
		}
		fprintf(fp, "%s%s%s%s: $%s -> $%s per request (%s), above %s\n",
			markdown ? "- :x: " : "over limit: ", d->by ? d->by : "overall", d->by ? " " : "",
			d->by ? r->name : "", usd(r->base_pr, a, sizeof a), usd(r->head_pr, b, sizeof b), p, lim);
	}
}

static void text_rows(FILE *fp, const char *title, const struct row *rows, size_t n, bool md)
{
	char a[48], b[48], c[48], p[32];
	if (md)
		fprintf(fp,
			"\n| %s | base calls | head calls | base $/request | head $/request | delta | delta %% | "
			"tokens/request (in/out) |\n"
			"| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
			title);
	else
		fprintf(fp, "\nby %s:\n  %-32s %10s %10s %16s %16s %16s %10s\n", title, title, "base", "head",
			"base $/req", "head $/req", "delta", "delta %");
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		pct_text(r, p, sizeof p);
		if (md)
			fprintf(fp, "| %s%s | %llu | %llu | %s | %s | %s | %s | %.0f/%.0f -> %.0f/%.0f |\n", r->name,
				r->over_pct || r->over_usd ? " :x:" : "", (unsigned long long)r->base.calls,
				(unsigned long long)r->head.calls, usd(r->base_pr, a, sizeof a),
				usd(r->head_pr, b, sizeof b), usd(r->delta, c, sizeof c), p, r->base.input,
				r->base.output, r->head.input, r->head.output);
		else
			fprintf(fp, "  %-32s %10llu %10llu %16s %16s %16s %10s\n", r->name,
				(unsigned long long)r->base.calls, (unsigned long long)r->head.calls,
				usd(r->base_pr, a, sizeof a), usd(r->head_pr, b, sizeof b), usd(r->delta, c, sizeof c),
				p);
	}
}

static void write_diff(FILE *fp, int format, const struct diff *d)
{
	char a[48], b[48], c[48], p[32];
	const struct row *o = &d->overall;
	if (format == FMT_JSON) {
		struct jw w;
		jw_init(&w, fp);
		jw_begin(&w, NULL, false);
		jw_u64(&w, "version", 1);
		jw_str(&w, "base", d->base_path);
		jw_str(&w, "head", d->head_path);
		json_row(&w, "overall", o);
		jw_begin(&w, "by_route", false);
		for (size_t i = 0; i < d->nroutes; i++)
			json_row(&w, d->routes[i].name, &d->routes[i]);
		jw_end(&w, false);
		jw_begin(&w, "by_model", false);
		for (size_t i = 0; i < d->nmodels; i++)
			json_row(&w, d->models[i].name, &d->models[i]);
		jw_end(&w, false);
		jw_begin(&w, "limits", false);
		if (d->by)
			jw_str(&w, "by", d->by);
		else
			jw_str(&w, "by", "overall");
		if (d->lim.has_pct) {
			snprintf(p, sizeof p, "%g", d->lim.pct);
			jw_raw(&w, "max_increase_pct", p);
		} else {
			jw_null(&w, "max_increase_pct");
		}
		if (d->lim.has_usd)
			jw_money(&w, "max_increase_usd_per_request", d->lim.usd);
		else
			jw_null(&w, "max_increase_usd_per_request");
		jw_u64(&w, "over", d->nover);
		jw_end(&w, false);
		jw_str(&w, "status", d->nover ? "over_limit" : "ok");
		jw_end(&w, false);
		return;
	}
	bool md = format == FMT_MARKDOWN;
	pct_text(o, p, sizeof p);
	if (md)
		fprintf(fp,
			"<!-- cost-check -->\n### cost-check diff: %s\n\nCost per request: **$%s -> $%s** (%s $%s, %s) "
			"over %llu -> %llu calls.\n",
			d->nover ? "over the limit" : "within limits", usd(o->base_pr, a, sizeof a),
			usd(o->head_pr, b, sizeof b), o->delta >= 0 ? "+" : "", usd(o->delta, c, sizeof c), p,
			(unsigned long long)o->base.calls, (unsigned long long)o->head.calls);
	else
		fprintf(fp,
			"cost per request: $%s -> $%s (%s$%s, %s); tokens per request %.1f/%.1f -> %.1f/%.1f "
			"(input/output)\n",
			usd(o->base_pr, a, sizeof a), usd(o->head_pr, b, sizeof b), o->delta >= 0 ? "+" : "",
			usd(o->delta, c, sizeof c), p, o->base.input, o->base.output, o->head.input, o->head.output);
	if (md && d->nover)
		fputc('\n', fp);
	violations(fp, d, md);
	text_rows(fp, "route", d->routes, d->nroutes, md);
	text_rows(fp, "model", d->models, d->nmodels, md);
}

static size_t count_over(const struct row *rows, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += rows[i].over_pct || rows[i].over_usd;
	return k;
}

int cmd_diff(int argc, char **argv)
{
	struct diff d;
	memset(&d, 0, sizeof d);
	int format = FMT_TEXT, key;
	char *end;
	while ((key = cli_next(argc, argv, diff_opts)) != -1) {
		switch (key) {
		case KEY_BY:
			if (strcmp(optarg, "route") && strcmp(optarg, "model"))
				cli_usage_error("--by '%s': expected route or model", optarg);
			d.by = optarg;
			break;
		case KEY_MAX_PCT:
			errno = 0;
			d.lim.pct = strtod(optarg, &end);
			if (errno || end == optarg || *end || !isfinite(d.lim.pct))
				cli_usage_error("--max-increase-pct '%s': expected a number of percent like 10",
						optarg);
			d.lim.has_pct = true;
			break;
		case KEY_MAX_USD:
			if (money_arg(optarg, &d.lim.usd) < 0)
				cli_usage_error(
					"--max-increase-usd-per-request '%s': expected an amount in USD like 0.002",
					optarg);
			d.lim.has_usd = true;
			break;
		case KEY_FORMAT:
			format = parse_format(optarg, 1u << FMT_TEXT | 1u << FMT_JSON | 1u << FMT_MARKDOWN);
			if (format < 0)
				cli_usage_error("--format '%s': expected text, json or markdown", optarg);
			break;
		}
	}
	if (argc - optind != 2)
		cli_usage_error("diff needs two reports: BASE.json HEAD.json");
	d.base_path = argv[optind];
	d.head_path = argv[optind + 1];
	json_t *b = load(d.base_path), *h = load(d.head_path);
	d.overall.name = "overall";
	d.overall.base = side_of(json_object_get(b, "totals"));
	d.overall.head = side_of(json_object_get(h, "totals"));
	bool by_route = d.by && !strcmp(d.by, "route"), by_model = d.by && !strcmp(d.by, "model");
	compute(&d.overall, &d.lim, !d.by);
	d.routes = group_rows(b, h, "by_route", &d.lim, by_route, &d.nroutes);
	d.models = group_rows(b, h, "by_model", &d.lim, by_model, &d.nmodels);
	d.nover = !d.by      ? count_over(&d.overall, 1)
		  : by_route ? count_over(d.routes, d.nroutes)
			     : count_over(d.models, d.nmodels);
	if (output && strcmp(output, "-") != 0) {
		struct atomic_file af;
		if (fs_mkdirs_for(output, 0777) < 0 || atomic_open(&af, output, 0644) < 0)
			die(EXIT_ENV, "%s: cannot write: %s", output, strerror(errno));
		write_diff(af.fp, format, &d);
		if (atomic_commit(&af) < 0)
			die(EXIT_ENV, "%s: cannot write: %s", output, strerror(errno));
	} else {
		write_diff(stdout, format, &d);
	}
	if (d.nover && (format != FMT_TEXT || output))
		violations(stderr, &d, false);
	diff_free(&d);
	json_decref(b);
	json_decref(h);
	return d.nover ? EXIT_FAIL : EXIT_OK;
}
