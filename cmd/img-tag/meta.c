/* meta: walk the tag entries by priority, each proposing at most one
 * value; the first becomes the version and decides `latest`; then the
 * tags per image and the sorted labels and annotations. */
#include "meta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "collate.h"
#include "jsre.h"
#include "moment.h"
#include "pep440.h"
#include "semver.h"
#include "strbuf.h"
#include "strmap.h"
#include "tpl.h"
#include "warn.h"

struct run {
	const struct meta_in *in;
	struct meta *m;
	struct strmap seen; /* the version and the partials so far */
	bool have_latest;
	char *err;
	size_t errlen;
};

char *sanitize_tag(const char *s)
{
	struct strbuf b = {0};
	bool in_run = false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
			  c == '_' || c == '-';
		if (ok)
			strbuf_addc(&b, (char)c);
		else if (!in_run)
			strbuf_addc(&b, '-');
		in_run = !ok;
	}
	return strbuf_take(&b);
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* ---- template contexts ---------------------------------------------- */

static int date_helper(int64_t ms, const struct tpl_call *c, char **out, char *err, size_t errlen)
{
	if (c->nparams == 0) {
		snprintf(err, errlen, "{{%s}} needs a format, e.g. {{%s 'YYYYMMDD'}}", c->name, c->name);
		return -1;
	}
	const char *tz = "UTC";
	for (size_t i = 0; i < c->nhash; i++) {
		if (strcmp(c->hash[i].key, "tz") != 0) {
			snprintf(err, errlen, "{{%s}}: unknown attribute \"%s\" (only tz)", c->name, c->hash[i].key);
			return -1;
		}
		if (!c->hash[i].val.defined || !*c->hash[i].val.s) {
			snprintf(err, errlen, "{{%s}}: tz needs a quoted zone name, e.g. tz='Europe/Paris'", c->name);
			return -1;
		}
		tz = c->hash[i].val.s;
	}
	struct zoned z;
	char why[256];
	if (zoned_time(ms, tz, &z, why, sizeof why)) {
		/* moment-timezone logs and keeps the time in UTC; so do we. */
		img_warn("{{%s}}: %s; formatting in UTC", c->name, why);
		zoned_time(ms, "UTC", &z, why, sizeof why);
	}
	const char *fmt = c->params[0].defined && *c->params[0].s ? c->params[0].s : NULL;
	*out = moment_format(&z, fmt);
	return 1;
}

static int dates(struct run *r, const struct tpl_call *c, char **out, char *err, size_t errlen)
{
	struct ci_context *ctx = r->in->ctx;
	if (strcmp(c->name, "date") == 0)
		return date_helper(ctx->now_ms, c, out, err, errlen);
	if (strcmp(c->name, "commit_date") == 0)
		return date_helper(commit_date_of(ctx, r->in->repo), c, out, err, errlen);
	return 0;
}

static char *is_default_branch(struct ci_context *ctx)
{
	const char *branch = starts(ctx->ref, "refs/heads/") ? ctx->ref + 11 : ctx->ref;
	if (!*branch)
		return xstrdup("false");
	const char *def = context_default_branch(ctx);
	if (def && strcmp(def, branch) == 0)
		return xstrdup("true");
	/* These events always run on the default branch. */
	static const char *const always[] = {"create", "discussion", "issues", "schedule"};
	for (size_t i = 0; i < 4; i++)
		if (strcmp(ctx->event_name, always[i]) == 0)
			return xstrdup("true");
	return xstrdup("false");
}

/* The short sha, DOCKER_METADATA_SHORT_SHA_LENGTH characters (7 by
 * default).  Like the action, the variable is only checked when a short
 * sha is needed.  0, or -1 with err. */
static int short_sha(const struct run *r, char **out, char *err, size_t errlen)
{
	const char *sha = r->in->ctx->sha, *len_text = r->in->short_sha_length;
	double d = 7;
	if (*sha && len_text && *len_text && js_number(len_text, &d) != 0) {
		snprintf(err, errlen, "DOCKER_METADATA_SHORT_SHA_LENGTH \"%s\" is not a number; set it to e.g. 7",
			 len_text);
		return -1;
	}
	size_t len = strlen(sha), n = d <= 0 ? 0 : d >= (double)len ? len : (size_t)d;
	*out = xstrndup(sha, n);
	return 0;
}

static char *base_ref(const struct ci_context *ctx)
{
	if (starts(ctx->ref, "refs/tags/")) {
		const char *b = json_string_value(json_object_get(ctx->payload, "base_ref"));
		if (b)
			return xstrdup(starts(b, "refs/heads/") ? b + 11 : b);
	}
	if (starts(ctx->ref, "refs/pull/")) {
		json_t *pr = json_object_get(ctx->payload, "pull_request");
		const char *b = json_string_value(json_object_get(json_object_get(pr, "base"), "ref"));
		if (b)
			return xstrdup(b);
	}
	return xstrdup("");
}

/* The global expressions: everything but the version patterns. */
static int global_exp(void *ud, const struct tpl_call *c, char **out, char *err, size_t errlen)
{
	struct run *r = ud;
	struct ci_context *ctx = r->in->ctx;
	if (strcmp(c->name, "branch") == 0)
		*out = xstrdup(starts(ctx->ref, "refs/heads/") ? ctx->ref + 11 : "");
	else if (strcmp(c->name, "tag") == 0)
		*out = xstrdup(starts(ctx->ref, "refs/tags/") ? ctx->ref + 10 : "");
	else if (strcmp(c->name, "sha") == 0)
		return short_sha(r, out, err, errlen) == 0 ? 1 : -1;
	else if (strcmp(c->name, "base_ref") == 0)
		*out = base_ref(ctx);
	else if (strcmp(c->name, "is_default_branch") == 0)
		*out = is_default_branch(ctx);
	else if (strcmp(c->name, "is_not_default_branch") == 0) {
		char *d = is_default_branch(ctx);
		*out = xstrdup(strcmp(d, "true") == 0 ? "false" : "true");
		free(d);
	} else
		return dates(r, c, out, err, errlen);
	return 1;
}

static int schedule_exp(void *ud, const struct tpl_call *c, char **out, char *err, size_t errlen)
{
	return dates(ud, c, out, err, errlen);
}

struct version_exp {
	const char *raw, *version, *major, *minor, *patch, *prerelease, *build;
};

static int version_fields(void *ud, const struct tpl_call *c, char **out, char *err, size_t errlen)
{
	const struct version_exp *v = ud;
	const char *names[] = {"raw", "version", "major", "minor", "patch", "prerelease", "build"};
	const char *vals[] = {v->raw, v->version, v->major, v->minor, v->patch, v->prerelease, v->build};
	for (size_t i = 0; i < 7; i++) {
		if (strcmp(c->name, names[i]) == 0 && vals[i]) {
			*out = xstrdup(vals[i]);
			return i >= 2 && i <= 4 ? 2 : 1; /* major, minor, patch are numbers */
		}
	}
	return 0;
}

/* Render with the global expressions.  An error quotes the tag entry t
 * and names its attribute (what), or, for a label or annotation (t NULL),
 * quotes the entry under the input's name (what). */
static int render(struct run *r, const struct tag_entry *t, const char *what, const char *tpl, char **out)
{
	char why[512];
	if (tpl_render(tpl, global_exp, r, out, why, sizeof why) == 0)
		return 0;
	if (t)
		snprintf(r->err, r->errlen, "tags: \"%s\": %s \"%s\": %s", t->src, what, tpl, why);
	else
		snprintf(r->err, r->errlen, "%s: \"%s\": %s", what, tpl, why);
	return -1;
}

/* ---- version ---------------------------------------------------------- */

static bool auto_or(const struct run *r, bool auto_latest)
{
	const char *l = r->m->flavor.latest;
	return strcmp(l, "auto") == 0 ? auto_latest : strcmp(l, "true") == 0;
}

/* Prefix and suffix from the entry (presence counts, even empty) or the
 * flavor; then the value joins the version. */
static int set_value(struct run *r, const struct tag_entry *t, const char *val, bool auto_latest)
{
	const struct flavor *f = &r->m->flavor;
	const char *pa = tag_attr(t, "prefix"), *sa = tag_attr(t, "suffix");
	const char *p = pa ? pa : f->prefix, *s = sa ? sa : f->suffix;
	char *pre = NULL, *suf = NULL;
	if ((*p && render(r, t, pa ? "prefix" : "flavor prefix", p, &pre)) ||
	    (*s && render(r, t, sa ? "suffix" : "flavor suffix", s, &suf))) {
		free(pre);
		return -1;
	}
	char *full = xasprintf("%s%s%s", pre ? pre : "", val, suf ? suf : "");
	free(pre);
	free(suf);
	if (*full) {
		char *clean = sanitize_tag(full);
		struct meta *m = r->m;
		struct strmap_slot *seen = strmap_put(&r->seen, clean, strlen(clean));
		if (seen->val) {
			free(clean);
		} else {
			seen->val = clean; /* a mark: m owns the string */
			if (!m->version)
				m->version = clean;
			else
				strvec_push(&m->partial, clean);
		}
		if (!r->have_latest) {
			r->have_latest = true;
			m->latest = auto_or(r, auto_latest);
		}
	}
	free(full);
	return 0;
}

/* The string a semver/pep440/match entry works on: its value, or the tag;
 * NULL when the entry does not apply. */
static int version_input(struct run *r, const struct tag_entry *t, char **out)
{
	const char *value = tag_attr(t, "value");
	*out = NULL;
	if (*value)
		return render(r, t, "value", value, out);
	if (starts(r->in->ctx->ref, "refs/tags/"))
		*out = xstrdup(r->in->ctx->ref + 10);
	return 0;
}

/* The match attribute of semver/pep440: group 1 of its first match. */
static int apply_match(struct run *r, const struct tag_entry *t, char **vraw)
{
	const char *re = tag_attr(t, "match");
	if (!*re)
		return 0;
	struct jsre_result res;
	char why[512];
	int rc = jsre_match(re, "", *vraw, &res, why, sizeof why);
	if (rc < 0) {
		snprintf(r->err, r->errlen, "tags: \"%s\": %s", t->src, why);
		return -1;
	}
	if (rc == 0) {
		img_warn("%s does not match %s", re, *vraw);
		return 0;
	}
	const char *g1 = jsre_get(&res, "1");
	if (!g1) {
		snprintf(r->err, r->errlen, "tags: \"%s\": match \"%s\" needs a capture group 1 that matches \"%s\"",
			 t->src, re, *vraw);
		jsre_free(&res);
		return -1;
	}
	free(*vraw);
	*vraw = xstrdup(g1);
	jsre_free(&res);
	return 0;
}

static int render_pattern(struct run *r, const struct tag_entry *t, tpl_resolve_fn fn, void *ud, char **out)
{
	char why[512];
	if (tpl_render(tag_attr(t, "pattern"), fn, ud, out, why, sizeof why) == 0)
		return 0;
	snprintf(r->err, r->errlen, "tags: \"%s\": pattern: %s", t->src, why);
	return -1;
}

static int proc_semver(struct run *r, const struct tag_entry *t, char *vraw)
{
	struct semver sv;
	if (semver_parse(vraw, &sv)) {
		img_warn("%s is not a valid semver: %s", vraw, "see https://semver.org");
		return 0;
	}
	char *version = semver_version(&sv), *val = NULL;
	int rc = 0;
	bool pre = *sv.prerelease != '\0';
	if (pre) {
		val = xstrdup(tpl_is_single(tag_attr(t, "pattern"), "raw") ? vraw : version);
	} else {
		char major[24], minor[24], patch[24];
		snprintf(major, sizeof major, "%llu", (unsigned long long)sv.major);
		snprintf(minor, sizeof minor, "%llu", (unsigned long long)sv.minor);
		snprintf(patch, sizeof patch, "%llu", (unsigned long long)sv.patch);
		/* Arrays render comma-joined in Handlebars. */
		char *build = xstrdup(sv.build);
		for (char *q = build; *q; q++)
			if (*q == '.')
				*q = ',';
		struct version_exp ve = {sv.raw, version, major, minor, patch, "", build};
		rc = render_pattern(r, t, version_fields, &ve, &val);
		free(build);
	}
	if (rc == 0)
		rc = set_value(r, t, val, !pre);
	free(val);
	free(version);
	semver_free(&sv);
	return rc;
}

static int proc_pep440(struct run *r, const struct tag_entry *t, char *vraw)
{
	struct pep440 pv;
	if (pep440_parse(vraw, &pv)) {
		img_warn("%s does not conform to PEP 440: %s", vraw, "see https://peps.python.org/pep-0440/");
		return 0;
	}
	char *version = pep440_normalize(&pv), *val = NULL;
	int rc = 0;
	bool special = pep440_is_special(&pv);
	if (special) {
		val = xstrdup(tpl_is_single(tag_attr(t, "pattern"), "raw") ? vraw : version);
	} else {
		struct version_exp ve = {
			vraw, version, pep440_release(&pv, 0), pep440_release(&pv, 1), pep440_release(&pv, 2),
			NULL, NULL};
		rc = render_pattern(r, t, version_fields, &ve, &val);
	}
	if (rc == 0)
		rc = set_value(r, t, val, !special);
	free(val);
	free(version);
	pep440_free(&pv);
	return rc;
}

static int proc_version(struct run *r, const struct tag_entry *t)
{
	char *vraw;
	if (version_input(r, t, &vraw))
		return -1;
	if (!vraw)
		return 0;
	int rc = apply_match(r, t, &vraw);
	for (char *q = vraw; rc == 0 && *q; q++)
		if (*q == '/')
			*q = '-';
	if (rc == 0)
		rc = t->type == TT_SEMVER ? proc_semver(r, t, vraw) : proc_pep440(r, t, vraw);
	free(vraw);
	return rc;
}

static int proc_match(struct run *r, const struct tag_entry *t)
{
	char *vraw;
	if (version_input(r, t, &vraw))
		return -1;
	if (!vraw)
		return 0;
	const char *pat = tag_attr(t, "pattern");
	char *body = NULL, *flags = NULL;
	/* "/body/flags" is a regex literal; anything else is the body. */
	const char *last = strrchr(pat, '/');
	if (pat[0] == '/' && last && last > pat + 1) {
		body = xstrndup(pat + 1, (size_t)(last - pat - 1));
		flags = xstrdup(last + 1);
	} else {
		body = xstrdup(pat);
		flags = xstrdup("");
	}
	struct jsre_result res;
	char why[512];
	int rc = jsre_match(body, flags, vraw, &res, why, sizeof why);
	free(body);
	free(flags);
	if (rc < 0) {
		snprintf(r->err, r->errlen, "tags: \"%s\": %s", t->src, why);
		free(vraw);
		return -1;
	}
	if (rc == 0) {
		img_warn("%s does not match %s", pat, vraw);
		free(vraw);
		return 0;
	}
	const char *val = jsre_get(&res, tag_attr(t, "group"));
	rc = 0;
	if (!val)
		img_warn("group %s does not exist in the match of %s", tag_attr(t, "group"), vraw);
	else
		rc = set_value(r, t, val, true);
	jsre_free(&res);
	free(vraw);
	return rc;
}

static int proc_tag(struct run *r, const struct tag_entry *t)
{
	const struct ci_context *ctx = r->in->ctx;
	const char *ref = ctx->ref;
	switch (t->type) {
	case TT_SCHEDULE: {
		if (!event_is(ctx, "schedule"))
			return 0;
		char *val;
		if (render_pattern(r, t, schedule_exp, r, &val))
			return -1;
		int rc = set_value(r, t, val, false);
		free(val);
		return rc;
	}
	case TT_SEMVER:
	case TT_PEP440: return proc_version(r, t);
	case TT_MATCH: return proc_match(r, t);
	case TT_EDGE: {
		if (!starts(ref, "refs/heads/"))
			return 0;
		const char *branch = *tag_attr(t, "branch")        ? tag_attr(t, "branch")
				     : r->in->repo->default_branch ? r->in->repo->default_branch
								   : context_default_branch(r->in->ctx);
		if (!branch || strcmp(branch, ref + 11) != 0)
			return 0;
		return set_value(r, t, "edge", false);
	}
	case TT_REF: {
		const char *ev = tag_attr(t, "event");
		if (strcmp(ev, "branch") == 0 && starts(ref, "refs/heads/"))
			return set_value(r, t, ref + 11, false);
		if (strcmp(ev, "tag") == 0 && starts(ref, "refs/tags/"))
			return set_value(r, t, ref + 10, true);
		if (strcmp(ev, "pr") == 0 && starts(ref, "refs/pull/")) {
			char *v = xstrdup(ref + 10);
			size_t n = strlen(v);
			if (n >= 6 && strcmp(v + n - 6, "/merge") == 0)
				v[n - 6] = '\0';
			int rc = set_value(r, t, v, false);
			free(v);
			return rc;
		}
		return 0;
	}
	case TT_RAW: {
		char *val;
		if (render(r, t, "value", tag_attr(t, "value"), &val))
			return -1;
		int rc = set_value(r, t, val, false);
		free(val);
		return rc;
	}
	case TT_SHA: {
		if (!*ctx->sha)
			return 0;
		char *val = NULL;
		if (strcmp(tag_attr(t, "format"), "short") != 0)
			val = xstrdup(ctx->sha);
		else if (short_sha(r, &val, r->err, r->errlen))
			return -1;
		int rc = set_value(r, t, val, false);
		free(val);
		return rc;
	}
	}
	return 0;
}

/* ---- outputs ---------------------------------------------------------- */

static void build_tags(struct meta *m)
{
	if (!m->version)
		return;
	struct strvec names = {0};
	strvec_push(&names, xstrdup(m->version));
	for (size_t i = 0; i < m->partial.n; i++)
		strvec_push(&names, xstrdup(m->partial.v[i]));
	if (m->latest) {
		/* The flavor's prefix and suffix as written: not rendered here. */
		const struct flavor *f = &m->flavor;
		char *l = xasprintf("%slatest%s", f->prefix_latest ? f->prefix : "", f->suffix_latest ? f->suffix : "");
		strvec_push(&names, sanitize_tag(l));
		free(l);
	}
	for (size_t i = 0; i < names.n; i++)
		strvec_push(&m->tag_names, xstrdup(names.v[i]));
	if (m->enabled_images.n == 0) {
		for (size_t i = 0; i < names.n; i++)
			strvec_push(&m->tags, xstrdup(names.v[i]));
	}
	for (size_t k = 0; k < m->enabled_images.n; k++)
		for (size_t i = 0; i < names.n; i++)
			strvec_push(&m->tags, xasprintf("%s:%s", m->enabled_images.v[k], names.v[i]));
	strvec_free(&names);
}

struct kv {
	char *key, *val;
	size_t order; /* first-seen position, for a stable sort */
};

static int kv_cmp(const void *a, const void *b)
{
	const struct kv *x = a, *y = b;
	int c = collate_cmp(x->key, y->key);
	/* Equal under collation: keep the first-seen order (a stable sort). */
	return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* The 8 OCI defaults, then the rendered custom entries; entries without
 * '=' dropped, the last value of a key kept, sorted by localeCompare. */
static int oci_entries(struct run *r, const struct strvec *extra, const char *what, struct strvec *out)
{
	const struct repo_info *repo = r->in->repo;
	const struct ci_context *ctx = r->in->ctx;
	char created[40];
	{
		struct zoned z;
		char why[128];
		zoned_time(ctx->now_ms, "UTC", &z, why, sizeof why);
		char *c = moment_format(&z, "YYYY-MM-DDTHH:mm:ss.SSS[Z]");
		snprintf(created, sizeof created, "%s", c);
		free(c);
	}
	struct strvec all = {0};
	strvec_push(&all, xasprintf("org.opencontainers.image.title=%s", repo->name ? repo->name : ""));
	strvec_push(&all,
		    xasprintf("org.opencontainers.image.description=%s", repo->description ? repo->description : ""));
	strvec_push(&all, xasprintf("org.opencontainers.image.url=%s", repo->url ? repo->url : ""));
	strvec_push(&all, xasprintf("org.opencontainers.image.source=%s", repo->url ? repo->url : ""));
	strvec_push(&all, xasprintf("org.opencontainers.image.version=%s", r->m->version ? r->m->version : ""));
	strvec_push(&all, xasprintf("org.opencontainers.image.created=%s", created));
	strvec_push(&all, xasprintf("org.opencontainers.image.revision=%s", ctx->sha));
	strvec_push(&all, xasprintf("org.opencontainers.image.licenses=%s", repo->license ? repo->license : ""));
	for (size_t i = 0; i < extra->n; i++) {
		char *v;
		if (render(r, NULL, what, extra->v[i], &v)) {
			strvec_free(&all);
			return -1;
		}
		strvec_push(&all, v);
	}
	struct kv *kvs = xcalloc(all.n + 1, sizeof *kvs);
	size_t n = 0;
	for (size_t i = 0; i < all.n; i++) {
		char *eq = strchr(all.v[i], '=');
		if (!eq)
			continue;
		char *key = xstrndup(all.v[i], (size_t)(eq - all.v[i]));
		size_t k = 0;
		while (k < n && strcmp(kvs[k].key, key) != 0)
			k++;
		if (k < n) {
			free(key);
			free(kvs[k].val);
		} else {
			kvs[n].order = n;
			kvs[n++].key = key;
		}
		kvs[k].val = xstrdup(eq + 1);
	}
	qsort(kvs, n, sizeof *kvs, kv_cmp);
	for (size_t i = 0; i < n; i++) {
		strvec_push(out, xasprintf("%s=%s", kvs[i].key, kvs[i].val));
		free(kvs[i].key);
		free(kvs[i].val);
	}
	free(kvs);
	strvec_free(&all);
	return 0;
}

static int build_annotations(struct run *r, struct meta *m)
{
	struct strvec list = {0};
	if (oci_entries(r, &r->in->annotations, "annotations", &list))
		return -1;
	const char *levels = r->in->levels && *r->in->levels ? r->in->levels : "manifest";
	size_t nl;
	char **lv = split_list(levels, ",", &nl);
	for (size_t i = 0; i < nl; i++)
		for (size_t k = 0; k < list.n; k++)
			strvec_push(&m->annotations, xasprintf("%s:%s", lv[i], list.v[k]));
	strv_free(lv);
	strvec_free(&list);
	return 0;
}

int meta_compute(const struct meta_in *in, struct meta *m, char *err, size_t errlen)
{
	memset(m, 0, sizeof *m);
	struct run r = {.in = in, .m = m, .err = err, .errlen = errlen};
	struct tag_entry *tags = NULL;
	size_t ntags = 0;
	if (images_parse(&in->images, &m->images, &m->nimages, err, errlen))
		goto fail;
	for (size_t i = 0; i < m->nimages; i++)
		if (m->images[i].enable)
			strvec_push(&m->enabled_images, xstrdup(m->images[i].name));
	if (flavor_parse(&in->flavor, &m->flavor, err, errlen) || tags_parse_all(&in->tags, &tags, &ntags, err, errlen))
		goto fail;
	int rc = 0;
	for (size_t i = 0; i < ntags && rc == 0; i++) {
		char *enable;
		if ((rc = render(&r, &tags[i], "enable", tag_attr(&tags[i], "enable"), &enable)))
			break;
		if (strcmp(enable, "true") != 0 && strcmp(enable, "false") != 0) {
			snprintf(err, errlen,
				 "tags: \"%s\": enable is \"%s\"; it must render to true or false (lower case)",
				 tags[i].src, enable);
			rc = -1;
		} else if (strcmp(enable, "true") == 0) {
			rc = proc_tag(&r, &tags[i]);
		}
		free(enable);
	}
	tags_free(tags, ntags);
	free(tags);
	strmap_free(&r.seen, NULL);
	if (rc)
		goto fail;
	if (!m->version)
		img_warn("no tag generated: check the tags input and the context (ref \"%s\")", in->ctx->ref);
	build_tags(m);
	if (oci_entries(&r, &in->labels, "labels", &m->labels) || build_annotations(&r, m))
		goto fail;
	return 0;
fail:
	/* Nothing half-computed is handed back. */
	meta_free(m);
	return -1;
}

void meta_free(struct meta *m)
{
	images_free(m->images, m->nimages);
	flavor_free(&m->flavor);
	free(m->version);
	strvec_free(&m->partial);
	strvec_free(&m->tags);
	strvec_free(&m->tag_names);
	strvec_free(&m->labels);
	strvec_free(&m->annotations);
	strvec_free(&m->enabled_images);
	memset(m, 0, sizeof *m);
}
