/* rsets: ReplicaSet discovery for undo and history. */
#include "rsets.h"
#include "cli.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>

struct req {
	const char *key;
	char *text;
};

static int by_key(const void *x, const void *y)
{
	const struct req *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	return c ? c : strcmp(a->text, b->text);
}

static int by_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static char *values_list(const json_t *values)
{
	size_t n = json_array_size(values), len = 0;
	const char **v = xcalloc(n + 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		v[i] = json_string_value(json_array_get(values, i));
		if (!v[i]) {
			free(v);
			return NULL;
		}
		len += strlen(v[i]) + 1;
	}
	qsort(v, n, sizeof *v, by_str);
	char *out = xmalloc(len + 1), *p = out;
	*p = '\0';
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s%s", i ? "," : "", v[i]);
	free(v);
	return out;
}

char *selector_string(const json_t *selector)
{
	json_t *ml = json_object_get(selector, "matchLabels"), *me = json_object_get(selector, "matchExpressions");
	size_t n = json_object_size(ml) + json_array_size(me), k = 0;
	struct req *v = xcalloc(n + 1, sizeof *v);
	const char *key;
	json_t *val, *e;
	size_t i;
	bool bad = false;
	json_object_foreach(ml, key, val) {
		v[k].key = key;
		v[k++].text = xasprintf("%s=%s", key, json_is_string(val) ? json_string_value(val) : "");
	}
	json_array_foreach(me, i, e) {
		const char *ek = json_get_str(e, "key", NULL), *op = json_get_str(e, "operator", "");
		char *vals = values_list(json_object_get(e, "values"));
		if (!ek || !vals) {
			free(vals);
			bad = true;
			continue;
		}
		v[k].key = ek;
		if (!strcmp(op, "In"))
			v[k++].text = xasprintf("%s in (%s)", ek, vals);
		else if (!strcmp(op, "NotIn"))
			v[k++].text = xasprintf("%s notin (%s)", ek, vals);
		else if (!strcmp(op, "Exists"))
			v[k++].text = xstrdup(ek);
		else if (!strcmp(op, "DoesNotExist"))
			v[k++].text = xasprintf("!%s", ek);
		else
			bad = true;
		free(vals);
	}
	qsort(v, k, sizeof *v, by_key);
	size_t len = 1;
	for (i = 0; i < k; i++)
		len += strlen(v[i].text) + 1;
	char *out = xmalloc(len), *p = out;
	*p = '\0';
	for (i = 0; i < k; i++) {
		p += sprintf(p, "%s%s", i ? "," : "", v[i].text);
		free(v[i].text);
	}
	free(v);
	if (bad || k == 0) {
		free(out);
		return NULL;
	}
	return out;
}

bool rs_owned_by(const json_t *rs, const char *uid)
{
	json_t *refs = json_object_get(json_object_get(rs, "metadata"), "ownerReferences"), *r;
	size_t i;
	json_array_foreach(refs, i, r) {
		if (json_is_true(json_object_get(r, "controller")) && uid && !strcmp(json_get_str(r, "uid", ""), uid))
			return true;
	}
	return false;
}

long long rs_revision(const json_t *rs)
{
	const char *s = json_get_str(json_object_get(json_object_get(rs, "metadata"), "annotations"),
				     "deployment.kubernetes.io/revision", NULL);
	if (!s)
		return 0; /* kubectl counts a set without the annotation as revision 0 */
	char *end;
	long long v = strtoll(s, &end, 10);
	return *end || end == s || v < 0 ? -1 : v;
}

static int by_revision(const void *x, const void *y)
{
	long long a = rs_revision(*(json_t *const *)x), b = rs_revision(*(json_t *const *)y);
	return a < b ? -1 : a > b;
}

int owned_replicasets(struct app *a, const json_t *dep, json_t **out)
{
	json_t *meta = json_object_get(dep, "metadata");
	const char *name = json_get_str(meta, "name", ""), *uid = json_get_str(meta, "uid", NULL);
	char *sel = selector_string(json_object_get(json_object_get(dep, "spec"), "selector"));
	if (!sel) {
		msg_error("deployment \"%s\" has a selector that cannot be written as a query", name);
		return EXIT_ENV;
	}
	char *esel = url_escape(sel), *ns = url_escape(a->cfg.ns);
	char *path = xasprintf("/apis/apps/v1/namespaces/%s/replicasets?labelSelector=%s", ns, esel);
	free(sel);
	free(esel);
	free(ns);
	struct kresp r;
	int rc = kapi(&a->kc, "GET", path, NULL, NULL, &r);
	free(path);
	if (rc != 0) {
		rc = kapi_fail(&a->kc, &r, "list", "replicasets.apps");
		kresp_free(&r);
		return rc;
	}
	json_t *items = json_object_get(r.body, "items"), *it;
	size_t i, n = 0;
	json_t **v = xcalloc(json_array_size(items) + 1, sizeof *v);
	/* Labels alone would also catch other deployments' sets. */
	json_array_foreach(items, i, it) {
		if (rs_owned_by(it, uid) && rs_revision(it) >= 0)
			v[n++] = it;
	}
	qsort(v, n, sizeof *v, by_revision);
	*out = json_array();
	for (i = 0; i < n; i++)
		json_array_append(*out, v[i]);
	free(v);
	kresp_free(&r);
	return 0;
}

json_t *template_without_hash(const json_t *tmpl)
{
	json_t *t = json_deep_copy(tmpl);
	json_t *labels = json_object_get(json_object_get(t, "metadata"), "labels");
	json_object_del(labels, "pod-template-hash");
	return t;
}

bool templates_equal(const json_t *a, const json_t *b)
{
	json_t *x = template_without_hash(a), *y = template_without_hash(b);
	bool eq = json_equal(x, y);
	json_decref(x);
	json_decref(y);
	return eq;
}
