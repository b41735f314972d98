/* gate: the gate options, the verdict, the report written, and the exit status. */
#include "gate.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "color.h"
#include "config.h"
#include "diag.h"
#include "fs.h"
#include "gha.h"

struct gate_args gate_args;

/* Is s a --max-rejected value (a count N or a percentage P%)? */
static bool max_rejected_valid(const char *s)
{
	size_t n = strlen(s);
	pico_t v;
	char *num = xstrndup(s, n && s[n - 1] == '%' ? n - 1 : n);
	bool ok = usd_parse(num, &v) && (s[n - 1] == '%' ? v <= 100 * PICO_PER_USD : v % PICO_PER_USD == 0);
	free(num);
	return ok;
}

void gate_color(const char *arg)
{
	gate_args.color = color_parse_mode(arg);
	if (gate_args.color < 0)
		cli_usage_error("--color '%s': expected auto, always or never", arg);
}

static void threshold(const char *opt, const char *v, pico_t *out, bool *has)
{
	if (!v)
		return;
	if (money_arg(v, out) < 0)
		cli_usage_error("%s '%s': expected an amount in USD like 500 or 12.5", opt, v);
	*has = true;
}

void gate_setup(struct gate *g)
{
	const struct gate_args *a = &gate_args;
	memset(g, 0, sizeof *g);
	g->output = a->output;
	if (a->format) {
		g->format = parse_format(a->format, 1u << FMT_TEXT | 1u << FMT_JSON | 1u << FMT_MARKDOWN);
		if (g->format < 0)
			cli_usage_error("--format '%s': expected text, json or markdown", a->format);
	} else {
		/* -o report.json means JSON unless told otherwise. */
		size_t ol = g->output ? strlen(g->output) : 0;
		g->format = ol > 5 && strcmp(g->output + ol - 5, ".json") == 0 ? FMT_JSON
			    : ol > 3 && strcmp(g->output + ol - 3, ".md") == 0 ? FMT_MARKDOWN
									       : FMT_TEXT;
	}
	g->group_by = GB_DAY | GB_MODEL;
	if (a->group_by) {
		int b = group_by_parse(a->group_by);
		if (b < 0)
			cli_usage_error("--group-by '%s': expected a list of day, month, model, route, feature",
					a->group_by);
		g->group_by = (unsigned)b;
	}
	threshold("--threshold-daily", a->daily, &g->b.daily, &g->b.has_daily);
	threshold("--threshold-monthly", a->monthly, &g->b.monthly, &g->b.has_monthly);
	if (a->max_rejected && !max_rejected_valid(a->max_rejected))
		cli_usage_error("--max-rejected '%s': expected a number of lines like 10, or a percentage like 0.5%%",
				a->max_rejected);
	g->max_rejected = a->max_rejected;
	g->fail_exceed = a->fail_exceed;
	g->fail_unpriced = a->fail_unpriced;
	g->allow_empty = a->allow_empty;
	g->no_github = a->no_github;
	g->color = a->color;
}

/* More rejected lines than --max-rejected allows: a count, or a share of
 * the lines that were not blank. */
static bool rejected_over(const char *limit, const struct ledger *l)
{
	size_t n = strlen(limit);
	pico_t v;
	char *num = xstrndup(limit, limit[n - 1] == '%' ? n - 1 : n);
	usd_parse(num, &v);
	free(num);
	if (limit[n - 1] != '%')
		return (pico_t)l->rejected * PICO_PER_USD > v;
	return (pico_t)l->rejected * 100 * PICO_PER_USD > v * (pico_t)(l->physical - l->blank);
}

/* "no LLM calls found in N lines; ..." and exit 3. */
static _Noreturn void empty(const struct ledger *l)
{
	char why[512] = "";
	if (l->nsamples) {
		const struct sample *s = &l->samples[0];
		snprintf(why, sizeof why, "; first rejection: %s:%" PRIu64 ": %s: %s", s->file, s->line,
			 reason_names[s->reason], s->what);
	} else if (l->rejected) {
		size_t o = (size_t)snprintf(why, sizeof why, "; rejected:");
		for (int i = R_OK + 1; i < NREASONS && o < sizeof why; i++)
			if (l->by_reason[i])
				o += (size_t)snprintf(why + o, sizeof why - o, " %s %" PRIu64, reason_names[i],
						      l->by_reason[i]);
	} else if (l->physical == l->blank) {
		snprintf(why, sizeof why, "; the logs are empty");
	}
	die(EXIT_INPUT,
	    "no LLM calls found in %" PRIu64 " lines%s; no report written (pass --allow-empty when "
	    "logs without calls are expected)",
	    l->physical, why);
}

static void write_report(FILE *fp, int format, const struct report *r)
{
	if (format == FMT_JSON)
		report_json(fp, r);
	else if (format == FMT_MARKDOWN)
		report_markdown(fp, r);
	else
		report_text(fp, r);
}

static void github(const struct gate *g, const struct report *r)
{
	/* Annotations go to stdout, where the runner reads workflow commands,
	 * unless stdout carries the JSON or Markdown report itself: then to
	 * stderr, which the runner reads as well. */
	bool to_stdout = !g->output || strcmp(g->output, "-") == 0;
	FILE *ann = to_stdout && g->format != FMT_TEXT ? stderr : stdout;
	char m[48];
	usd_format(r->l->total.cost, m, sizeof m);
	/* A later step that reads an output nobody wrote sees "": say so. */
	int bad = gha_set_output("total_usd", m);
	bad |= gha_set_output("status", report_status(r));
	if (g->output)
		bad |= gha_set_output("report", g->output);
	if (bad)
		msg_warn("cannot write the step outputs to $GITHUB_OUTPUT (%s)", getenv("GITHUB_OUTPUT"));
	char *md = NULL;
	size_t len = 0;
	FILE *mf = open_memstream(&md, &len);
	if (mf) {
		report_markdown(mf, r);
		fclose(mf);
		if (gha_summary(md) != 0)
			msg_warn("cannot append to $GITHUB_STEP_SUMMARY (%s)", getenv("GITHUB_STEP_SUMMARY"));
		free(md);
	}
	char t[48];
	for (size_t i = 0; i < r->v.ndays_over; i++) {
		usd_human(((struct bucket *)r->v.days_over[i]->val)->cost, m, sizeof m);
		usd_human(r->b->daily, t, sizeof t);
		fprintf(ann, "::%s title=cost-check::%s cost $%s, above the daily threshold $%s\n",
			g->fail_exceed ? "error" : "warning", r->v.days_over[i]->key, m, t);
	}
	for (size_t i = 0; i < r->v.nmonths_over; i++) {
		usd_human(((struct bucket *)r->v.months_over[i]->val)->cost, m, sizeof m);
		usd_human(r->b->monthly, t, sizeof t);
		fprintf(ann, "::%s title=cost-check::%s cost $%s, above the monthly threshold $%s\n",
			g->fail_exceed ? "error" : "warning", r->v.months_over[i]->key, m, t);
	}
	/* Above --max-rejected it is the run's error, which msg_error says. */
	if (r->l->rejected && !r->rejected_over)
		fprintf(ann,
			"::warning title=cost-check::%" PRIu64
			" log lines rejected (see the report's lines.rejected_by_reason)\n",
			r->l->rejected);
}

/* Unpriced spend is a finding too: a budget gate must not pass on it
 * unseen.  A warning for each model, an error with --fail-on-unpriced;
 * where it was first seen when the logs were read here. */
static void unpriced(const struct gate *g, const struct ledger *l)
{
	size_t n;
	struct strmap_slot **v = ledger_sorted(&l->unpriced_model, &n);
	for (size_t i = 0; i < n; i++) {
		struct strmap_slot *fs = strmap_find(&l->unpriced_first, v[i]->key, v[i]->klen);
		const struct first_seen *f = fs ? fs->val : NULL;
		char where[256] = "";
		if (f)
			snprintf(where, sizeof where, " (first at %s:%" PRIu64 "%s%s)", f->file, f->line,
				 *f->request_id ? ", request " : "", f->request_id);
		char *m = xasprintf("model '%s' has no price entry: %" PRIu64 " calls not counted in the totals%s; "
				    "add it with --prices or map it with --alias NAME=PRICEKEY",
				    v[i]->key, ((struct bucket *)v[i]->val)->calls, where);
		if (g->fail_unpriced)
			msg_error("%s", m);
		else
			msg_warn("%s", m);
		free(m);
	}
	free(v);
}

int gate_finish(const struct gate *g, struct report *r)
{
	const struct ledger *l = r->l;
	unpriced(g, l);
	if (!g->allow_empty && !g->shard && !l->accepted && !l->outside_period)
		empty(l);
	r->b = &g->b;
	r->max_rejected = g->max_rejected;
	forecast_of(l, &r->f);
	verdict_of(l, &g->b, &r->f, &r->v);
	r->rejected_over = g->max_rejected && rejected_over(g->max_rejected, l);
	if (g->output && strcmp(g->output, "-") != 0) {
		struct atomic_file af;
		if (fs_mkdirs_for(g->output, 0777) < 0 || atomic_open(&af, g->output, 0666 & ~0022) < 0)
			die(EXIT_ENV, "%s: cannot write the report: %s", g->output, strerror(errno));
		write_report(af.fp, g->format, r);
		if (atomic_commit(&af) < 0)
			die(EXIT_ENV, "%s: cannot write the report: %s", g->output, strerror(errno));
		/* The log of a CI step still says what the report holds. */
		char m[48];
		usd_human(l->total.cost, m, sizeof m);
		fprintf(stderr, "%s: %" PRIu64 " calls, $%s, status %s; report written to %s\n", cli_prog(),
			l->total.calls, m, report_status(r), g->output);
	} else {
		/* Colour for a person: the text report on a terminal only. */
		if (g->format == FMT_TEXT)
			color_init((enum color_mode)g->color, 1);
		write_report(stdout, g->format, r);
	}
	if (gha_enabled(g->no_github))
		github(g, r);
	int rc = EXIT_OK;
	if (r->v.over && g->fail_exceed) {
		msg_error("over budget: %zu day(s) above the daily threshold, %zu month(s) above the monthly threshold",
			  r->v.ndays_over, r->v.nmonths_over);
		rc = EXIT_FAIL;
	}
	if (l->unpriced && g->fail_unpriced) {
		msg_error("%" PRIu64 " calls have no price (--fail-on-unpriced)", l->unpriced);
		rc = EXIT_FAIL;
	}
	if (r->rejected_over) {
		msg_error("%" PRIu64 " of %" PRIu64 " log lines rejected, above --max-rejected %s", l->rejected,
			  l->physical - l->blank, g->max_rejected);
		rc = EXIT_FAIL;
	}
	verdict_free(&r->v);
	return rc;
}
