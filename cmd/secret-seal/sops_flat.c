/* sops_flat: the metadata flattened into one level of keys. */
#include "sops_flat.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

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
		struct snode *c =
			v->t == ST_BOOL ? snode_text(ST_STR, v->b ? "true" : "false", v->b ? 4 : 5) : snode_copy(v);
		snode_push(doc, prefix, strlen(prefix), c);
	}
}

void flat_meta_put(struct snode *doc, const struct snode *meta, const char *prefix)
{
	for (size_t i = 0; i < meta->n; i++) {
		char *k = xasprintf("%s%s", prefix, meta->items[i].key);
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

struct snode *flat_meta_take(struct snode *doc, const char *prefix)
{
	struct snode *meta = NULL;
	size_t plen = strlen(prefix);
	for (size_t i = 0; i < doc->n;) {
		struct sitem *it = &doc->items[i];
		if (!it->key || it->klen <= plen || memcmp(it->key, prefix, plen)) {
			i++;
			continue;
		}
		if (!meta)
			meta = snode_new(ST_MAP);
		bool bad = false;
		struct snode *cur = meta;
		const char *p = it->key + plen, *end = it->key + it->klen;
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
