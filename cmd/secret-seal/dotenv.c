/* dotenv: flat KEY=value files. */
#include "dotenv.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sops_flat.h"
#include "sops_float.h"

/* "\n" (two characters) -> newline, as sops loads values. */
static char *unescape(const char *s, size_t len, size_t *out)
{
	char *r = xmalloc(len + 1);
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len && s[i + 1] == 'n') {
			r[k++] = '\n';
			i++;
		} else
			r[k++] = s[i];
	}
	r[k] = '\0';
	*out = k;
	return r;
}

int dotenv_load(const char *buf, size_t len, const char *name, struct sfile *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	struct snode *doc = snode_new(ST_MAP);
	size_t i = 0;
	int line = 0;
	while (i < len) {
		size_t e = i;
		while (e < len && buf[e] != '\n')
			e++;
		line++;
		const char *s = buf + i;
		size_t n = e - i;
		i = e + 1;
		if (n == 0)
			continue;
		struct snode *v;
		if (s[0] == '#') {
			v = snode_text(ST_COMMENT, s + 1, n - 1);
			v->line = line;
			snode_push(doc, NULL, 0, v);
			continue;
		}
		const char *eq = memchr(s, '=', n);
		if (!eq || eq == s) {
			snprintf(err, errlen, "%s:%d:1: %s; dotenv lines are KEY=value", name, line,
				 eq ? "empty key" : "no '=' on this line");
			snode_free(doc);
			return -1;
		}
		size_t vlen;
		char *val = unescape(eq + 1, n - (size_t)(eq + 1 - s), &vlen);
		v = snode_text(ST_STR, val, vlen);
		free(val);
		v->line = line;
		v->col = (int)(eq - s) + 2;
		snode_push(doc, s, (size_t)(eq - s), v);
	}
	sfile_push(out, doc);
	return 0;
}

static void put_value(FILE *fp, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			fputs("\\n", fp);
		else
			fputc(s[i], fp);
	}
}

int dotenv_emit(FILE *fp, const struct snode *map, char *err, size_t errlen)
{
	char buf[GOFLOAT_MAX];
	for (size_t i = 0; i < map->n; i++) {
		const struct sitem *it = &map->items[i];
		const struct snode *v = it->v;
		if (v->t == ST_COMMENT) {
			fputc('#', fp);
			fwrite(v->s, 1, v->len, fp);
			fputc('\n', fp);
			continue;
		}
		if (v->t == ST_MAP || v->t == ST_SEQ) {
			snprintf(err, errlen,
				 "'%.*s' holds a nested value, which dotenv cannot store; use yaml or json",
				 (int)it->klen, it->key);
			return -1;
		}
		fwrite(it->key, 1, it->klen, fp);
		fputc('=', fp);
		switch (v->t) {
		case ST_BOOL: fputs(v->b ? "true" : "false", fp); break;
		case ST_FLOAT:
			gofloat_format(v->f, GOF_PLAIN, buf, sizeof buf);
			fputs(buf, fp);
			break;
		case ST_NULL: break;
		default: put_value(fp, v->s, v->len);
		}
		fputc('\n', fp);
	}
	return 0;
}

static int cmp_items(const void *a, const void *b)
{
	return strcmp(((const struct sitem *)a)->key, ((const struct sitem *)b)->key);
}

/* sops writes the flattened keys sorted, the fields inside an entry too
 * (a kms entry's aws_profile before its context). */
void dotenv_meta_flatten(struct snode *doc, const struct snode *meta)
{
	size_t first = doc->n;
	flat_meta_put(doc, meta, "sops_");
	qsort(doc->items + first, doc->n - first, sizeof *doc->items, cmp_items);
}

struct snode *dotenv_meta_unflatten(struct snode *doc)
{
	return flat_meta_take(doc, "sops_");
}
