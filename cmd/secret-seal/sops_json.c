/* sops_json: the JSON store: jansson in, a small writer out.
 * jansson cannot indent with tabs nor escape like Go. */
#include "sops_json.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

#include "cli.h"
#include "sops_float.h"

struct snode *sops_json_value(json_t *v)
{
	struct snode *n;
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		n = snode_new(ST_MAP);
		/* the iterator keeps the file's key order and keys with NULs */
		for (void *it = json_object_iter(v); it; it = json_object_iter_next(v, it))
			snode_push(n, json_object_iter_key(it), json_object_iter_key_len(it),
				   sops_json_value(json_object_iter_value(it)));
		return n;
	}
	case JSON_ARRAY: {
		n = snode_new(ST_SEQ);
		for (size_t i = 0; i < json_array_size(v); i++)
			snode_push(n, NULL, 0, sops_json_value(json_array_get(v, i)));
		return n;
	}
	case JSON_STRING: return snode_text(ST_STR, json_string_value(v), json_string_length(v));
	case JSON_INTEGER: {
		char buf[32];
		int k = snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return snode_text(ST_INT, buf, (size_t)k);
	}
	case JSON_REAL: return snode_float(json_real_value(v));
	case JSON_TRUE: return snode_bool(true);
	case JSON_FALSE: return snode_bool(false);
	default: return snode_new(ST_NULL);
	}
}

void sops_json_error(const json_error_t *je, char *out, size_t cap)
{
	const char *near = strstr(je->text, " near ");
	size_t n = near ? (size_t)(near - je->text) : strlen(je->text);
	snprintf(out, cap, "%.*s", (int)n, je->text);
}

int sops_json_load(const char *buf, size_t len, const char *name, struct sfile *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	json_error_t je;
	/* duplicate keys are refused: which one would a reader believe? */
	json_t *v = json_loadb(buf, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
	if (!v) {
		char what[JSON_ERROR_TEXT_LENGTH];
		sops_json_error(&je, what, sizeof what);
		snprintf(err, errlen, "%s:%d:%d: %s", name, je.line, je.column, what);
		return -1;
	}
	if (!json_is_object(v)) {
		snprintf(err, errlen, "%s:1:1: the top level must be an object (as sops requires)", name);
		json_decref(v);
		return -1;
	}
	sfile_push(out, sops_json_value(v));
	json_decref(v);
	return 0;
}

/* Go's encoding/json escaping (HTML-safe, as json.Marshal does). */
static void go_json_string(FILE *fp, const char *s, size_t len)
{
	fputc('"', fp);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\t': fputs("\\t", fp); break;
		case '<':
		case '>':
		case '&': fprintf(fp, "\\u%04x", c); break;
		default:
			if (c < 0x20)
				fprintf(fp, "\\u%04x", c);
			else if (c == 0xe2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
				 ((unsigned char)s[i + 2] == 0xa8 || (unsigned char)s[i + 2] == 0xa9)) {
				fprintf(fp, "\\u202%c", s[i + 2] == (char)0xa8 ? '8' : '9');
				i += 2;
			} else
				fputc(c, fp);
		}
	}
	fputc('"', fp);
}

static void pad(FILE *fp, int indent, int level)
{
	for (int i = 0; i < level; i++) {
		if (indent < 0)
			fputc('\t', fp);
		else
			for (int j = 0; j < indent; j++)
				fputc(' ', fp);
	}
}

static int emit(FILE *fp, const struct snode *n, int indent, int level, char *err, size_t errlen)
{
	char buf[GOFLOAT_MAX];
	switch (n->t) {
	case ST_MAP:
	case ST_SEQ: {
		bool map = n->t == ST_MAP, any = false;
		fputc(map ? '{' : '[', fp);
		for (size_t i = 0; i < n->n; i++) {
			const struct sitem *it = &n->items[i];
			if (it->v->t == ST_COMMENT)
				continue; /* JSON has no comments */
			fputs(any ? ",\n" : "\n", fp);
			any = true;
			pad(fp, indent, level + 1);
			if (map) {
				go_json_string(fp, it->key, it->klen);
				fputs(": ", fp);
			}
			if (emit(fp, it->v, indent, level + 1, err, errlen))
				return -1;
		}
		if (any) {
			fputc('\n', fp);
			pad(fp, indent, level);
		}
		fputc(map ? '}' : ']', fp);
		return 0;
	}
	case ST_STR:
	case ST_BYTES:
	case ST_TIME:
	case ST_COMMENT: go_json_string(fp, n->s, n->len); return 0;
	case ST_INT: fputs(n->s, fp); return 0;
	case ST_FLOAT:
		if (!isfinite(n->f)) {
			snprintf(err, errlen, "a non-finite number (inf, nan) has no JSON form");
			return -1;
		}
		gofloat_format(n->f, GOF_JSON, buf, sizeof buf);
		fputs(buf, fp);
		return 0;
	case ST_BOOL: fputs(n->b ? "true" : "false", fp); return 0;
	default: fputs("null", fp); return 0;
	}
}

int sops_json_emit(FILE *fp, const struct snode *n, int indent, char *err, size_t errlen)
{
	if (emit(fp, n, indent, 0, err, errlen))
		return -1;
	fputc('\n', fp);
	return 0;
}
