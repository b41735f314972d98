/* sops_path: parsing an --extract path, and getting, setting, unsetting at it.
 * Quotes are not escaped inside a component, as in sops. */
#include "sops_path.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int spath_parse(const char *s, struct spath *p, char *err, size_t errlen)
{
	memset(p, 0, sizeof *p);
	const char *c = s;
	while (*c) {
		if (*c != '[') {
			snprintf(err, errlen, "path '%s', offset %zu: expected '['", s, (size_t)(c - s));
			goto fail;
		}
		c++;
		struct spath_step st = {0};
		if (*c == '"' || *c == '\'') {
			const char *close = strchr(c + 1, *c);
			if (!close || close[1] != ']') {
				snprintf(err, errlen, "path '%s', offset %zu: unclosed quote", s, (size_t)(c - s));
				goto fail;
			}
			st.key = xstrndup(c + 1, (size_t)(close - c - 1));
			c = close + 2;
		} else {
			char *end;
			if (*c < '0' || *c > '9') {
				snprintf(err, errlen, "path '%s', offset %zu: expected \"key\" or an index", s,
					 (size_t)(c - s));
				goto fail;
			}
			st.index = strtoul(c, &end, 10);
			if (*end != ']') {
				snprintf(err, errlen, "path '%s', offset %zu: expected ']'", s, (size_t)(end - s));
				goto fail;
			}
			c = end + 1;
		}
		p->v = xrealloc(p->v, (p->n + 1) * sizeof *p->v);
		p->v[p->n++] = st;
	}
	if (p->n == 0) {
		snprintf(err, errlen, "empty path; write it like '[\"key\"][0]'");
		return -1;
	}
	return 0;
fail:
	spath_free(p);
	return -1;
}

void spath_free(struct spath *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].key);
	free(p->v);
	memset(p, 0, sizeof *p);
}

/* Item index of step st in n (comments skipped for list indices), or -1. */
static long find(const struct snode *n, const struct spath_step *st)
{
	if (st->key)
		return n->t == ST_MAP ? snode_find(n, st->key, strlen(st->key)) : -1;
	if (n->t != ST_SEQ)
		return -1;
	size_t seen = 0;
	for (size_t i = 0; i < n->n; i++) {
		if (n->items[i].v->t == ST_COMMENT)
			continue;
		if (seen++ == st->index)
			return (long)i;
	}
	return -1;
}

static void not_found(const struct spath_step *st, char *err, size_t errlen)
{
	if (st->key)
		snprintf(err, errlen, "component [\"%s\"] not found", st->key);
	else
		snprintf(err, errlen, "component [%zu] not found", st->index);
}

struct snode *spath_get(struct snode *root, const struct spath *p, char *err, size_t errlen)
{
	struct snode *n = root;
	for (size_t i = 0; i < p->n; i++) {
		long k = find(n, &p->v[i]);
		if (k < 0) {
			not_found(&p->v[i], err, errlen);
			return NULL;
		}
		n = n->items[k].v;
	}
	return n;
}

static size_t values_in(const struct snode *n)
{
	size_t c = 0;
	for (size_t i = 0; i < n->n; i++)
		c += n->items[i].v->t != ST_COMMENT;
	return c;
}

int spath_set(struct snode *root, const struct spath *p, struct snode *v, char *err, size_t errlen)
{
	struct snode *n = root;
	for (size_t i = 0; i < p->n; i++) {
		const struct spath_step *st = &p->v[i];
		bool last = i + 1 == p->n;
		long k = find(n, st);
		if (k >= 0) {
			if (last) {
				snode_free(n->items[k].v);
				n->items[k].v = v;
				return 0;
			}
			n = n->items[k].v;
			continue;
		}
		/* As sops does, an index at or past the end appends. */
		bool fits = st->key ? n->t == ST_MAP : n->t == ST_SEQ && st->index >= values_in(n);
		if (!fits) {
			snode_free(v);
			if (st->key)
				snprintf(err, errlen, "cannot set [\"%s\"]: its parent is not a mapping", st->key);
			else
				snprintf(err, errlen, "cannot set [%zu]: its parent is not a list", st->index);
			return -1;
		}
		struct snode *c = last ? v : snode_new(p->v[i + 1].key ? ST_MAP : ST_SEQ);
		snode_push(n, st->key, st->key ? strlen(st->key) : 0, c);
		n = c;
	}
	return 0;
}

int spath_unset(struct snode *root, const struct spath *p, char *err, size_t errlen)
{
	struct snode *n = root;
	for (size_t i = 0; i < p->n; i++) {
		long k = find(n, &p->v[i]);
		if (k < 0) {
			not_found(&p->v[i], err, errlen);
			return -1;
		}
		if (i + 1 == p->n) {
			snode_remove(n, (size_t)k);
			return 0;
		}
		n = n->items[k].v;
	}
	return 0;
}
