/* cost-check diff on any two JSON documents (the input split at its first
 * NUL byte: BASE, then HEAD): what `diff` accepts as reports is compared
 * and rendered in every format without crashing, with every limit.  The
 * parser's steps are static in diff.c, so the target compiles it in (its
 * two global names renamed, as the tool's diff.o is linked too). */
#define cmd_diff cmd_diff_of_the_tool
#define diff_opts diff_opts_of_the_tool
#include "../../../cmd/cost-check/diff.c"
#undef cmd_diff
#undef diff_opts

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static json_t *report(const char *s, size_t n)
{
	json_t *j = json_loadb(s, n, 0, NULL);
	if (!json_is_object(j) || !json_is_object(json_object_get(j, "totals"))) {
		json_decref(j);
		return NULL;
	}
	return j;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *nul = memchr(s, '\0', size);
	size_t bn = nul ? (size_t)(nul - s) : size;
	json_t *b = report(s, bn);
	json_t *h = nul ? report(nul + 1, size - bn - 1) : json_incref(b);
	if (!b || !h) {
		json_decref(b);
		json_decref(h);
		return 0;
	}
	static FILE *sink;
	if (!sink)
		sink = fopen("/dev/null", "w");
	const char *bys[] = {NULL, "route", "model"};
	for (int k = 0; k < 3; k++) {
		struct diff d;
		memset(&d, 0, sizeof d);
		d.by = bys[k];
		d.base_path = "base.json";
		d.head_path = "head.json";
		d.lim.has_pct = d.lim.has_usd = true;
		d.lim.pct = 10;
		d.lim.usd = 1000000;
		d.overall.name = "overall";
		d.overall.base = side_of(json_object_get(b, "totals"));
		d.overall.head = side_of(json_object_get(h, "totals"));
		bool by_route = k == 1, by_model = k == 2;
		compute(&d.overall, &d.lim, !d.by);
		d.routes = group_rows(b, h, "by_route", &d.lim, by_route, &d.nroutes);
		d.models = group_rows(b, h, "by_model", &d.lim, by_model, &d.nmodels);
		d.nover = !d.by      ? count_over(&d.overall, 1)
			  : by_route ? count_over(d.routes, d.nroutes)
				     : count_over(d.models, d.nmodels);
		write_diff(sink, FMT_TEXT + k % 2, &d);
		write_diff(sink, FMT_MARKDOWN, &d);
		violations(sink, &d, k == 2);
		diff_free(&d);
	}
	json_decref(b);
	json_decref(h);
	return 0;
}
