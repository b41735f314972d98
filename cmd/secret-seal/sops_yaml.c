/* sops_yaml: YAML into the sops tree.  libyaml (through common/yaml.h)
 * gives nodes with their byte offsets; comments are taken from the source
 * text between them, and a comment that closes a nested block (indented at
 * least as deep as that block's keys) stays inside it, where sops puts it:
 * its AAD is the path of the mapping that holds it. */
#include "sops_yaml.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sops_time.h"
#include "yaml.h"

enum { MAX_DEPTH = 256 };

struct cline {
	int line, col;
	const char *text; /* after the '#' */
	size_t len;
};

struct yl {
	const char *src;
	size_t len;
	size_t *lstart; /* byte offset of each line, 1-based index */
	int nlines;
	bool *in_scalar;
	struct cline *c;
	size_t nc, cur;
	const char *name;
	char *err;
	size_t errlen;
};

static int fail(struct yl *L, int line, int col, const char *what)
{
	snprintf(L->err, L->errlen, "%s:%d:%d: %s", L->name, line, col, what);
	return -1;
}

static int line_of(const struct yl *L, size_t off)
{
	int lo = 1, hi = L->nlines;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (L->lstart[mid] <= off)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* Lines inside multi-line scalars are text, even when they start with '#'. */
static void mark_scalars(struct yl *L, const struct ynode *y, int depth)
{
	if (!y || y->alias || depth > MAX_DEPTH)
		return;
	if (y->type == YN_SCALAR) {
		if (!memchr(L->src + y->start, '\n', y->end - y->start))
			return; /* on one line: the common case, without the look-ups */
		int sl = line_of(L, y->start), el = line_of(L, y->end);
		for (int l = sl + 1; l <= el; l++)
			if (l < el || y->end > L->lstart[el])
				L->in_scalar[l] = true;
	} else if (y->type == YN_SEQ) {
		for (size_t i = 0; i < y->u.seq.n; i++)
			mark_scalars(L, y->u.seq.items[i], depth + 1);
	} else {
		for (size_t i = 0; i < y->u.map.n; i++) {
			mark_scalars(L, y->u.map.pairs[i].key, depth + 1);
			mark_scalars(L, y->u.map.pairs[i].value, depth + 1);
		}
	}
}

/* memchr: a file of a thousand values is a few hundred KiB. */
static void index_lines(struct yl *L)
{
	int n = 1;
	const char *p = L->src, *end = L->src + L->len;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	L->nlines = n;
	L->lstart = xcalloc((size_t)n + 2, sizeof *L->lstart);
	L->in_scalar = xcalloc((size_t)n + 2, sizeof *L->in_scalar);
	int l = 1;
	L->lstart[1] = 0;
	for (p = L->src; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		L->lstart[++l] = (size_t)(p - L->src) + 1;
}

static size_t line_end(const struct yl *L, size_t off)
{
	const char *nl = off < L->len ? memchr(L->src + off, '\n', L->len - off) : NULL;
	off = nl ? (size_t)(nl - L->src) : (off < L->len ? L->len : off);
	if (off > 0 && off <= L->len && L->src[off - 1] == '\r')
		off--;
	return off;
}

static void collect_comments(struct yl *L)
{
	for (int l = 1; l <= L->nlines; l++) {
		if (L->in_scalar[l])
			continue;
		size_t p = L->lstart[l];
		while (p < L->len && (L->src[p] == ' ' || L->src[p] == '\t'))
			p++;
		if (p >= L->len || L->src[p] != '#')
			continue;
		size_t e = line_end(L, p);
		L->c = xrealloc(L->c, (L->nc + 1) * sizeof *L->c);
		L->c[L->nc++] = (struct cline){l, (int)(p - L->lstart[l]) + 1, L->src + p + 1, e - p - 1};
	}
}

static void push_comment(struct snode *parent, const char *t, size_t len, int line)
{
	struct snode *c = snode_text(ST_COMMENT, t, len);
	c->line = line;
	snode_push(parent, NULL, 0, c);
}

/* Whole comment lines above line `before`. */
static void take_before(struct yl *L, struct snode *parent, int before)
{
	while (L->cur < L->nc && L->c[L->cur].line < before) {
		push_comment(parent, L->c[L->cur].text, L->c[L->cur].len, L->c[L->cur].line);
		L->cur++;
	}
}

/* Comment lines after the last item of a block, indented into it. */
static void take_trailing(struct yl *L, struct snode *parent, int limit, int col)
{
	while (L->cur < L->nc && L->c[L->cur].line < limit && L->c[L->cur].col >= col) {
		push_comment(parent, L->c[L->cur].text, L->c[L->cur].len, L->c[L->cur].line);
		L->cur++;
	}
}

/* A comment at the end of the line after offset off ("key: # c", "v # c"). */
static void take_inline(struct yl *L, struct snode *parent, size_t off, bool after_key)
{
	size_t p = off, e = line_end(L, off);
	while (p < e && (L->src[p] == ' ' || L->src[p] == '\t'))
		p++;
	if (after_key && p < e && L->src[p] == ':')
		for (p++; p < e && (L->src[p] == ' ' || L->src[p] == '\t'); p++)
			;
	if (p < e && L->src[p] == '#' && p > off)
		push_comment(parent, L->src + p + 1, e - p - 1, line_of(L, p));
}

/* A comment after a flow collection ("k: {a: 1} # c", "- [1, 2] # c"):
 * go-yaml gives it to the collection, and sops puts it first inside; an
 * empty one has no inside that would stay a collection, so the comment
 * goes before it in parent, as for a scalar. */
static void take_after_flow(struct yl *L, const struct ynode *y, struct snode *n, struct snode *parent)
{
	bool flow = (y->type == YN_MAP && y->u.map.flow) || (y->type == YN_SEQ && y->u.seq.flow);
	if (!flow || y->alias)
		return;
	if (n->n == 0) {
		take_inline(L, parent, y->end, false);
		return;
	}
	size_t before = n->n;
	take_inline(L, n, y->end, false);
	if (n->n == before)
		return;
	struct sitem c = n->items[n->n - 1];
	memmove(n->items + 1, n->items, (n->n - 1) * sizeof *n->items);
	n->items[0] = c;
}

/* yscalar_resolve without its string compares in the common case (every
 * key and value of a file goes through here): a plain scalar whose first
 * character starts no null, bool or number is a string. */
static enum yresolved resolve(const struct ynode *y)
{
	if (y->type == YN_SCALAR && !y->tag && y->u.scalar.style == YS_PLAIN && y->u.scalar.len &&
	    !strchr("~nNtTfF+-.0123456789", y->u.scalar.str[0]))
		return YR_STR;
	return yscalar_resolve(y);
}

/* go-yaml v3 reads ints with Go's ParseInt(s, 0, 64): 0x, 0o, 0b, a
 * leading 0 for octal, '_' between digits. */
static int parse_go_int(const char *s, long long *out)
{
	char buf[80];
	size_t k = 0;
	for (const char *p = s; *p && k < sizeof buf - 1; p++)
		if (*p != '_')
			buf[k++] = *p;
	buf[k] = '\0';
	const char *d = buf;
	bool neg = false;
	if (*d == '+' || *d == '-')
		neg = *d++ == '-';
	int base = 10;
	if (d[0] == '0' && (d[1] == 'x' || d[1] == 'X'))
		base = 16, d += 2;
	else if (d[0] == '0' && (d[1] == 'o' || d[1] == 'O'))
		base = 8, d += 2;
	else if (d[0] == '0' && (d[1] == 'b' || d[1] == 'B'))
		base = 2, d += 2;
	else if (d[0] == '0' && d[1])
		base = 8, d += 1;
	if (!*d || *d == '+' || *d == '-')
		return -1;
	char *end;
	errno = 0;
	unsigned long long u = strtoull(d, &end, base);
	if (*end || errno)
		return -1;
	if (neg ? u > (unsigned long long)LLONG_MAX + 1 : u > (unsigned long long)LLONG_MAX)
		return -2;
	*out = neg ? (long long)(0 - u) : (long long)u;
	return 0;
}

static int parse_yaml_float(const char *s, double *out)
{
	const char *p = s;
	int sign = 1;
	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if (!strcasecmp(p, ".inf")) {
		*out = sign * INFINITY;
		return 0;
	}
	if (!strcasecmp(p, ".nan")) {
		*out = NAN;
		return 0;
	}
	char *end;
	*out = strtod(s, &end);
	return *end || !*s ? -1 : 0;
}

static struct snode *scalar(struct yl *L, const struct ynode *y, int *rc)
{
	const char *s = y->u.scalar.str;
	size_t len = y->u.scalar.len;
	struct snode *n = NULL;
	if (y->tag && !strcmp(y->tag, "tag:yaml.org,2002:timestamp")) {
		char t[40];
		if (sops_time_text(s, len, t) != 0) {
			*rc = fail(L, y->line, y->col,
				   "not a timestamp go-yaml reads (2006-01-02, "
				   "2006-01-02T15:04:05Z or with an offset)");
			return snode_new(ST_NULL);
		}
		return snode_text(ST_TIME, t, strlen(t));
	}
	switch (resolve(y)) {
	case YR_NULL: n = snode_new(ST_NULL); break;
	case YR_BOOL:
		n = snode_bool(s[0] == 't' || s[0] == 'T');
		if (strcasecmp(s, "true") && strcasecmp(s, "false"))
			*rc = fail(L, y->line, y->col, "not a boolean");
		break;
	case YR_INT: {
		long long v;
		int r = parse_go_int(s, &v);
		double f;
		if (r == -1 && parse_yaml_float(s, &f) == 0) { /* "08": Go reads a float */
			n = snode_float(f);
			break;
		}
		if (r) {
			*rc = fail(L, y->line, y->col,
				   r == -2 ? "integer does not fit in 64 bits (sops refuses it too); quote it"
					   : "not an integer");
			return snode_new(ST_NULL);
		}
		char buf[32];
		int k = snprintf(buf, sizeof buf, "%lld", v);
		n = snode_text(ST_INT, buf, (size_t)k);
		break;
	}
	case YR_FLOAT: {
		double f;
		if (parse_yaml_float(s, &f)) {
			*rc = fail(L, y->line, y->col, "not a number");
			return snode_new(ST_NULL);
		}
		n = snode_float(f);
		break;
	}
	default: n = snode_text(ST_STR, s, len);
	}
	return n;
}

static struct snode *conv(struct yl *L, const struct ynode *y, int limit, bool alias, int depth, int *rc);

static struct snode *conv_map(struct yl *L, const struct ynode *y, int limit, bool alias, int depth, int *rc)
{
	struct snode *m = snode_new(ST_MAP);
	for (size_t i = 0; i < y->u.map.n && !*rc; i++) {
		const struct ynode *k = y->u.map.pairs[i].key, *v = y->u.map.pairs[i].value;
		if (!alias)
			take_before(L, m, k->line);
		if (k->type != YN_SCALAR || resolve(k) != YR_STR || k->alias) {
			*rc = fail(L, k->line, k->col, "only string keys are supported (as in sops); quote the key");
			break;
		}
		if (!alias) {
			take_inline(L, m, k->end, true);
			if (v->type == YN_SCALAR && !v->alias)
				take_inline(L, m, v->end, false);
		}
		int next = i + 1 < y->u.map.n ? y->u.map.pairs[i + 1].key->line : limit;
		struct snode *cv = conv(L, v, next, alias || v->alias, depth + 1, rc);
		if (!alias)
			take_after_flow(L, v, cv, m);
		snode_push(m, k->u.scalar.str, k->u.scalar.len, cv);
	}
	if (!alias && !y->u.map.flow && !*rc)
		take_trailing(L, m, limit, y->col);
	return m;
}

static struct snode *conv_seq(struct yl *L, const struct ynode *y, int limit, bool alias, int depth, int *rc)
{
	struct snode *s = snode_new(ST_SEQ);
	for (size_t i = 0; i < y->u.seq.n && !*rc; i++) {
		const struct ynode *v = y->u.seq.items[i];
		if (!alias) {
			take_before(L, s, v->line);
			if (v->type == YN_SCALAR && !v->alias)
				take_inline(L, s, v->end, false);
		}
		int next = i + 1 < y->u.seq.n ? y->u.seq.items[i + 1]->line : limit;
		struct snode *cv = conv(L, v, next, alias || v->alias, depth + 1, rc);
		if (!alias)
			take_after_flow(L, v, cv, s);
		snode_push(s, NULL, 0, cv);
	}
	if (!alias && !y->u.seq.flow && !*rc)
		take_trailing(L, s, limit, y->col);
	return s;
}

static struct snode *conv(struct yl *L, const struct ynode *y, int limit, bool alias, int depth, int *rc)
{
	if (depth > MAX_DEPTH) {
		*rc = fail(L, y->line, y->col, "nested too deeply");
		return snode_new(ST_NULL);
	}
	struct snode *n;
	if (y->type == YN_MAP)
		n = conv_map(L, y, limit, alias, depth, rc);
	else if (y->type == YN_SEQ)
		n = conv_seq(L, y, limit, alias, depth, rc);
	else
		n = scalar(L, y, rc);
	n->line = y->line;
	n->col = y->col;
	return n;
}

int sops_yaml_load(const char *buf, size_t len, const char *name, struct sfile *out, char *err, size_t errlen)
{
	struct yfile *yf;
	memset(out, 0, sizeof *out);
	if (yaml_load_named(buf, len, name, &yf, err, errlen) != 0)
		return -1;
	struct yl L = {.src = buf, .len = len, .name = name, .err = err, .errlen = errlen};
	int rc = 0;
	if (yf->ndups) {
		char what[200];
		snprintf(what, sizeof what, "duplicate key '%.80s' (first at line %d)", yf->dups[0].key,
			 yf->dups[0].first_line);
		rc = fail(&L, yf->dups[0].line, yf->dups[0].col, what);
	}
	index_lines(&L);
	for (size_t d = 0; d < yf->ndocs && !rc; d++)
		mark_scalars(&L, yf->docs[d].root, 0);
	collect_comments(&L);
	for (size_t d = 0; d < yf->ndocs && !rc; d++) {
		const struct ynode *root = yf->docs[d].root;
		int limit = d + 1 < yf->ndocs ? yf->docs[d + 1].line : INT_MAX;
		struct snode *doc;
		if (!root || (root->type == YN_SCALAR && yscalar_resolve(root) == YR_NULL)) {
			doc = snode_new(ST_MAP);
			take_before(&L, doc, limit);
		} else if (root->type != YN_MAP) {
			rc = fail(&L, root->line, root->col,
				  "the top level must be a mapping of keys to values (as sops requires)");
			break;
		} else {
			doc = conv(&L, root, limit, root->alias, 0, &rc);
		}
		sfile_push(out, doc);
	}
	if (!rc && out->n == 0) {
		sfile_push(out, snode_new(ST_MAP));
		out->no_document = true;
	}
	free(L.lstart);
	free(L.in_scalar);
	free(L.c);
	yfile_free(yf);
	if (rc)
		sfile_free(out);
	return rc;
}
