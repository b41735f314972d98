/* scan_jinja: Jinja2 (and Nunjucks, and Liquid's close cousin).  Tags are
 * {{ expression }}, {% statement %} and {# comment #}, each with optional
 * -/+ whitespace control; {% raw %} (and Liquid's {% comment %}) hide their
 * content.  Statements open and close blocks, define names (for targets,
 * set, macro arguments, imports, with) and hold expressions whose free
 * names are the variables the template needs. */
#include "template.h"

#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 64

struct block {
	char name[16];
	size_t off;
};

struct jstate {
	const char *s;
	size_t len;
	bool liquid;
	struct tscan *out;
	struct block stack[MAX_DEPTH];
	int depth;
};

/* Words of the expression grammar.  Statement words (import, with
 * context, ignore missing, recursive) are no keywords inside expressions:
 * "context" is a perfectly good variable name. */
static const char *const keywords[] = {
	"and", "or", "not", "in", "is", "if", "else", "true", "false", "none", "True", "False", "None", NULL,
};
static const char *const liquid_keywords[] = {"contains", "nil", "empty", "blank", NULL};

/* Names every template can use without declaring them. */
static const char *const builtins[] = {
	"loop",    "range",  "lipsum", "dict",  "cycler",  "joiner",       "namespace", "self",
	"varargs", "kwargs", "caller", "super", "forloop", "tablerowloop", NULL,
};

static bool in_list(const char *const *list, const char *s, size_t n)
{
	for (; *list; list++)
		if ((*list)[0] == s[0] && strncmp(*list, s, n) == 0 && strlen(*list) == n)
			return true;
	return false;
}

static size_t skip_ws(const char *s, size_t i, size_t end)
{
	while (i < end && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

/* End of a quoted string starting at i (index after the closing quote), or
 * 0 when it does not close before end. */
static size_t string_end(const char *s, size_t i, size_t end)
{
	char q = s[i];
	for (size_t j = i + 1; j < end; j++) {
		if (s[j] == '\\')
			j++;
		else if (s[j] == q)
			return j + 1;
	}
	return 0;
}

/* Index of the closer "c1c2" after from, skipping quoted strings; len when absent. */
static size_t find_close(const char *s, size_t from, size_t len, char c1, char c2)
{
	for (size_t j = from; j + 1 < len; j++) {
		if (s[j] == '"' || s[j] == '\'') {
			size_t e = string_end(s, j, len);
			/* An unbalanced quote (an apostrophe in a comment) is text. */
			if (e) {
				size_t plain = j;
				while (plain + 1 < len && !(s[plain] == c1 && s[plain + 1] == c2))
					plain++;
				if (plain < e)
					return plain;
				j = e - 1;
			}
			continue;
		}
		if (s[j] == c1 && s[j + 1] == c2)
			return j;
	}
	return len;
}

static bool is_dunder(const char *s, size_t n)
{
	return n > 4 && s[0] == '_' && s[1] == '_' && s[n - 1] == '_' && s[n - 2] == '_';
}

/* The free names of an expression in s[a, b). */
static void expr_uses(struct jstate *st, size_t a, size_t b)
{
	const char *s = st->s;
	char prev = 0; /* last significant punctuation, or 'k' after a keyword */
	bool after_is = false;
	int parens = 0;
	for (size_t i = a; i < b;) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			i++;
			continue;
		}
		if (c == '"' || c == '\'') {
			size_t e = string_end(s, i, b);
			if (!e)
				e = b;
			if (e - i >= 2 && is_dunder(s + i + 1, e - i - 2))
				tscan_issue(st->out, R_UNSAFE_JINJA, i,
					    "%.*s names a Python internal; templates must not reach it", (int)(e - i),
					    s + i);
			i = e;
			prev = 's';
			continue;
		}
		if (c >= '0' && c <= '9') {
			while (i < b && (ident_char((unsigned char)s[i]) || s[i] == '.'))
				i++;
			prev = '0';
			continue;
		}
		size_t n = ident_len(s + i, b - i);
		if (!n) {
			if (c == '(' || c == '[')
				parens++;
			else if ((c == ')' || c == ']') && parens > 0)
				parens--;
			prev = c;
			i++;
			continue;
		}
		const char *name = s + i;
		size_t j = skip_ws(s, i + n, b);
		bool attr = prev == '.';
		bool filter = prev == '|' || (st->liquid && prev == '|');
		if (attr) {
			if (is_dunder(name, n) || (n == 3 && memcmp(name, "mro", 3) == 0))
				tscan_issue(st->out, R_UNSAFE_JINJA, i,
					    "attribute '%.*s' reaches Python internals (sandbox escape); "
					    "remove it",
					    (int)n, name);
		} else if (filter || after_is) {
			/* a filter or test name */
		} else if (in_list(keywords, name, n) || (st->liquid && in_list(liquid_keywords, name, n))) {
			after_is = n == 2 && memcmp(name, "is", 2) == 0;
			prev = 'k';
			i += n;
			continue;
		} else if (j < b && s[j] == '(') {
			/* a call: a macro, a global function */
		} else if (parens > 0 && j < b && s[j] == '=' && (j + 1 >= b || s[j + 1] != '=')) {
			/* a keyword argument */
		} else if (st->liquid && j < b && s[j] == ':' && prev == ',') {
			/* a Liquid filter's named argument */
		} else if (is_dunder(name, n)) {
			tscan_issue(st->out, R_UNSAFE_JINJA, i, "'%.*s' names a Python internal", (int)n, name);
		} else if (!in_list(builtins, name, n)) {
			tscan_use(st->out, name, n, i, false);
		}
		after_is = false;
		prev = 'i';
		i += n;
	}
}

/* Names in a comma-separated target list ("a, b" / "(a, b)") become locals. */
static void targets(struct jstate *st, size_t a, size_t b)
{
	for (size_t i = a; i < b;) {
		size_t n = ident_len(st->s + i, b - i);
		if (n) {
			tscan_local(st->out, st->s + i, n);
			i += n;
		} else {
			i++;
		}
	}
}

/* Position of the keyword word (surrounded by blanks) in s[a, b), or b. */
static size_t find_word(const char *s, size_t a, size_t b, const char *word)
{
	size_t wl = strlen(word);
	for (size_t i = a; i + wl <= b; i++) {
		if (s[i] == '"' || s[i] == '\'') {
			size_t e = string_end(s, i, b);
			if (e) {
				i = e - 1;
				continue;
			}
		}
		if (memcmp(s + i, word, wl) == 0 && (i == a || !ident_char((unsigned char)s[i - 1])) &&
		    (i + wl == b || !ident_char((unsigned char)s[i + wl])))
			return i;
	}
	return b;
}

static void push(struct jstate *st, const char *name, size_t nlen, size_t off)
{
	if (st->depth == MAX_DEPTH)
		return;
	struct block *bl = &st->stack[st->depth++];
	snprintf(bl->name, sizeof bl->name, "%.*s", (int)nlen, name);
	bl->off = off;
}

static bool word_is(const char *s, size_t n, const char *w)
{
	/* (strlen last: s may hold a NUL, and then w may be shorter than n) */
	return strncmp(w, s, n) == 0 && strlen(w) == n;
}

static bool opens_block(struct jstate *st, const char *k, size_t n)
{
	static const char *const jinja[] = {
		"for", "if", "macro", "call", "filter", "with", "block", "autoescape", "trans", NULL,
	};
	static const char *const liquid[] = {"unless", "case", "capture", "tablerow", NULL};
	return in_list(jinja, k, n) || (st->liquid && in_list(liquid, k, n));
}

/* Skip a {% raw %} / {% comment %} body: the index after its end tag. */
static size_t skip_body(struct jstate *st, size_t from, const char *endname, size_t open_off)
{
	const char *s = st->s;
	for (size_t i = from; i + 1 < st->len; i++) {
		if (s[i] != '{' || s[i + 1] != '%')
			continue;
		size_t j = i + 2;
		if (j < st->len && (s[j] == '-' || s[j] == '+'))
			j++;
		j = skip_ws(s, j, st->len);
		size_t n = ident_len(s + j, st->len - j);
		if (word_is(s + j, n, endname)) {
			size_t c = find_close(s, j, st->len, '%', '}');
			return c < st->len ? c + 2 : st->len;
		}
	}
	tscan_issue(st->out, R_UNCLOSED_BLOCK, open_off, "{%% %.*s %%} is never closed; add {%% %s %%}",
		    (int)(strlen(endname) - 3), endname + 3, endname);
	return st->len;
}

/* One {% statement %} whose inside is s[a, b); the tag opened at off and
 * ends before the index close.  Returns where scanning resumes. */
static size_t statement(struct jstate *st, size_t a, size_t b, size_t off, size_t resume)
{
	const char *s = st->s;
	a = skip_ws(s, a, b);
	size_t n = ident_len(s + a, b - a);
	if (!n)
		return resume;
	const char *k = s + a;
	size_t rest = skip_ws(s, a + n, b);

	if (word_is(k, n, "raw"))
		return skip_body(st, resume, "endraw", off);
	if (st->liquid && word_is(k, n, "comment"))
		return skip_body(st, resume, "endcomment", off);

	if (n > 3 && memcmp(k, "end", 3) == 0) {
		const char *want = k + 3;
		size_t wn = n - 3;
		if (st->depth == 0) {
			tscan_issue(st->out, R_MISMATCHED_BLOCK, off, "{%% %.*s %%} closes no open block; remove it",
				    (int)n, k);
			return resume;
		}
		struct block *top = &st->stack[st->depth - 1];
		if (word_is(want, wn, top->name)) {
			st->depth--;
			return resume;
		}
		tscan_issue(st->out, R_MISMATCHED_BLOCK, off, "{%% %.*s %%} closes {%% %s %%}; expected {%% end%s %%}",
			    (int)n, k, top->name, top->name);
		/* Recover: close up to a matching opener, else take it as the
		 * (misspelt) end of the top one. */
		int d = st->depth - 1;
		while (d >= 0 && !word_is(want, wn, st->stack[d].name))
			d--;
		st->depth = d >= 0 ? d : st->depth - 1;
		return resume;
	}
	if (word_is(k, n, "else") || word_is(k, n, "elif") || word_is(k, n, "elsif") || word_is(k, n, "when")) {
		if (st->depth == 0)
			tscan_issue(st->out, R_MISMATCHED_BLOCK, off, "{%% %.*s %%} outside any block", (int)n, k);
		expr_uses(st, rest, b);
		return resume;
	}
	if (word_is(k, n, "for") || word_is(k, n, "tablerow")) {
		size_t in = find_word(s, rest, b, "in");
		targets(st, rest, in);
		/* for x in xs [if cond] [recursive] */
		size_t rec = find_word(s, in, b, "recursive");
		if (in < b)
			expr_uses(st, in + 2, rec);
		push(st, k, n, off);
		return resume;
	}
	if (word_is(k, n, "set") || word_is(k, n, "assign")) {
		size_t eq = rest;
		while (eq < b && s[eq] != '=')
			eq++;
		targets(st, rest, eq);
		if (eq < b)
			expr_uses(st, eq + 1, b);
		else if (word_is(k, n, "set"))
			push(st, k, n, off); /* {% set x %}...{% endset %} */
		return resume;
	}
	if (word_is(k, n, "capture") || word_is(k, n, "increment") || word_is(k, n, "decrement")) {
		targets(st, rest, b);
		if (word_is(k, n, "capture"))
			push(st, k, n, off);
		return resume;
	}
	if (word_is(k, n, "macro")) {
		/* name(arg, arg=default): all locals; defaults are expressions
		 * over constants in practice. */
		size_t paren = rest;
		while (paren < b && s[paren] != '(')
			paren++;
		targets(st, rest, paren);
		for (size_t i = paren; i < b;) {
			size_t m = ident_len(s + i, b - i);
			if (m && (s[i - 1] == '(' || s[i - 1] == ',' || s[i - 1] == ' ')) {
				tscan_local(st->out, s + i, m);
				i += m;
				/* skip a default value up to the next comma */
				while (i < b && s[i] != ',' && s[i] != ')')
					i++;
			} else {
				i++;
			}
		}
		push(st, k, n, off);
		return resume;
	}
	if (word_is(k, n, "import")) {
		size_t as = find_word(s, rest, b, "as");
		if (as < b)
			targets(st, as + 2, b);
		return resume;
	}
	if (word_is(k, n, "from")) {
		size_t imp = find_word(s, rest, b, "import");
		/* from 'f' import a, b as c: the last name of each item */
		for (size_t i = imp + 6; i < b;) {
			size_t comma = i;
			while (comma < b && s[comma] != ',')
				comma++;
			size_t as = find_word(s, i, comma, "as");
			targets(st, as < comma ? as + 2 : i, comma);
			i = comma + 1;
		}
		return resume;
	}
	if (word_is(k, n, "with")) {
		/* with a = x, b = y: names before '=' are locals */
		for (size_t i = rest; i < b;) {
			size_t comma = i, eq;
			while (comma < b && s[comma] != ',')
				comma++;
			for (eq = i; eq < comma && s[eq] != '='; eq++)
				;
			if (eq < comma) {
				targets(st, i, eq);
				expr_uses(st, eq + 1, comma);
			}
			i = comma + 1;
		}
		push(st, k, n, off);
		return resume;
	}
	if (word_is(k, n, "include") || word_is(k, n, "extends") || word_is(k, n, "block") || word_is(k, n, "filter") ||
	    word_is(k, n, "autoescape") || word_is(k, n, "trans") || word_is(k, n, "render")) {
		if (opens_block(st, k, n))
			push(st, k, n, off);
		return resume;
	}
	if (opens_block(st, k, n))
		push(st, k, n, off);
	expr_uses(st, rest, b);
	return resume;
}

void scan_jinja(const char *s, size_t len, bool liquid, struct tscan *out)
{
	struct jstate st = {.s = s, .len = len, .liquid = liquid, .out = out};
	size_t i = 0;
	while (i + 1 < len) {
		if (s[i] != '{' || (s[i + 1] != '{' && s[i + 1] != '%' && s[i + 1] != '#')) {
			i++;
			continue;
		}
		char kind = s[i + 1];
		size_t off = i, a = i + 2;
		if (a < len && (s[a] == '-' || s[a] == '+'))
			a++;
		if (kind == '#') {
			size_t c = find_close(s, a, len, '#', '}');
			if (c >= len) {
				tscan_issue(out, R_UNTERMINATED_TAG, off, "comment '{#' is never closed; add '#}'");
				return;
			}
			tscan_comment(out, s + a, c - a, off);
			i = c + 2;
			continue;
		}
		char closer = kind == '{' ? '}' : '%';
		size_t c = find_close(s, a, len, closer, '}');
		/* A '{{' whose '}}' never comes, or comes only after the next tag
		 * opens, is unterminated. */
		if (c >= len) {
			tscan_issue(out, R_UNTERMINATED_TAG, off, "'%c%c' is never closed; add '%c}'", '{', kind,
				    closer);
			return;
		}
		/* Another tag opening before the closer means this one was never
		 * closed: report it and resume at the inner tag. */
		size_t inner = a;
		while (inner + 1 < c && !(s[inner] == '{' && (s[inner + 1] == '{' || s[inner + 1] == '%'))) {
			size_t e = s[inner] == '"' || s[inner] == '\'' ? string_end(s, inner, c) : 0;
			inner = e ? e : inner + 1; /* {{ '{{' }} is a literal */
		}
		if (inner + 1 < c && kind == '{') {
			tscan_issue(out, R_UNTERMINATED_TAG, off, "'{{' is never closed; add '}}'");
			i = inner;
			continue;
		}
		size_t b = c;
		if (b > a && (s[b - 1] == '-' || s[b - 1] == '+'))
			b--;
		if (kind == '{')
			expr_uses(&st, a, b);
		i = kind == '%' ? statement(&st, a, b, off, c + 2) : c + 2;
	}
	for (int d = st.depth - 1; d >= 0; d--)
		tscan_issue(out, R_UNCLOSED_BLOCK, st.stack[d].off, "{%% %s %%} is never closed; add {%% end%s %%}",
			    st.stack[d].name, st.stack[d].name);
}
