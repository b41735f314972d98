/* scan_mustache: Mustache, Handlebars and Dotprompt (Handlebars with its own
 * helpers).  Tags are {{name}}, {{{name}}}, {{&name}}, sections {{#x}} ..
 * {{/x}} and {{^x}}, comments {{! }} / {{!-- --}}, partials {{> p}}, and in
 * Mustache new delimiters {{=<% %>=}}.  Handlebars adds helpers with
 * arguments ({{helper a b key=c}}, (sub expressions)), {{else}}, block
 * parameters (as |item|), @data variables and \{{ escapes.  Names inside a
 * section, each or with may be fields of the current item: they count as
 * used but are never reported as undeclared. */
#include "template.h"

#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 64

struct mblock {
	char name[32];
	size_t off;
	bool scoping;
};

struct mstate {
	const char *s;
	enum engine e;
	struct tscan *out;
	struct mblock stack[MAX_DEPTH];
	int depth, scoping;
};

static bool is_word(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(s, w, n) == 0;
}

static bool dotprompt_helper(const char *s, size_t n)
{
	static const char *const h[] = {
		"role", "history", "media", "section", "json", "ifEquals", "unlessEquals", NULL,
	};
	for (const char *const *p = h; *p; p++)
		if (is_word(s, n, *p))
			return true;
	return false;
}

static bool is_literal(const char *s, size_t n)
{
	return (n && ((s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '"' || s[0] == '\'')) ||
	       is_word(s, n, "true") || is_word(s, n, "false") || is_word(s, n, "null") || is_word(s, n, "undefined");
}

/* A path token: record its root name unless it is this/./@data. */
static void path_use(struct mstate *st, const char *p, size_t n, size_t off)
{
	bool scoped = st->scoping > 0;
	if (n == 0 || is_literal(p, n) || (p[0] == '.' && n == 1))
		return;
	if (n >= 6 && memcmp(p, "@root.", 6) == 0) {
		p += 6, n -= 6, off += 6;
		scoped = false;
	} else if (p[0] == '@') {
		return;
	} else if (n >= 3 && memcmp(p, "../", 3) == 0) {
		while (n >= 3 && memcmp(p, "../", 3) == 0)
			p += 3, n -= 3, off += 3;
		scoped = true;
	}
	if (is_word(p, n, "this") || (n > 5 && memcmp(p, "this.", 5) == 0) || (n > 5 && memcmp(p, "this/", 5) == 0))
		return;
	size_t r = 0;
	while (r < n && p[r] != '.' && p[r] != '/' && p[r] != '[')
		r++;
	if (r)
		tscan_use(st->out, p, r, off, scoped);
}

/* Tokens of a Handlebars expression in s[a, b): strings, sub-expressions,
 * key=value pairs and paths.  The first token of the tag (or of a sub
 * expression) names a helper when anything follows it. */
static void hb_expr(struct mstate *st, size_t a, size_t b, bool first_is_helper)
{
	const char *s = st->s;
	bool first = true;
	for (size_t i = a; i < b;) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ')') {
			i++;
			continue;
		}
		if (c == '"' || c == '\'') {
			size_t j = i + 1;
			while (j < b && s[j] != c)
				j++;
			i = j + 1;
			first = false;
			continue;
		}
		if (c == '(') {
			/* a sub-expression: its own helper first */
			int depth = 1;
			size_t j = i + 1;
			while (j < b && depth) {
				if (s[j] == '(')
					depth++;
				else if (s[j] == ')')
					depth--;
				j++;
			}
			hb_expr(st, i + 1, depth ? j : j - 1, true);
			i = j;
			first = false;
			continue;
		}
		if (c == 'a' && i + 3 < b && memcmp(s + i, "as |", 4) == 0) {
			/* block parameters: as |item index| */
			size_t j = i + 4;
			while (j < b && s[j] != '|') {
				size_t n = ident_len(s + j, b - j);
				if (n) {
					tscan_local(st->out, s + j, n);
					j += n;
				} else {
					j++;
				}
			}
			i = j + 1;
			continue;
		}
		size_t j = i;
		while (j < b && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r' && s[j] != ')' &&
		       s[j] != '(' && s[j] != '=')
			j++;
		if (j < b && s[j] == '=') { /* key=value: the key is no variable */
			i = j + 1;
			first = false;
			continue;
		}
		if (!(first && first_is_helper))
			path_use(st, s + i, j - i, i);
		first = false;
		i = j;
	}
}

/* Does the expression in s[a, b) have more than one token? */
static bool has_args(const char *s, size_t a, size_t b)
{
	size_t i = a;
	while (i < b && s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
		i++;
	while (i < b && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
		i++;
	return i < b;
}

static size_t first_len(const char *s, size_t a, size_t b)
{
	size_t i = a;
	while (i < b && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '}')
		i++;
	return i - a;
}

static void push(struct mstate *st, const char *name, size_t n, size_t off, bool scoping)
{
	if (st->depth == MAX_DEPTH)
		return;
	struct mblock *bl = &st->stack[st->depth++];
	snprintf(bl->name, sizeof bl->name, "%.*s", (int)n, name);
	bl->off = off;
	bl->scoping = scoping;
	st->scoping += scoping;
}

static void close_block(struct mstate *st, const char *name, size_t n, size_t off)
{
	if (st->depth == 0) {
		tscan_issue(st->out, R_MISMATCHED_BLOCK, off, "{{/%.*s}} closes no open block; remove it", (int)n,
			    name);
		return;
	}
	struct mblock *top = &st->stack[st->depth - 1];
	if (!is_word(name, n, top->name)) {
		tscan_issue(st->out, R_MISMATCHED_BLOCK, off, "{{/%.*s}} closes {{#%s}}; expected {{/%s}}", (int)n,
			    name, top->name, top->name);
		int d;
		for (d = st->depth - 1; d >= 0 && !is_word(name, n, st->stack[d].name); d--)
			;
		if (d < 0) {
			/* no such opener: take it as the (misspelt) end of the top one */
			st->scoping -= st->stack[--st->depth].scoping;
			return;
		}
		while (st->depth > d + 1)
			st->scoping -= st->stack[--st->depth].scoping;
	}
	st->scoping -= st->stack[--st->depth].scoping;
}

/* One tag whose inside (sigil included, braces and ~ excluded) is s[a, b). */
static void tag(struct mstate *st, size_t a, size_t b, size_t off, bool triple)
{
	const char *s = st->s;
	bool hb = st->e != ENG_MUSTACHE;
	while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\n' || s[a] == '\r'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\n' || s[b - 1] == '\r'))
		b--;
	if (a >= b)
		return;
	char sig = triple ? 0 : s[a];
	if (sig == '#' || sig == '^' || sig == '/' || sig == '&' || sig == '>') {
		a++;
		while (a < b && (s[a] == ' ' || s[a] == '*'))
			a++;
	}
	size_t n = first_len(s, a, b);
	switch (sig) {
	case '#': {
		bool args = has_args(s, a, b);
		bool scoping =
			!hb || !args || is_word(s + a, n, "each") || is_word(s + a, n, "with") ||
			(!is_word(s + a, n, "if") && !is_word(s + a, n, "unless") && !dotprompt_helper(s + a, n));
		if (hb && args)
			hb_expr(st, a, b, true);
		else
			path_use(st, s + a, n, a);
		push(st, s + a, n, off, scoping);
		return;
	}
	case '^':
		if (n == 0)
			return; /* {{^}}: Handlebars' else */
		path_use(st, s + a, n, a);
		push(st, s + a, n, off, false);
		return;
	case '/': close_block(st, s + a, n, off); return;
	case '>': return; /* partials are other files */
	default: break;
	}
	if (hb && is_word(s + a, n, "else")) {
		if (st->depth == 0)
			tscan_issue(st->out, R_MISMATCHED_BLOCK, off, "{{else}} outside any block");
		if (has_args(s, a, b))
			hb_expr(st, a + n, b, true);
		return;
	}
	if (!hb) {
		path_use(st, s + a, b - a, a);
		return;
	}
	if (has_args(s, a, b)) {
		/* {{set name="x" value=..}} (Semantic Kernel) defines x */
		if (is_word(s + a, n, "set")) {
			const char *q = memmem(s + a, b - a, "name=", 5);
			if (q && (q[5] == '"' || q[5] == '\'')) {
				const char *e = memchr(q + 6, q[5], (size_t)(s + b - (q + 6)));
				if (e)
					tscan_local(st->out, q + 6, (size_t)(e - (q + 6)));
			}
		}
		hb_expr(st, a, b, true);
		return;
	}
	/* One token: a variable, unless it names a helper that needs no
	 * argument (Dotprompt's {{history}}) or a plugin function (SK's
	 * Plugin-Function). */
	if ((st->e == ENG_DOTPROMPT && dotprompt_helper(s + a, n)) || memchr(s + a, '-', n))
		return;
	path_use(st, s + a, n, a);
}

/* Literal text s[a, b) between tags: a '}}' there is printed as it is,
 * almost always a tag whose '{{' lost a brace ({name}}).  Braces the text
 * opened itself (JSON such as {"a": {"b": 1}}) account for theirs. */
static void stray_close(const char *s, size_t a, size_t b, struct tscan *out)
{
	size_t depth = 0;
	for (size_t i = a; i < b; i++) {
		if (s[i] == '{') {
			depth++;
		} else if (s[i] == '}' && i + 1 < b && s[i + 1] == '}' && depth < 2) {
			tscan_issue(out, R_STRAY_CLOSE, i,
				    "'}}' has no opening '{{' and is printed as it is; "
				    "write '{{' before the name, or drop the braces");
			return;
		} else if (s[i] == '}' && depth > 0) {
			depth--;
		}
	}
}

void scan_mustache(const char *s, size_t len, enum engine e, struct tscan *out)
{
	struct mstate st = {.s = s, .e = e, .out = out};
	char open[8] = "{{", close[8] = "}}";
	size_t i = 0;
	for (;;) {
		size_t ol = strlen(open), cl = strlen(close);
		const char *p = i < len ? memmem(s + i, len - i, open, ol) : NULL;
		if (strcmp(close, "}}") == 0)
			stray_close(s, i, p ? (size_t)(p - s) : len, out);
		if (!p)
			break;
		size_t off = (size_t)(p - s);
		if (e != ENG_MUSTACHE && off > 0 && s[off - 1] == '\\') {
			/* \{{ is a literal {{ in Handlebars */
			const char *c = memmem(s + off, len - off, close, cl);
			i = c ? (size_t)(c - s) + cl : len;
			continue;
		}
		if (e != ENG_MUSTACHE && len - off >= 4 && memcmp(s + off, "{{{{", 4) == 0) {
			/* {{{{raw}}}} ... {{{{/raw}}}} */
			const char *end = memmem(s + off, len - off, "{{{{/", 5);
			const char *c = end ? memmem(end, len - (size_t)(end - s), "}}}}", 4) : NULL;
			if (!c) {
				tscan_issue(out, R_UNCLOSED_BLOCK, off, "raw block {{{{ is never closed");
				return;
			}
			i = (size_t)(c - s) + 4;
			continue;
		}
		size_t a = off + ol;
		bool triple = ol == 2 && a < len && s[a] == '{';
		bool comment = a < len && s[a] == '!';
		const char *want = triple ? "}}}" : close;
		if (comment && len - a >= 3 && memcmp(s + a, "!--", 3) == 0)
			want = "--}}";
		else if (e != ENG_MUSTACHE && a < len && s[a] == '~')
			a++;
		if (triple)
			a++;
		const char *c = memmem(s + a, len - a, want, strlen(want));
		if (!c) {
			tscan_issue(out, R_UNTERMINATED_TAG, off, "'%s' is never closed; add '%s'",
				    triple ? "{{{" : open, want);
			return;
		}
		size_t b = (size_t)(c - s), next = b + strlen(want);
		if (!comment) {
			const char *inner = memmem(s + a, b - a, open, ol);
			if (inner) {
				tscan_issue(out, R_UNTERMINATED_TAG, off, "'%s' is never closed; add '%s'", open, want);
				i = (size_t)(inner - s);
				continue;
			}
		}
		if (comment) {
			tscan_comment(out, s + a + 1, b - a - 1, off);
		} else if (e == ENG_MUSTACHE && s[a] == '=' && b > a + 1 && s[b - 1] == '=') {
			/* {{=<% %>=}}: the two new delimiters */
			char d1[8], d2[8];
			char spec[64];
			snprintf(spec, sizeof spec, "%.*s", (int)(b - a - 2), s + a + 1);
			if (sscanf(spec, "%7s %7s", d1, d2) == 2) {
				memcpy(open, d1, sizeof open);
				memcpy(close, d2, sizeof close);
			}
		} else {
			size_t bb = b;
			if (e != ENG_MUSTACHE && bb > a && s[bb - 1] == '~')
				bb--;
			tag(&st, a, bb, off, triple);
		}
		i = next;
	}
	for (int d = st.depth - 1; d >= 0; d--)
		tscan_issue(out, R_UNCLOSED_BLOCK, st.stack[d].off, "{{#%s}} is never closed; add {{/%s}}",
			    st.stack[d].name, st.stack[d].name);
}
