/* strmap: an open-addressing hash map from byte strings to pointers, for
 * the price index, the name-resolution cache and the report's buckets. */
#ifndef COST_CHECK_STRMAP_H
#define COST_CHECK_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
	char *key;          /* owned copy, NUL-terminated; NULL = empty */
	size_t klen;
	uint64_t hash;
	void *val;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap, n;      /* cap is a power of two */
};

void strmap_init(struct strmap *m);
/* free_val is called on every value when not NULL. */
void strmap_free(struct strmap *m, void (*free_val)(void *));
/* The slot of key, or NULL. */
struct strmap_slot *strmap_find(const struct strmap *m, const char *key, size_t klen);
/* The slot of key, created (val NULL) when absent. */
struct strmap_slot *strmap_put(struct strmap *m, const char *key, size_t klen);
/* Slots in insertion-independent storage order; NULL keys are empty. */
#define strmap_each(m, s) \
	for (struct strmap_slot *s = (m)->slots; s && s < (m)->slots + (m)->cap; s++) \
		if (s->key)

#endif
