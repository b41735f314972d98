/* yaml_json: see yaml_json.h. */
#include "yaml_json.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

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
	case YR_NULL:
		return json_null();
	case YR_BOOL:
		return json_boolean(s[0] == 't' || s[0] == 'T');
	case YR_INT:
		return int_to_json(s, n->u.scalar.len);
	case YR_FLOAT: {
		char *end;
		double d = strtod(s, &end);
		if (end != s && *end == '\0' && isfinite(d))
			return json_real(d);
		break; /* .inf, .nan, 1e999: JSON has no such numbers */
	}
	case YR_STR:
		break;
	}
	return json_stringn(s, n->u.scalar.len);
}

json_t *ynode_to_json(const struct ynode *n)
{
	if (!n)
		return json_null();
	switch (n->type) {
	case YN_SCALAR:
		return scalar_to_json(n);
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
