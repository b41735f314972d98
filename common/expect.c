/* expect: the checks are kept in parse order within each kind and judged
 * cheapest first (status, headers, body, JSON, jq), so the reason given is
 * the most basic thing that is wrong and jq only runs on a likely answer. */
#include "expect.h"

#include <ctype.h>
#include <jansson.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "http.h"
#include "json.h"
#include "jqrun.h"

struct range {
	long lo, hi;
};

enum json_op { OP_TRUTHY, OP_EQ, OP_NE };
struct json_check {
	char *path;
	enum json_op op;
	json_t *want;
};

struct header_check {
	char *name;
	char *pattern;
	regex_t re;
};

struct expect {
	struct range *status;
	size_t nstatus;
	struct json_check *json;
	size_t njson;
	char **jq;
	size_t njq;
	regex_t *body;
	char **body_src;
	size_t nbody;
	struct header_check *hdr;
	size_t nhdr;
	int64_t jq_limit_ms;
};

#define GROW(arr, n) ((arr) = xrealloc((arr), ((n) + 1) * sizeof *(arr)))

struct expect *expect_new(void)
{
	struct expect *e = xcalloc(1, sizeof *e);
	e->jq_limit_ms = 10000;
	return e;
}

void expect_free(struct expect *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->njson; i++) {
		free(e->json[i].path);
		json_decref(e->json[i].want);
	}
	for (size_t i = 0; i < e->njq; i++)
		free(e->jq[i]);
	for (size_t i = 0; i < e->nbody; i++) {
		regfree(&e->body[i]);
		free(e->body_src[i]);
	}
	for (size_t i = 0; i < e->nhdr; i++) {
		regfree(&e->hdr[i].re);
		free(e->hdr[i].name);
		free(e->hdr[i].pattern);
	}
	free(e->status);
	free(e->json);
	free(e->jq);
	free(e->body);
	free(e->body_src);
	free(e->hdr);
	free(e);
}

/* ---- status ---------------------------------------------------------- */

static int parse_status_item(const char *s, struct range *r)
{
	if (strlen(s) != 3 || s[0] < '1' || s[0] > '5')
		return -1;
	if (tolower((unsigned char)s[1]) == 'x' && tolower((unsigned char)s[2]) == 'x') {
		r->lo = (s[0] - '0') * 100;
		r->hi = r->lo + 99;
		return 0;
	}
	if (!isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[2]))
		return -1;
	r->lo = r->hi = strtol(s, NULL, 10);
	return 0;
}

int expect_status(struct expect *e, const char *list, char *err, size_t errlen)
{
	size_t n;
	char **items = split_list(list, ",", &n);
	int rc = n ? 0 : -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct range r;
		if (parse_status_item(items[i], &r) < 0) {
			rc = -1;
			break;
		}
		GROW(e->status, e->nstatus);
		e->status[e->nstatus++] = r;
	}
	if (rc < 0)
		snprintf(err, errlen,
			 "--expect-status '%s': not a status list; write codes and classes like 200,204 or 2xx", list);
	strv_free(items);
	return rc;
}

bool expect_status_ok(const struct expect *e, long status)
{
	if (e->nstatus == 0)
		return status >= 200 && status <= 299;
	for (size_t i = 0; i < e->nstatus; i++)
		if (status >= e->status[i].lo && status <= e->status[i].hi)
			return true;
	return false;
}

/* ---- JSON path comparisons ------------------------------------------ */

/* Length of the path at the start of s: up to a blank or an operator
 * character outside brackets and quotes (so ".a>1" is refused as an
 * unknown operator rather than taken as the key "a>1"). */
static size_t path_len(const char *s)
{
	int depth = 0;
	bool quoted = false;
	size_t i;
	for (i = 0; s[i]; i++) {
		char c = s[i];
		if (quoted) {
			if (c == '\\' && s[i + 1])
				i++;
			else if (c == '"')
				quoted = false;
		} else if (c == '"') {
			quoted = true;
		} else if (c == '[') {
			depth++;
		} else if (c == ']') {
			depth--;
		} else if (depth == 0 && (isspace((unsigned char)c) || strchr("=!<>", c))) {
			break;
		}
	}
	return i;
}

static const char *skip_blank(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

int expect_json(struct expect *e, const char *spec, char *err, size_t errlen)
{
	const char *s = skip_blank(spec);
	size_t plen = path_len(s);
	char *path = xstrndup(s, plen);
	const char *rest = skip_blank(s + plen);
	struct json_check c = {path, OP_TRUTHY, NULL};
	if (plen == 0 || path[0] != '.' || !json_path_valid(path)) {
		snprintf(err, errlen,
			 "--expect-json '%s': '%s' is not a path; write it like .status, .checks.db.ok or "
			 ".items[0].state",
			 spec, path);
		free(path);
		return -1;
	}
	if (*rest) {
		if (strncmp(rest, "==", 2) != 0 && strncmp(rest, "!=", 2) != 0) {
			snprintf(err, errlen, "--expect-json '%s': expected == or != after the path, found '%s'", spec,
				 rest);
			free(path);
			return -1;
		}
		c.op = rest[0] == '=' ? OP_EQ : OP_NE;
		char *val = xstrdup(skip_blank(rest + 2));
		size_t vl = strlen(val);
		while (vl && isspace((unsigned char)val[vl - 1]))
			val[--vl] = '\0';
		if (vl == 0) {
			snprintf(err, errlen, "--expect-json '%s': a value is missing after %.2s", spec, rest);
			free(val);
			free(path);
			return -1;
		}
		c.want = json_loads(val, JSON_DECODE_ANY, NULL);
		if (!c.want && (val[0] == '"' || val[0] == '[' || val[0] == '{')) {
			snprintf(err, errlen, "--expect-json '%s': %s is not valid JSON", spec, val);
			free(val);
			free(path);
			return -1;
		}
		if (!c.want)
			c.want = json_string(val); /* a bare word: healthy, ok, ... */
		free(val);
	}
	GROW(e->json, e->njson);
	e->json[e->njson++] = c;
	return 0;
}

static bool same_value(const json_t *a, const json_t *b)
{
	if (json_is_number(a) && json_is_number(b))
		return json_number_value(a) == json_number_value(b);
	return json_equal(a, b);
}

/* A short rendering of a value for a reason line. */
static void show(const json_t *v, char *buf, size_t len)
{
	if (!v) {
		snprintf(buf, len, "absent");
		return;
	}
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (s && strlen(s) > 60)
		snprintf(buf, len, "%.57s...", s);
	else
		snprintf(buf, len, "%s", s ? s : "?");
	free(s);
}

static bool json_check_one(const struct json_check *c, json_t *doc, char *why, size_t whylen)
{
	json_t *v = json_path_get(doc, c->path, NULL);
	char have[72], want[72];
	show(v, have, sizeof have);
	show(c->want, want, sizeof want);
	switch (c->op) {
	case OP_TRUTHY:
		if (json_truthy(v))
			return true;
		snprintf(why, whylen, "json %s is %s, want a true value", c->path, have);
		return false;
	case OP_EQ:
		/* An absent field equals null, as in jq; otherwise presence is required. */
		if (v ? same_value(v, c->want) : json_is_null(c->want))
			return true;
		snprintf(why, whylen, "json %s is %s, want %s", c->path, have, want);
		return false;
	case OP_NE:
		if (v && !same_value(v, c->want))
			return true;
		snprintf(why, whylen, "json %s is %s, want anything but %s", c->path, have, want);
		return false;
	}
	return false;
}

/* ---- jq, regexes ----------------------------------------------------- */

int expect_jq(struct expect *e, const char *expr, char *err, size_t errlen)
{
	char msg[200];
	int rc = jq_compile(expr, msg, sizeof msg);
	if (rc == JQ_NOT_FOUND) {
		snprintf(err, errlen, "--expect-jq needs the jq program, which is not on PATH; install jq");
		return -2;
	}
	if (rc != 0) {
		snprintf(err, errlen, "--expect-jq '%s': %s", expr, msg[0] ? msg : "jq cannot compile this expression");
		return rc < 0 ? -2 : -1;
	}
	GROW(e->jq, e->njq);
	e->jq[e->njq++] = xstrdup(expr);
	return 0;
}

static int compile(regex_t *re, const char *pattern, const char *opt, char *err, size_t errlen)
{
	/* REG_NEWLINE: ^ and $ match at line boundaries, as with grep -E, so a
	 * pattern can pick one line out of a plain-text status page. */
	int rc = regcomp(re, pattern, REG_EXTENDED | REG_NOSUB | REG_NEWLINE);
	if (rc == 0)
		return 0;
	char msg[128];
	regerror(rc, re, msg, sizeof msg);
	snprintf(err, errlen, "%s '%s': %s; write a POSIX extended regular expression", opt, pattern, msg);
	return -1;
}

int expect_body(struct expect *e, const char *regex, char *err, size_t errlen)
{
	GROW(e->body, e->nbody);
	GROW(e->body_src, e->nbody);
	if (compile(&e->body[e->nbody], regex, "--expect-body", err, errlen) < 0)
		return -1;
	e->body_src[e->nbody++] = xstrdup(regex);
	return 0;
}

int expect_header(struct expect *e, const char *spec, char *err, size_t errlen)
{
	const char *colon = strchr(spec, ':');
	size_t nl = colon ? (size_t)(colon - spec) : 0;
	while (nl && isspace((unsigned char)spec[nl - 1]))
		nl--;
	if (!colon || nl == 0 || strcspn(spec, " \t") < nl) {
		snprintf(err, errlen, "--expect-header '%s': write it as 'Name: REGEX' (an empty REGEX means present)",
			 spec);
		return -1;
	}
	struct header_check h = {xstrndup(spec, nl), xstrdup(skip_blank(colon + 1)), {0}};
	if (compile(&h.re, h.pattern, "--expect-header", err, errlen) < 0) {
		free(h.name);
		free(h.pattern);
		return -1;
	}
	GROW(e->hdr, e->nhdr);
	e->hdr[e->nhdr++] = h;
	return 0;
}

static bool regex_match(const regex_t *re, const char *s, size_t len)
{
	regmatch_t m = {0, (regoff_t)len};
	return regexec(re, s, 1, &m, REG_STARTEND) == 0;
}

/* 1 when a header named h->name matches, 0 when present but no value
 * matches, -1 when absent. */
static int header_match(const struct header_check *h, const char *headers)
{
	int found = -1;
	size_t nl = strlen(h->name);
	for (const char *line = headers; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t ll = end ? (size_t)(end - line) : strlen(line);
		if (ll > nl && strncasecmp(line, h->name, nl) == 0 && line[nl] == ':') {
			const char *v = skip_blank(line + nl + 1);
			size_t vl = ll - (size_t)(v - line);
			while (vl && (v[vl - 1] == '\r' || v[vl - 1] == ' ' || v[vl - 1] == '\t'))
				vl--;
			found = 0;
			if (regex_match(&h->re, v, vl))
				return 1;
		}
		line = end ? end + 1 : NULL;
	}
	return found;
}

void expect_jq_limit(struct expect *e, int64_t ms)
{
	e->jq_limit_ms = ms;
}

/* ---- judging --------------------------------------------------------- */

static const char *cut_note(const struct answer *a)
{
	return a->truncated ? " (body cut at --max-body)" : "";
}

static bool blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

static enum expect_result check_jq(const struct expect *e, const struct answer *a, char *why, size_t whylen)
{
	/* jq 1.6 -e exits 0 on empty input, having judged nothing; an empty
	 * answer must not pass for a healthy one (jq 1.7 says 4 here). */
	if (e->njq && (!a->body || blank(a->body, a->len))) {
		snprintf(why, whylen, "jq %s has nothing to judge: the body is empty", e->jq[0]);
		return EXPECT_FAIL;
	}
	for (size_t i = 0; i < e->njq; i++) {
		char msg[160];
		int rc = jq_run(e->jq[i], a->body, a->len, e->jq_limit_ms, msg, sizeof msg);
		if (rc == 0)
			continue;
		if (rc == JQ_NOT_FOUND || rc == JQ_SYS_ERROR) {
			snprintf(why, whylen, "cannot run jq: %s", msg[0] ? msg : "not on PATH");
			return EXPECT_ENV;
		}
		/* jq 1.6 exits 4 on a body it cannot parse as well, so what it
		 * said on stderr, when anything, decides which reason it is. */
		if (rc == 1 && !msg[0])
			snprintf(why, whylen, "jq %s gave false or null", e->jq[i]);
		else if (rc == 4 && !msg[0])
			snprintf(why, whylen, "jq %s gave no output", e->jq[i]);
		else if (rc == JQ_TIMED_OUT)
			snprintf(why, whylen, "jq %s ran too long", e->jq[i]);
		else
			snprintf(why, whylen, "jq %s failed: %s%s", e->jq[i], msg[0] ? msg : "error", cut_note(a));
		return EXPECT_FAIL;
	}
	return EXPECT_PASS;
}

enum expect_result expect_check(const struct expect *e, const struct answer *a, char *why, size_t whylen)
{
	if (!expect_status_ok(e, a->status)) {
		const char *reason = http_reason(a->status);
		snprintf(why, whylen, "%ld%s%s", a->status, *reason ? " " : "", reason);
		return EXPECT_FAIL;
	}
	for (size_t i = 0; i < e->nhdr; i++) {
		int m = header_match(&e->hdr[i], a->headers ? a->headers : "");
		if (m < 0)
			snprintf(why, whylen, "header %s missing", e->hdr[i].name);
		else if (m == 0)
			snprintf(why, whylen, "header %s does not match /%s/", e->hdr[i].name, e->hdr[i].pattern);
		if (m <= 0)
			return EXPECT_FAIL;
	}
	for (size_t i = 0; i < e->nbody; i++) {
		if (!regex_match(&e->body[i], a->body ? a->body : "", a->body ? a->len : 0)) {
			snprintf(why, whylen, "body does not match /%s/%s", e->body_src[i], cut_note(a));
			return EXPECT_FAIL;
		}
	}
	if (e->njson) {
		char perr[200];
		json_t *doc = json_parse_buf(a->body ? a->body : "", a->body ? a->len : 0, "body", perr, sizeof perr);
		if (!doc) {
			snprintf(why, whylen, "body is not JSON: %s%s", perr, cut_note(a));
			return EXPECT_FAIL;
		}
		bool ok = true;
		for (size_t i = 0; i < e->njson && ok; i++)
			ok = json_check_one(&e->json[i], doc, why, whylen);
		json_decref(doc);
		if (!ok)
			return EXPECT_FAIL;
	}
	return check_jq(e, a, why, whylen);
}
