/* scan: one log line checked, extracted, filtered, resolved and priced. */
#include "scan.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cost.h"
#include "input.h"

/* Marks a name that no entry prices, in the resolution cache. */
static const struct price_model unpriced;

void scanner_init(struct scanner *sc, const struct scan_opts *o)
{
	memset(sc, 0, sizeof *sc);
	sc->o = o;
	jscan_init(&sc->js);
	strmap_init(&sc->resolved);
}

void scanner_free(struct scanner *sc)
{
	jscan_free(&sc->js);
	strmap_free(&sc->resolved, NULL);
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return false;
	return true;
}

static const char *const advice[NREASONS] = {
	[R_PARSE_ERROR] = "not valid JSON",
	[R_INVALID_UTF8] = "not valid UTF-8",
	[R_UNRECOGNIZED] = "not a known log shape; name one with --shape or map fields with --field",
	[R_NO_USAGE] = "no token usage (a streamed call without usage, or an error response)",
	[R_NO_MODEL] = "no model name; map one with --field model=PATH",
	[R_NO_TIMESTAMP] = "no time; map one with --field time=PATH",
	[R_BAD_TIMESTAMP] = "time is not ISO 8601 text (2026-07-01T12:00:00Z) or Unix s/ms/us/ns in 1970-9999",
	[R_INVALID_TOKENS] = "token counts negative, fractional, above 100000000, or inconsistent",
	[R_TOO_LONG] = "longer than the 16 MiB a log line may have",
};

static void reject(struct scanner *sc, const char *line, size_t len, uint64_t lineno, enum reason why)
{
	int col = 0;
	char what[160];
	snprintf(what, sizeof what, "%s", advice[why]);
	/* Only the lines shown pay for jansson's position of the error. */
	if (why == R_PARSE_ERROR && sc->led->nsamples < LEDGER_SAMPLES) {
		json_error_t e;
		json_t *j = json_loadb(line, len, 0, &e);
		json_decref(j);
		col = e.column > 0 ? e.column : 0;
		snprintf(what, sizeof what, "not valid JSON: %.120s", e.text);
	}
	ledger_reject(sc->led, sc->file, lineno, col, why, what);
}

static const struct price_model *resolve(struct scanner *sc, const struct record *r)
{
	char key[512];
	size_t n = r->provider.n + 1 + r->model.n;
	const struct price_model *m;
	if (n > sizeof key) { /* absurd names: resolve without caching */
		char *name = xstrndup(r->model.s, r->model.n), *prov = xstrndup(r->provider.s, r->provider.n);
		m = prices_resolve(sc->o->pt, prov, name, r->model.n, NULL);
		free(name);
		free(prov);
		return m && m->priced ? m : NULL;
	}
	memcpy(key, r->provider.s, r->provider.n);
	key[r->provider.n] = '\0';
	memcpy(key + r->provider.n + 1, r->model.s, r->model.n);
	struct strmap_slot *s = strmap_find(&sc->resolved, key, n);
	if (!s) {
		m = prices_resolve(sc->o->pt, key, key + r->provider.n + 1, r->model.n, NULL);
		s = strmap_put(&sc->resolved, key, n);
		s->val = (void *)(m && m->priced ? m : &unpriced);
	}
	return s->val == &unpriced ? NULL : s->val;
}

/* The call at token root of the scanned line: extracted, filtered by the
 * period, resolved and priced into the ledger, or rejected. */
static void take(struct scanner *sc, uint32_t root, const char *line, size_t len, uint64_t lineno)
{
	struct ledger *l = sc->led;
	struct record rec;
	enum shape sh;
	enum reason why = extract_at(sc->o->x, &sc->js, root, &rec, &sh);
	if (why != R_OK) {
		reject(sc, line, len, lineno, why);
		return;
	}
	if ((sc->o->has_since && rec.time < sc->o->since) || (sc->o->has_until && rec.time >= sc->o->until)) {
		l->outside_period++;
		return;
	}
	const struct price_model *m = resolve(sc, &rec);
	if (!m) {
		ledger_add_unpriced(l, &rec, sc->file, lineno);
		return;
	}
	ledger_add(l, &rec, m->key, cost_of(m, &rec));
}

static uint32_t member(const struct jscan *js, uint32_t obj, const char *key)
{
	return jscan_get(js, obj, key, strlen(key));
}

/* An OTLP/JSON export batch, as the collector's file exporter writes one
 * per line: resourceSpans[].scopeSpans[].spans[] (instrumentationLibrary-
 * Spans in old collectors).  Every GenAI span is a call; the other spans
 * of the batch (HTTP, database, ...) are counted apart, not rejected.
 * False when the line is not a batch. */
static bool otlp_batch(struct scanner *sc, const char *line, size_t len, uint64_t lineno)
{
	const struct jscan *js = &sc->js;
	enum shape forced = sc->o->x->forced;
	uint32_t rs = member(js, 0, "resourceSpans");
	if ((forced != SH_AUTO && forced != SH_OTEL) || !rs || js->tok[rs].type != JT_ARRAY)
		return false;
	for (uint32_t r = jscan_first(js, rs); r && r < js->tok[rs].next; r = js->tok[r].next) {
		uint32_t ss = member(js, r, "scopeSpans");
		if (!ss)
			ss = member(js, r, "instrumentationLibrarySpans");
		if (!ss || js->tok[ss].type != JT_ARRAY)
			continue;
		for (uint32_t sp = jscan_first(js, ss); sp && sp < js->tok[ss].next; sp = js->tok[sp].next) {
			uint32_t spans = member(js, sp, "spans");
			if (!spans || js->tok[spans].type != JT_ARRAY)
				continue;
			for (uint32_t t = jscan_first(js, spans); t && t < js->tok[spans].next; t = js->tok[t].next) {
				if (shape_is_genai_span(js, t))
					take(sc, t, line, len, lineno);
				else
					sc->led->other_spans++;
			}
		}
	}
	return true;
}

void scan_line(struct scanner *sc, char *line, size_t len, uint64_t lineno)
{
	struct ledger *l = sc->led;
	l->physical++;
	/* A BOM may start any line of concatenated files; CRLF endings. */
	if (len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
		line += 3, len -= 3;
	if (len && line[len - 1] == '\r')
		len--;
	if (blank(line, len)) {
		l->blank++;
		return;
	}
	enum jscan_result jr = jscan_line(&sc->js, line, len);
	if (jr != JS_OK) {
		reject(sc, line, len, lineno, jr == JS_INVALID_UTF8 ? R_INVALID_UTF8 : R_PARSE_ERROR);
		return;
	}
	if (otlp_batch(sc, line, len, lineno))
		return;
	take(sc, 0, line, len, lineno);
}

void scan_too_long(struct scanner *sc, size_t len, uint64_t lineno)
{
	char what[160];
	sc->led->physical++;
	snprintf(what, sizeof what, "%zu bytes, longer than the %zu MiB a log line may have; skipped unread", len,
		 LOG_LINE_CAP >> 20);
	ledger_reject(sc->led, sc->file, lineno, 0, R_TOO_LONG, what);
}
