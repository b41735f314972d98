/* Differential target: the streaming line scanner against jansson.  Both
 * must accept the same lines, and every value jansson sees must be found by
 * the scanner's look-ups with the same type and value (the last of repeated
 * keys, as jansson keeps it). */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jscan.h"
#include "utf8.h"

static struct jscan js;

static void same(json_t *j, uint32_t t);

static void same_object(json_t *j, uint32_t t)
{
	if (js.tok[t].type != JT_OBJECT)
		abort();
	const char *key;
	size_t klen;
	json_t *v;
	json_object_keylen_foreach(j, key, klen, v) {
		uint32_t m = jscan_get(&js, t, key, klen);
		if (!m)
			abort();
		same(v, m);
	}
	/* No key the scanner sees that jansson does not. */
	for (uint32_t k = t + 1; k < js.tok[t].next; k = js.tok[k + 1].next) {
		size_t n;
		const char *s = jscan_str(&js, k, &n);
		if (!json_object_getn(j, s, n))
			abort();
	}
}

static void same(json_t *j, uint32_t t)
{
	const struct jtok *k = &js.tok[t];
	switch (json_typeof(j)) {
	case JSON_OBJECT: same_object(j, t); break;
	case JSON_ARRAY:
		if (k->type != JT_ARRAY || k->u.n != json_array_size(j))
			abort();
		for (size_t i = 0; i < json_array_size(j); i++)
			same(json_array_get(j, i), jscan_index(&js, t, (uint32_t)i));
		break;
	case JSON_STRING: {
		size_t n;
		if (k->type != JT_STRING)
			abort();
		const char *s = jscan_str(&js, t, &n);
		if (n != json_string_length(j) || memcmp(s, json_string_value(j), n) != 0)
			abort();
		break;
	}
	case JSON_INTEGER:
		if (k->type != JT_INT || k->u.i != json_integer_value(j))
			abort();
		break;
	case JSON_REAL: {
		double a = json_real_value(j), b;
		if (k->type != JT_REAL)
			abort();
		b = jscan_real(&js, t);
		if (memcmp(&a, &b, sizeof a) != 0)
			abort();
		break;
	}
	case JSON_TRUE:
		if (k->type != JT_TRUE)
			abort();
		break;
	case JSON_FALSE:
		if (k->type != JT_FALSE)
			abort();
		break;
	case JSON_NULL:
		if (k->type != JT_NULL)
			abort();
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!js.stack)
		jscan_init(&js);
	json_error_t err;
	json_t *j = json_loadb((const char *)data, size, 0, &err);
	enum jscan_result r = jscan_line(&js, (const char *)data, size);
	if (!j != (r != JS_OK))
		abort();
	if (j) {
		same(j, 0);
		json_decref(j);
	} else if ((r == JS_INVALID_UTF8) != !utf8_valid((const char *)data, size)) {
		abort();
	}
	return 0;
}
