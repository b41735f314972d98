/* strmap: an open-addressing hash map from byte strings to pointers (a set
 * when the values are only markers), and the FNV-1a hash it uses. */
#ifndef AGENTCI_STRMAP_H
#define AGENTCI_STRMAP_H

#include <stddef.h>
#include <stdint.h>

#define FNV1A_BASIS 0xcbf29ce484222325ULL

/* 64-bit FNV-1a of p[0..n), going on from h (FNV1A_BASIS to start).
 * Inline: tokenizer caches hash every piece. */
static inline uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

struct strmap_slot {
	char *key; /* owned copy, NUL-terminated; NULL = empty */
	size_t klen;
	uint64_t hash;
	void *val;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap, n; /* cap is a power of two */
};

void strmap_init(struct strmap *m);
/* free_val is called on every value when not NULL. */
void strmap_free(struct strmap *m, void (*free_val)(void *));
/* The slot of key, or NULL. */
struct strmap_slot *strmap_find(const struct strmap *m, const char *key, size_t klen);
/* The slot of key, created (val NULL) when absent; the key is copied. */
struct strmap_slot *strmap_put(struct strmap *m, const char *key, size_t klen);
/* Slots in insertion-independent storage order; NULL keys are empty. */
#define strmap_each(m, s)                                                             \
	for (struct strmap_slot *s = (m)->slots; s && s < (m)->slots + (m)->cap; s++) \
		if (s->key)

#endif
