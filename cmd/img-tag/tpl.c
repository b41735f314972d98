/* tpl: a Handlebars subset in two steps, parse into nodes then render,
 * so that errors in a template are found before anything is produced. */
#include "tpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "strvec.h"
#include "strbuf.h"
#include "vec.h"

enum node_kind { N_TEXT, N_EXPR, N_BLOCK };

struct node;
struct prog {
	struct node *v;
	size_t n, cap;
};

struct node {
	enum node_kind kind;
	char *text; /* N_TEXT */
	bool escape; /* N_EXPR: double braces */
	struct strvec path; /* name parts ("this" dropped); N_BLOCK: if or unless */
	bool data; /* @name */
	struct tpl_val *params; /* N_BLOCK: params[0] is the condition */
	size_t nparams;
	struct tpl_hash *hash;
	size_t nhash;
	struct strvec owned; /* strings the params and hash point into */
	struct prog body, inverse; /* N_BLOCK: {{#if}}body{{else}}inverse{{/if}} */
};

/* What ended a program: the end of the text, {{/name}} or {{else}}. */
enum prog_end { END_EOF, END_CLOSE, END_ELSE };

struct parser {
	const char *s;
	size_t p;
	bool strip_next; /* the last tag ended with ~ */
	char *closer; /* END_CLOSE: the name in {{/name}} */
	char *err;
	size_t errlen;
};

static struct node *add_node(struct prog *pg, enum node_kind kind)
{
	VEC_RESERVE(pg->v, pg->cap, pg->n + 1);
	struct node *nd = &pg->v[pg->n++];
	memset(nd, 0, sizeof *nd);
	nd->kind = kind;
	return nd;
}

static void add_text(struct prog *pg, const char *s, size_t n)
{
	if (n)
		add_node(pg, N_TEXT)->text = xstrndup(s, n);
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

static int failf(struct parser *ps, const char *fmt, const char *a, const char *b)
{
	char what[256];
	snprintf(what, sizeof what, fmt, a, b);
	return fail(ps, what);
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
static int read_path(struct parser *ps, struct strvec *parts, bool *data)
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
			strvec_push(parts, id);
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
		struct strbuf b = {0};
		ps->p++;
		while (s[ps->p] && s[ps->p] != q) {
			if (s[ps->p] == '\\' && s[ps->p + 1] == q)
				ps->p++;
			strbuf_addc(&b, s[ps->p++]);
		}
		if (!s[ps->p]) {
			free(b.s);
			return fail(ps, "string not closed");
		}
		ps->p++;
		char *str = strbuf_take(&b);
		strvec_push(&nd->owned, str);
		*v = (struct tpl_val){true, str, TV_STRING};
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
		strvec_push(&nd->owned, num);
		*v = (struct tpl_val){true, num, TV_NUMBER};
		return 0;
	}
	static const char *const lits[] = {"true", "false", "null", "undefined"};
	for (size_t k = 0; k < 4; k++) {
		size_t n = strlen(lits[k]);
		if (strncmp(s + start, lits[k], n) == 0 && ends_token(s[start + n])) {
			ps->p = start + n;
			*v = (struct tpl_val){k < 2, k < 2 ? lits[k] : NULL, k < 2 ? TV_BOOL : TV_NULL};
			return 0;
		}
	}
	if (q == '(')
		return fail(ps, "sub-expressions are not supported");
	struct strvec parts = {0};
	bool data = false;
	int rc = read_path(ps, &parts, &data);
	*v = (struct tpl_val){false, NULL, TV_PATH};
	/* @root is the context itself, like this; other @data names (@index,
	 * @key) are undefined outside #each. */
	size_t skip = data && parts.n && strcmp(parts.v[0], "root") == 0 ? 1 : 0;
	if (rc == 0 && (!data || skip)) {
		if (parts.n == skip + 1) {
			strvec_push(&nd->owned, xstrdup(parts.v[skip]));
			v->s = nd->owned.v[nd->owned.n - 1];
		} else if (parts.n == skip) {
			v->s = "this";
		}
	}
	strvec_free(&parts);
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
			strvec_push(&nd->owned, key);
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
static void strip_prev(struct prog *pg)
{
	if (pg->n && pg->v[pg->n - 1].kind == N_TEXT) {
		char *t = pg->v[pg->n - 1].text;
		size_t n = strlen(t);
		while (n && is_ws(t[n - 1]))
			n--;
		t[n] = '\0';
	}
}

/* Past the "}}" (or "~}}") that read_expr stopped at. */
static void close_tag(struct parser *ps, bool triple)
{
	if (ps->s[ps->p] == '~') {
		ps->strip_next = true;
		ps->p++;
	}
	ps->p += triple ? 3 : 2;
}

static void free_node(struct node *nd);

static void free_prog(struct prog *pg)
{
	for (size_t i = 0; i < pg->n; i++)
		free_node(&pg->v[i]);
	free(pg->v);
	memset(pg, 0, sizeof *pg);
}

static void free_node(struct node *nd)
{
	free(nd->text);
	strvec_free(&nd->path);
	free(nd->params);
	free(nd->hash);
	strvec_free(&nd->owned);
	free_prog(&nd->body);
	free_prog(&nd->inverse);
}

/* The helper of a block: if or unless.  Their one argument is checked
 * when the block is reached, as Handlebars does: a branch not taken may
 * hold an {{else if}} without one. */
static int check_block(struct parser *ps, const struct node *nd)
{
	const char *name = nd->path.n == 1 && !nd->data ? nd->path.v[0] : NULL;
	if (!name || (strcmp(name, "if") != 0 && strcmp(name, "unless") != 0))
		return failf(ps, "block {{#%s}} is not supported (img-tag evaluates {{#if}} and {{#unless}})%s",
			     name ? name : "...", "");
	return 0;
}

static int parse_prog(struct parser *ps, struct prog *pg, enum prog_end *end, struct node *chain);

/* The rest of a block after its opening tag: the body, then after
 * {{else}} the inverse, up to {{/name}}; *closer gets name.  {{else if
 * c}} opens a block of its own as the inverse, closed by the same tag. */
static int parse_block(struct parser *ps, struct node *blk, char **closer)
{
	enum prog_end end;
	struct node chain;
	memset(&chain, 0, sizeof chain);
	if (parse_prog(ps, &blk->body, &end, &chain) != 0) {
		free_node(&chain);
		return -1;
	}
	if (end == END_ELSE && chain.path.n) {
		if (check_block(ps, &chain) != 0) {
			free_node(&chain);
			return -1;
		}
		struct node *inner = add_node(&blk->inverse, N_BLOCK);
		*inner = chain;
		inner->kind = N_BLOCK;
		return parse_block(ps, inner, closer);
	}
	if (end == END_ELSE && parse_prog(ps, &blk->inverse, &end, &chain) != 0) {
		free_node(&chain);
		return -1;
	}
	free_node(&chain);
	if (end == END_ELSE)
		return failf(ps, "a second {{else}} in {{#%s}}%s", blk->path.v[0], "");
	if (end == END_EOF)
		return failf(ps, "{{#%s}} is not closed with {{/%s}}", blk->path.v[0], blk->path.v[0]);
	*closer = ps->closer;
	ps->closer = NULL;
	return 0;
}

/* One tag after "{{" (and "~"): a block, a closing tag, an else, or an
 * expression.  *end is set when the tag ends the program. */
static int parse_tag(struct parser *ps, struct prog *pg, enum prog_end *end, struct node *chain)
{
	const char *s = ps->s;
	char c = s[ps->p];
	if (c == '>' || (c == '#' && (s[ps->p + 1] == '>' || s[ps->p + 1] == '*')))
		return fail(ps, "partials are not supported (the action registers none, so it fails on them too)");
	if (c == '#') {
		ps->p++;
		struct node *blk = add_node(pg, N_BLOCK);
		if (read_expr(ps, blk, false) != 0 || check_block(ps, blk) != 0)
			return -1;
		close_tag(ps, false);
		char *closer = NULL;
		if (parse_block(ps, blk, &closer) != 0)
			return -1;
		int rc = 0;
		if (strcmp(closer, blk->path.v[0]) != 0)
			rc = failf(ps, "{{#%s}} closed by {{/%s}}", blk->path.v[0], closer);
		free(closer);
		return rc;
	}
	if (c == '/') {
		ps->p++;
		skip_ws(ps);
		struct strvec parts = {0};
		bool data = false;
		int rc = read_path(ps, &parts, &data);
		skip_ws(ps);
		if (rc == 0 && (parts.n != 1 || !at_close(ps, false)))
			rc = fail(ps, "expected {{/name}}");
		if (rc == 0) {
			free(ps->closer);
			ps->closer = xstrdup(parts.v[0]);
			close_tag(ps, false);
			*end = END_CLOSE;
		}
		strvec_free(&parts);
		return rc;
	}
	if (c == '^') {
		ps->p++;
		skip_ws(ps);
		if (!at_close(ps, false))
			return fail(ps, "{{^name}} sections are not supported; write {{#unless name}}");
		close_tag(ps, false);
		*end = END_ELSE;
		return 0;
	}
	size_t at = ps->p;
	skip_ws(ps);
	if (strncmp(s + ps->p, "else", 4) == 0 && (is_ws(s[ps->p + 4]) || s[ps->p + 4] == '~' || s[ps->p + 4] == '}')) {
		ps->p += 4;
		skip_ws(ps);
		if (!at_close(ps, false) && read_expr(ps, chain, false) != 0)
			return -1;
		close_tag(ps, false);
		*end = END_ELSE;
		return 0;
	}
	ps->p = at;
	bool triple = false, escape = true;
	if (c == '{') {
		triple = true;
		escape = false;
		ps->p++;
	} else if (c == '&') {
		escape = false;
		ps->p++;
	}
	struct node *nd = add_node(pg, N_EXPR);
	nd->escape = escape;
	if (read_expr(ps, nd, triple) != 0)
		return -1;
	close_tag(ps, triple);
	return 0;
}

/* Text and tags into pg until the end of the template or a tag that
 * ends a block's part ({{else}}, {{/name}}); *end says which. */
static int parse_prog(struct parser *ps, struct prog *pg, enum prog_end *end, struct node *chain)
{
	const char *s = ps->s;
	*end = END_EOF;
	while (s[ps->p]) {
		const char *open = strstr(s + ps->p, "{{");
		size_t stop = open ? (size_t)(open - s) : strlen(s);
		size_t from = ps->p;
		if (ps->strip_next)
			while (from < stop && is_ws(s[from]))
				from++;
		ps->strip_next = false;
		if (open && stop > from && s[stop - 1] == '\\') {
			/* \{{ is literal text up to the next {{; \\{{ is a backslash
			 * before a real tag. */
			add_text(pg, s + from, stop - from - 1);
			if (stop - from < 2 || s[stop - 2] != '\\') {
				const char *next = strstr(open + 2, "{{");
				size_t lit_end = next ? (size_t)(next - s) : strlen(s);
				if (next && next[-1] == '\\')
					lit_end--;
				add_text(pg, open, lit_end - stop);
				ps->p = lit_end;
				continue;
			}
		} else {
			add_text(pg, s + from, stop - from);
		}
		if (!open) {
			ps->p = stop;
			break;
		}
		ps->p = stop + 2;
		if (s[ps->p] == '~') {
			strip_prev(pg);
			ps->p++;
		}
		if (s[ps->p] == '!') {
			bool dashes = strncmp(s + ps->p, "!--", 3) == 0;
			const char *close = strstr(s + ps->p, dashes ? "--}}" : "}}");
			if (!close)
				return fail(ps, "comment not closed");
			ps->p = (size_t)(close - s) + (dashes ? 4 : 2);
			if (ps->p >= 3 && s[ps->p - 3] == '~')
				ps->strip_next = true;
			continue;
		}
		if (parse_tag(ps, pg, end, chain) != 0)
			return -1;
		if (*end != END_EOF)
			return 0;
	}
	return 0;
}

/* The whole template; a stray {{else}} or {{/name}} is an error. */
static int parse(struct parser *ps, struct prog *root)
{
	enum prog_end end;
	struct node chain;
	memset(&chain, 0, sizeof chain);
	int rc = parse_prog(ps, root, &end, &chain);
	free_node(&chain);
	if (rc == 0 && end == END_ELSE)
		rc = fail(ps, "{{else}} outside {{#if}} or {{#unless}}");
	if (rc == 0 && end == END_CLOSE)
		rc = failf(ps, "{{/%s}} without {{#%s}}", ps->closer, ps->closer);
	free(ps->closer);
	ps->closer = NULL;
	return rc;
}

char *tpl_html_escape(const char *s)
{
	struct strbuf b = {0};
	for (; *s; s++) {
		switch (*s) {
		case '&': strbuf_adds(&b, "&amp;"); break;
		case '<': strbuf_adds(&b, "&lt;"); break;
		case '>': strbuf_adds(&b, "&gt;"); break;
		case '"': strbuf_adds(&b, "&quot;"); break;
		case '\'': strbuf_adds(&b, "&#x27;"); break;
		case '`': strbuf_adds(&b, "&#x60;"); break;
		case '=': strbuf_adds(&b, "&#x3D;"); break;
		default: strbuf_addc(&b, *s);
		}
	}
	return strbuf_take(&b);
}

static int eval(const struct node *nd, tpl_resolve_fn fn, void *ud, struct strbuf *out, char *err, size_t errlen)
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
			strbuf_adds(out, e);
			free(e);
		} else {
			strbuf_adds(out, val);
		}
		free(val);
	}
	return 0;
}

/* JavaScript truthiness of a string or a number's text. */
static bool js_truthy(const char *s, bool number, bool include_zero)
{
	if (!s || !*s)
		return false;
	if (!number || include_zero)
		return true;
	char *end;
	double d = strtod(s, &end);
	return d != 0 && d == d;
}

/* A literal's truthiness (false for a path). */
static bool literal_true(const struct tpl_val *v)
{
	switch (v->kind) {
	case TV_BOOL: return strcmp(v->s, "true") == 0;
	case TV_STRING: return *v->s != '\0';
	case TV_NUMBER: return js_truthy(v->s, true, false);
	default: return false;
	}
}

/* The condition of {{#if c}} as the if helper sees it: a name in the
 * context is called (img-tag's contexts are functions), then "" and
 * undefined are false, and 0 unless includeZero=true. */
static int condition(const struct node *blk, tpl_resolve_fn fn, void *ud, bool *yes, char *err, size_t errlen)
{
	const struct tpl_val *v = &blk->params[0];
	bool include_zero = false;
	for (size_t i = 0; i < blk->nhash; i++)
		if (strcmp(blk->hash[i].key, "includeZero") == 0)
			include_zero = literal_true(&blk->hash[i].val);
	if (v->kind != TV_PATH) {
		*yes = (v->kind == TV_NUMBER && include_zero) || literal_true(v);
		return 0;
	}
	if (!v->s || strcmp(v->s, "this") == 0) {
		/* A nested path is undefined here; "this" is the context object. */
		*yes = v->s != NULL;
		return 0;
	}
	struct tpl_call call = {v->s, 0, NULL, 0, NULL};
	char *val = NULL;
	int found = fn(ud, &call, &val, err, errlen);
	if (found < 0)
		return -1;
	*yes = found > 0 && js_truthy(val, found == 2, include_zero);
	free(val);
	return 0;
}

static int eval_prog(const struct prog *pg, tpl_resolve_fn fn, void *ud, struct strbuf *out, char *err, size_t errlen)
{
	for (size_t i = 0; i < pg->n; i++) {
		const struct node *nd = &pg->v[i];
		if (nd->kind == N_TEXT) {
			strbuf_adds(out, nd->text);
			continue;
		}
		if (nd->kind == N_EXPR) {
			if (eval(nd, fn, ud, out, err, errlen) != 0)
				return -1;
			continue;
		}
		if (nd->nparams != 1) {
			snprintf(err, errlen, "#%s requires exactly one argument", nd->path.v[0]);
			return -1;
		}
		bool yes;
		if (condition(nd, fn, ud, &yes, err, errlen) != 0)
			return -1;
		if (strcmp(nd->path.v[0], "unless") == 0)
			yes = !yes;
		if (eval_prog(yes ? &nd->body : &nd->inverse, fn, ud, out, err, errlen) != 0)
			return -1;
	}
	return 0;
}

int tpl_render(const char *tpl, tpl_resolve_fn fn, void *ud, char **out, char *err, size_t errlen)
{
	struct parser ps = {.s = tpl, .err = err, .errlen = errlen};
	struct prog root = {0};
	struct strbuf b = {0};
	int rc = parse(&ps, &root);
	if (rc == 0)
		rc = eval_prog(&root, fn, ud, &b, err, errlen);
	free_prog(&root);
	if (rc) {
		free(b.s);
		return -1;
	}
	*out = strbuf_take(&b);
	return 0;
}

bool tpl_is_single(const char *tpl, const char *name)
{
	char err[128];
	struct parser ps = {.s = tpl, .err = err, .errlen = sizeof err};
	struct prog root = {0};
	bool yes = parse(&ps, &root) == 0 && root.n == 1 && root.v[0].kind == N_EXPR && root.v[0].path.n == 1 &&
		   strcmp(root.v[0].path.v[0], name) == 0;
	free_prog(&root);
	return yes;
}
