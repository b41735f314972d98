/* plan: parsing and checking canary plans. */
#include "plan.h"
#include "cli.h"
#include "encode.h"
#include "fs.h"
#include "json.h"
#include "yaml_json.h"

#include <stdlib.h>
#include <string.h>

/* A duration written "5m" or as a number of seconds. */
static int duration(const json_t *v, int64_t *ms)
{
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*ms = json_integer_value(v) * 1000;
		return 0;
	}
	return json_is_string(v) ? parse_duration_ms(json_string_value(v), ms) : -1;
}

static bool number(const json_t *v, double *out)
{
	if (!json_is_number(v))
		return false;
	*out = json_number_value(v);
	return true;
}

/* expect-status: 200, "200,204", "2xx,401" (health-wait's --expect-status). */
static int parse_status(const json_t *v, struct gate *g, char *err, size_t errlen)
{
	char buf[32];
	const char *text = json_is_string(v) ? json_string_value(v) : NULL;
	if (json_is_integer(v)) {
		snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
		text = buf;
	}
	if (!text) {
		snprintf(err, errlen, "expect-status is a status code or a list such as \"200,204\" or \"2xx\"");
		return -1;
	}
	return expect_status(g->expect, text, err, errlen);
}

/* expect-json: one "PATH == VALUE" (health-wait's --expect-json), a list
 * of them, or a mapping of paths to the values they must equal. */
static int parse_json_expect(const json_t *v, struct gate *g, char *err, size_t errlen)
{
	const char *k;
	json_t *x;
	size_t i;
	if (json_is_string(v))
		return expect_json(g->expect, json_string_value(v), err, errlen);
	if (json_is_array(v)) {
		json_array_foreach(v, i, x) {
			if (!json_is_string(x)) {
				snprintf(err, errlen, "expect-json items are strings such as \".status == ok\"");
				return -1;
			}
			if (expect_json(g->expect, json_string_value(x), err, errlen))
				return -1;
		}
		return 0;
	}
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, x) {
			char *want = json_dumps(x, JSON_COMPACT | JSON_ENCODE_ANY);
			char *spec = xasprintf("%s == %s", k, want);
			int rc = expect_json(g->expect, spec, err, errlen);
			free(spec);
			free(want);
			if (rc)
				return -1;
		}
		return 0;
	}
	snprintf(err, errlen, "expect-json is \"PATH == VALUE\", a list of those, or a mapping of paths to values");
	return -1;
}

/* A key OBJ has beyond ALLOWED (a space-separated list) is an error: a
 * misspelt one would otherwise weaken a gate or make a timed pause
 * indefinite without a word. */
static int known_keys(const json_t *obj, const char *allowed, const char *what, char *err, size_t errlen)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)obj, key, v) {
		size_t n = strlen(key);
		bool known = false;
		for (const char *at = allowed; *at && !known; at += strspn(at, " ")) {
			size_t l = strcspn(at, " ");
			known = l == n && !strncmp(at, key, n);
			at += l;
		}
		if (!known) {
			snprintf(err, errlen, "%s has no key '%s' (it takes %s)", what, key, allowed);
			return -1;
		}
	}
	return 0;
}

int gate_from_json(const json_t *a, struct gate *g, char *err, size_t errlen)
{
	memset(g, 0, sizeof *g);
	g->interval_ms = 10000;
	g->count = 1;
	if (!json_is_object(a)) {
		snprintf(err, errlen, "analysis must be a mapping");
		return -1;
	}
	if (known_keys(a, "interval count failureLimit http prometheus deployment", "analysis", err, errlen))
		return -1;
	json_t *v;
	if ((v = json_object_get(a, "interval")) && duration(v, &g->interval_ms)) {
		snprintf(err, errlen, "analysis interval must be a duration such as 30s");
		return -1;
	}
	if ((v = json_object_get(a, "count"))) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 10000) {
			snprintf(err, errlen, "analysis count must be a whole number from 1");
			return -1;
		}
		g->count = (long)json_integer_value(v);
	}
	if ((v = json_object_get(a, "failureLimit"))) {
		if (!json_is_integer(v) || json_integer_value(v) < 0) {
			snprintf(err, errlen, "analysis failureLimit must be a whole number from 0");
			return -1;
		}
		g->failure_limit = (long)json_integer_value(v);
	}
	json_t *http = json_object_get(a, "http"), *prom = json_object_get(a, "prometheus");
	const char *dep = json_get_str(a, "deployment", NULL);
	int kinds = !!http + !!prom + !!dep;
	if (kinds != 1) {
		snprintf(err, errlen, "an analysis needs exactly one of http, prometheus and deployment");
		return -1;
	}
	if (http) {
		const char *url = json_get_str(http, "url", NULL);
		if (known_keys(http, "url expect-status expect-json max-latency", "http", err, errlen))
			return -1;
		if (!url || (strncmp(url, "http://", 7) && strncmp(url, "https://", 8))) {
			snprintf(err, errlen, "analysis http needs a url (http:// or https://)");
			return -1;
		}
		g->http_url = xstrdup(url);
		g->expect = expect_new();
		if ((v = json_object_get(http, "expect-status")) && parse_status(v, g, err, errlen))
			return -1;
		if ((v = json_object_get(http, "expect-json")) && parse_json_expect(v, g, err, errlen))
			return -1;
		if ((v = json_object_get(http, "max-latency")) && duration(v, &g->max_latency_ms)) {
			snprintf(err, errlen, "max-latency must be a duration such as 500ms");
			return -1;
		}
	} else if (prom) {
		const char *url = json_get_str(prom, "url", NULL), *q = json_get_str(prom, "query", NULL);
		if (known_keys(prom, "url query max min", "prometheus", err, errlen))
			return -1;
		if (!url || !q || !*q) {
			snprintf(err, errlen, "analysis prometheus needs url and query");
			return -1;
		}
		g->prom_url = xstrdup(url);
		g->prom_query = xstrdup(q);
		g->has_max = number(json_object_get(prom, "max"), &g->max);
		g->has_min = number(json_object_get(prom, "min"), &g->min);
		if (!g->has_max && !g->has_min) {
			snprintf(err, errlen, "analysis prometheus needs max or min (a number)");
			return -1;
		}
	} else {
		g->deployment = xstrdup(dep);
	}
	return 0;
}

void gate_free(struct gate *g)
{
	free(g->http_url);
	expect_free(g->expect);
	free(g->prom_url);
	free(g->prom_query);
	free(g->deployment);
	memset(g, 0, sizeof *g);
}

static int one_step(const json_t *s, size_t i, struct step *st, char *err, size_t errlen)
{
	char e[300];
	json_t *w = json_object_get(s, "setWeight"), *pause = json_object_get(s, "pause"),
	       *an = json_object_get(s, "analysis");
	memset(st, 0, sizeof *st);
	if (!json_is_object(s) || !!w + !!pause + !!an != 1 || json_object_size(s) != 1) {
		snprintf(err, errlen,
			 "step %zu: a step is one of setWeight: N, pause: {duration: DUR} and analysis: {...}", i + 1);
		return -1;
	}
	if (w) {
		if (!json_is_integer(w) || json_integer_value(w) < 0 || json_integer_value(w) > 100) {
			snprintf(err, errlen, "step %zu: setWeight must be a whole number from 0 to 100", i + 1);
			return -1;
		}
		st->kind = STEP_WEIGHT;
		st->weight = (int)json_integer_value(w);
	} else if (pause) {
		st->kind = STEP_PAUSE;
		json_t *d = json_object_get(pause, "duration");
		st->pause_ms = -1;
		if (!json_is_object(pause) || (d && duration(d, &st->pause_ms))) {
			snprintf(err, errlen, "step %zu: pause is {} or {duration: DUR}", i + 1);
			return -1;
		}
		if (known_keys(pause, "duration", "pause", e, sizeof e)) {
			snprintf(err, errlen, "step %zu: %s", i + 1, e);
			return -1;
		}
	} else {
		st->kind = STEP_ANALYSIS;
		if (gate_from_json(an, &st->gate, e, sizeof e)) {
			snprintf(err, errlen, "step %zu: %s", i + 1, e);
			return -1;
		}
	}
	return 0;
}

int plan_from_json(json_t *steps, struct plan *p, char *err, size_t errlen)
{
	memset(p, 0, sizeof *p);
	if (json_is_object(steps) && json_is_array(json_object_get(steps, "steps")))
		steps = json_object_get(steps, "steps");
	if (!json_is_array(steps) || json_array_size(steps) == 0) {
		snprintf(err, errlen, "a plan is a non-empty list of steps (or a mapping with steps:)");
		return -1;
	}
	p->n = json_array_size(steps);
	p->v = xcalloc(p->n, sizeof *p->v);
	p->json = json_incref(steps);
	for (size_t i = 0; i < p->n; i++) {
		if (one_step(json_array_get(steps, i), i, &p->v[i], err, errlen)) {
			plan_free(p);
			return -1;
		}
	}
	char *text = json_dumps(steps, JSON_COMPACT);
	sha256_hex(text, strlen(text), p->digest);
	free(text);
	return 0;
}

int plan_from_steps(const char *spec, struct plan *p, char *err, size_t errlen)
{
	size_t n;
	char **items = split_list(spec, ",", &n);
	json_t *steps = json_array();
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		char *colon = strchr(items[i], ':');
		if (colon)
			*colon = '\0';
		long long w;
		if (!strcmp(items[i], "pause") && !colon) {
			json_array_append_new(steps, json_pack("{s:{}}", "pause"));
			continue;
		}
		if (parse_int(items[i], 0, 100, &w)) {
			snprintf(err, errlen, "--steps: '%s' is not a weight from 0 to 100 (write W, W:DUR or W:pause)",
				 items[i]);
			rc = -1;
			break;
		}
		json_array_append_new(steps, json_pack("{s:I}", "setWeight", (json_int_t)w));
		int64_t ms;
		if (colon && !strcmp(colon + 1, "pause"))
			json_array_append_new(steps, json_pack("{s:{}}", "pause"));
		else if (colon && parse_duration_ms(colon + 1, &ms) == 0)
			json_array_append_new(steps, json_pack("{s:{s:s}}", "pause", "duration", colon + 1));
		else if (colon) {
			snprintf(err, errlen, "--steps: '%s' is not a duration such as 5m", colon + 1);
			rc = -1;
		}
	}
	strv_free(items);
	if (!rc)
		rc = plan_from_json(steps, p, err, errlen);
	json_decref(steps);
	return rc;
}

int plan_from_file(const char *path, struct plan *p, char *err, size_t errlen)
{
	char *buf, e[400];
	size_t len;
	if (fs_read_all(path, 1u << 20, &buf, &len, e, sizeof e) != 0) {
		snprintf(err, errlen, "%s", e);
		return -1;
	}
	struct yaml_json_docs d;
	int rc = yaml_json_stream(buf, len, path, &d, err, errlen);
	free(buf);
	if (rc)
		return -1;
	if (d.n != 1) {
		snprintf(err, errlen, "%s: a plan file holds one YAML document", path);
		yaml_json_docs_free(&d);
		return -1;
	}
	rc = plan_from_json(d.docs[0], p, e, sizeof e);
	if (rc)
		snprintf(err, errlen, "%s:%d:1: %s", path, d.lines[0], e);
	yaml_json_docs_free(&d);
	return rc;
}

void plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].kind == STEP_ANALYSIS)
			gate_free(&p->v[i].gate);
	free(p->v);
	json_decref(p->json);
	memset(p, 0, sizeof *p);
}
