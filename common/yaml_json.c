/* yaml_json: see yaml_json.h. */
#include "yaml_json.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "fs.h"
#include "json.h"

static json_t *int_to_json(const char *s, size_t len)
{
	int base = 10;
	const char *digits = s;
	if (s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
		base = s[1] == 'o' ? 8 : 16;
		digits = s + 2;
	}
	char *end;
	errno = 0;
	long long v = strtoll(digits, &end, base);
	if (end == digits || *end != '\0')
		return json_stringn(s, len); /* tagged !!int, but not a number */
	if (errno == ERANGE && base == 10)
		return json_real(strtod(s, NULL));
	if (errno == ERANGE)
		return json_stringn(s, len);
	return json_integer(v);
}

static json_t *scalar_to_json(const struct ynode *n)
{
	const char *s = n->u.scalar.str;
	switch (yscalar_resolve(n)) {
	case YR_NULL: return json_null();
	case YR_BOOL: return json_boolean(s[0] == 't' || s[0] == 'T');
	case YR_INT: return int_to_json(s, n->u.scalar.len);
	case YR_FLOAT: {
		char *end;
		double d = strtod(s, &end);
		if (end != s && *end == '\0' && isfinite(d))
			return json_real(d);
		break; /* .inf, .nan, 1e999: JSON has no such numbers */
	}
	case YR_STR: break;
	}
	return json_stringn(s, n->u.scalar.len);
}

json_t *ynode_to_json(const struct ynode *n)
{
	if (!n)
		return json_null();
	switch (n->type) {
	case YN_SCALAR: return scalar_to_json(n);
	case YN_SEQ: {
		json_t *a = json_array();
		for (size_t i = 0; i < n->u.seq.n; i++)
			json_array_append_new(a, ynode_to_json(n->u.seq.items[i]));
		return a;
	}
	case YN_MAP: {
		json_t *o = json_object();
		for (size_t i = 0; i < n->u.map.n; i++) {
			const char *k = yscalar(n->u.map.pairs[i].key);
			if (k)
				json_object_set_new(o, k, ynode_to_json(n->u.map.pairs[i].value));
		}
		return o;
	}
	}
	return json_null();
}

json_t *yaml_json_doc(const char *buf, size_t len, const char *name, char *err, size_t errlen)
{
	struct yfile *yf;
	if (yaml_load_named(buf, len, name, &yf, err, errlen) != 0)
		return NULL;
	json_t *j = yf->ndocs && yf->docs[0].root ? ynode_to_json(yf->docs[0].root) : json_object();
	yfile_free(yf);
	return j;
}

json_t *yaml_json_text(const char *buf, size_t len, const char *name, char *err, size_t errlen)
{
	size_t i = 0;
	while (i < len && isspace((unsigned char)buf[i]))
		i++;
	if (i < len && (buf[i] == '{' || buf[i] == '['))
		return json_parse_buf(buf, len, name, err, errlen);
	return yaml_json_doc(buf, len, name, err, errlen);
}

json_t *yaml_json_file(const char *path, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	if (fs_read_all(path, (size_t)64 << 20, &buf, &len, err, errlen) < 0)
		return NULL;
	json_t *j = yaml_json_text(buf, len, path, err, errlen);
	free(buf);
	return j;
}

int yaml_json_stream(const char *buf, size_t len, const char *name, struct yaml_json_docs *out, char *err,
		     size_t errlen)
{
	struct yfile *yf;
	memset(out, 0, sizeof *out);
	if (yaml_load_named(buf, len, name, &yf, err, errlen) != 0)
		return -1;
	out->docs = xcalloc(yf->ndocs + 1, sizeof *out->docs);
	out->lines = xcalloc(yf->ndocs + 1, sizeof *out->lines);
	for (size_t i = 0; i < yf->ndocs; i++) {
		const struct ynode *root = yf->docs[i].root;
		if (!root || (root->type == YN_SCALAR && yscalar_resolve(root) == YR_NULL))
			continue;
		out->docs[out->n] = ynode_to_json(root);
		out->lines[out->n] = root->line;
		out->n++;
	}
	yfile_free(yf);
	return 0;
}

void yaml_json_docs_free(struct yaml_json_docs *d)
{
	for (size_t i = 0; i < d->n; i++)
		json_decref(d->docs[i]);
	free(d->docs);
	free(d->lines);
	memset(d, 0, sizeof *d);
}
