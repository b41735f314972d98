/* yamljson: common/yaml.c's node tree turned into jansson values. */
#include "yamljson.h"
#include "cli.h"
#include "yaml.h"

#include <stdlib.h>
#include <string.h>

static json_t *scalar_to_json(const struct ynode *n)
{
	const char *s = n->u.scalar.str;
	switch (yscalar_resolve(n)) {
	case YR_NULL:
		return json_null();
	case YR_BOOL:
		return json_boolean(s[0] == 't' || s[0] == 'T');
	case YR_INT: {
		char *end;
		long long v = strtoll(s, &end, 0);
		if (*end == '\0')
			return json_integer(v);
		return json_stringn(s, n->u.scalar.len);
	}
	case YR_FLOAT:
		return json_real(strtod(s, NULL));
	case YR_STR:
		break;
	}
	return json_stringn(s, n->u.scalar.len);
}

static json_t *node_to_json(const struct ynode *n)
{
	if (!n)
		return json_null();
	if (n->type == YN_SCALAR)
		return scalar_to_json(n);
	if (n->type == YN_SEQ) {
		json_t *a = json_array();
		for (size_t i = 0; i < n->u.seq.n; i++)
			json_array_append_new(a, node_to_json(n->u.seq.items[i]));
		return a;
	}
	json_t *o = json_object();
	for (size_t i = 0; i < n->u.map.n; i++) {
		const char *k = yscalar(n->u.map.pairs[i].key);
		/* Kubernetes objects only have string keys; others are skipped. */
		if (k)
			json_object_set_new(o, k, node_to_json(n->u.map.pairs[i].value));
	}
	return o;
}

int yaml_to_json_docs(const char *buf, size_t len, const char *name, struct ydocs *out, char *err,
		      size_t errlen)
{
	struct yfile *yf;
	struct yerror ye;
	memset(out, 0, sizeof *out);
	if (yaml_load(buf, len, &yf, &ye) != 0) {
		snprintf(err, errlen, "%s:%d:%d: %s", name, ye.line, ye.col, ye.msg);
		return -1;
	}
	out->docs = xcalloc(yf->ndocs + 1, sizeof *out->docs);
	out->lines = xcalloc(yf->ndocs + 1, sizeof *out->lines);
	for (size_t i = 0; i < yf->ndocs; i++) {
		const struct ynode *root = yf->docs[i].root;
		if (!root || (root->type == YN_SCALAR && yscalar_resolve(root) == YR_NULL))
			continue;
		out->docs[out->n] = node_to_json(root);
		out->lines[out->n] = root->line;
		out->n++;
	}
	yfile_free(yf);
	return 0;
}

void ydocs_free(struct ydocs *d)
{
	for (size_t i = 0; i < d->n; i++)
		json_decref(d->docs[i]);
	free(d->docs);
	free(d->lines);
	memset(d, 0, sizeof *d);
}
