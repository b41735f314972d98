/* jw: the streaming JSON writer, with money printed as exact decimals. */
#include "jw.h"

#include <inttypes.h>
#include <string.h>

void jw_init(struct jw *w, FILE *fp)
{
	memset(w, 0, sizeof *w);
	w->fp = fp;
	w->first[0] = true;
}

static void put_string(FILE *fp, const char *s, size_t n)
{
	fputc('"', fp);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", fp);
		else if (c == '\t')
			fputs("\\t", fp);
		else if (c < 0x20 || c == 0x7f)
			fprintf(fp, "\\u%04x", c);
		else
			fputc(c, fp);
	}
	fputc('"', fp);
}

static void prefix(struct jw *w, const char *key)
{
	if (w->depth) {
		fputs(w->first[w->depth] ? "\n" : ",\n", w->fp);
		w->first[w->depth] = false;
		for (int i = 0; i < w->depth; i++)
			fputs("  ", w->fp);
	}
	if (key) {
		put_string(w->fp, key, strlen(key));
		fputs(": ", w->fp);
	}
}

void jw_begin(struct jw *w, const char *key, bool array)
{
	prefix(w, key);
	fputc(array ? '[' : '{', w->fp);
	if (w->depth + 1 < JW_DEPTH)
		w->first[++w->depth] = true;
}

void jw_end(struct jw *w, bool array)
{
	bool empty = w->first[w->depth];
	w->depth--;
	if (!empty) {
		fputc('\n', w->fp);
		for (int i = 0; i < w->depth; i++)
			fputs("  ", w->fp);
	}
	fputc(array ? ']' : '}', w->fp);
	if (!w->depth)
		fputc('\n', w->fp);
}

void jw_strn(struct jw *w, const char *key, const char *s, size_t n)
{
	prefix(w, key);
	put_string(w->fp, s, n);
}

void jw_str(struct jw *w, const char *key, const char *s)
{
	jw_strn(w, key, s, strlen(s));
}

void jw_u64(struct jw *w, const char *key, uint64_t v)
{
	prefix(w, key);
	fprintf(w->fp, "%" PRIu64, v);
}

void jw_i64(struct jw *w, const char *key, int64_t v)
{
	prefix(w, key);
	fprintf(w->fp, "%" PRId64, v);
}

void jw_money(struct jw *w, const char *key, pico_t v)
{
	char buf[64];
	usd_format(v, buf, sizeof buf);
	jw_raw(w, key, buf);
}

void jw_exact(struct jw *w, const char *key, pico_t v)
{
	char buf[64];
	money_exact(v, buf, sizeof buf);
	jw_str(w, key, buf);
}

void jw_json(struct jw *w, const char *key, const json_t *v)
{
	char buf[32];
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		const char *k;
		json_t *m;
		jw_begin(w, key, false);
		json_object_foreach((json_t *)v, k, m)
			jw_json(w, k, m);
		jw_end(w, false);
		break;
	}
	case JSON_ARRAY:
		jw_begin(w, key, true);
		for (size_t i = 0; i < json_array_size(v); i++)
			jw_json(w, NULL, json_array_get(v, i));
		jw_end(w, true);
		break;
	case JSON_STRING: jw_strn(w, key, json_string_value(v), json_string_length(v)); break;
	case JSON_INTEGER:
		snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		jw_raw(w, key, buf);
		break;
	case JSON_TRUE: jw_raw(w, key, "true"); break;
	case JSON_FALSE: jw_raw(w, key, "false"); break;
	default: jw_null(w, key); break;
	}
}

void jw_bool(struct jw *w, const char *key, bool v)
{
	jw_raw(w, key, v ? "true" : "false");
}

void jw_null(struct jw *w, const char *key)
{
	jw_raw(w, key, "null");
}

void jw_raw(struct jw *w, const char *key, const char *text)
{
	prefix(w, key);
	fputs(text, w->fp);
}
