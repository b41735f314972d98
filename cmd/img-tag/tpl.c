/* tpl: a Handlebars subset in two steps, parse into nodes then render,
 * so that errors in a template are found before anything is produced. */
#include "tpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "strv.h"

enum node_kind { N_TEXT, N_EXPR };

struct node {
	enum node_kind kind;
	char *text;             /* N_TEXT */
	bool escape;            /* N_EXPR: double braces */
	struct strv path;       /* name parts ("this" dropped) */
	bool data;              /* @name */
	struct tpl_val *params;
	size_t nparams;
	struct tpl_hash *hash;
	size_t nhash;
	struct strv owned;      /* strings the params and hash point into */
};

struct parser {
	const char *s;
	size_t p;
	struct node *nodes;
	size_t n, cap;
	char *err;
	size_t errlen;
};

static struct node *add_node(struct parser *ps, enum node_kind kind)
{
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 8;
		ps->nodes = xrealloc(ps->nodes, ps->cap * sizeof *ps->nodes);
	}
	struct node *nd = &ps->nodes[ps->n++];
	memset(nd, 0, sizeof *nd);
	nd->kind = kind;
	return nd;
}

static void add_text(struct parser *ps, const char *s, size_t n)
{
	if (n)
		add_node(ps, N_TEXT)->text = xstrndup(s, n);
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Characters Handlebars's lexer refuses in an identifier. */
static bool is_id_char(char c)
{
	return c != '\0' && !is_ws(c) && !strchr("!\"#%&'()*+,./;<=>@[\\]^`{|}~", c);
}

static int fail(struct parser *ps, const char *what)
{
	snprintf(ps->err, ps->errlen, "column %zu: %s", ps->p + 1, what);
	return -1;
}

static void skip_ws(struct parser *ps)
{
	while (is_ws(ps->s[ps->p]))
		ps->p++;
}

/* At a closing "}}" (or "~}}"), with the triple brace when triple. */
static bool at_close(struct parser *ps, bool triple)
{
	const char *q = ps->s + ps->p;
	if (*q == '~')
		q++;
	return strncmp(q, triple ? "}}}" : "}}", triple ? 3 : 2) == 0;
}

/* One identifier or [literal] segment; malloc'd, NULL when none. */
static char *read_id(struct parser *ps)
{
	const char *s = ps->s;
	size_t start = ps->p;
	if (s[start] == '[') {
		const char *end = strchr(s + start + 1, ']');
		if (!end)
			return NULL;
		ps->p = (size_t)(end - s) + 1;
		return xstrndup(s + start + 1, (size_t)(end - s) - start - 1);
	}
	while (is_id_char(s[ps->p]))
		ps->p++;
	return ps->p > start ? xstrndup(s + start, ps->p - start) : NULL;
}

/* A path: segments separated by '.' or '/'; "this" and "." name the
 * context itself. */
static int read_path(struct parser *ps, struct strv *parts, bool *data)
{
	if (ps->s[ps->p] == '@') {
		*data = true;
		ps->p++;
	}
	for (;;) {
		char *id;
		if (ps->s[ps->p] == '.' && ps->s[ps->p + 1] == '.') {
			ps->p += 2;
			id = xstrdup("..");
		} else if (ps->s[ps->p] == '.' && (is_ws(ps->s[ps->p + 1]) || ps->s[ps->p + 1] == '}' ||
						   ps->s[ps->p + 1] == '~' || ps->s[ps->p + 1] == '/')) {
			ps->p++;
			id = xstrdup(".");
		} else {
			id = read_id(ps);
		}
		if (!id)
			return fail(ps, "expected a name");
		if (strcmp(id, "this") == 0 || strcmp(id, ".") == 0)
			free(id);
		else
			sv_push(parts, id);
		if ((ps->s[ps->p] == '.' || ps->s[ps->p] == '/') && ps->s[ps->p + 1] != '}')
			ps->p++;
		else
			return 0;
	}
}

static bool ends_token(char c)
{
	return is_ws(c) || c == '}' || c == '~' || c == ')' || c == '\0';
}

/* A parameter or hash value: string, number, boolean, or path. */
static int read_value(struct parser *ps, struct node *nd, struct tpl_val *v)
{
	const char *s = ps->s;
	char q = s[ps->p];
	if (q == '"' || q == '\'') {
		struct sbuf b = {0};
		ps->p++;
		while (s[ps->p] && s[ps->p] != q) {
			if (s[ps->p] == '\\' && s[ps->p + 1] == q)
				ps->p++;
			sb_addc(&b, s[ps->p++]);
		}
		if (!s[ps->p]) {
			free(b.s);
			return fail(ps, "string not closed");
		}
		ps->p++;
		char *str = sb_take(&b);
		sv_push(&nd->owned, str);
		*v = (struct tpl_val){true, str};
		return 0;
	}
	size_t start = ps->p, i = ps->p;
	if (s[i] == '-')
		i++;
	size_t d0 = i;
	while (s[i] >= '0' && s[i] <= '9')
		i++;
	if (i > d0 && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
		i++;
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i > d0 && ends_token(s[i])) {
		ps->p = i;
		char *num = xstrndup(s + start, i - start);
		sv_push(&nd->owned, num);
		*v = (struct tpl_val){true, num};
		return 0;
	}
	static const char *const lits[] = {"true", "false", "null", "undefined"};
	for (size_t k = 0; k < 4; k++) {
		size_t n = strlen(lits[k]);
		if (strncmp(s + start, lits[k], n) == 0 && ends_token(s[start + n])) {
			ps->p = start + n;
			*v = (struct tpl_val){k < 2, k < 2 ? lits[k] : NULL};
			return 0;
		}
	}
	if (q == '(')
		return fail(ps, "sub-expressions are not supported");
	struct strv parts = {0};
	bool data = false;
	int rc = read_path(ps, &parts, &data);
	sv_free(&parts);
	*v = (struct tpl_val){false, NULL};
	return rc;
}

static int read_expr(struct parser *ps, struct node *nd, bool triple)
{
	skip_ws(ps);
	if (at_close(ps, triple))
		return fail(ps, "empty expression");
	if (read_path(ps, &nd->path, &nd->data))
		return -1;
	for (;;) {
		size_t before = ps->p;
		skip_ws(ps);
		if (at_close(ps, triple))
			return 0;
		if (ps->s[ps->p] == '\0')
			return fail(ps, "expression not closed with }}");
		if (ps->p == before)
			return fail(ps, "expected a space between arguments");
		size_t save = ps->p;
		char *key = read_id(ps);
		if (key && ps->s[ps->p] == '=') {
			ps->p++;
			nd->hash = xrealloc(nd->hash, (nd->nhash + 1) * sizeof *nd->hash);
			sv_push(&nd->owned, key);
			struct tpl_hash *h = &nd->hash[nd->nhash++];
			h->key = key;
			if (read_value(ps, nd, &h->val))
				return -1;
			continue;
		}
		free(key);
		ps->p = save;
		if (nd->nhash)
			return fail(ps, "a positional argument after key=value arguments");
		nd->params = xrealloc(nd->params, (nd->nparams + 1) * sizeof *nd->params);
		if (read_value(ps, nd, &nd->params[nd->nparams++]))
			return -1;
	}
}

/* Remove trailing blanks of the last text node ({{~). */
static void strip_prev(struct parser *ps)
{
	if (ps->n && ps->nodes[ps->n - 1].kind == N_TEXT) {
		char *t = ps->nodes[ps->n - 1].text;
		size_t n = strlen(t);
		while (n && is_ws(t[n - 1]))
			n--;
		t[n] = '\0';
	}
}

static int parse(struct parser *ps)
{
	const char *s = ps->s;
	bool strip_next = false;
	while (s[ps->p]) {
		const char *open = strstr(s + ps->p, "{{");
		size_t end = open ? (size_t)(open - s) : strlen(s);
		size_t from = ps->p;
		if (strip_next)
			while (from < end && is_ws(s[from]))
				from++;
		strip_next = false;
		if (open && end > from && s[end - 1] == '\\') {
			/* \{{ is literal text up to the next {{; \\{{ is a backslash
			 * before a real expression. */
			if (end - from >= 2 && s[end - 2] == '\\') {
				add_text(ps, s + from, end - from - 1);
			} else {
				add_text(ps, s + from, end - from - 1);
				const char *next = strstr(open + 2, "{{");
				size_t stop = next ? (size_t)(next - s) : strlen(s);
				if (next && next[-1] == '\\')
					stop--;
				add_text(ps, open, stop - end);
				ps->p = stop;
				continue;
			}
		} else {
			add_text(ps, s + from, end - from);
		}
		if (!open) {
			ps->p = end;
			break;
		}
		ps->p = end + 2;
		if (s[ps->p] == '~') {
			strip_prev(ps);
			ps->p++;
		}
		if (s[ps->p] == '!') {
			bool dashes = strncmp(s + ps->p, "!--", 3) == 0;
			const char *close = strstr(s + ps->p, dashes ? "--}}" : "}}");
			if (!close)
				return fail(ps, "comment not closed");
			ps->p = (size_t)(close - s) + (dashes ? 4 : 2);
			if (ps->p >= 3 && s[ps->p - 3] == '~')
				strip_next = true;
			continue;
		}
		if (s[ps->p] && strchr("#/^>", s[ps->p]))
			return fail(ps, "block helpers and partials are not supported");
		bool triple = false, escape = true;
		if (s[ps->p] == '{') {
			triple = true;
			escape = false;
			ps->p++;
		} else if (s[ps->p] == '&') {
			escape = false;
			ps->p++;
		}
		struct node *nd = add_node(ps, N_EXPR);
		nd->escape = escape;
		if (read_expr(ps, nd, triple))
			return -1;
		if (nd->path.n == 1 && strcmp(nd->path.v[0], "else") == 0)
			return fail(ps, "{{else}} outside a block is not supported");
		if (s[ps->p] == '~') {
			strip_next = true;
			ps->p++;
		}
		ps->p += triple ? 3 : 2;
	}
	return 0;
}

static void free_nodes(struct parser *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		struct node *nd = &ps->nodes[i];
		free(nd->text);
		sv_free(&nd->path);
		free(nd->params);
		free(nd->hash);
		sv_free(&nd->owned);
	}
	free(ps->nodes);
}

char *tpl_html_escape(const char *s)
{
	struct sbuf b = {0};
	for (; *s; s++) {
		switch (*s) {
		case '&': sb_adds(&b, "&amp;"); break;
		case '<': sb_adds(&b, "&lt;"); break;
		case '>': sb_adds(&b, "&gt;"); break;
		case '"': sb_adds(&b, "&quot;"); break;
		case '\'': sb_adds(&b, "&#x27;"); break;
		case '`': sb_adds(&b, "&#x60;"); break;
		case '=': sb_adds(&b, "&#x3D;"); break;
		default: sb_addc(&b, *s);
		}
	}
	return sb_take(&b);
}

static int eval(const struct node *nd, tpl_resolve_fn fn, void *ud, struct sbuf *out, char *err, size_t errlen)
{
	char *val = NULL;
	int found = 0;
	const char *name = nd->path.n ? nd->path.v[0] : "this";
	if (nd->path.n == 1 && !nd->data) {
		struct tpl_call call = {name, nd->nparams, nd->params, nd->nhash, nd->hash};
		found = fn(ud, &call, &val, err, errlen);
		if (found < 0)
			return -1;
	}
	if (!found && (nd->nparams || nd->nhash)) {
		snprintf(err, errlen, "missing helper \"%s\"", name);
		return -1;
	}
	if (val) {
		if (nd->escape) {
			char *e = tpl_html_escape(val);
			sb_adds(out, e);
			free(e);
		} else {
			sb_adds(out, val);
		}
		free(val);
	}
	return 0;
}

int tpl_render(const char *tpl, tpl_resolve_fn fn, void *ud, char **out, char *err, size_t errlen)
{
	struct parser ps = {.s = tpl, .err = err, .errlen = errlen};
	int rc = parse(&ps);
	struct sbuf b = {0};
	for (size_t i = 0; rc == 0 && i < ps.n; i++) {
		if (ps.nodes[i].kind == N_TEXT)
			sb_adds(&b, ps.nodes[i].text);
		else
			rc = eval(&ps.nodes[i], fn, ud, &b, err, errlen);
	}
	free_nodes(&ps);
	if (rc) {
		free(b.s);
		return -1;
	}
	*out = sb_take(&b);
	return 0;
}

bool tpl_is_single(const char *tpl, const char *name)
{
	char err[128];
	struct parser ps = {.s = tpl, .err = err, .errlen = sizeof err};
	bool yes = parse(&ps) == 0 && ps.n == 1 && ps.nodes[0].kind == N_EXPR && ps.nodes[0].path.n == 1 &&
		   strcmp(ps.nodes[0].path.v[0], name) == 0;
	free_nodes(&ps);
	return yes;
}
