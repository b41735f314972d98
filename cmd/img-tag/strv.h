/* strv: a growing vector of owned strings, the shape of every list img-tag
 * handles (entries, tags, labels). */
#ifndef IMG_TAG_STRV_H
#define IMG_TAG_STRV_H

#include <stdbool.h>
#include <stddef.h>

struct strv {
	char **v;
	size_t n, cap;
};

/* Append s, taking ownership. */
void sv_push(struct strv *sv, char *s);
/* Append a copy of s (n bytes). */
void sv_pushn(struct strv *sv, const char *s, size_t n);
/* Items joined with sep; malloc'd ("" for none). */
char *sv_join(const struct strv *sv, const char *sep);
void sv_free(struct strv *sv);

/* A set of strings by hash (open addressing); the strings are not copied
 * and must outlive the set. */
struct sset {
	const char **slot;
	size_t cap, n;
};
/* Add s; false when an equal string is already in the set. */
bool sset_add(struct sset *set, const char *s);
void sset_free(struct sset *set);

/* A growing byte buffer, always NUL-terminated. */
struct sbuf {
	char *s;
	size_t len, cap;
};
void sb_addn(struct sbuf *b, const char *s, size_t n);
void sb_adds(struct sbuf *b, const char *s);
void sb_addc(struct sbuf *b, char c);
/* The text, handing ownership to the caller ("" when empty). */
char *sb_take(struct sbuf *b);

#endif
