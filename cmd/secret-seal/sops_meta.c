/* sops_meta: reading and writing the metadata map. */
#include "sops_meta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sops_float.h"

/* A scalar's text whatever its type (a dotenv file stores every metadata
 * value as a string; a YAML `version: 3.10` reads as a float). */
static char *text_of(const struct snode *n)
{
	char buf[GOFLOAT_MAX];
	switch (n->t) {
	case ST_STR:
	case ST_INT:
	case ST_TIME: return xstrndup(n->s, n->len);
	case ST_FLOAT: gofloat_format(n->f, GOF_PLAIN, buf, sizeof buf); return xstrdup(buf);
	case ST_BOOL: return xstrdup(n->b ? "true" : "false");
	default: return NULL;
	}
}

static bool is_empty_list(const struct snode *n)
{
	return n->t == ST_NULL || ((n->t == ST_SEQ || n->t == ST_MAP) && n->n == 0);
}

/* The entries of one kind's list: each a mapping with an `enc` string,
 * copied as read. */
static int read_list(const struct snode *list, const struct keysrc *src, struct sops_meta *m, char *err, size_t errlen)
{
	if (list->t == ST_NULL)
		return 0;
	if (list->t != ST_SEQ) {
		snprintf(err, errlen, "sops.%s must be a list", src->list);
		return -1;
	}
	for (size_t i = 0; i < list->n; i++) {
		const struct snode *e = list->items[i].v;
		if (e->t == ST_COMMENT)
			continue;
		const struct snode *enc = e->t == ST_MAP ? snode_get(e, "enc") : NULL;
		if (!enc || enc->t != ST_STR) {
			snprintf(err, errlen, "sops.%s[%zu] needs the string 'enc'", src->list, i);
			return -1;
		}
		if (src->kind == KEY_AGE && !keyent_str(e, "recipient")) {
			snprintf(err, errlen, "sops.age[%zu] needs the strings 'recipient' and 'enc'", i);
			return -1;
		}
		keylist_push(&m->keys, src, snode_copy(e));
	}
	return 0;
}

static int read_rule(const struct snode *v, int kind, struct sops_meta *m, bool *have, char *err, size_t errlen)
{
	char *arg = text_of(v);
	if (!arg || !*arg) { /* older sops wrote empty rules; they mean nothing */
		free(arg);
		return 0;
	}
	if (*have) {
		free(arg);
		snprintf(err, errlen,
			 "the metadata holds more than one of the *_suffix/*_regex rules; sops allows one");
		return -1;
	}
	int rc = sops_rule_set(&m->rule, (enum sops_rule_kind)kind, arg, err, errlen);
	free(arg);
	*have = true;
	return rc;
}

int sops_meta_read(const struct snode *map, struct sops_meta *m, char *err, size_t errlen)
{
	memset(m, 0, sizeof *m);
	m->keep = snode_new(ST_MAP);
	bool have_rule = false;
	if (map->t != ST_MAP) {
		snprintf(err, errlen, "the 'sops' metadata is not a mapping");
		goto fail;
	}
	for (size_t i = 0; i < map->n; i++) {
		const struct sitem *it = &map->items[i];
		if (!it->key)
			continue;
		const char *k = it->key;
		const struct snode *v = it->v;
		int kind;
		const struct keysrc *src = keysrc_by_list(k);
		if (src) {
			if (read_list(v, src, m, err, errlen))
				goto fail;
		} else if (!strcmp(k, "lastmodified")) {
			free(m->lastmodified);
			m->lastmodified = text_of(v);
		} else if (!strcmp(k, "mac")) {
			free(m->mac);
			m->mac = text_of(v);
		} else if (!strcmp(k, "version")) {
			free(m->version);
			m->version = text_of(v);
		} else if (!strcmp(k, "mac_only_encrypted")) {
			char *t = text_of(v);
			m->mac_only_encrypted = t && !strcmp(t, "true");
			free(t);
		} else if ((kind = sops_rule_kind_of(k)) >= 0) {
			if (read_rule(v, kind, m, &have_rule, err, errlen))
				goto fail;
		} else {
			if (!strcmp(k, "key_groups") && v->t == ST_SEQ) {
				/* the keys of every group; several groups mean Shamir
				 * shares, which the data-key step refuses */
				for (size_t g = 0; g < v->n; g++)
					for (int kk = 0; kk < KEY_KINDS; kk++) {
						const struct keysrc *ks = keysrc_table((enum keykind)kk);
						const struct snode *gl = snode_get(v->items[g].v, ks->list);
						if (gl && read_list(gl, ks, m, err, errlen))
							goto fail;
					}
				m->key_groups = true;
			}
			snode_push(m->keep, k, it->klen, snode_copy(v));
		}
	}
	/* A missing MAC is the decrypting step's business (--ignore-mac). */
	if (!m->lastmodified) {
		snprintf(err, errlen, "the 'sops' metadata lacks lastmodified");
		goto fail;
	}
	if (!have_rule)
		sops_rule_default(&m->rule);
	return 0;
fail:
	sops_meta_free(m);
	return -1;
}

static int cmp_items(const void *a, const void *b)
{
	return strcmp(((const struct sitem *)a)->key, ((const struct sitem *)b)->key);
}

static void put_str(struct snode *map, const char *k, const char *v)
{
	snode_push(map, k, strlen(k), snode_text(ST_STR, v, strlen(v)));
}

struct snode *sops_meta_node(const struct sops_meta *m)
{
	struct snode *map = snode_new(ST_MAP);
	for (int k = 0; k < KEY_KINDS && !m->key_groups; k++) {
		const struct keysrc *src = keysrc_table((enum keykind)k);
		struct snode *list = snode_new(ST_SEQ);
		for (size_t i = 0; i < m->keys.n; i++)
			if (m->keys.v[i].src == src)
				snode_push(list, NULL, 0, snode_copy(m->keys.v[i].map));
		if (list->n)
			snode_push(map, src->list, strlen(src->list), list);
		else
			snode_free(list);
	}
	for (size_t i = 0; i < m->keep->n; i++) {
		const struct sitem *it = &m->keep->items[i];
		if (!is_empty_list(it->v))
			snode_push(map, it->key, it->klen, snode_copy(it->v));
	}
	put_str(map, "lastmodified", m->lastmodified);
	if (m->mac)
		put_str(map, "mac", m->mac);
	if (m->mac_only_encrypted)
		snode_push(map, "mac_only_encrypted", 18, snode_bool(true));
	put_str(map, sops_rule_name(m->rule.kind), m->rule.arg);
	put_str(map, "version", SOPS_WRITE_VERSION); /* the format this tool writes */
	qsort(map->items, map->n, sizeof *map->items, cmp_items);
	return map;
}

size_t sops_meta_foreign(const struct sops_meta *m, const char *names[4])
{
	static const char *const kinds[] = {"gcp_kms", "azure_kv", "hckms", NULL};
	size_t n = 0;
	for (int i = 0; kinds[i]; i++) {
		const struct snode *v = snode_get(m->keep, kinds[i]);
		if (v && !is_empty_list(v))
			names[n++] = kinds[i];
	}
	names[n] = NULL;
	return n;
}

void sops_meta_free(struct sops_meta *m)
{
	keylist_free(&m->keys);
	snode_free(m->keep);
	free(m->lastmodified);
	free(m->mac);
	free(m->version);
	sops_rule_free(&m->rule);
	memset(m, 0, sizeof *m);
}
