/* strv: growing string vectors and byte buffers. */
#include "strv.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

void sv_push(struct strv *sv, char *s)
{
	if (sv->n + 1 >= sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 8;
		sv->v = xrealloc(sv->v, sv->cap * sizeof *sv->v);
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void sv_pushn(struct strv *sv, const char *s, size_t n)
{
	sv_push(sv, xstrndup(s, n));
}

char *sv_join(const struct strv *sv, const char *sep)
{
	struct sbuf b = {0};
	for (size_t i = 0; i < sv->n; i++) {
		if (i)
			sb_adds(&b, sep);
		sb_adds(&b, sv->v[i]);
	}
	return sb_take(&b);
}

void sv_free(struct strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof *sv);
}

static size_t hash(const char *s)
{
	size_t h = 14695981039346656037u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static void sset_put(struct sset *set, const char *s)
{
	size_t i = hash(s) & (set->cap - 1);
	while (set->slot[i])
		i = (i + 1) & (set->cap - 1);
	set->slot[i] = s;
	set->n++;
}

bool sset_add(struct sset *set, const char *s)
{
	if (set->cap) {
		for (size_t i = hash(s) & (set->cap - 1); set->slot[i]; i = (i + 1) & (set->cap - 1))
			if (strcmp(set->slot[i], s) == 0)
				return false;
	}
	if (2 * (set->n + 1) > set->cap) {
		/* Grow to keep the table at most half full; the capacity stays a
		 * power of two for the mask. */
		struct sset bigger = {xcalloc(set->cap ? 2 * set->cap : 16, sizeof *set->slot),
				      set->cap ? 2 * set->cap : 16, 0};
		for (size_t i = 0; i < set->cap; i++)
			if (set->slot[i])
				sset_put(&bigger, set->slot[i]);
		free(set->slot);
		*set = bigger;
	}
	sset_put(set, s);
	return true;
}

void sset_free(struct sset *set)
{
	free(set->slot);
	memset(set, 0, sizeof *set);
}

void sb_addn(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->s = xrealloc(b->s, cap);
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sb_adds(struct sbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

void sb_addc(struct sbuf *b, char c)
{
	sb_addn(b, &c, 1);
}

char *sb_take(struct sbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	memset(b, 0, sizeof *b);
	return s;
}
