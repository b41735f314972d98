/* json: jansson with positioned errors, paths and stable output. */
#include "json.h"
#include "cli.h"
#include "fs.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

json_t *json_parse_buf(const char *buf, size_t len, const char *name, char *err, size_t errlen)
{
	json_error_t je;
	json_t *v = json_loadb(buf, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
	if (!v)
		snprintf(err, errlen, "%s:%d:%d: %s", name, je.line, je.column, je.text);
	return v;
}

json_t *json_parse_file(const char *path, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	if (fs_read_all(path, 0, &buf, &len, err, errlen) != 0)
		return NULL;
	json_t *v = json_parse_buf(buf, len, strcmp(path, "-") ? path : "<stdin>", err, errlen);
	free(buf);
	return v;
}

/* One step of a path: a key (.name or ["name"]) or an index ([N]).
 * Returns the rest of the path, or NULL when malformed. */
static const char *path_step(const char *p, char *key, size_t keycap, long *index, bool *is_index)
{
	*is_index = false;
	if (*p == '.') {
		p++;
		if (*p == '[')
			return path_step(p, key, keycap, index, is_index);
		size_t n = 0;
		while (*p && *p != '.' && *p != '[') {
			if (n + 1 >= keycap)
				return NULL;
			key[n++] = *p++;
		}
		key[n] = '\0';
		return n ? p : NULL;
	}
	if (*p != '[')
		return NULL;
	p++;
	if (*p == '"') {
		size_t n = 0;
		for (p++; *p && *p != '"'; p++) {
			if (*p == '\\' && p[1])
				p++;
			if (n + 1 >= keycap)
				return NULL;
			key[n++] = *p;
		}
		key[n] = '\0';
		if (*p != '"' || p[1] != ']')
			return NULL;
		return p + 2;
	}
	char *end;
	if (!isdigit((unsigned char)*p) && *p != '-')
		return NULL;
	*index = strtol(p, &end, 10);
	if (*end != ']')
		return NULL;
	*is_index = true;
	return end + 1;
}

json_t *json_path_get(json_t *root, const char *path, bool *bad)
{
	char key[512];
	long index;
	bool is_index;
	json_t *cur = root;
	if (bad)
		*bad = false;
	if (!path || (*path != '.' && *path != '[')) {
		if (bad)
			*bad = true;
		return NULL;
	}
	if (strcmp(path, ".") == 0)
		return root;
	const char *p = path;
	while (*p) {
		p = path_step(p, key, sizeof key, &index, &is_index);
		if (!p) {
			if (bad)
				*bad = true;
			return NULL;
		}
		if (!cur)
			continue; /* keep validating the rest of the path */
		if (is_index) {
			size_t n = json_is_array(cur) ? json_array_size(cur) : 0;
			if (index < 0)
				index += (long)n;
			cur = json_is_array(cur) && index >= 0 ? json_array_get(cur, (size_t)index) : NULL;
		} else {
			cur = json_is_object(cur) ? json_object_get(cur, key) : NULL;
		}
	}
	return cur;
}

bool json_path_valid(const char *path)
{
	bool bad;
	json_t *probe = json_null();
	json_path_get(probe, path, &bad);
	return !bad;
}

bool json_truthy(const json_t *v)
{
	return v && !json_is_null(v) && !json_is_false(v);
}

char *json_to_string(const json_t *v, bool pretty)
{
	size_t flags = JSON_ENCODE_ANY | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17);
	flags |= pretty ? JSON_INDENT(2) : JSON_COMPACT;
	char *s = json_dumps(v, flags);
	if (!s)
		die(EXIT_ENV, "out of memory");
	return s;
}

int json_print(FILE *fp, const json_t *v, bool pretty)
{
	char *s = json_to_string(v, pretty);
	int rc = fprintf(fp, "%s\n", s) < 0 ? -1 : 0;
	free(s);
	return rc;
}

const char *json_get_str(const json_t *obj, const char *key, const char *def)
{
	json_t *v = json_object_get(obj, key);
	return json_is_string(v) ? json_string_value(v) : def;
}

long long json_get_int(const json_t *obj, const char *key, long long def)
{
	json_t *v = json_object_get(obj, key);
	return json_is_integer(v) ? json_integer_value(v) : def;
}
