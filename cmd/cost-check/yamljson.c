/* yamljson: see yamljson.h. */
#include "yamljson.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "fs.h"
#include "json.h"
#include "yaml.h"

static json_t *scalar(const struct ynode *n)
{
	const char *s = n->u.scalar.str;
	char *end;
	switch (yscalar_resolve(n)) {
	case YR_NULL:
		return json_null();
	case YR_BOOL:
		return json_boolean(s[0] == 't' || s[0] == 'T');
	case YR_INT: {
		/* YAML 1.2: decimal (a leading 0 is still decimal), 0o octal, 0x hex. */
		int base = 10;
		const char *digits = s;
		if (s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
			base = s[1] == 'o' ? 8 : 16;
			digits = s + 2;
		}
		errno = 0;
		long long v = strtoll(digits, &end, base);
		if (!errno && !*end)
			return json_integer(v);
		return json_real(strtod(s, NULL));
	}
	case YR_FLOAT: {
		/* .inf and .nan are no price: they become null and are ignored. */
		double d = strtod(s, &end);
		return *end ? json_null() : json_real(d);
	}
	default:
		return json_stringn(s, n->u.scalar.len);
	}
}

static json_t *convert(const struct ynode *n)
{
	if (!n)
		return json_null();
	switch (n->type) {
	case YN_SCALAR:
		return scalar(n);
	case YN_SEQ: {
		json_t *a = json_array();
		for (size_t i = 0; i < n->u.seq.n; i++)
			json_array_append_new(a, convert(n->u.seq.items[i]));
		return a;
	}
	case YN_MAP: {
		json_t *o = json_object();
		for (size_t i = 0; i < n->u.map.n; i++) {
			const char *k = yscalar(n->u.map.pairs[i].key);
			if (k)
				json_object_set_new(o, k, convert(n->u.map.pairs[i].value));
		}
		return o;
	}
	}
	return json_null();
}

json_t *yaml_text_to_json(const char *buf, size_t len, const char *name, char *err, size_t errlen)
{
	struct yfile *yf;
	struct yerror ye;
	if (yaml_load(buf, len, &yf, &ye) < 0) {
		snprintf(err, errlen, "%s:%d:%d: %s", name, ye.line, ye.col, ye.msg);
		return NULL;
	}
	json_t *j = yf->ndocs && yf->docs[0].root ? convert(yf->docs[0].root) : json_object();
	yfile_free(yf);
	return j;
}

json_t *text_to_json(const char *buf, size_t len, const char *name, char *err, size_t errlen)
{
	size_t i = 0;
	while (i < len && isspace((unsigned char)buf[i]))
		i++;
	if (i < len && (buf[i] == '{' || buf[i] == '['))
		return json_parse_buf(buf, len, name, err, errlen);
	return yaml_text_to_json(buf, len, name, err, errlen);
}

json_t *file_to_json(const char *path, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	if (fs_read_all(path, (size_t)64 << 20, &buf, &len, err, errlen) < 0)
		return NULL;
	json_t *j = text_to_json(buf, len, path, err, errlen);
	free(buf);
	return j;
}
