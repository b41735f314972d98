/* dotenv: flat KEY=value files. */
#include "dotenv.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
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

int dotenv_load(const char *buf, size_t len, const char *name, struct sfile *out, char *err,
		size_t errlen)
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
			snprintf(err, errlen, "'%.*s' holds a nested value, which dotenv cannot store; use yaml or json",
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

static void flatten(struct snode *doc, const char *prefix, const struct snode *v)
{
	if (v->t == ST_MAP) {
		for (size_t i = 0; i < v->n; i++) {
			if (!v->items[i].key)
				continue;
			char *k = xasprintf("%s__map_%s", prefix, v->items[i].key);
			flatten(doc, k, v->items[i].v);
			free(k);
		}
	} else if (v->t == ST_SEQ) {
		for (size_t i = 0; i < v->n; i++) {
			char *k = xasprintf("%s__list_%zu", prefix, i);
			flatten(doc, k, v->items[i].v);
			free(k);
		}
	} else if (v->t != ST_COMMENT && v->t != ST_NULL) {
		struct snode *c = v->t == ST_BOOL ? snode_text(ST_STR, v->b ? "true" : "false", v->b ? 4 : 5)
						  : snode_copy(v);
		snode_push(doc, prefix, strlen(prefix), c);
	}
}

void dotenv_meta_flatten(struct snode *doc, const struct snode *meta)
{
	for (size_t i = 0; i < meta->n; i++) {
		char *k = xasprintf("sops_%s", meta->items[i].key);
		flatten(doc, k, meta->items[i].v);
		free(k);
	}
}

/* Walk one "__map_x" / "__list_N" step down from parent, creating it. */
static struct snode *step(struct snode *parent, const char *seg, size_t n, bool last, bool *bad)
{
	if (parent->t != ST_MAP && parent->t != ST_SEQ) {
		*bad = true;
		return NULL;
	}
	const char *key = seg;
	size_t klen = n;
	if (n > 4 && !memcmp(seg, "map_", 4))
		key = seg + 4, klen = n - 4;
	else if (n > 5 && !memcmp(seg, "list_", 5))
		key = seg + 5, klen = n - 5;
	long i = -1;
	if (parent->t == ST_SEQ) {
		char *end;
		unsigned long idx = strtoul(key, &end, 10);
		if (end != key + klen || idx > parent->n) {
			*bad = true;
			return NULL;
		}
		if (idx < parent->n)
			i = (long)idx;
	} else {
		i = snode_find(parent, key, klen);
	}
	if (i >= 0)
		return parent->items[i].v;
	/* the next segment's kind tells what to create */
	struct snode *c = snode_new(last ? ST_NULL : ST_MAP);
	snode_push(parent, parent->t == ST_MAP ? key : NULL, klen, c);
	return c;
}

struct snode *dotenv_meta_unflatten(struct snode *doc)
{
	struct snode *meta = NULL;
	for (size_t i = 0; i < doc->n;) {
		struct sitem *it = &doc->items[i];
		if (!it->key || it->klen < 5 || memcmp(it->key, "sops_", 5)) {
			i++;
			continue;
		}
		if (!meta)
			meta = snode_new(ST_MAP);
		bool bad = false;
		struct snode *cur = meta;
		const char *p = it->key + 5, *end = it->key + it->klen;
		while (!bad) {
			const char *sep = strstr(p, "__");
			const char *e = sep && sep < end ? sep : end;
			bool last = e == end;
			struct snode *next = step(cur, p, (size_t)(e - p), last, &bad);
			if (bad)
				break;
			if (!last) {
				/* a map or a list comes next, as the segment says */
				bool list = !strncmp(e + 2, "list_", 5);
				if (next->t == ST_MAP && next->n == 0 && list)
					next->t = ST_SEQ;
				cur = next;
				p = e + 2;
				continue;
			}
			next->t = ST_STR;
			snode_set_text(next, it->v->s ? it->v->s : "", it->v->len);
			break;
		}
		snode_remove(doc, i);
	}
	return meta;
}
