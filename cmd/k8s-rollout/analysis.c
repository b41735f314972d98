/* analysis: HTTP, Prometheus and deployment gates. */
#include "analysis.h"
#include "cli.h"
#include "http.h"
#include "json.h"
#include "progress.h"
#include "status.h"
#include "timeutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MEASURE_TIMEOUT_MS 10000

bool measure_http_verdict(const struct gate *g, long status, const char *body, size_t len, int64_t ms, char *what,
			  size_t whatlen)
{
	int n = snprintf(what, whatlen, "HTTP %ld in %lldms from %s", status, (long long)ms, g->http_url);
	if (!expect_status_ok(g->expect, status))
		return false;
	if (g->max_latency_ms && ms > g->max_latency_ms) {
		snprintf(what + n, whatlen - (size_t)n, " (over max-latency %lldms)", (long long)g->max_latency_ms);
		return false;
	}
	struct answer a = {status, body, len, false, ""};
	char why[256];
	if (expect_check(g->expect, &a, why, sizeof why) == EXPECT_PASS)
		return true;
	snprintf(what + n, whatlen - (size_t)n, " (%s)", why);
	return false;
}

bool measure_prom_verdict(const struct gate *g, const char *body, size_t len, char *what, size_t whatlen)
{
	char e[128];
	json_t *doc = json_parse_buf(body, len, "prometheus", e, sizeof e);
	json_t *data = json_object_get(doc, "data");
	const char *type = json_get_str(data, "resultType", "");
	json_t *value = NULL;
	if (!strcmp(type, "vector")) {
		json_t *res = json_object_get(data, "result");
		if (json_array_size(res) != 1) {
			snprintf(what, whatlen, "query %s gave %zu series (want 1)", g->prom_query,
				 json_array_size(res));
			json_decref(doc);
			return false;
		}
		value = json_object_get(json_array_get(res, 0), "value");
	} else if (!strcmp(type, "scalar")) {
		value = json_object_get(data, "result");
	}
	const char *text = json_string_value(json_array_get(value, 1));
	char *end = NULL;
	double v = text ? strtod(text, &end) : NAN;
	if (!text || *end || isnan(v)) {
		snprintf(what, whatlen, "query %s: %s", g->prom_query,
			 doc ? json_get_str(doc, "error", "no numeric result") : "the answer is not JSON");
		json_decref(doc);
		return false;
	}
	json_decref(doc);
	bool ok = (!g->has_max || v <= g->max) && (!g->has_min || v >= g->min);
	int n = snprintf(what, whatlen, "query %s = %g", g->prom_query, v);
	if (!ok && g->has_max && v > g->max)
		snprintf(what + n, whatlen - (size_t)n, " (above max %g)", g->max);
	else if (!ok)
		snprintf(what + n, whatlen - (size_t)n, " (below min %g)", g->min);
	return ok;
}

static bool measure(struct app *a, const struct gate *g, char *what, size_t whatlen)
{
	if (g->deployment) {
		json_t *dep;
		if (get_deployment(a, g->deployment, &dep) != 0) {
			snprintf(what, whatlen, "deployment %s could not be read", g->deployment);
			return false;
		}
		struct rollout_state st;
		rollout_evaluate(dep, 0, &st);
		json_decref(dep);
		bool ok = st.verdict == RV_DONE && (st.spec_replicas < 0 || st.ready >= st.spec_replicas);
		snprintf(what, whatlen, "deployment %s: %s; %lld of %lld pods ready", g->deployment, st.message,
			 st.ready, st.spec_replicas < 0 ? st.replicas : st.spec_replicas);
		return ok;
	}
	struct http_req req = {0};
	char *url = NULL;
	if (g->prom_url) {
		char *q = url_escape(g->prom_query);
		size_t n = strlen(g->prom_url);
		url = xasprintf("%.*s/api/v1/query?query=%s", (int)(n && g->prom_url[n - 1] == '/' ? n - 1 : n),
				g->prom_url, q);
		free(q);
	}
	req.url = url ? url : g->http_url;
	req.timeout_ms = MEASURE_TIMEOUT_MS;
	req.verbose = a->kc.verbose;
	req.user_agent = "k8s-rollout/" AGENTCI_VERSION;
	req.max_body = 1u << 20;
	struct http_resp r;
	int64_t t0 = mono_ms();
	int rc = http_do(&req, &r);
	int64_t ms = mono_ms() - t0;
	bool ok;
	if (rc != 0) {
		snprintf(what, whatlen, "%s: %s", req.url, r.error);
		ok = false;
	} else if (g->prom_url) {
		ok = r.status == 200 && measure_prom_verdict(g, r.body, r.len, what, whatlen);
		if (r.status != 200)
			snprintf(what, whatlen, "HTTP %ld from %s", r.status, req.url);
	} else {
		ok = measure_http_verdict(g, r.status, r.body, r.len, ms, what, whatlen);
	}
	http_resp_free(&r);
	free(url);
	return ok;
}

/* A gate under way, for the status line. */
struct run {
	const struct gate *g;
	long taken, failures;
	int64_t end; /* when the last measurement is due (monotonic ms) */
};

/* "3 of 10 measurements, 1 failed (1 allowed); 3m30s left" */
static void gate_line(void *ud, char *buf, size_t len)
{
	const struct run *r = ud;
	char left[32];
	format_seconds(r->end - mono_ms(), left, sizeof left);
	snprintf(buf, len, "analysis: %ld of %ld measurements, %ld failed (%ld allowed); %s left", r->taken,
		 r->g->count, r->failures, r->g->failure_limit, left);
}

int gate_run(struct app *a, const struct gate *g, char *last, size_t lastlen)
{
	struct run r = {g, 0, 0, mono_ms() + (g->count - 1) * g->interval_ms};
	int rc = EXIT_OK;
	progress_begin(gate_line, &r);
	for (long i = 0; i < g->count && rc == EXIT_OK; i++) {
		if (i)
			progress_sleep(g->interval_ms);
		char what[600];
		bool ok = measure(a, g, what, sizeof what);
		r.taken++;
		if (!a->quiet)
			progress_say(stderr, "analysis %ld/%ld: %s: %s\n", i + 1, g->count, what, ok ? "ok" : "FAILED");
		if (!ok) {
			snprintf(last, lastlen, "%s", what);
			if (++r.failures > g->failure_limit)
				rc = EXIT_FAIL;
		}
	}
	progress_end();
	return rc;
}
