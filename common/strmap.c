/* strmap: see strmap.h.  FNV-1a hashing, linear probing, load kept under
 * one half; maps here hold tens to thousands of keys. */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof *m);
}

void strmap_free(struct strmap *m, void (*free_val)(void *))
{
	strmap_each(m, s) {
		free(s->key);
		if (free_val)
			free_val(s->val);
	}
	free(m->slots);
	memset(m, 0, sizeof *m);
}

static struct strmap_slot *probe(const struct strmap *m, const char *key, size_t klen, uint64_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct strmap_slot *s = &m->slots[i];
		if (!s->key || (s->hash == h && s->klen == klen && memcmp(s->key, key, klen) == 0))
			return s;
	}
}

struct strmap_slot *strmap_find(const struct strmap *m, const char *key, size_t klen)
{
	if (!m->cap)
		return NULL;
	struct strmap_slot *s = probe(m, key, klen, fnv1a(FNV1A_BASIS, key, klen));
	return s->key ? s : NULL;
}

static void grow(struct strmap *m)
{
	struct strmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 16;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	for (size_t i = 0; i < old.cap; i++) {
		if (old.slots[i].key)
			*probe(m, old.slots[i].key, old.slots[i].klen, old.slots[i].hash) = old.slots[i];
	}
	free(old.slots);
}

struct strmap_slot *strmap_put(struct strmap *m, const char *key, size_t klen)
{
	if (2 * (m->n + 1) > m->cap)
		grow(m);
	uint64_t h = fnv1a(FNV1A_BASIS, key, klen);
	struct strmap_slot *s = probe(m, key, klen, h);
	if (!s->key) {
		s->key = xmalloc(klen + 1); /* keys may hold NUL separators */
		memcpy(s->key, key, klen);
		s->key[klen] = '\0';
		s->klen = klen;
		s->hash = h;
		s->val = NULL;
		m->n++;
	}
	return s;
}
