/* report_out: the report printed as JSON, text or Markdown. */
#include "report_out.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "color.h"
#include "gha.h"
#include "jw.h"
#include "timeutil.h"

int group_by_parse(const char *s)
{
	static const char *const names[] = {"day", "month", "model", "route", "feature"};
	size_t n;
	char **v = split_list(s, ",", &n);
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		int b = 0;
		for (size_t k = 0; k < sizeof names / sizeof *names; k++)
			if (strcmp(v[i], names[k]) == 0)
				b = 1 << k;
		if (!b) {
			bits = -1;
			break;
		}
		bits |= b;
	}
	strv_free(v);
	return n ? bits : -1;
}

const char *report_status(const struct report *r)
{
	return r->v.over ? "over_budget" : r->rejected_over ? "too_many_rejected" : "ok";
}

static int by_source(const void *a, const void *b)
{
	const struct source *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	return c ? c : (x->start > y->start) - (x->start < y->start);
}

void sources_sort(struct source *s, size_t n)
{
	if (n)
		qsort(s, n, sizeof *s, by_source);
}

/* An average with three decimals, exact for the sizes we see. */
static void avg_text(uint64_t sum, uint64_t n, char *buf, size_t len)
{
	if (!n) {
		snprintf(buf, len, "0");
		return;
	}
	pico_t m = ((pico_t)sum * 1000 + (pico_t)(n / 2)) / (pico_t)n;
	snprintf(buf, len, "%" PRIu64 ".%03u", (uint64_t)(m / 1000), (unsigned)(m % 1000));
}

static pico_t per_call(pico_t cost, uint64_t calls)
{
	return calls ? (cost + (pico_t)(calls / 2)) / (pico_t)calls : 0;
}

static void json_bucket(struct jw *w, const char *key, const struct bucket *b)
{
	char a[48];
	jw_begin(w, key, false);
	jw_u64(w, "calls", b->calls);
	jw_money(w, "cost_usd", b->cost);
	jw_exact(w, "cost_exact_usd", b->cost);
	jw_begin(w, "tokens", false);
	jw_u64(w, "input_total", b->tok.input_total);
	jw_u64(w, "input_uncached", b->tok.uncached);
	jw_u64(w, "cache_read", b->tok.cache_read);
	jw_u64(w, "cache_write", b->tok.cache_write);
	jw_u64(w, "output", b->tok.output);
	jw_u64(w, "reasoning", b->tok.reasoning);
	jw_end(w, false);
	jw_begin(w, "per_call", false);
	jw_money(w, "cost_usd", per_call(b->cost, b->calls));
	avg_text(b->tok.input_total, b->calls, a, sizeof a);
	jw_raw(w, "input_total", a);
	avg_text(b->tok.output, b->calls, a, sizeof a);
	jw_raw(w, "output", a);
	jw_end(w, false);
	jw_end(w, false);
}

static void json_map(struct jw *w, const char *key, const struct strmap *m)
{
	size_t n;
	struct strmap_slot **v = ledger_sorted(m, &n);
	jw_begin(w, key, false);
	for (size_t i = 0; i < n; i++)
		json_bucket(w, v[i]->key, v[i]->val);
	jw_end(w, false);
	free(v);
}

static void json_time(struct jw *w, const char *key, bool any, int64_t t)
{
	char buf[32];
	if (!any) {
		jw_null(w, key);
		return;
	}
	rfc3339_format(t, buf, sizeof buf);
	jw_str(w, key, buf);
}

void report_json(FILE *fp, const struct report *r)
{
	const struct ledger *l = r->l;
	struct jw w;
	jw_init(&w, fp);
	jw_begin(&w, NULL, false);
	jw_u64(&w, "version", 1);
	jw_str(&w, "currency", "USD");
	jw_begin(&w, "prices", false);
	jw_str(&w, "file", r->nprices ? r->prices[0].path : "");
	jw_str(&w, "sha256", r->nprices ? r->prices[0].sha256 : "");
	jw_u64(&w, "entries", r->entries);
	jw_begin(&w, "overrides", true);
	for (size_t i = 1; i < r->nprices; i++) {
		jw_begin(&w, NULL, false);
		jw_str(&w, "file", r->prices[i].path);
		jw_str(&w, "sha256", r->prices[i].sha256);
		jw_end(&w, false);
	}
	jw_end(&w, true);
	jw_end(&w, false);
	jw_json(&w, "options", r->options);
	if (r->shard_n) {
		char sh[32];
		snprintf(sh, sizeof sh, "%d/%d", r->shard_k, r->shard_n);
		jw_str(&w, "shard", sh);
	} else {
		jw_null(&w, "shard");
	}
	jw_begin(&w, "inputs", true);
	for (size_t i = 0; i < r->nsources; i++) {
		const struct source *s = &r->sources[i];
		jw_begin(&w, NULL, false);
		jw_str(&w, "path", s->path);
		jw_u64(&w, "size", s->size);
		jw_str(&w, "sha256", s->sha256);
		if (s->whole) {
			jw_null(&w, "range");
		} else {
			jw_begin(&w, "range", true);
			jw_u64(&w, NULL, (uint64_t)s->start);
			jw_u64(&w, NULL, (uint64_t)s->end);
			jw_end(&w, true);
		}
		if (s->shard_n) {
			char sh[32];
			snprintf(sh, sizeof sh, "%d/%d", s->shard_k, s->shard_n);
			jw_str(&w, "shard", sh);
		} else {
			jw_null(&w, "shard");
		}
		jw_end(&w, false);
	}
	jw_end(&w, true);
	jw_begin(&w, "period", false);
	json_time(&w, "from", l->accepted, l->tmin);
	json_time(&w, "to", l->accepted, l->tmax);
	jw_end(&w, false);
	jw_begin(&w, "lines", false);
	jw_u64(&w, "physical", l->physical);
	jw_u64(&w, "blank", l->blank);
	jw_u64(&w, "accepted", l->accepted);
	jw_u64(&w, "rejected", l->rejected);
	jw_u64(&w, "unpriced", l->unpriced);
	jw_u64(&w, "outside_period", l->outside_period);
	jw_u64(&w, "proxy_cache_hits", l->proxy_cache_hits);
	jw_u64(&w, "otlp_other_spans", l->other_spans);
	jw_begin(&w, "rejected_by_reason", false);
	for (int i = R_OK + 1; i < NREASONS; i++)
		jw_u64(&w, reason_names[i], l->by_reason[i]);
	jw_end(&w, false);
	jw_end(&w, false);
	json_bucket(&w, "totals", &l->total);
	json_map(&w, "by_day", &l->day);
	json_map(&w, "by_month", &l->month);
	json_map(&w, "by_model", &l->model);
	json_map(&w, "by_route", &l->route);
	json_map(&w, "by_feature", &l->feature);
	size_t n;
	struct strmap_slot **v = ledger_sorted(&l->unpriced_model, &n);
	jw_begin(&w, "unpriced_by_model", false);
	for (size_t i = 0; i < n; i++) {
		const struct bucket *b = v[i]->val;
		jw_begin(&w, v[i]->key, false);
		jw_u64(&w, "calls", b->calls);
		jw_begin(&w, "tokens", false);
		jw_u64(&w, "input_total", b->tok.input_total);
		jw_u64(&w, "output", b->tok.output);
		jw_end(&w, false);
		jw_end(&w, false);
	}
	jw_end(&w, false);
	free(v);
	jw_begin(&w, "forecast", false);
	if (r->f.any) {
		jw_str(&w, "month", r->f.month);
		jw_str(&w, "first_day_with_data", r->f.first_day);
		jw_str(&w, "last_day_with_data", r->f.last_day);
		jw_i64(&w, "days_elapsed", r->f.days_elapsed);
		jw_i64(&w, "days_in_month", r->f.days_in_month);
		jw_money(&w, "month_to_date_usd", r->f.month_to_date);
		jw_money(&w, "run_rate_usd", r->f.run_rate);
		jw_i64(&w, "window_days", r->f.window_days);
		jw_money(&w, "window_rate_usd", r->f.window_rate);
	} else {
		static const char *const keys[] = {"month",        "first_day_with_data", "last_day_with_data",
						   "days_elapsed", "days_in_month",       "month_to_date_usd",
						   "run_rate_usd", "window_days",         "window_rate_usd"};
		for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
			jw_null(&w, keys[i]);
	}
	jw_end(&w, false);
	jw_begin(&w, "thresholds", false);
	if (r->b->has_daily)
		jw_money(&w, "daily", r->b->daily);
	else
		jw_null(&w, "daily");
	if (r->b->has_monthly)
		jw_money(&w, "monthly", r->b->monthly);
	else
		jw_null(&w, "monthly");
	jw_begin(&w, "days_over", true);
	for (size_t i = 0; i < r->v.ndays_over; i++)
		jw_str(&w, NULL, r->v.days_over[i]->key);
	jw_end(&w, true);
	jw_begin(&w, "months_over", true);
	for (size_t i = 0; i < r->v.nmonths_over; i++)
		jw_str(&w, NULL, r->v.months_over[i]->key);
	jw_end(&w, true);
	jw_bool(&w, "forecast_over_monthly", r->v.forecast_over);
	if (r->max_rejected)
		jw_str(&w, "max_rejected", r->max_rejected);
	else
		jw_null(&w, "max_rejected");
	jw_bool(&w, "rejected_over", r->rejected_over);
	jw_end(&w, false);
	jw_begin(&w, "logged_cost", false);
	jw_u64(&w, "calls", l->logged_calls);
	jw_money(&w, "cost_usd", l->logged_cost);
	jw_exact(&w, "cost_exact_usd", l->logged_cost);
	jw_end(&w, false);
	jw_str(&w, "status", report_status(r));
	jw_end(&w, false);
}

static const char *money(pico_t v, char *buf, size_t len)
{
	usd_human(v, buf, len);
	return buf;
}

/* 1234567 -> "1,234,567", for the text tables. */
static const char *grouped(uint64_t v, char buf[32])
{
	char d[24];
	int n = snprintf(d, sizeof d, "%" PRIu64, v), o = 0;
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = d[i];
	}
	buf[o] = '\0';
	return buf;
}

/* "from 7 days of logs (2026-11-23 to 2026-11-29, $0.8429 a day)" */
static void window(const struct forecast *f, char *buf, size_t len)
{
	char m[48];
	if (f->window_days == 1)
		snprintf(buf, len, "from 1 day of logs (%s, $%s)", f->last_day, money(f->window_rate, m, sizeof m));
	else
		snprintf(buf, len, "from %d days of logs (%s to %s, $%s a day)", f->window_days, f->first_day,
			 f->last_day, money(f->window_rate, m, sizeof m));
}

static void heading(const struct report *r, char *buf, size_t len)
{
	char from[32] = "", to[32] = "", m[48];
	if (r->l->accepted) {
		utc_day(r->l->tmin, from);
		utc_day(r->l->tmax, to);
	}
	snprintf(buf, len, "%" PRIu64 " calls, $%s%s%s%s%s", r->l->total.calls, money(r->l->total.cost, m, sizeof m),
		 *from ? " from " : "", from, *from ? " to " : "", to);
}

static const struct {
	unsigned bit;
	const char *title;
	size_t off;
} groups[] = {
	{GB_DAY, "day", offsetof(struct ledger, day)},
	{GB_MONTH, "month", offsetof(struct ledger, month)},
	{GB_MODEL, "model", offsetof(struct ledger, model)},
	{GB_ROUTE, "route", offsetof(struct ledger, route)},
	{GB_FEATURE, "feature", offsetof(struct ledger, feature)},
};

static const struct strmap *group_map(const struct ledger *l, size_t i)
{
	return (const struct strmap *)((const char *)l + groups[i].off);
}

void report_text(FILE *fp, const struct report *r)
{
	const struct ledger *l = r->l;
	char h[256], m[48], m2[48];
	heading(r, h, sizeof h);
	fprintf(fp, "%s\n", h);
	fprintf(fp, "prices: %s (%zu entries, sha256 %.12s)\n", r->nprices ? r->prices[0].path : "", r->entries,
		r->nprices ? r->prices[0].sha256 : "");
	fprintf(fp,
		"lines: %" PRIu64 " physical, %" PRIu64 " blank, %" PRIu64 " accepted, %" PRIu64 " rejected, %" PRIu64
		" unpriced",
		l->physical, l->blank, l->accepted, l->rejected, l->unpriced);
	if (l->outside_period)
		fprintf(fp, ", %" PRIu64 " outside the period", l->outside_period);
	fputc('\n', fp);
	for (int i = R_OK + 1; i < NREASONS; i++)
		if (l->by_reason[i])
			fprintf(fp, "  rejected %s: %" PRIu64 "\n", reason_names[i], l->by_reason[i]);
	for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
		if (!(r->group_by & groups[g].bit))
			continue;
		size_t n;
		struct strmap_slot **v = ledger_sorted(group_map(l, g), &n);
		fprintf(fp, "\nby %s:\n  %-40s %11s %16s %15s %13s\n", groups[g].title, groups[g].title, "calls",
			"cost_usd", "input", "output");
		for (size_t i = 0; i < n; i++) {
			const struct bucket *b = v[i]->val;
			char c[32], in[32], out[32];
			fprintf(fp, "  %-40s %11s %16s %15s %13s\n", v[i]->key, grouped(b->calls, c),
				money(b->cost, m, sizeof m), grouped(b->tok.input_total, in),
				grouped(b->tok.output, out));
		}
		free(v);
	}
	size_t n;
	struct strmap_slot **v = ledger_sorted(&l->unpriced_model, &n);
	if (n)
		fprintf(fp, "\nunpriced (no price entry; add one with --prices or map the name with --alias):\n");
	for (size_t i = 0; i < n; i++) {
		const struct bucket *b = v[i]->val;
		char c[32], in[32], out[32];
		fprintf(fp, "  %-40s %11s calls %15s input %13s output\n", v[i]->key, grouped(b->calls, c),
			grouped(b->tok.input_total, in), grouped(b->tok.output, out));
	}
	free(v);
	if (r->f.any) {
		char w[160];
		window(&r->f, w, sizeof w);
		fprintf(fp, "\nforecast %s: $%s %s\n", r->f.month, money(r->f.run_rate, m, sizeof m), w);
	}
	if (r->b->has_daily || r->b->has_monthly) {
		fprintf(fp, "thresholds:");
		if (r->b->has_daily)
			fprintf(fp, " daily $%s (%zu day%s over)", money(r->b->daily, m, sizeof m), r->v.ndays_over,
				r->v.ndays_over == 1 ? "" : "s");
		if (r->b->has_monthly)
			fprintf(fp, "%s monthly $%s (%zu month%s over)", r->b->has_daily ? ";" : "",
				money(r->b->monthly, m2, sizeof m2), r->v.nmonths_over,
				r->v.nmonths_over == 1 ? "" : "s");
		fputc('\n', fp);
	}
	if (r->b->has_daily)
		for (size_t i = 0; i < r->v.ndays_over; i++)
			fprintf(fp, "%sover budget%s: %s cost $%s, above the daily threshold $%s\n",
				color_on(fp, COLOR_ERROR), color_off(fp), r->v.days_over[i]->key,
				money(((struct bucket *)r->v.days_over[i]->val)->cost, m, sizeof m),
				money(r->b->daily, m2, sizeof m2));
	if (r->b->has_monthly)
		for (size_t i = 0; i < r->v.nmonths_over; i++)
			fprintf(fp, "%sover budget%s: %s cost $%s, above the monthly threshold $%s\n",
				color_on(fp, COLOR_ERROR), color_off(fp), r->v.months_over[i]->key,
				money(((struct bucket *)r->v.months_over[i]->val)->cost, m, sizeof m),
				money(r->b->monthly, m2, sizeof m2));
	if (r->v.forecast_over)
		fprintf(fp, "%sforecast%s: $%s for the month is above the monthly threshold $%s\n",
			color_on(fp, COLOR_WARNING), color_off(fp), money(r->f.run_rate, m, sizeof m),
			money(r->b->monthly, m2, sizeof m2));
	if (r->rejected_over)
		fprintf(fp, "%srejected lines%s: %" PRIu64 ", above --max-rejected %s\n", color_on(fp, COLOR_ERROR),
			color_off(fp), l->rejected, r->max_rejected);
	fprintf(fp, "status: %s%s%s\n", color_on(fp, r->v.over || r->rejected_over ? COLOR_ERROR : COLOR_OK),
		report_status(r), color_off(fp));
}

void report_markdown(FILE *fp, const struct report *r)
{
	const struct ledger *l = r->l;
	char h[256], m[48], m2[48];
	heading(r, h, sizeof h);
	fprintf(fp, "<!-- cost-check -->\n### cost-check: %s\n\n",
		r->v.over          ? "over budget"
		: r->rejected_over ? "too many rejected lines"
				   : "within budget");
	fprintf(fp, "%s.\n\n", h);
	fprintf(fp,
		"Lines: %" PRIu64 " accepted, %" PRIu64 " rejected, %" PRIu64 " unpriced, %" PRIu64
		" blank. Prices: `%s` (%zu entries, sha256 `%.12s`).\n",
		l->accepted, l->rejected, l->unpriced, l->blank, r->nprices ? r->prices[0].path : "", r->entries,
		r->nprices ? r->prices[0].sha256 : "");
	if (r->f.any) {
		char w[160];
		window(&r->f, w, sizeof w);
		fprintf(fp, "\nForecast for %s: **$%s** %s.\n", r->f.month, money(r->f.run_rate, m, sizeof m), w);
	}
	for (size_t i = 0; i < r->v.ndays_over; i++)
		fprintf(fp, "\n- :warning: %s cost $%s, above the daily threshold $%s", r->v.days_over[i]->key,
			money(((struct bucket *)r->v.days_over[i]->val)->cost, m, sizeof m),
			money(r->b->daily, m2, sizeof m2));
	for (size_t i = 0; i < r->v.nmonths_over; i++)
		fprintf(fp, "\n- :warning: %s cost $%s, above the monthly threshold $%s", r->v.months_over[i]->key,
			money(((struct bucket *)r->v.months_over[i]->val)->cost, m, sizeof m),
			money(r->b->monthly, m2, sizeof m2));
	if (r->rejected_over)
		fprintf(fp, "\n- :warning: %" PRIu64 " log lines rejected, above --max-rejected %s", l->rejected,
			r->max_rejected);
	if (r->v.over || r->rejected_over)
		fputc('\n', fp);
	for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
		if (!(r->group_by & groups[g].bit))
			continue;
		size_t n;
		struct strmap_slot **v = ledger_sorted(group_map(l, g), &n);
		fprintf(fp,
			"\n| %s | calls | cost (USD) | input tokens | output tokens |\n| --- | ---: | ---: | ---: | "
			"---: |\n",
			groups[g].title);
		for (size_t i = 0; i < n; i++) {
			const struct bucket *b = v[i]->val;
			fputs("| ", fp);
			gha_md_cell(fp, v[i]->key);
			fprintf(fp, " | %" PRIu64 " | %s | %" PRIu64 " | %" PRIu64 " |\n", b->calls,
				money(b->cost, m, sizeof m), b->tok.input_total, b->tok.output);
		}
		free(v);
	}
	size_t n;
	struct strmap_slot **v = ledger_sorted(&l->unpriced_model, &n);
	if (n)
		fprintf(fp, "\n**Unpriced models** (not counted in the totals):\n\n| model | calls | input tokens | "
			    "output tokens |\n| --- | ---: | ---: | ---: |\n");
	for (size_t i = 0; i < n; i++) {
		const struct bucket *b = v[i]->val;
		fputs("| ", fp);
		gha_md_cell(fp, v[i]->key);
		fprintf(fp, " | %" PRIu64 " | %" PRIu64 " | %" PRIu64 " |\n", b->calls, b->tok.input_total,
			b->tok.output);
	}
	free(v);
}
