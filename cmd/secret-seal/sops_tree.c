/* sops_tree: allocation and edits of the ordered document tree. */
#include "sops_tree.h"

#include <sodium.h>
#include <string.h>

#include "cli.h"
#include "vec.h"

struct snode *snode_new(enum stype t)
{
	struct snode *n = xcalloc(1, sizeof *n);
	n->t = t;
	return n;
}

struct snode *snode_text(enum stype t, const char *s, size_t len)
{
	struct snode *n = snode_new(t);
	snode_set_text(n, s, len);
	return n;
}

struct snode *snode_float(double f)
{
	struct snode *n = snode_new(ST_FLOAT);
	n->f = f;
	return n;
}

struct snode *snode_bool(bool b)
{
	struct snode *n = snode_new(ST_BOOL);
	n->b = b;
	return n;
}

static void wipe_free(char *s, size_t len)
{
	if (!s)
		return;
	sodium_memzero(s, len);
	free(s);
}

void snode_set_text(struct snode *n, const char *s, size_t len)
{
	char *copy = xmalloc(len + 1);
	memcpy(copy, s, len);
	copy[len] = '\0';
	wipe_free(n->s, n->len);
	n->s = copy;
	n->len = len;
}

void snode_free(struct snode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++) {
		wipe_free(n->items[i].key, n->items[i].klen);
		snode_free(n->items[i].v);
	}
	free(n->items);
	wipe_free(n->s, n->len);
	free(n->sealed);
	sodium_memzero(&n->f, sizeof n->f);
	free(n);
}

struct snode *snode_copy(const struct snode *n)
{
	struct snode *c = snode_new(n->t);
	c->f = n->f;
	c->b = n->b;
	c->line = n->line;
	c->col = n->col;
	if (n->s)
		snode_set_text(c, n->s, n->len);
	for (size_t i = 0; i < n->n; i++)
		snode_push(c, n->items[i].key, n->items[i].klen, snode_copy(n->items[i].v));
	return c;
}

void snode_push(struct snode *parent, const char *key, size_t klen, struct snode *v)
{
	VEC_RESERVE(parent->items, parent->cap, parent->n + 1);
	struct sitem *it = &parent->items[parent->n++];
	it->key = key ? xstrndup(key, klen) : NULL;
	it->klen = key ? klen : 0;
	it->v = v;
}

long snode_find(const struct snode *map, const char *key, size_t klen)
{
	if (!map || map->t != ST_MAP)
		return -1;
	for (size_t i = 0; i < map->n; i++) {
		const struct sitem *it = &map->items[i];
		if (it->key && it->klen == klen && !memcmp(it->key, key, klen))
			return (long)i;
	}
	return -1;
}

struct snode *snode_get(const struct snode *map, const char *key)
{
	long i = snode_find(map, key, strlen(key));
	return i < 0 ? NULL : map->items[i].v;
}

void snode_remove(struct snode *parent, size_t i)
{
	wipe_free(parent->items[i].key, parent->items[i].klen);
	snode_free(parent->items[i].v);
	memmove(&parent->items[i], &parent->items[i + 1], (parent->n - i - 1) * sizeof *parent->items);
	parent->n--;
}

bool snode_is_scalar(const struct snode *n)
{
	return n->t != ST_MAP && n->t != ST_SEQ && n->t != ST_COMMENT;
}

void snode_adopt_sealed(struct snode *to, const struct snode *from)
{
	if (to->t != from->t && !(snode_is_scalar(to) && snode_is_scalar(from)))
		return;
	if (to->t == ST_MAP) {
		size_t fc = 0; /* comments have no key: pair them in order */
		for (size_t i = 0; i < to->n; i++) {
			if (!to->items[i].key) {
				while (fc < from->n && from->items[fc].key)
					fc++;
				if (fc < from->n && from->items[fc].v->sealed && !to->items[i].v->sealed)
					to->items[i].v->sealed = xstrdup(from->items[fc].v->sealed);
				fc++;
				continue;
			}
			long k = snode_find(from, to->items[i].key, to->items[i].klen);
			if (k >= 0)
				snode_adopt_sealed(to->items[i].v, from->items[k].v);
		}
	} else if (to->t == ST_SEQ) {
		for (size_t i = 0; i < to->n && i < from->n; i++)
			snode_adopt_sealed(to->items[i].v, from->items[i].v);
	} else if (from->sealed && !to->sealed) {
		/* Only a hint: sealing re-checks that the plaintext is the same. */
		to->sealed = xstrdup(from->sealed);
	}
}

void sfile_push(struct sfile *f, struct snode *doc)
{
	f->docs = xrealloc(f->docs, (f->n + 1) * sizeof *f->docs);
	f->docs[f->n++] = doc;
}

void sfile_free(struct sfile *f)
{
	for (size_t i = 0; i < f->n; i++)
		snode_free(f->docs[i]);
	free(f->docs);
	f->docs = NULL;
	f->n = 0;
}
