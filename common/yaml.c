/* yaml: libyaml events into a positioned node tree, with comments
 * recovered from the source text between the events' marks. */
#include "yaml.h"
#include "cli.h"
#include "yaml_fast.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* ---- arena: every node and string of a file, freed at once ---- */

struct ablock {
	struct ablock *next;
	size_t used, cap;
	max_align_t data[];
};

/* Uninitialised: for bytes about to be written over. */
static void *aalloc_raw(struct yfile *yf, size_t n)
{
	struct ablock *b = yf->arena;
	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	if (!b || b->used + n > b->cap) {
		size_t cap = n > 32768 ? n : 32768;
		struct ablock *nb = xmalloc(sizeof *nb + cap);
		nb->next = b;
		nb->used = 0;
		nb->cap = cap;
		yf->arena = b = nb;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

static void *aalloc(struct yfile *yf, size_t n)
{
	return memset(aalloc_raw(yf, n), 0, n);
}

static char *yarena_strdup(struct yfile *yf, const char *s, size_t len)
{
	char *p = aalloc_raw(yf, len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static struct yfile *yfile_new(void)
{
	return xcalloc(1, sizeof(struct yfile));
}

void yfile_free(struct yfile *yf)
{
	if (!yf)
		return;
	struct ablock *b = yf->arena;
	while (b) {
		struct ablock *n = b->next;
		free(b);
		b = n;
	}
	free(yf->docs);
	free(yf->dups);
	free(yf);
}

/* ---- building ---- */

static struct ynode *node_new(struct yfile *yf, enum ynode_type t)
{
	struct ynode *n = aalloc(yf, sizeof *n);
	n->type = t;
	return n;
}

static struct ynode *ynew_scalar(struct yfile *yf, const char *s, size_t len, enum yscalar_style style)
{
	struct ynode *n = node_new(yf, YN_SCALAR);
	n->u.scalar.str = yarena_strdup(yf, s, len);
	n->u.scalar.len = len;
	n->u.scalar.style = style;
	return n;
}

static struct ynode *ynew_seq(struct yfile *yf)
{
	return node_new(yf, YN_SEQ);
}
static struct ynode *ynew_map(struct yfile *yf)
{
	return node_new(yf, YN_MAP);
}

/* Arrays grow by doubling inside the arena (old copies are left behind;
 * the arena is freed whole, and YAML collections are small). */
static void *grow(struct yfile *yf, void *old, size_t n, size_t size)
{
	size_t cap = n < 4 ? 4 : n * 2;
	void *p = aalloc(yf, cap * size);
	if (old && n)
		memcpy(p, old, n * size);
	return p;
}

static void yseq_push(struct yfile *yf, struct ynode *seq, struct ynode *item)
{
	size_t n = seq->u.seq.n;
	if (n < 4 ? n == 0 : !(n & (n - 1)))
		seq->u.seq.items = grow(yf, seq->u.seq.items, n, sizeof item);
	seq->u.seq.items[seq->u.seq.n++] = item;
}

static void ymap_put(struct yfile *yf, struct ynode *map, struct ynode *key, struct ynode *value)
{
	size_t n = map->u.map.n;
	if (n < 4 ? n == 0 : !(n & (n - 1)))
		map->u.map.pairs = grow(yf, map->u.map.pairs, n, sizeof(struct ypair));
	map->u.map.pairs[map->u.map.n++] = (struct ypair){key, value};
}

static void ydoc_add(struct yfile *yf, struct ynode *root)
{
	yf->docs = xrealloc(yf->docs, (yf->ndocs + 1) * sizeof *yf->docs);
	yf->docs[yf->ndocs++] = (struct ydoc){.root = root, .line = root ? root->line : 1};
}

/* ---- look-ups ---- */

struct ynode *ymap_get(const struct ynode *map, const char *key)
{
	if (!map || map->type != YN_MAP)
		return NULL;
	for (size_t i = map->u.map.n; i-- > 0;) {
		const struct ynode *k = map->u.map.pairs[i].key;
		if (k->type == YN_SCALAR && strcmp(k->u.scalar.str, key) == 0)
			return map->u.map.pairs[i].value;
	}
	return NULL;
}

const char *yscalar(const struct ynode *n)
{
	return n && n->type == YN_SCALAR ? n->u.scalar.str : NULL;
}

bool yscalar_is(const struct ynode *n, const char *s)
{
	const char *v = yscalar(n);
	return v && strcmp(v, s) == 0;
}

static bool all_of(const char *s, const char *set)
{
	return *s && strspn(s, set) == strlen(s);
}

static bool is_int(const char *s)
{
	if (s[0] == '0' && s[1] == 'o')
		return all_of(s + 2, "01234567");
	if (s[0] == '0' && s[1] == 'x')
		return all_of(s + 2, "0123456789abcdefABCDEF");
	if (*s == '-' || *s == '+')
		s++;
	return all_of(s, "0123456789");
}

static bool is_float(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (!strcmp(s, ".inf") || !strcmp(s, ".Inf") || !strcmp(s, ".INF"))
		return true;
	if (!strcmp(s, ".nan") || !strcmp(s, ".NaN") || !strcmp(s, ".NAN"))
		return true;
	size_t digits = 0;
	while (isdigit((unsigned char)*s))
		s++, digits++;
	if (*s == '.')
		for (s++; isdigit((unsigned char)*s); s++)
			digits++;
	if (!digits)
		return false;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '-' || *s == '+')
			s++;
		if (!isdigit((unsigned char)*s))
			return false;
		while (isdigit((unsigned char)*s))
			s++;
	}
	return *s == '\0';
}

static enum yresolved resolve_plain(const char *s)
{
	static const char *nulls[] = {"", "~", "null", "Null", "NULL"};
	static const char *bools[] = {"true", "True", "TRUE", "false", "False", "FALSE"};
	for (size_t i = 0; i < sizeof nulls / sizeof *nulls; i++)
		if (!strcmp(s, nulls[i]))
			return YR_NULL;
	for (size_t i = 0; i < sizeof bools / sizeof *bools; i++)
		if (!strcmp(s, bools[i]))
			return YR_BOOL;
	if (is_int(s))
		return YR_INT;
	if (is_float(s))
		return YR_FLOAT;
	return YR_STR;
}

enum yresolved yscalar_resolve(const struct ynode *n)
{
	if (!n || n->type != YN_SCALAR)
		return YR_STR;
	if (n->tag) {
		static const struct {
			const char *tag;
			enum yresolved r;
		} tags[] = {{"tag:yaml.org,2002:str", YR_STR},
			    {"tag:yaml.org,2002:int", YR_INT},
			    {"tag:yaml.org,2002:float", YR_FLOAT},
			    {"tag:yaml.org,2002:bool", YR_BOOL},
			    {"tag:yaml.org,2002:null", YR_NULL}};
		for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
			if (!strcmp(n->tag, tags[i].tag))
				return tags[i].r;
		return YR_STR;
	}
	if (n->u.scalar.style != YS_PLAIN)
		return YR_STR;
	return resolve_plain(n->u.scalar.str);
}

/* ---- loading ---- */

struct anchor {
	const char *name;
	struct ynode *node;
	size_t weight;
};

struct loader {
	yaml_parser_t parser;
	bool libyaml; /* events from the parser, else from fast */
	struct yfast fast;
	size_t next; /* the next of fast's events */
	struct yfile *yf;
	struct yerror *err;
	struct anchor *anchors;
	size_t nanchors, aliases, expanded;
	size_t last_end; /* source offset after the last token we placed */
	struct ynode *last_node; /* the node a same-line comment belongs to */
	int depth;
};

static int fail(struct loader *L, int line, int col, const char *msg)
{
	L->err->line = line;
	L->err->col = col;
	snprintf(L->err->msg, sizeof L->err->msg, "%s", msg);
	return -1;
}

static int next_event(struct loader *L, yaml_event_t *ev)
{
	if (!L->libyaml) {
		if (L->next == L->fast.n)
			return fail(L, 1, 1, "unexpected end of the event stream");
		*ev = L->fast.ev[L->next++];
		return 0;
	}
	if (yaml_parser_parse(&L->parser, ev))
		return 0;
	yaml_parser_t *p = &L->parser;
	struct yerror *e = L->err;
	e->line = (int)p->problem_mark.line + 1;
	e->col = (int)p->problem_mark.column + 1;
	snprintf(e->msg, sizeof e->msg, "%s", p->problem ? p->problem : "invalid YAML");
	if (p->context) {
		e->ctx_line = (int)p->context_mark.line + 1;
		e->ctx_col = (int)p->context_mark.column + 1;
		snprintf(e->ctx, sizeof e->ctx, "%s", p->context);
	}
	return -1;
}

/* fast's events own nothing. */
static void event_done(struct loader *L, yaml_event_t *ev)
{
	if (L->libyaml)
		yaml_event_delete(ev);
}

/* Comment text of a line "   # text" (without "#" and one space). */
static const char *comment_text(const char *p, const char *end, size_t *len)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= end || *p != '#')
		return NULL;
	p++;
	if (p < end && *p == ' ')
		p++;
	const char *e = p;
	while (e < end && *e != '\n' && *e != '\r')
		e++;
	*len = (size_t)(e - p);
	return p;
}

static char *join_comment(struct yfile *yf, char *old, const char *s, size_t len)
{
	if (!old)
		return yarena_strdup(yf, s, len);
	size_t ol = strlen(old);
	char *p = aalloc(yf, ol + len + 2);
	memcpy(p, old, ol);
	p[ol] = '\n';
	memcpy(p + ol + 1, s, len);
	return p;
}

/* Comments in src[L->last_end, upto): the rest of the first line belongs
 * to the previous node, whole comment lines after it go to *before. */
static void take_comments(struct loader *L, size_t upto, char **before)
{
	const char *src = L->yf->src, *p = src + L->last_end, *end = src + upto;
	if (upto <= L->last_end)
		return;
	L->last_end = upto;
	if (p > src && p[-1] != '\n') {
		/* Finish the previous node's line: a '#' after blank space there,
		 * outside any token, is that node's same-line comment. */
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;
		for (const char *q = p; q < line_end; q++) {
			if (*q == '#' && (q[-1] == ' ' || q[-1] == '\t')) {
				size_t len;
				const char *t = comment_text(q, line_end, &len);
				if (t && L->last_node && !L->last_node->comment_after)
					L->last_node->comment_after = yarena_strdup(L->yf, t, len);
				break;
			}
		}
		if (!nl)
			return;
		p = nl + 1;
	}
	/* Whole comment lines belong to what comes next. */
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		e = e ? e : end;
		size_t len;
		const char *t = comment_text(p, e, &len);
		if (t && before)
			*before = join_comment(L->yf, *before, t, len);
		p = e + 1;
	}
}

static void place(struct ynode *n, const yaml_event_t *ev)
{
	n->line = (int)ev->start_mark.line + 1;
	n->col = (int)ev->start_mark.column + 1;
	n->start = ev->start_mark.index;
	n->end = ev->end_mark.index;
}

static int add_anchor(struct loader *L, const char *name, struct ynode *n, size_t weight)
{
	L->anchors = xrealloc(L->anchors, (L->nanchors + 1) * sizeof *L->anchors);
	L->anchors[L->nanchors++] = (struct anchor){yarena_strdup(L->yf, name, strlen(name)), n, weight};
	n->anchor = (char *)L->anchors[L->nanchors - 1].name;
	return 0;
}

static int parse_node(struct loader *L, yaml_event_t *ev, struct ynode **out, size_t *weight);

static int parse_children(struct loader *L, struct ynode *n, yaml_event_type_t end_type, size_t *weight)
{
	bool is_map = end_type == YAML_MAPPING_END_EVENT;
	for (;;) {
		yaml_event_t ev;
		if (next_event(L, &ev))
			return -1;
		if (ev.type == end_type) {
			n->end = ev.end_mark.index;
			if ((is_map ? n->u.map.flow : n->u.seq.flow)) {
				take_comments(L, ev.start_mark.index, NULL);
				L->last_end = ev.end_mark.index;
				L->last_node = n;
			}
			event_done(L, &ev);
			return 0;
		}
		char *before = NULL;
		take_comments(L, ev.start_mark.index, &before);
		struct ynode *child;
		size_t w;
		int rc = parse_node(L, &ev, &child, &w);
		event_done(L, &ev);
		if (rc)
			return -1;
		*weight += w;
		if (!is_map) {
			child->comment_before = before;
			yseq_push(L->yf, n, child);
			continue;
		}
		child->comment_before = before;
		yaml_event_t vev;
		if (next_event(L, &vev))
			return -1;
		/* A block collection's first key or item takes the comments
		 * between here and it; a scalar value has none worth keeping. */
		if (vev.type == YAML_SCALAR_EVENT || vev.type == YAML_ALIAS_EVENT)
			take_comments(L, vev.start_mark.index, NULL);
		struct ynode *value;
		rc = parse_node(L, &vev, &value, &w);
		event_done(L, &vev);
		if (rc)
			return -1;
		*weight += w;
		ymap_put(L->yf, n, child, value);
	}
}

/* Keys sorted by (length, bytes, position): equal keys end up side by
 * side, so a mapping of n keys costs n log n, not n^2 (sops files with
 * thousands of keys are common).  One per thread: files may be loaded on
 * several at once. */
static _Thread_local const struct ynode *sort_map;

static int key_order(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct ynode *x = sort_map->u.map.pairs[i].key, *y = sort_map->u.map.pairs[j].key;
	if (x->u.scalar.len != y->u.scalar.len)
		return x->u.scalar.len < y->u.scalar.len ? -1 : 1;
	int c = memcmp(x->u.scalar.str, y->u.scalar.str, x->u.scalar.len);
	if (c)
		return c;
	return i < j ? -1 : i > j;
}

static int size_order(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	return i < j ? -1 : i > j;
}

/* Each repeated key is reported once per repetition, with its first
 * occurrence, in file order. */
static void check_dups(struct loader *L, const struct ynode *map)
{
	size_t n = 0, *idx = xmalloc((map->u.map.n + 1) * sizeof *idx);
	for (size_t i = 0; i < map->u.map.n; i++)
		if (map->u.map.pairs[i].key->type == YN_SCALAR)
			idx[n++] = i;
	sort_map = map;
	qsort(idx, n, sizeof *idx, key_order);
	/* Pairs (position of a repeat, position of its first occurrence). */
	size_t nrep = 0, *reps = xmalloc((n + 1) * 2 * sizeof *reps);
	for (size_t a = 0, b; a < n; a = b) {
		const struct ynode *first = map->u.map.pairs[idx[a]].key;
		for (b = a + 1; b < n; b++) {
			const struct ynode *k = map->u.map.pairs[idx[b]].key;
			if (k->u.scalar.len != first->u.scalar.len ||
			    memcmp(k->u.scalar.str, first->u.scalar.str, k->u.scalar.len))
				break;
			reps[2 * nrep] = idx[b];
			reps[2 * nrep + 1] = idx[a];
			nrep++;
		}
	}
	qsort(reps, nrep, 2 * sizeof *reps, size_order);
	struct yfile *yf = L->yf;
	for (size_t r = 0; r < nrep; r++) {
		const struct ynode *k = map->u.map.pairs[reps[2 * r]].key;
		const struct ynode *f = map->u.map.pairs[reps[2 * r + 1]].key;
		yf->dups = xrealloc(yf->dups, (yf->ndups + 1) * sizeof *yf->dups);
		yf->dups[yf->ndups++] = (struct ydup){k->u.scalar.str, f->line, f->col, k->line, k->col};
	}
	free(reps);
	free(idx);
}

static char *tag_of(struct loader *L, const yaml_char_t *tag)
{
	return tag ? yarena_strdup(L->yf, (const char *)tag, strlen((const char *)tag)) : NULL;
}

static int parse_node(struct loader *L, yaml_event_t *ev, struct ynode **out, size_t *weight)
{
	struct yfile *yf = L->yf;
	struct ynode *n;
	*weight = 1;
	switch (ev->type) {
	case YAML_SCALAR_EVENT: {
		static const enum yscalar_style styles[] = {[YAML_PLAIN_SCALAR_STYLE] = YS_PLAIN,
							    [YAML_SINGLE_QUOTED_SCALAR_STYLE] = YS_SINGLE,
							    [YAML_DOUBLE_QUOTED_SCALAR_STYLE] = YS_DOUBLE,
							    [YAML_LITERAL_SCALAR_STYLE] = YS_LITERAL,
							    [YAML_FOLDED_SCALAR_STYLE] = YS_FOLDED};
		n = ynew_scalar(yf, (const char *)ev->data.scalar.value, ev->data.scalar.length,
				ev->data.scalar.style <= YAML_FOLDED_SCALAR_STYLE ? styles[ev->data.scalar.style]
										  : YS_PLAIN);
		n->tag = tag_of(L, ev->data.scalar.tag);
		place(n, ev);
		if (ev->data.scalar.anchor)
			add_anchor(L, (const char *)ev->data.scalar.anchor, n, 1);
		L->last_end = ev->end_mark.index;
		L->last_node = n;
		break;
	}
	case YAML_ALIAS_EVENT: {
		const char *name = (const char *)ev->data.alias.anchor;
		struct anchor *a = NULL;
		for (size_t i = L->nanchors; i-- > 0;)
			if (!strcmp(L->anchors[i].name, name)) {
				a = &L->anchors[i];
				break;
			}
		if (!a)
			return fail(L, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
				    "found undefined alias");
		L->aliases++;
		L->expanded += a->weight;
		if (L->aliases > YAML_MAX_ALIASES || L->expanded > YAML_MAX_EXPANDED_NODES)
			return fail(L, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
				    "too many alias expansions (an alias bomb?)");
		/* The slot keeps its own place; the content is shared. */
		n = node_new(yf, a->node->type);
		*n = *a->node;
		n->alias = true;
		n->comment_before = n->comment_after = NULL;
		place(n, ev);
		*weight = a->weight;
		L->last_end = ev->end_mark.index;
		L->last_node = n;
		break;
	}
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		bool is_map = ev->type == YAML_MAPPING_START_EVENT;
		if (++L->depth > 512)
			return fail(L, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
				    "nesting deeper than 512 levels");
		n = is_map ? ynew_map(yf) : ynew_seq(yf);
		place(n, ev);
		const yaml_char_t *anchor = is_map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
		n->tag = tag_of(L, is_map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag);
		if (is_map)
			n->u.map.flow = ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
		else
			n->u.seq.flow = ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
		if (parse_children(L, n, is_map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT, weight))
			return -1;
		L->depth--;
		if (is_map)
			check_dups(L, n);
		if (anchor)
			add_anchor(L, (const char *)anchor, n, *weight);
		break;
	}
	default: return fail(L, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1, "unexpected YAML event");
	}
	*out = n;
	return 0;
}

static int load_docs(struct loader *L)
{
	struct yfile *yf = L->yf;
	yaml_event_t ev;
	for (;;) {
		if (next_event(L, &ev))
			return -1;
		yaml_event_type_t t = ev.type;
		if (t == YAML_STREAM_END_EVENT) {
			event_done(L, &ev);
			return 0;
		}
		if (t != YAML_DOCUMENT_START_EVENT) {
			event_done(L, &ev);
			continue;
		}
		int line = (int)ev.start_mark.line + 1;
		bool explicit_start = !ev.data.document_start.implicit;
		event_done(L, &ev);
		L->nanchors = 0; /* anchors are per document */
		if (next_event(L, &ev))
			return -1;
		struct ynode *root = NULL;
		char *before = NULL;
		if (ev.type != YAML_DOCUMENT_END_EVENT) {
			/* A collection's first key or item takes the comments above it. */
			if (ev.type == YAML_SCALAR_EVENT || ev.type == YAML_ALIAS_EVENT)
				take_comments(L, ev.start_mark.index, &before);
			size_t w;
			int rc = parse_node(L, &ev, &root, &w);
			event_done(L, &ev);
			if (rc)
				return -1;
			root->comment_before = before;
			if (next_event(L, &ev))
				return -1;
		}
		/* ev is the document end: comments up to it close the document. */
		char *tail = NULL;
		take_comments(L, ev.start_mark.index > L->last_end ? ev.start_mark.index : L->last_end, &tail);
		event_done(L, &ev);
		ydoc_add(yf, root);
		struct ydoc *d = &yf->docs[yf->ndocs - 1];
		d->line = line;
		d->explicit_start = explicit_start;
		d->comment_end = tail;
	}
}

int yaml_load(const char *buf, size_t len, struct yfile **out, struct yerror *err)
{
	struct loader L = {0};
	memset(err, 0, sizeof *err);
	L.yf = yfile_new();
	L.yf->src = buf;
	L.yf->srclen = len;
	L.err = err;
	if (yfast_scan(buf, len, &L.fast) != 0) {
		L.libyaml = true;
		yaml_parser_initialize(&L.parser);
		yaml_parser_set_input_string(&L.parser, (const unsigned char *)buf, len);
	}
	int rc = load_docs(&L);
	/* Comments after the last document's end marker. */
	if (rc == 0 && L.yf->ndocs && L.last_end < len) {
		struct ydoc *d = &L.yf->docs[L.yf->ndocs - 1];
		take_comments(&L, len, &d->comment_end);
	}
	if (L.libyaml)
		yaml_parser_delete(&L.parser);
	yfast_free(&L.fast);
	free(L.anchors);
	if (rc) {
		yfile_free(L.yf);
		return -1;
	}
	*out = L.yf;
	return 0;
}

int yaml_load_named(const char *buf, size_t len, const char *name, struct yfile **out, char *err, size_t errlen)
{
	struct yerror ye;
	if (yaml_load(buf, len, out, &ye) == 0)
		return 0;
	snprintf(err, errlen, "%s:%d:%d: %s", name, ye.line, ye.col, ye.msg);
	return -1;
}
