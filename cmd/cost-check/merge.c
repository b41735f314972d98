/* merge: `cost-check merge REPORT.json...` — the reports of the shards of
 * one run (a CI matrix, a Kubernetes Indexed Job) as one report.  Every
 * count and every bucket is the exact sum of the parts (money from each
 * bucket's cost_exact_usd, in pico-dollars), so the result is the report
 * one `report` over all of the logs would have written, but for the list
 * of inputs.  Parts priced differently, or that read the same log bytes
 * twice, are refused. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "color.h"
#include "commands.h"
#include "config.h"
#include "diag.h"
#include "fs.h"
#include "gha.h"
#include "gate.h"
#include "json.h"
#include "shape.h"
#include "vec.h"

/* A report is a few MiB at most (thousands of routes and days). */
#define REPORT_CAP ((size_t)64 << 20)

const struct cli_opt merge_opts[] = {
	GATE_OPTS("parts without a single call are a report, not an error (exit 3)"),
	OPT_HELP,
	OPT_VERSION,
	OPT_END,
};

struct part {
	const char *name;
	json_t *j;
};

static _Noreturn void bad(const struct part *p, const char *what)
{
	die(EXIT_INPUT, "%s: %s; merge reads the JSON that `cost-check report --format json` writes", p->name, what);
}

static const json_t *need(const struct part *p, const json_t *obj, const char *key, json_type t)
{
	const json_t *v = json_object_get(obj, key);
	if (!v || json_typeof(v) != t) {
		char what[128];
		snprintf(what, sizeof what, "no valid \"%s\"", key);
		bad(p, what);
	}
	return v;
}

static uint64_t count(const struct part *p, const json_t *obj, const char *key)
{
	const json_t *v = need(p, obj, key, JSON_INTEGER);
	if (json_integer_value(v) < 0)
		bad(p, "a negative count");
	return (uint64_t)json_integer_value(v);
}

static pico_t exact(const struct part *p, const json_t *obj)
{
	const char *s = json_string_value(need(p, obj, "cost_exact_usd", JSON_STRING));
	pico_t v;
	if (!usd_parse(s, &v))
		bad(p, "a cost_exact_usd that is not a decimal amount");
	return v;
}

static void add_bucket(const struct part *p, struct bucket *b, const json_t *j, bool full)
{
	const json_t *t = need(p, j, "tokens", JSON_OBJECT);
	b->calls += count(p, j, "calls");
	b->tok.input_total += count(p, t, "input_total");
	b->tok.output += count(p, t, "output");
	if (!full)
		return;
	b->cost += exact(p, j);
	b->tok.uncached += count(p, t, "input_uncached");
	b->tok.cache_read += count(p, t, "cache_read");
	b->tok.cache_write += count(p, t, "cache_write");
	b->tok.reasoning += count(p, t, "reasoning");
}

static void add_map(const struct part *p, struct strmap *m, const char *key, bool full)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)need(p, p->j, key, JSON_OBJECT), k, v) {
		if (!json_is_object(v))
			bad(p, "a bucket that is not an object");
		add_bucket(p, ledger_bucket(m, k, strlen(k)), v, full);
	}
}

static void add_time(const struct part *p, struct ledger *l, bool any)
{
	const json_t *per = need(p, p->j, "period", JSON_OBJECT);
	int64_t t[2];
	const char *keys[2] = {"from", "to"};
	for (int i = 0; i < 2; i++) {
		const char *s = json_string_value(json_object_get(per, keys[i]));
		if (!any)
			return;
		if (!s || parse_time_text(s, strlen(s), TC_ISO, &t[i]) != 0)
			bad(p, "a period without from and to times");
	}
	if (!l->accepted || t[0] < l->tmin)
		l->tmin = t[0];
	if (!l->accepted || t[1] > l->tmax)
		l->tmax = t[1];
}

static void add_part(const struct part *p, struct ledger *l)
{
	const json_t *ln = need(p, p->j, "lines", JSON_OBJECT);
	uint64_t accepted = count(p, ln, "accepted");
	add_time(p, l, accepted > 0);
	l->physical += count(p, ln, "physical");
	l->blank += count(p, ln, "blank");
	l->accepted += accepted;
	l->rejected += count(p, ln, "rejected");
	l->unpriced += count(p, ln, "unpriced");
	l->outside_period += count(p, ln, "outside_period");
	l->proxy_cache_hits += count(p, ln, "proxy_cache_hits");
	l->other_spans += count(p, ln, "otlp_other_spans");
	const json_t *rr = need(p, ln, "rejected_by_reason", JSON_OBJECT);
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)rr, k, v) {
		int found = 0;
		for (int i = R_OK + 1; i < NREASONS; i++)
			if (strcmp(reason_names[i], k) == 0) {
				l->by_reason[i] += count(p, rr, k);
				found = 1;
			}
		if (!found) {
			char what[160];
			snprintf(what, sizeof what,
				 "rejection reason '%.60s' is not one this cost-check knows; merge "
				 "with the version that wrote the parts",
				 k);
			bad(p, what);
		}
	}
	add_bucket(p, &l->total, need(p, p->j, "totals", JSON_OBJECT), true);
	add_map(p, &l->day, "by_day", true);
	add_map(p, &l->month, "by_month", true);
	add_map(p, &l->model, "by_model", true);
	add_map(p, &l->route, "by_route", true);
	add_map(p, &l->feature, "by_feature", true);
	add_map(p, &l->unpriced_model, "unpriced_by_model", false);
	const json_t *lc = need(p, p->j, "logged_cost", JSON_OBJECT);
	l->logged_calls += count(p, lc, "calls");
	l->logged_cost += exact(p, lc);
}

/* The price table's files, as "sha256 sha256 ..." (paths may differ
 * between runners; the bytes may not). */
static char *table_of(const struct part *p)
{
	const json_t *pr = need(p, p->j, "prices", JSON_OBJECT);
	char *s = xstrdup(json_string_value(need(p, pr, "sha256", JSON_STRING)));
	const json_t *ov = need(p, pr, "overrides", JSON_ARRAY);
	for (size_t i = 0; i < json_array_size(ov); i++) {
		const char *h = json_string_value(json_object_get(json_array_get(ov, i), "sha256"));
		char *n = xasprintf("%s %s", s, h ? h : "?");
		free(s);
		s = n;
	}
	return s;
}

/* Parts that cannot be added up: refused with the reason (exit 3). */
static void compatible(const struct part *a, const struct part *b)
{
	json_int_t va = json_integer_value(need(a, a->j, "version", JSON_INTEGER));
	json_int_t vb = json_integer_value(need(b, b->j, "version", JSON_INTEGER));
	if (va != 1 || vb != 1)
		die(EXIT_INPUT,
		    "%s: report schema version %" JSON_INTEGER_FORMAT ", %s: version %" JSON_INTEGER_FORMAT
		    "; merge reads version 1 (re-run both with this cost-check)",
		    a->name, va, b->name, vb);
	const char *ca = json_string_value(need(a, a->j, "currency", JSON_STRING));
	const char *cb = json_string_value(need(b, b->j, "currency", JSON_STRING));
	if (strcmp(ca, cb) != 0)
		die(EXIT_INPUT, "%s is in %s, %s in %s: amounts in two currencies do not add up", a->name, ca, b->name,
		    cb);
	char *ta = table_of(a), *tb = table_of(b);
	if (strcmp(ta, tb) != 0)
		die(EXIT_INPUT,
		    "%s and %s were priced with different price tables (sha256 %.12s and %.12s); run every "
		    "shard with the same --prices file",
		    a->name, b->name, ta, tb);
	free(ta);
	free(tb);
	const json_t *oa = need(a, a->j, "options", JSON_OBJECT), *ob = need(b, b->j, "options", JSON_OBJECT);
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)oa, k, v) {
		const json_t *w = json_object_get(ob, k);
		if (!w || !json_equal(v, (json_t *)w)) {
			char *x = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY),
			     *y = w ? json_dumps(w, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
			die(EXIT_INPUT,
			    "%s and %s were priced with different options: %s is %.200s in one and %.200s in the "
			    "other; run every shard with the same pricing options",
			    a->name, b->name, k, x, y ? y : "absent");
		}
	}
	if (json_object_size(oa) != json_object_size(ob))
		die(EXIT_INPUT, "%s and %s record different pricing options; run every shard with the same cost-check",
		    a->name, b->name);
}

struct in {
	const struct part *p;
	struct source s;
};

static void read_inputs(const struct part *p, struct in **v, size_t *n, size_t *cap)
{
	const json_t *arr = json_object_get(p->j, "inputs");
	if (!json_is_array(arr))
		bad(p, "no \"inputs\" (written by an older cost-check?); re-run report to record what it read");
	for (size_t i = 0; i < json_array_size(arr); i++) {
		const json_t *e = json_array_get(arr, i);
		VEC_RESERVE(*v, *cap, *n + 1);
		struct in *x = &(*v)[(*n)++];
		memset(x, 0, sizeof *x);
		x->p = p;
		const char *sha = json_string_value(need(p, e, "sha256", JSON_STRING));
		if (strlen(sha) != 64)
			bad(p, "an input whose sha256 is not 64 hex digits");
		x->s.path = xstrdup(json_string_value(need(p, e, "path", JSON_STRING)));
		x->s.size = count(p, e, "size");
		memcpy(x->s.sha256, sha, 65);
		const json_t *r = json_object_get(e, "range"), *sh = json_object_get(e, "shard");
		x->s.whole = !json_is_array(r);
		x->s.start = x->s.whole ? 0 : json_integer_value(json_array_get(r, 0));
		x->s.end = x->s.whole ? (int64_t)x->s.size : json_integer_value(json_array_get(r, 1));
		if (x->s.start < 0 || x->s.end < x->s.start)
			bad(p, "an input with a bad byte range");
		if (json_is_string(sh))
			sscanf(json_string_value(sh), "%d/%d", &x->s.shard_k, &x->s.shard_n);
	}
}

static int by_file(const void *x, const void *y)
{
	const struct source *a = &((const struct in *)x)->s, *b = &((const struct in *)y)->s;
	int c = strcmp(a->path, b->path);
	if (c)
		return c;
	if (a->size != b->size)
		return a->size < b->size ? -1 : 1;
	return (a->start > b->start) - (a->start < b->start);
}

static int by_bytes(const void *x, const void *y)
{
	const struct source *a = &((const struct in *)x)->s, *b = &((const struct in *)y)->s;
	if (a->whole != b->whole)
		return a->whole ? -1 : 1;
	if (a->size != b->size)
		return a->size < b->size ? -1 : 1;
	return strcmp(a->sha256, b->sha256);
}

static _Noreturn void overlap(const struct in *x, const struct in *y, bool same_file)
{
	const struct source *a = &x->s, *b = &y->s;
	die(EXIT_INPUT,
	    "%s and %s both count %s%s%s (bytes %" PRId64 "-%" PRId64 " and %" PRId64 "-%" PRId64 "): the "
	    "parts overlap; merge each log's lines once",
	    x->p->name, y->p->name, a->path, same_file ? "" : " and ", same_file ? "" : b->path, a->start, a->end,
	    b->start, b->end);
}

/* The same bytes in two parts: the same file (path and size) with ranges
 * that meet, or the same whole file under another name.  Sorted, so that
 * a fleet's thousands of logs are checked in n log n. */
static void no_overlap(struct in *v, size_t n)
{
	if (!v || n < 2)
		return;
	qsort(v, n, sizeof *v, by_file);
	for (size_t i = 1; i < n; i++) {
		const struct source *a = &v[i - 1].s, *b = &v[i].s;
		if (strcmp(a->path, b->path) != 0)
			continue;
		if (a->shard_n && b->shard_n && a->size != b->size)
			die(EXIT_INPUT,
			    "%s changed between the shards (%" PRIu64 " bytes in %s, %" PRIu64 " in %s): its "
			    "slices may miss or repeat lines; shard logs that are no longer written to",
			    a->path, a->size, v[i - 1].p->name, b->size, v[i].p->name);
		/* Two stdins are two streams: only their bytes can match. */
		if (strcmp(a->path, "-") != 0 && a->size == b->size && b->start < a->end)
			overlap(&v[i - 1], &v[i], true);
	}
	qsort(v, n, sizeof *v, by_bytes);
	for (size_t i = 1; i < n && v[i].s.whole; i++)
		if (v[i].s.size && v[i].s.size == v[i - 1].s.size && strcmp(v[i].s.sha256, v[i - 1].s.sha256) == 0)
			overlap(&v[i - 1], &v[i], false);
}

/* Every shard of a sharded run: a missing one would pass the gate on
 * part of the spend. */
static void shards_complete(const struct part *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = json_string_value(json_object_get(p[i].j, "shard"));
		int k, of;
		if (!s || sscanf(s, "%d/%d", &k, &of) != 2)
			continue;
		for (int want = 1; want <= of; want++) {
			int seen = 0;
			for (size_t j = 0; j < n; j++) {
				const char *t = json_string_value(json_object_get(p[j].j, "shard"));
				int k2, of2;
				if (t && sscanf(t, "%d/%d", &k2, &of2) == 2 && of2 == of && k2 == want)
					seen++;
			}
			if (seen == 0)
				die(EXIT_INPUT,
				    "shard %d/%d is missing (%s is shard %s): merge the reports of all %d shards", want,
				    of, p[i].name, s, of);
			if (seen > 1)
				die(EXIT_INPUT, "shard %d/%d is given %d times: merge each shard's report once", want,
				    of, seen);
		}
	}
}

int cmd_merge(int argc, char **argv)
{
	while (cli_next(argc, argv, merge_opts) != -1)
		gate_color(optarg); /* the one row that does not bind */
	struct gate g;
	gate_setup(&g);
	msg_annotate(gha_enabled(g.no_github), NULL);
	if (optind >= argc)
		cli_usage_error("merge needs the JSON reports to add up (REPORT.json..., '-' for stdin)");
	size_t np = (size_t)(argc - optind);
	struct part *p = xcalloc(np, sizeof *p);
	char err[1024];
	for (size_t i = 0; i < np; i++) {
		char *buf;
		size_t len;
		p[i].name = strcmp(argv[optind + i], "-") == 0 ? "<stdin>" : argv[optind + i];
		if (fs_read_all(argv[optind + i], REPORT_CAP, &buf, &len, err, sizeof err) < 0)
			die(EXIT_INPUT, "%s", err);
		p[i].j = json_parse_buf(buf, len, p[i].name, err, sizeof err);
		free(buf);
		if (!p[i].j)
			die(EXIT_INPUT, "%s", err);
		if (!json_is_object(p[i].j) || !json_is_object(json_object_get(p[i].j, "totals")))
			bad(&p[i], "not a cost-check JSON report (no \"totals\")");
		if (i)
			compatible(&p[0], &p[i]);
	}
	struct in *ins = NULL;
	size_t nin = 0, cap = 0;
	for (size_t i = 0; i < np; i++)
		read_inputs(&p[i], &ins, &nin, &cap);
	no_overlap(ins, nin);
	shards_complete(p, np);
	struct ledger l;
	ledger_init(&l);
	for (size_t i = 0; i < np; i++)
		add_part(&p[i], &l);
	struct source *src = xcalloc(nin + 1, sizeof *src);
	for (size_t i = 0; i < nin; i++)
		src[i] = ins[i].s;
	free(ins);
	sources_sort(src, nin);
	/* The table as the first part names it (the bytes are the same). */
	const json_t *pr = json_object_get(p[0].j, "prices"), *ov = json_object_get(pr, "overrides");
	size_t nprices = 1 + json_array_size(ov);
	struct price_file *pf = xcalloc(nprices, sizeof *pf);
	for (size_t i = 0; i < nprices; i++) {
		const json_t *e = i ? json_array_get(ov, i - 1) : pr;
		pf[i].path = xstrdup(json_get_str(e, "file", ""));
		snprintf(pf[i].sha256, sizeof pf[i].sha256, "%s", json_get_str(e, "sha256", ""));
	}
	struct report r = {.l = &l,
			   .prices = pf,
			   .nprices = nprices,
			   .entries = (size_t)json_get_int(pr, "entries", 0),
			   .options = json_object_get(p[0].j, "options"),
			   .sources = src,
			   .nsources = nin,
			   .group_by = g.group_by};
	int rc = gate_finish(&g, &r);
	for (size_t i = 0; i < nprices; i++)
		free(pf[i].path);
	free(pf);
	for (size_t i = 0; i < nin; i++)
		free(src[i].path);
	free(src);
	ledger_free(&l);
	for (size_t i = 0; i < np; i++)
		json_decref(p[i].j);
	free(p);
	return rc;
}
