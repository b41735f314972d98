/* keysrc: the table of key kinds and the small helpers every kind uses. */
#include "keysrc.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "timeutil.h"

extern const struct keysrc keysrc_age; /* keysrc_age.c */
extern const struct keysrc keysrc_pgp; /* keysrc_pgp.c */
extern const struct keysrc keysrc_kms; /* keysrc_kms.c */
extern const struct keysrc keysrc_vault; /* keysrc_vault.c */

static const struct keysrc *const table[KEY_KINDS] = {
	[KEY_AGE] = &keysrc_age,
	[KEY_PGP] = &keysrc_pgp,
	[KEY_KMS] = &keysrc_kms,
	[KEY_VAULT] = &keysrc_vault,
};

const struct keysrc *keysrc_table(enum keykind k)
{
	return table[k];
}

const struct keysrc *keysrc_by_list(const char *list)
{
	for (int k = 0; k < KEY_KINDS; k++)
		if (!strcmp(table[k]->list, list))
			return table[k];
	return NULL;
}

void keyctx_free(struct keyctx *ctx)
{
	for (int k = 0; k < KEY_KINDS; k++)
		if (ctx->state[k] && table[k]->free_state)
			table[k]->free_state(ctx->state[k]);
	memset(ctx->state, 0, sizeof ctx->state);
}

void keysrc_now(char buf[32])
{
	rfc3339_format(now_unix(), buf, 32);
}

const char *keyent_str(const struct snode *entry, const char *field)
{
	const struct snode *v = entry && entry->t == ST_MAP ? snode_get(entry, field) : NULL;
	return v && v->t == ST_STR ? v->s : NULL;
}

void keyent_put(struct snode *map, const char *field, const char *value)
{
	snode_push(map, field, strlen(field), snode_text(ST_STR, value, strlen(value)));
}

void keylist_push(struct keylist *l, const struct keysrc *src, struct snode *map)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = (struct keyent){src, map};
}

char *keyent_label(const struct keyent *e)
{
	if (e->src->label)
		return e->src->label(e->map);
	/* a kind without its functions: its first string field */
	for (size_t i = 0; e->map->t == ST_MAP && i < e->map->n; i++)
		if (e->map->items[i].v->t == ST_STR && strcmp(e->map->items[i].key, "enc"))
			return xstrdup(e->map->items[i].v->s);
	return xstrdup("?");
}

long keylist_find(const struct keylist *l, const struct keyent *e)
{
	char *want = keyent_label(e);
	long found = -1;
	for (size_t i = 0; i < l->n && found < 0; i++) {
		if (l->v[i].src->kind != e->src->kind)
			continue;
		char *have = keyent_label(&l->v[i]);
		if (!strcmp(have, want))
			found = (long)i;
		free(have);
	}
	free(want);
	return found;
}

static int add_one(struct keylist *l, const struct keysrc *src, const struct snode *given, const struct snode *defaults,
		   char *err, size_t errlen)
{
	if (!src->parse) {
		snprintf(err, errlen, "%s keys are not supported by this build of secret-seal", src->list);
		return -1;
	}
	struct snode *map = src->parse(given, defaults, err, errlen);
	if (!map)
		return -1;
	struct keyent e = {src, map};
	if (keylist_find(l, &e) >= 0)
		snode_free(map);
	else
		keylist_push(l, src, map);
	return 0;
}

int keylist_add(struct keylist *l, const struct keysrc *src, const struct snode *given, const struct snode *defaults,
		char *err, size_t errlen)
{
	if (given->t == ST_SEQ) {
		for (size_t i = 0; i < given->n; i++)
			if (given->items[i].v->t != ST_COMMENT &&
			    keylist_add(l, src, given->items[i].v, defaults, err, errlen) != 0)
				return -1;
		return 0;
	}
	if (given->t != ST_STR)
		return add_one(l, src, given, defaults, err, errlen);
	size_t n;
	char **items = split_list(given->s, ",", &n);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		struct snode *one = snode_text(ST_STR, items[i], strlen(items[i]));
		rc = add_one(l, src, one, defaults, err, errlen);
		snode_free(one);
	}
	strv_free(items);
	return rc;
}

int keylist_add_text(struct keylist *l, const struct keysrc *src, const char *commas, const struct snode *defaults,
		     char *err, size_t errlen)
{
	struct snode *s = snode_text(ST_STR, commas, strlen(commas));
	int rc = keylist_add(l, src, s, defaults, err, errlen);
	snode_free(s);
	return rc;
}

void keylist_remove(struct keylist *l, size_t i)
{
	snode_free(l->v[i].map);
	memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof *l->v);
	l->n--;
}

void keylist_free(struct keylist *l)
{
	for (size_t i = 0; i < l->n; i++)
		snode_free(l->v[i].map);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
