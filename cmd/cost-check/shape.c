/* shape: log-format detection and field extraction.  The per-shape paths
 * below are where each field lives in each format, written in --field
 * syntax; "w:" marks a path into the application wrapper around a provider
 * body. */
#include "shape.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "money.h"
#include "timeutil.h"

const char *const reason_names[NREASONS] = {
	"ok",       "parse_error",  "invalid_utf8",  "unrecognized",   "no_usage",
	"no_model", "no_timestamp", "bad_timestamp", "invalid_tokens", "too_long",
};

const char *const shape_names[NSHAPES] = {
	"openai-chat", "openai-responses", "anthropic", "otel", "litellm", "langfuse", "custom",
};

const char *const field_names[NFIELDS] = {
	"model",     "provider", "time",    "input", "cache_read", "cache_write", "cache_write_1h", "output",
	"reasoning", "route",    "feature", "tier",  "cache_hit",  "cost",        "request_id",
};

enum pkind { P_PTR, P_ATTR, P_TAG };

struct jpath {
	enum pkind kind;
	bool wrapper; /* look in the wrapper, not the provider body */
	struct strv *seg; /* pointer segments; for attr/tag the one key */
	uint64_t *head; /* jscan_head() of each segment */
	int nseg;
	char *text; /* storage of the decoded segments */
};

/* Does the shape's input count include cache reads and writes? */
static const bool includes_cache[NSHAPES] = {true, true, false, true, true, false, true};
/* Provider assumed when the line names none. */
static const char *const default_provider[NSHAPES] = {"openai", "openai", "anthropic", "", "", "", ""};

#define WRAP_TIME "w:/ts|w:/timestamp|w:/time"
static const char *const defaults[NSHAPES][NFIELDS] = {
	[SH_OPENAI_CHAT] =
		{
			[F_MODEL] = "/model|w:/request_model",
			[F_PROVIDER] = "w:/provider",
			[F_TIME] = WRAP_TIME "|/created",
			[F_INPUT] = "/usage/prompt_tokens",
			[F_CACHE_READ] = "/usage/prompt_tokens_details/cached_tokens",
			[F_OUTPUT] = "/usage/completion_tokens",
			[F_REASONING] = "/usage/completion_tokens_details/reasoning_tokens",
			[F_TIER] = "/service_tier",
			[F_ROUTE] = "w:/route",
			[F_FEATURE] = "w:/feature",
			[F_REQUEST_ID] = "/id",
		},
	[SH_OPENAI_RESPONSES] =
		{
			[F_MODEL] = "/model|w:/request_model",
			[F_PROVIDER] = "w:/provider",
			[F_TIME] = WRAP_TIME "|/created_at",
			[F_INPUT] = "/usage/input_tokens",
			[F_CACHE_READ] = "/usage/input_tokens_details/cached_tokens",
			[F_OUTPUT] = "/usage/output_tokens",
			[F_REASONING] = "/usage/output_tokens_details/reasoning_tokens",
			[F_TIER] = "/service_tier",
			[F_ROUTE] = "/metadata/route|w:/route",
			[F_FEATURE] = "/metadata/feature|w:/feature",
			[F_REQUEST_ID] = "/id",
		},
	[SH_ANTHROPIC] =
		{
			[F_MODEL] = "/model|w:/request_model",
			[F_PROVIDER] = "w:/provider",
			[F_TIME] = WRAP_TIME,
			[F_INPUT] = "/usage/input_tokens",
			[F_CACHE_READ] = "/usage/cache_read_input_tokens",
			[F_CACHE_WRITE] = "/usage/cache_creation_input_tokens",
			[F_CACHE_WRITE_1H] = "/usage/cache_creation/ephemeral_1h_input_tokens",
			[F_OUTPUT] = "/usage/output_tokens",
			[F_TIER] = "/usage/service_tier",
			[F_ROUTE] = "w:/route",
			[F_FEATURE] = "w:/feature",
			[F_REQUEST_ID] = "/id",
		},
	[SH_OTEL] =
		{
			[F_MODEL] = "attr:gen_ai.response.model|attr:gen_ai.request.model",
			[F_PROVIDER] = "attr:gen_ai.provider.name|attr:gen_ai.system",
			[F_TIME] = "/startTimeUnixNano|/timestamp",
			[F_INPUT] = "attr:gen_ai.usage.input_tokens|attr:gen_ai.usage.prompt_tokens",
			[F_CACHE_READ] = "attr:gen_ai.usage.cache_read.input_tokens",
			[F_CACHE_WRITE] = "attr:gen_ai.usage.cache_creation.input_tokens",
			[F_OUTPUT] = "attr:gen_ai.usage.output_tokens|attr:gen_ai.usage.completion_tokens",
			[F_REASONING] = "attr:gen_ai.usage.reasoning.output_tokens",
			[F_TIER] = "attr:openai.response.service_tier",
			[F_ROUTE] = "attr:http.route",
			[F_FEATURE] = "attr:gen_ai.agent.name",
			[F_REQUEST_ID] = "attr:gen_ai.response.id|/spanId",
		},
	[SH_LITELLM] =
		{
			[F_MODEL] = "/model",
			[F_PROVIDER] = "/custom_llm_provider",
			[F_TIME] = "/startTime",
			[F_INPUT] = "/prompt_tokens|/metadata/usage_object/prompt_tokens",
			[F_CACHE_READ] = "/metadata/usage_object/prompt_tokens_details/cached_tokens"
					 "|/metadata/usage_object/cache_read_input_tokens",
			[F_CACHE_WRITE] = "/metadata/usage_object/cache_creation_input_tokens"
					  "|/metadata/usage_object/prompt_tokens_details/cache_creation_tokens",
			[F_OUTPUT] = "/completion_tokens|/metadata/usage_object/completion_tokens",
			[F_REASONING] = "/metadata/usage_object/completion_tokens_details/reasoning_tokens",
			[F_ROUTE] = "/metadata/spend_logs_metadata/route",
			[F_FEATURE] = "/metadata/spend_logs_metadata/feature|tag:feature:",
			[F_CACHE_HIT] = "/cache_hit",
			[F_COST] = "/spend|/response_cost",
			[F_REQUEST_ID] = "/request_id|/id",
		},
	[SH_LANGFUSE] =
		{
			[F_MODEL] = "/model",
			[F_TIME] = "/startTime",
			[F_INPUT] = "/usageDetails/input|/usage/input|/promptTokens",
			[F_CACHE_READ] = "/usageDetails/input_cached_tokens|/usageDetails/cache_read_input_tokens",
			[F_CACHE_WRITE] = "/usageDetails/cache_creation_input_tokens",
			[F_OUTPUT] = "/usageDetails/output|/usage/output|/completionTokens",
			[F_REASONING] = "/usageDetails/output_reasoning_tokens",
			[F_ROUTE] = "/metadata/route",
			[F_FEATURE] = "/metadata/feature",
			[F_COST] = "/costDetails/total|/calculatedTotalCost",
			[F_REQUEST_ID] = "/id",
		},
};

static void fspec_free(struct fspec *f)
{
	for (int i = 0; i < f->nalt; i++) {
		free(f->alt[i].seg);
		free(f->alt[i].head);
		free(f->alt[i].text);
	}
	free(f->alt);
	free(f->text);
	memset(f, 0, sizeof *f);
}

/* One alternative: "/json/pointer", "attr:KEY", "tag:PREFIX", with "w:". */
static int compile_path(const char *s, size_t n, struct jpath *p, char *err, size_t errlen)
{
	memset(p, 0, sizeof *p);
	if (n >= 2 && memcmp(s, "w:", 2) == 0) {
		p->wrapper = true;
		s += 2;
		n -= 2;
	}
	if (n >= 5 && memcmp(s, "attr:", 5) == 0) {
		p->kind = P_ATTR;
		s += 5, n -= 5;
	} else if (n >= 4 && memcmp(s, "tag:", 4) == 0) {
		p->kind = P_TAG;
		s += 4, n -= 4;
	}
	if (p->kind != P_PTR) {
		if (!n) {
			snprintf(err, errlen, "'%s' needs a key after the colon", p->kind == P_ATTR ? "attr:" : "tag:");
			return -1;
		}
		p->text = xstrndup(s, n);
		p->seg = xmalloc(sizeof *p->seg);
		p->seg[0] = (struct strv){p->text, n};
		p->nseg = 1;
		return 0;
	}
	if (n && s[0] != '/') {
		snprintf(err, errlen, "'%.*s' is not a JSON Pointer (it must start with '/'), attr:KEY or tag:PREFIX",
			 (int)n, s);
		return -1;
	}
	p->text = xmalloc(n + 1);
	p->seg = xmalloc((n + 1) * sizeof *p->seg);
	char *o = p->text;
	for (size_t i = 0; i < n;) {
		i++; /* the '/' */
		char *start = o;
		while (i < n && s[i] != '/') {
			if (s[i] == '~') {
				if (i + 1 < n && (s[i + 1] == '0' || s[i + 1] == '1')) {
					*o++ = s[i + 1] == '0' ? '~' : '/';
					i += 2;
					continue;
				}
				snprintf(err, errlen, "'%.*s': '~' must be written ~0 (and '/' in a key ~1)", (int)n,
					 s);
				return -1;
			}
			*o++ = s[i++];
		}
		p->seg[p->nseg++] = (struct strv){start, (size_t)(o - start)};
	}
	p->head = xmalloc(((size_t)p->nseg + 1) * sizeof *p->head);
	for (int i = 0; i < p->nseg; i++)
		p->head[i] = jscan_head(p->seg[i].s, p->seg[i].n);
	return 0;
}

static int compile_spec(const char *s, struct fspec *f, char *err, size_t errlen)
{
	size_t n = strlen(s);
	for (size_t i = 0; i <= n;) {
		size_t j = i;
		while (j < n && s[j] != '|')
			j++;
		f->alt = xrealloc(f->alt, (size_t)(f->nalt + 1) * sizeof *f->alt);
		if (compile_path(s + i, j - i, &f->alt[f->nalt], err, errlen) < 0) {
			struct jpath *p = &f->alt[f->nalt]; /* half built: not counted */
			free(p->seg);
			free(p->head);
			free(p->text);
			return -1;
		}
		f->nalt++;
		i = j + 1;
	}
	return 0;
}

void extractor_init(struct extractor *x)
{
	char err[256];
	memset(x, 0, sizeof *x);
	x->forced = SH_AUTO;
	x->input_includes_cache = -1;
	for (int sh = 0; sh < NSHAPES; sh++)
		for (int f = 0; f < NFIELDS; f++)
			if (defaults[sh][f] && compile_spec(defaults[sh][f], &x->def[sh][f], err, sizeof err) < 0)
				die(EXIT_FAIL, "internal: %s", err);
}

void extractor_free(struct extractor *x)
{
	for (int f = 0; f < NFIELDS; f++) {
		fspec_free(&x->override[f]);
		for (int sh = 0; sh < NSHAPES; sh++)
			fspec_free(&x->def[sh][f]);
	}
}

static const char *const conv_names[] = {"auto", "iso", "unix", "unix_ms", "unix_us", "unix_ns"};

int extractor_field(struct extractor *x, const char *arg, char *err, size_t errlen)
{
	const char *eq = strchr(arg, '=');
	int f = -1;
	for (int i = 0; eq && i < NFIELDS; i++)
		if (strlen(field_names[i]) == (size_t)(eq - arg) && !strncmp(arg, field_names[i], (size_t)(eq - arg)))
			f = i;
	if (f < 0) {
		snprintf(err, errlen,
			 "--field '%s': expected NAME=PATH with NAME one of model, provider, time, "
			 "input, cache_read, cache_write, cache_write_1h, output, reasoning, route, feature, tier, "
			 "cache_hit, "
			 "cost, request_id",
			 arg);
		return -1;
	}
	char *spec = xstrdup(eq + 1);
	enum time_conv conv = TC_AUTO;
	char *colon = strrchr(spec, ':');
	for (int c = 0; colon && c < (int)(sizeof conv_names / sizeof *conv_names); c++) {
		if (strcmp(colon + 1, conv_names[c]) == 0) {
			if (f != F_TIME) {
				snprintf(err, errlen, "--field '%s': a conversion (:%s) applies to time only", arg,
					 conv_names[c]);
				free(spec);
				return -1;
			}
			conv = (enum time_conv)c;
			*colon = '\0';
		}
	}
	fspec_free(&x->override[f]);
	x->override[f].conv = conv;
	x->override[f].text = xstrdup(eq + 1);
	char why[200];
	int rc = compile_spec(spec, &x->override[f], why, sizeof why);
	if (rc < 0) {
		snprintf(err, errlen, "--field '%s': %s", arg, why);
		fspec_free(&x->override[f]); /* no half-set field */
	}
	free(spec);
	return rc;
}

enum shape shape_from_name(const char *s)
{
	for (int i = 0; i < NSHAPES; i++)
		if (strcmp(s, shape_names[i]) == 0)
			return (enum shape)i;
	return SH_AUTO;
}

const char *extractor_missing(const struct extractor *x)
{
	static const enum field need[] = {F_MODEL, F_TIME, F_INPUT, F_OUTPUT};
	for (size_t i = 0; i < sizeof need / sizeof *need; i++)
		if (!x->override[need[i]].nalt)
			return field_names[need[i]];
	if (x->input_includes_cache < 0)
		return "--input-includes-cache";
	return NULL;
}

/* ---- looking values up in a scanned line ---- */

/* Where a line's fields live: the provider body and, when the line is an
 * application wrapper, the wrapper around it. */
#define OTLP_MAX 48

struct where {
	uint32_t root; /* the record's object: token 0, or a span of a batch */
	uint32_t body; /* the provider body: the root unless wrapped */
	bool wrapped; /* the root (token 0) is a wrapper around body */
	/* An OTLP attribute list read once per line: key and value tokens. */
	uint32_t otlp_list; /* the list's token, 0 = not read yet */
	int notlp; /* -1: too long, searched in place */
	uint32_t otlp_key[OTLP_MAX], otlp_val[OTLP_MAX];
};

struct val {
	uint32_t tok; /* 0 = absent */
	struct strv sub; /* tag: the remainder of the matching tag */
};

static uint32_t get(const struct jscan *js, uint32_t obj, const char *key)
{
	return jscan_get(js, obj, key, strlen(key));
}

static bool str_is(const struct jscan *js, uint32_t t, const char *s)
{
	return t && js->tok[t].type == JT_STRING && jscan_str_eq(js, t, s, strlen(s));
}

/* An OTLP AnyValue ({"intValue": "12"}, ...) to the value inside. */
static uint32_t any_value(const struct jscan *js, uint32_t v)
{
	static const char *const kinds[] = {"intValue", "stringValue", "doubleValue", "boolValue"};
	if (!v || js->tok[v].type != JT_OBJECT)
		return v;
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		uint32_t t = get(js, v, kinds[i]);
		if (t)
			return t;
	}
	return v;
}

static void read_otlp(const struct jscan *js, uint32_t a, struct where *w)
{
	w->otlp_list = a;
	w->notlp = 0;
	for (uint32_t e = jscan_first(js, a); e && e < js->tok[a].next; e = js->tok[e].next) {
		uint32_t k = get(js, e, "key");
		if (!k || js->tok[k].type != JT_STRING)
			continue;
		if (w->notlp == OTLP_MAX) {
			w->notlp = -1;
			return;
		}
		w->otlp_key[w->notlp] = k;
		w->otlp_val[w->notlp++] = get(js, e, "value");
	}
}

static uint32_t attr(const struct jscan *js, uint32_t obj, struct strv key, struct where *w)
{
	uint32_t a = get(js, obj, "attributes");
	if (a && js->tok[a].type == JT_OBJECT)
		return any_value(js, jscan_get(js, a, key.s, key.n));
	if (a && js->tok[a].type == JT_ARRAY && w) {
		if (w->otlp_list != a)
			read_otlp(js, a, w);
		if (w->notlp >= 0) {
			uint32_t found = 0; /* the last of a repeated key, as for maps */
			for (int i = 0; i < w->notlp; i++)
				if (jscan_str_eq(js, w->otlp_key[i], key.s, key.n))
					found = w->otlp_val[i];
			return found ? any_value(js, found) : 0;
		}
	}
	if (a && js->tok[a].type == JT_ARRAY) {
		for (uint32_t e = jscan_first(js, a); e && e < js->tok[a].next; e = js->tok[e].next) {
			uint32_t k = get(js, e, "key");
			if (k && js->tok[k].type == JT_STRING && jscan_str_eq(js, k, key.s, key.n))
				return any_value(js, get(js, e, "value"));
		}
		return 0;
	}
	return jscan_get(js, obj, key.s, key.n);
}

static bool all_digits(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static uint32_t pointer(const struct jscan *js, uint32_t t, const struct jpath *p)
{
	/* Token 0 is the root, so 0 means "absent" only after the first step. */
	for (int i = 0; i < p->nseg && (t || i == 0); i++) {
		struct strv sg = p->seg[i];
		if (js->tok[t].type == JT_OBJECT) {
			t = jscan_get_h(js, t, sg.s, sg.n, p->head[i]);
		} else if (js->tok[t].type == JT_ARRAY && all_digits(sg.s, sg.n) && (sg.n == 1 || sg.s[0] != '0') &&
			   sg.n < 10) {
			t = jscan_index(js, t, (uint32_t)strtoul(sg.s, NULL, 10));
		} else {
			t = 0;
		}
	}
	return t;
}

static struct val tag(struct jscan *js, uint32_t obj, struct strv prefix)
{
	struct val v = {0};
	uint32_t a = get(js, obj, "request_tags");
	if (!a || js->tok[a].type != JT_ARRAY)
		return v;
	for (uint32_t e = jscan_first(js, a); e && e < js->tok[a].next; e = js->tok[e].next) {
		if (js->tok[e].type != JT_STRING)
			continue;
		size_t n;
		const char *s = jscan_str(js, e, &n);
		if (n >= prefix.n && memcmp(s, prefix.s, prefix.n) == 0) {
			v.tok = e;
			v.sub = (struct strv){s + prefix.n, n - prefix.n};
			return v;
		}
	}
	return v;
}

static struct val eval(struct jscan *js, const struct jpath *p, uint32_t root, struct where *w)
{
	struct val v = {0};
	if (p->kind == P_TAG)
		return tag(js, root, p->seg[0]);
	v.tok = p->kind == P_ATTR ? attr(js, root, p->seg[0], root == w->body ? w : NULL) : pointer(js, root, p);
	if (v.tok && js->tok[v.tok].type == JT_NULL)
		v.tok = 0;
	return v;
}

/* The first present alternative: --field first (in the body, then the
 * wrapper), then the shape's own paths. */
static struct val lookup(const struct extractor *x, struct jscan *js, enum shape sh, enum field f, struct where *w,
			 enum time_conv *conv)
{
	const struct fspec *specs[2] = {&x->override[f], &x->def[sh][f]};
	for (int k = 0; k < 2; k++) {
		const struct fspec *fs = specs[k];
		for (int i = 0; i < fs->nalt; i++) {
			const struct jpath *p = &fs->alt[i];
			struct val v = {0};
			if (p->wrapper) {
				if (w->wrapped)
					v = eval(js, p, w->root, w);
			} else {
				v = eval(js, p, w->body, w);
				if (!v.tok && w->wrapped && k == 0)
					v = eval(js, p, w->root, w);
			}
			if (v.tok) {
				if (conv)
					*conv = fs->conv;
				return v;
			}
		}
	}
	return (struct val){0};
}

static bool as_string(struct jscan *js, struct val v, struct strv *out)
{
	if (v.sub.s) {
		*out = v.sub;
		return true;
	}
	if (!v.tok || js->tok[v.tok].type != JT_STRING)
		return false;
	out->s = jscan_str(js, v.tok, &out->n);
	return true;
}

#define MAX_TOKENS 100000000

/* A token count: 1 present (in *n), 0 absent, -1 invalid. */
static int as_count(struct jscan *js, struct val v, uint64_t *n)
{
	if (!v.tok)
		return 0;
	const struct jtok *t = &js->tok[v.tok];
	switch (t->type) {
	case JT_INT:
		if (t->u.i < 0 || t->u.i > MAX_TOKENS)
			return -1;
		*n = (uint64_t)t->u.i;
		return 1;
	case JT_REAL: {
		double d = jscan_real(js, v.tok);
		if (d < 0 || d > MAX_TOKENS || d != floor(d))
			return -1;
		*n = (uint64_t)d;
		return 1;
	}
	case JT_STRING: {
		size_t len;
		const char *s = jscan_str(js, v.tok, &len);
		if (!all_digits(s, len) || len > 9)
			return -1;
		uint64_t u = 0;
		for (size_t i = 0; i < len; i++)
			u = u * 10 + (uint64_t)(s[i] - '0');
		if (u > MAX_TOKENS)
			return -1;
		*n = u;
		return 1;
	}
	default: return -1;
	}
}

/* Seconds in [1970, 10000): anything else is not a call's time. */
static bool plausible(double secs)
{
	return secs >= 0 && secs < 253402300800.0;
}

static int from_number(double v, enum time_conv conv, int64_t *t)
{
	if (conv == TC_AUTO)
		conv = v > 1e17 ? TC_UNIX_NS : v > 1e14 ? TC_UNIX_US : v > 1e11 ? TC_UNIX_MS : TC_UNIX;
	static const double scale[] = {[TC_UNIX] = 1, [TC_UNIX_MS] = 1e3, [TC_UNIX_US] = 1e6, [TC_UNIX_NS] = 1e9};
	if (conv == TC_ISO)
		return -1;
	double secs = floor(v / scale[conv]);
	if (!plausible(secs))
		return -1;
	*t = (int64_t)secs;
	return 0;
}

/* Integers are divided exactly: nanoseconds do not fit a double. */
static int from_integer(int64_t v, enum time_conv conv, int64_t *t)
{
	if (conv == TC_AUTO)
		conv = v > 100000000000000000LL ? TC_UNIX_NS
		       : v > 100000000000000LL  ? TC_UNIX_US
		       : v > 100000000000LL     ? TC_UNIX_MS
						: TC_UNIX;
	static const int64_t div[] = {
		[TC_UNIX] = 1, [TC_UNIX_MS] = 1000, [TC_UNIX_US] = 1000000, [TC_UNIX_NS] = 1000000000};
	if (conv == TC_ISO || v < 0)
		return -1;
	int64_t secs = v / div[conv];
	if (!plausible((double)secs))
		return -1;
	*t = secs;
	return 0;
}

/* ISO 8601 lets a time stop at the minute ("2026-07-01T08:00Z") and an
 * offset at the hour ("+02", as PostgreSQL prints timestamptz); RFC 3339
 * wants both whole, so out gets ":00" where one is cut short.  out holds
 * n + 6 bytes. */
static void iso_complete(const char *in, size_t n, char *out)
{
	size_t o = 0;
	bool timed = n >= 16 && (in[10] == 'T' || in[10] == 't' || in[10] == ' ') && in[13] == ':';
	for (size_t i = 0; i < n; i++) {
		if (timed && i == 16 && strchr("Zz+-", in[i]))
			o += (size_t)sprintf(out + o, ":00");
		out[o++] = in[i];
	}
	if (timed && n == 16)
		o += (size_t)sprintf(out + o, ":00");
	out[o] = '\0';
	/* "...+02" (a sign and two digits at the end, after the time) */
	if (timed && o >= 22 && (out[o - 3] == '+' || out[o - 3] == '-') && isdigit((unsigned char)out[o - 2]) &&
	    isdigit((unsigned char)out[o - 1]))
		sprintf(out + o, ":00");
}

int parse_time_text(const char *s, size_t n, enum time_conv conv, int64_t *t)
{
	char buf[64];
	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	/* Whole numbers exactly (OTLP nanoseconds have 19 digits, more than a
	 * double holds); 19 digits fit int64 up to 9223372036854775807. */
	if (all_digits(buf, n) && (n < 19 || (n == 19 && strcmp(buf, "9223372036854775807") <= 0)))
		return from_integer(strtoll(buf, NULL, 10), conv, t);
	char *end;
	double d = strtod(buf, &end);
	if (end != buf && !*end && (buf[0] >= '0' && buf[0] <= '9'))
		return from_number(d, conv, t);
	if (conv != TC_AUTO && conv != TC_ISO)
		return -1;
	char iso[sizeof buf + 6];
	iso_complete(buf, n, iso);
	int32_t ns;
	if (rfc3339_parse(iso, t, &ns) != 0 || !plausible((double)*t))
		return -1;
	return 0;
}

/* 1 ok, 0 absent, -1 malformed. */
static int as_time(struct jscan *js, struct val v, enum time_conv conv, int64_t *t)
{
	if (!v.tok)
		return 0;
	const struct jtok *k = &js->tok[v.tok];
	switch (k->type) {
	case JT_INT: return from_integer(k->u.i, conv, t) == 0 ? 1 : -1;
	case JT_REAL: return from_number(jscan_real(js, v.tok), conv, t) == 0 ? 1 : -1;
	case JT_STRING: {
		size_t n;
		const char *s = jscan_str(js, v.tok, &n);
		return parse_time_text(s, n, conv, t) == 0 ? 1 : -1;
	}
	default: return -1;
	}
}

/* ---- detection: the rules of cost-check(1) LOG SHAPES, in order ---- */

static bool has_gen_ai_key(const struct jscan *js, uint32_t obj)
{
	for (uint32_t k = obj + 1; k < js->tok[obj].next; k = js->tok[k + 1].next)
		if (js->tok[k].len >= 7 && memcmp(js->buf + js->tok[k].start, "gen_ai.", 7) == 0)
			return true;
	return false;
}

static bool is_otel(const struct jscan *js, uint32_t root)
{
	uint32_t a = get(js, root, "attributes");
	if (a && js->tok[a].type == JT_OBJECT && has_gen_ai_key(js, a))
		return true;
	if (a && js->tok[a].type == JT_ARRAY) {
		for (uint32_t e = jscan_first(js, a); e && e < js->tok[a].next; e = js->tok[e].next) {
			uint32_t k = get(js, e, "key");
			if (k && js->tok[k].type == JT_STRING && js->tok[k].len >= 7 &&
			    memcmp(js->buf + js->tok[k].start, "gen_ai.", 7) == 0)
				return true;
		}
	}
	return has_gen_ai_key(js, root);
}

/* An embeddings answer: {"object": "list", "data": [{"object": "embedding"}]};
 * without its usage it is a call whose tokens were not logged. */
static bool embeddings(const struct jscan *js, uint32_t o)
{
	uint32_t data = get(js, o, "data");
	uint32_t first = data && js->tok[data].type == JT_ARRAY ? jscan_index(js, data, 0) : 0;
	return first && str_is(js, get(js, first, "object"), "embedding");
}

/* The provider bodies: OpenAI, Anthropic, and the like. */
static enum shape provider_body(const struct jscan *js, uint32_t o)
{
	uint32_t obj = get(js, o, "object");
	if (str_is(js, obj, "chat.completion") ||
	    (str_is(js, obj, "list") && (get(js, o, "usage") || embeddings(js, o))))
		return SH_OPENAI_CHAT;
	if (str_is(js, obj, "response"))
		return SH_OPENAI_RESPONSES;
	uint32_t type = get(js, o, "type");
	if (str_is(js, type, "message") || str_is(js, type, "error"))
		return SH_ANTHROPIC;
	return SH_AUTO;
}

static uint32_t wrapped_body(const struct jscan *js, uint32_t root)
{
	uint32_t inner = get(js, root, "response");
	if (!inner || js->tok[inner].type != JT_OBJECT)
		inner = get(js, root, "body");
	if (!inner || js->tok[inner].type != JT_OBJECT)
		return 0;
	if (get(js, root, "ts") || get(js, root, "timestamp") || get(js, root, "time") || get(js, root, "provider"))
		return inner;
	return 0;
}

static enum shape detect(const struct jscan *js, uint32_t root, struct where *w)
{
	*w = (struct where){.root = root, .body = root};
	uint32_t inner = wrapped_body(js, root);
	if (inner) {
		enum shape sh = provider_body(js, inner);
		if (sh != SH_AUTO) {
			*w = (struct where){.root = root, .body = inner, .wrapped = true};
			return sh;
		}
	}
	enum shape sh = provider_body(js, root);
	if (sh != SH_AUTO)
		return sh;
	if (is_otel(js, root))
		return SH_OTEL;
	/* A SpendLogs row: its call_type with its spend or start time; one
	 * without token fields is then a call without usage. */
	if (get(js, root, "call_type") &&
	    (get(js, root, "prompt_tokens") || get(js, get(js, root, "metadata"), "usage_object") ||
	     get(js, root, "spend") || get(js, root, "startTime")))
		return SH_LITELLM;
	uint32_t type = get(js, root, "type");
	if (str_is(js, type, "GENERATION") || str_is(js, type, "EMBEDDING") || get(js, root, "usageDetails"))
		return SH_LANGFUSE;
	return SH_AUTO;
}

/* OTel provider names to LiteLLM's prefixes. */
static struct strv map_provider(struct strv p)
{
	static const char *const map[][2] = {
		{"aws.bedrock", "bedrock"},   {"gcp.gemini", "gemini"},           {"gcp.vertex_ai", "vertex_ai"},
		{"azure.ai.openai", "azure"}, {"azure.ai.inference", "azure_ai"}, {"x_ai", "xai"},
		{"mistral_ai", "mistral"},
	};
	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (strlen(map[i][0]) == p.n && memcmp(map[i][0], p.s, p.n) == 0)
			return (struct strv){map[i][1], strlen(map[i][1])};
	return p;
}

enum reason extract(const struct extractor *x, struct jscan *js, struct record *rec, enum shape *shape)
{
	return extract_at(x, js, 0, rec, shape);
}

bool shape_is_genai_span(const struct jscan *js, uint32_t span)
{
	return js->tok[span].type == JT_OBJECT && is_otel(js, span);
}

enum reason extract_at(const struct extractor *x, struct jscan *js, uint32_t root, struct record *rec,
		       enum shape *shape)
{
	struct where w = {.root = root, .body = root};
	enum shape sh;
	memset(rec, 0, sizeof *rec);
	if (js->tok[root].type != JT_OBJECT)
		return R_UNRECOGNIZED;
	if (x->forced == SH_AUTO) {
		sh = detect(js, root, &w);
		if (sh == SH_AUTO)
			return R_UNRECOGNIZED;
	} else {
		sh = x->forced;
		uint32_t inner = sh <= SH_ANTHROPIC ? wrapped_body(js, root) : 0;
		if (inner)
			w = (struct where){.root = root, .body = inner, .wrapped = true};
	}
	*shape = sh;
	uint64_t in, cr = 0, cw = 0, cw1h = 0, out = 0, rsn = 0;
	int rin = as_count(js, lookup(x, js, sh, F_INPUT, &w, NULL), &in);
	if (rin == 0)
		return R_NO_USAGE;
	int bad = rin < 0;
	bad |= as_count(js, lookup(x, js, sh, F_CACHE_READ, &w, NULL), &cr) < 0;
	bad |= as_count(js, lookup(x, js, sh, F_CACHE_WRITE, &w, NULL), &cw) < 0;
	bad |= as_count(js, lookup(x, js, sh, F_CACHE_WRITE_1H, &w, NULL), &cw1h) < 0;
	bad |= as_count(js, lookup(x, js, sh, F_OUTPUT, &w, NULL), &out) < 0;
	bad |= as_count(js, lookup(x, js, sh, F_REASONING, &w, NULL), &rsn) < 0;

	if (!as_string(js, lookup(x, js, sh, F_MODEL, &w, NULL), &rec->model) || !rec->model.n)
		return R_NO_MODEL;
	enum time_conv conv = TC_AUTO;
	int rt = as_time(js, lookup(x, js, sh, F_TIME, &w, &conv), conv, &rec->time);
	if (rt == 0)
		return R_NO_TIMESTAMP;
	if (rt < 0)
		return R_BAD_TIMESTAMP;
	if (bad)
		return R_INVALID_TOKENS;

	bool incl = x->input_includes_cache >= 0 ? x->input_includes_cache : includes_cache[sh];
	if (sh == SH_OTEL && x->otel_input_excludes_cache)
		incl = false; /* the one shape's flag beats the all-shapes one */
	if (incl) {
		if (cr + cw > in)
			return R_INVALID_TOKENS;
		rec->uncached = in - cr - cw;
		rec->input_total = in;
	} else {
		rec->uncached = in;
		rec->input_total = in + cr + cw;
	}
	if (cw1h > cw)
		return R_INVALID_TOKENS;
	if (sh == SH_LANGFUSE) {
		out += rsn; /* Langfuse keeps reasoning apart from output */
	} else if (rsn > out) {
		return R_INVALID_TOKENS;
	}
	rec->cache_read = cr;
	rec->cache_write_1h = cw1h;
	rec->cache_write_5m = cw - cw1h;
	rec->output = out;
	rec->reasoning = rsn;

	if (!as_string(js, lookup(x, js, sh, F_PROVIDER, &w, NULL), &rec->provider))
		rec->provider = (struct strv){default_provider[sh], strlen(default_provider[sh])};
	rec->provider = map_provider(rec->provider);
	as_string(js, lookup(x, js, sh, F_ROUTE, &w, NULL), &rec->route);
	as_string(js, lookup(x, js, sh, F_FEATURE, &w, NULL), &rec->feature);
	as_string(js, lookup(x, js, sh, F_TIER, &w, NULL), &rec->tier);
	struct val hit = lookup(x, js, sh, F_CACHE_HIT, &w, NULL);
	rec->proxy_cache_hit = hit.tok && (js->tok[hit.tok].type == JT_TRUE || str_is(js, hit.tok, "True") ||
					   str_is(js, hit.tok, "true"));
	as_string(js, lookup(x, js, sh, F_REQUEST_ID, &w, NULL), &rec->request_id);
	struct val cost = lookup(x, js, sh, F_COST, &w, NULL);
	if (cost.tok && (js->tok[cost.tok].type == JT_INT || js->tok[cost.tok].type == JT_REAL)) {
		double usd =
			js->tok[cost.tok].type == JT_INT ? (double)js->tok[cost.tok].u.i : jscan_real(js, cost.tok);
		rec->has_logged_cost = usd_to_pico(usd, &rec->logged_cost);
	}
	return R_OK;
}
