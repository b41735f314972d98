/* ini: reading and writing INI files the way go-ini does under sops. */
#include "ini.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sops_flat.h"
#include "sops_float.h"

static const char *const default_section = "DEFAULT";

/* A cursor over the lines of the input. */
struct lines {
	const char *buf;
	size_t len, pos;
	int no;
};

/* The next line without its newline (and \r); false at the end. */
static bool next_line(struct lines *l, const char **s, size_t *n)
{
	if (l->pos >= l->len)
		return false;
	const char *p = l->buf + l->pos;
	const char *nl = memchr(p, '\n', l->len - l->pos);
	size_t k = nl ? (size_t)(nl - p) : l->len - l->pos;
	l->pos += k + (nl != NULL);
	l->no++;
	if (k && p[k - 1] == '\r')
		k--;
	*s = p;
	*n = k;
	return true;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

static void trim(const char **s, size_t *n)
{
	while (*n && is_space(**s))
		(*s)++, (*n)--;
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

static const char *find(const char *s, size_t n, const char *what)
{
	size_t w = strlen(what);
	for (size_t i = 0; i + w <= n; i++)
		if (!memcmp(s + i, what, w))
			return s + i;
	return NULL;
}

static const char *rfind(const char *s, size_t n, const char *what)
{
	size_t w = strlen(what);
	for (size_t i = n; i >= w; i--)
		if (!memcmp(s + i - w, what, w))
			return s + i - w;
	return NULL;
}

/* A value after the delimiter: quoted """…""" or `…` (which may run over
 * lines), continued by a trailing backslash, cut at an inline comment,
 * and unwrapped from matching '…' or "…".  malloc'd, or NULL when a
 * quote never closes. */
static char *read_value(struct lines *l, const char *s, size_t n, size_t *out)
{
	while (n && is_space(*s))
		s++, n--;
	const char *q = n > 3 && !memcmp(s, "\"\"\"", 3) ? "\"\"\"" : n && *s == '`' ? "`" : NULL;
	char *buf = NULL;
	size_t blen = 0;
	FILE *fp = open_memstream(&buf, &blen);
	if (!fp)
		die(EXIT_ENV, "out of memory");
	if (q) {
		size_t ql = strlen(q);
		const char *end = rfind(s + ql, n - ql, q);
		if (end) {
			fwrite(s + ql, 1, (size_t)(end - s - ql), fp);
		} else {
			fwrite(s + ql, 1, n - ql, fp);
			const char *t;
			size_t tn;
			bool closed = false;
			while (!closed && next_line(l, &t, &tn)) {
				fputc('\n', fp);
				end = rfind(t, tn, q);
				fwrite(t, 1, end ? (size_t)(end - t) : tn, fp);
				closed = end != NULL;
			}
			if (!closed) {
				fclose(fp);
				free(buf);
				return NULL;
			}
		}
	} else {
		trim(&s, &n);
		if (n && s[n - 1] == '\\') {
			fwrite(s, 1, n - 1, fp);
			const char *t;
			size_t tn;
			while (next_line(l, &t, &tn)) {
				trim(&t, &tn);
				if (!tn)
					break;
				bool more = t[tn - 1] == '\\';
				fwrite(t, 1, tn - more, fp);
				if (!more)
					break;
			}
		} else {
			size_t cut = 0;
			while (cut < n && s[cut] != '#' && s[cut] != ';')
				cut++;
			if (cut < n) {
				n = cut;
				trim(&s, &n);
			}
			if (n >= 2 && (*s == '"' || *s == '\'') && s[n - 1] == *s &&
			    memchr(s + 1, *s, n - 1) == s + n - 1) {
				s++;
				n -= 2;
			}
			fwrite(s, 1, n, fp);
		}
	}
	fclose(fp);
	*out = blen;
	return buf;
}

/* The section called name (case-insensitive for DEFAULT), made when new. */
static struct snode *section(struct snode *doc, const char *name, size_t n)
{
	bool def = n == strlen(default_section) && !strncasecmp(name, default_section, n);
	if (def)
		name = default_section;
	long i = snode_find(doc, name, n);
	if (i >= 0)
		return doc->items[i].v;
	struct snode *sec = snode_new(ST_MAP);
	snode_push(doc, name, n, sec);
	if (def && doc->n > 1) { /* DEFAULT comes first, as go-ini keeps it */
		struct sitem it = doc->items[doc->n - 1];
		memmove(&doc->items[1], &doc->items[0], (doc->n - 1) * sizeof *doc->items);
		doc->items[0] = it;
	}
	return sec;
}

/* A comment line's text as sops keeps it: without the leading ; or #
 * and the spaces after it. */
static void add_comment(FILE *fp, bool first, const char *s, size_t n)
{
	if (first) {
		char c = *s;
		while (n && (*s == c || *s == ' '))
			s++, n--;
	} else {
		fputc('\n', fp);
	}
	fwrite(s, 1, n, fp);
}

/* The key at the start of s, plain or quoted; *rest after the delimiter.
 * NULL with err when there is none. */
static char *read_key(const char *s, size_t n, size_t *klen, const char **rest, const char **err)
{
	const char *q = n > 6 && !memcmp(s, "\"\"\"", 3) ? "\"\"\"" : *s == '"' ? "\"" : *s == '`' ? "`" : NULL;
	const char *ks = s, *ke;
	if (q) {
		size_t ql = strlen(q);
		ks = s + ql;
		ke = find(ks, n - ql, q);
		if (!ke) {
			*err = "the quoted key does not close";
			return NULL;
		}
		const char *after = ke + ql;
		size_t d = 0;
		while (after + d < s + n && after[d] != '=' && after[d] != ':')
			d++;
		if (after + d >= s + n) {
			*err = "no '=' or ':' after the key; INI lines are key = value";
			return NULL;
		}
		*rest = after + d + 1;
	} else {
		size_t d = 0;
		while (d < n && s[d] != '=' && s[d] != ':')
			d++;
		if (d == n) {
			*err = "no '=' or ':' on this line; INI lines are key = value";
			return NULL;
		}
		if (d == 0) {
			*err = "empty key";
			return NULL;
		}
		ke = s + d;
		*rest = s + d + 1;
	}
	size_t kn = (size_t)(ke - ks);
	trim(&ks, &kn);
	*klen = kn;
	return xstrndup(ks, kn);
}

int ini_load(const char *buf, size_t len, const char *name, struct sfile *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	struct snode *doc = snode_new(ST_MAP), *cur = NULL;
	struct lines l = {buf, len, 0, 0};
	char *comment = NULL;
	size_t clen = 0;
	FILE *cfp = NULL;
	const char *s, *why = NULL;
	size_t n;
	while (!why && next_line(&l, &s, &n)) {
		while (n && is_space(*s))
			s++, n--;
		if (!n)
			continue;
		if (*s == ';' || *s == '#') {
			if (!cfp && !(cfp = open_memstream(&comment, &clen)))
				die(EXIT_ENV, "out of memory");
			add_comment(cfp, ftell(cfp) == 0, s, n);
			continue;
		}
		struct snode *target;
		char *key = NULL;
		size_t klen = 0, vlen = 0;
		char *val = NULL;
		int line = l.no;
		if (*s == '[') {
			const char *close = rfind(s, n, "]");
			if (!close || close == s + 1) {
				why = close ? "empty section name" : "the section header has no closing ']'";
				break;
			}
			cur = section(doc, s + 1, (size_t)(close - s - 1));
			target = cur;
		} else {
			const char *rest;
			key = read_key(s, n, &klen, &rest, &why);
			if (!key)
				break;
			val = read_value(&l, rest, n - (size_t)(rest - s), &vlen);
			if (!val) {
				free(key);
				why = "the quoted value does not close before the end of the file";
				break;
			}
			if (!cur)
				cur = section(doc, default_section, strlen(default_section));
			target = cur;
		}
		if (cfp) {
			fclose(cfp);
			cfp = NULL;
			struct snode *c = snode_text(ST_COMMENT, comment, clen);
			c->line = line;
			snode_push(target, NULL, 0, c);
			free(comment);
			comment = NULL;
			clen = 0;
		}
		if (key) {
			struct snode *v = snode_text(ST_STR, val, vlen);
			v->line = line;
			long at = snode_find(cur, key, klen);
			if (at >= 0) { /* a repeated key: the last value, the first place (go-ini) */
				snode_free(cur->items[at].v);
				cur->items[at].v = v;
			} else {
				snode_push(cur, key, klen, v);
			}
			free(key);
			free(val);
		}
	}
	if (cfp)
		fclose(cfp);
	free(comment);
	if (why) {
		snprintf(err, errlen, "%s:%d:1: %s", name, l.no, why);
		snode_free(doc);
		return -1;
	}
	sfile_push(out, doc);
	return 0;
}

/* go-ini quotes a key that holds a quote or a delimiter. */
static char *key_text(const char *k, size_t n)
{
	if (memchr(k, '"', n) || memchr(k, '=', n) || memchr(k, ':', n))
		return xasprintf("`%.*s`", (int)n, k);
	if (memchr(k, '`', n))
		return xasprintf("\"\"\"%.*s\"\"\"", (int)n, k);
	return xstrndup(k, n);
}

/* A scalar as sops's INI store prints it. */
static char *value_text(const struct snode *v)
{
	char buf[64];
	switch (v->t) {
	case ST_BOOL: return xstrdup(v->b ? "true" : "false");
	case ST_FLOAT: snprintf(buf, sizeof buf, "%.6f", v->f); return xstrdup(buf);
	case ST_NULL: return xstrdup("");
	default: return xstrndup(v->s, v->len);
	}
}

static void put_comment(FILE *fp, const char *s, size_t n)
{
	while (n) {
		size_t k = 0;
		while (k < n && s[k] != '\n')
			k++;
		const char *t = s;
		size_t tn = k;
		trim(&t, &tn);
		if (tn && (*t == '#' || *t == ';')) {
			const char *r = t + 1;
			size_t rn = tn - 1;
			trim(&r, &rn);
			fprintf(fp, "%c %.*s\n", *t, (int)rn, r);
		} else {
			fprintf(fp, "; %.*s\n", (int)tn, t);
		}
		s += k + (k < n);
		n -= k + (k < n);
	}
}

int ini_emit(FILE *fp, const struct snode *doc, char *err, size_t errlen)
{
	bool first = true;
	for (size_t i = 0; i < doc->n; i++) {
		const struct sitem *sec = &doc->items[i];
		if (!sec->key)
			continue;
		if (sec->v->t != ST_MAP) {
			snprintf(err, errlen,
				 "'%.*s' is not a section: INI holds [section] blocks of "
				 "key = value; use yaml, json or dotenv",
				 (int)(sec->klen > 80 ? 80 : sec->klen), sec->key);
			return -1;
		}
		bool def = !strcmp(sec->key, default_section);
		if (def && sec->v->n == 0)
			continue;
		if (!first)
			fputc('\n', fp);
		first = false;
		size_t align = 0;
		for (size_t k = 0; k < sec->v->n; k++) {
			const struct sitem *it = &sec->v->items[k];
			if (!it->key)
				continue;
			char *kt = key_text(it->key, it->klen);
			if (strlen(kt) > align)
				align = strlen(kt);
			free(kt);
		}
		size_t start = 0;
		/* the comments before the first key belong to the header */
		while (start < sec->v->n && sec->v->items[start].v->t == ST_COMMENT) {
			put_comment(fp, sec->v->items[start].v->s, sec->v->items[start].v->len);
			start++;
		}
		if (!def)
			fprintf(fp, "[%s]\n", sec->key);
		for (size_t k = start; k < sec->v->n; k++) {
			const struct sitem *it = &sec->v->items[k];
			if (it->v->t == ST_COMMENT) {
				put_comment(fp, it->v->s, it->v->len);
				continue;
			}
			if (it->v->t == ST_MAP || it->v->t == ST_SEQ) {
				snprintf(err, errlen,
					 "'%s.%.*s' holds a nested value, which INI cannot store; "
					 "use yaml or json",
					 sec->key, (int)(it->klen > 80 ? 80 : it->klen), it->key);
				return -1;
			}
			char *kt = key_text(it->key, it->klen), *v = value_text(it->v);
			size_t vn = strlen(v);
			const char *t = v;
			size_t tn = vn;
			trim(&t, &tn);
			const char *open = "", *close = "";
			if (memchr(v, '\n', vn) || memchr(v, '`', vn))
				open = close = "\"\"\"";
			else if (strpbrk(v, "#;"))
				open = close = "`";
			else if (tn != vn)
				open = close = "\"";
			fprintf(fp, "%s%*s = %s%s%s\n", kt, (int)(align - strlen(kt)), "", open, v, close);
			free(kt);
			free(v);
		}
	}
	return 0;
}

/* The metadata's newlines are the two characters \n in the file. */
static void recode_newlines(struct snode *sec, bool encode)
{
	for (size_t i = 0; i < sec->n; i++) {
		struct snode *v = sec->items[i].v;
		if (v->t != ST_STR)
			continue;
		char *r = xmalloc(2 * v->len + 1);
		size_t k = 0;
		for (size_t j = 0; j < v->len; j++) {
			if (encode && v->s[j] == '\n') {
				r[k++] = '\\';
				r[k++] = 'n';
			} else if (!encode && v->s[j] == '\\' && j + 1 < v->len && v->s[j + 1] == 'n') {
				r[k++] = '\n';
				j++;
			} else {
				r[k++] = v->s[j];
			}
		}
		snode_set_text(v, r, k);
		free(r);
	}
}

struct snode *ini_meta_take(struct snode *doc)
{
	long i = snode_find(doc, "sops", 4);
	if (i < 0)
		return NULL;
	struct snode *sec = doc->items[i].v;
	if (sec->t == ST_MAP)
		recode_newlines(sec, false);
	struct snode *meta = sec->t == ST_MAP ? flat_meta_take(sec, "") : NULL;
	snode_remove(doc, (size_t)i);
	if (!meta)
		return snode_new(ST_MAP);
	return meta;
}

static int cmp_items(const void *a, const void *b)
{
	return strcmp(((const struct sitem *)a)->key, ((const struct sitem *)b)->key);
}

void ini_meta_put(struct snode *doc, const struct snode *meta)
{
	struct snode *sec = snode_new(ST_MAP);
	flat_meta_put(sec, meta, "");
	recode_newlines(sec, true);
	qsort(sec->items, sec->n, sizeof *sec->items, cmp_items);
	snode_push(doc, "sops", 4, sec);
}
