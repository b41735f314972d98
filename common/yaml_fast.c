/* yaml_fast: line by line over the block-style subset, with libyaml's own
 * rules for where each event starts and ends.  Anything the subset does
 * not cover, valid or not, declines the stream. */
#include "yaml_fast.h"
#include "xalloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct sc {
	const char *s;
	size_t len;
	size_t ls, le; /* the current line: [ls, le), le at its '\n' or the end */
	size_t line; /* its number, from 0 */
	size_t indent; /* its leading spaces, once it is known to hold a token */
	bool eof; /* no token after the current one */
	int depth;
	struct yfast *out;
};

/* Deeper nesting is left to libyaml and the loader's own bound. */
enum { MAX_DEPTH = 200 };

static yaml_mark_t mark(const struct sc *S, size_t off)
{
	return (yaml_mark_t){off, S->line, off - S->ls};
}

/* The end of the stream, for what ends there: libyaml closes the blocks
 * indented past the column the input stops at (a last line of blanks or
 * a comment, without its line break) there, then counts that line as
 * finished and closes the rest, the document and the stream. */
static yaml_mark_t eof_mark(const struct sc *S, size_t indent)
{
	yaml_mark_t m = mark(S, S->len);
	if (m.column && m.column >= indent) {
		m.line++;
		m.column = 0;
	}
	return m;
}

static yaml_event_t *push(struct sc *S, yaml_event_type_t t, yaml_mark_t start, yaml_mark_t end)
{
	struct yfast *f = S->out;
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 64;
		f->ev = xrealloc(f->ev, f->cap * sizeof *f->ev);
	}
	yaml_event_t *e = &f->ev[f->n++];
	memset(e, 0, sizeof *e);
	e->type = t;
	e->start_mark = start;
	e->end_mark = end;
	return e;
}

static void scalar(struct sc *S, const char *v, size_t len, yaml_scalar_style_t style, yaml_mark_t start,
		   yaml_mark_t end)
{
	yaml_event_t *e = push(S, YAML_SCALAR_EVENT, start, end);
	e->data.scalar.value = (yaml_char_t *)v;
	e->data.scalar.length = len;
	e->data.scalar.plain_implicit = style == YAML_PLAIN_SCALAR_STYLE;
	e->data.scalar.quoted_implicit = style != YAML_PLAIN_SCALAR_STYLE;
	e->data.scalar.style = style;
}

static void collection(struct sc *S, bool map, bool flow, yaml_mark_t start, yaml_mark_t end)
{
	yaml_event_t *e = push(S, map ? YAML_MAPPING_START_EVENT : YAML_SEQUENCE_START_EVENT, start, end);
	if (map) {
		e->data.mapping_start.implicit = 1;
		e->data.mapping_start.style = flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE;
	} else {
		e->data.sequence_start.implicit = 1;
		e->data.sequence_start.style = flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE;
	}
}

/* ---- lines ---- */

static void set_line(struct sc *S, size_t ls)
{
	const char *nl = memchr(S->s + ls, '\n', S->len - ls);
	S->ls = ls;
	S->le = nl ? (size_t)(nl - S->s) : S->len;
}

static bool next_line(struct sc *S)
{
	if (S->le >= S->len)
		return false;
	set_line(S, S->le + 1);
	S->line++;
	return true;
}

static size_t spaces(const struct sc *S)
{
	size_t p = S->ls;
	while (p < S->le && S->s[p] == ' ')
		p++;
	return p - S->ls;
}

/* From the current line on, to the first holding a token (not blank, not
 * a comment): false, with eof set, when there is none. */
static bool content(struct sc *S)
{
	for (;;) {
		size_t k = spaces(S);
		if (S->ls + k < S->le && S->s[S->ls + k] != '#') {
			S->indent = k;
			return true;
		}
		if (!next_line(S)) {
			S->eof = true;
			return false;
		}
	}
}

/* Past the current line, to the next holding a token. */
static bool advance(struct sc *S)
{
	if (!next_line(S)) {
		S->eof = true;
		return false;
	}
	return content(S);
}

/* ---- tokens ---- */

static bool indicator(char c)
{
	switch (c) {
	case '-':
	case '?':
	case ':':
	case ',':
	case '[':
	case ']':
	case '{':
	case '}':
	case '#':
	case '&':
	case '*':
	case '!':
	case '|':
	case '>':
	case '\'':
	case '"':
	case '%':
	case '@':
	case '`': return true;
	default: return false;
	}
}

/* A line at its token is a sequence entry: "-" then a blank or its end. */
static bool entry(const struct sc *S)
{
	size_t p = S->ls + S->indent;
	return S->s[p] == '-' && (p + 1 == S->le || S->s[p + 1] == ' ');
}

/* A plain key at p ("key:" then a blank or the end of the line): the
 * offset of its ':', or 0.  libyaml drops a key 1024 characters long. */
static size_t key_end(const struct sc *S, size_t p)
{
	const char *s = S->s;
	if (p >= S->le || indicator(s[p]))
		return 0;
	if (p == S->ls && S->le - p >= 3 && !memcmp(s + p, "...", 3) && (p + 3 == S->le || s[p + 3] == ' '))
		return 0;
	for (size_t q = p + 1; q < S->le && q - p < 1000; q++) {
		if (s[q] == ':' && (q + 1 == S->le || s[q + 1] == ' '))
			return s[q - 1] == ' ' ? 0 : q;
		if (s[q] == '#' && s[q - 1] == ' ')
			return 0;
	}
	return 0;
}

/* What may follow a value on its line: blanks, then perhaps a comment. */
static bool rest_ok(const struct sc *S, size_t e)
{
	while (e < S->le && S->s[e] == ' ')
		e++;
	return e == S->le || (S->s[e] == '#' && S->s[e - 1] == ' ');
}

/* A value on one line at p: a scalar, or an empty "[]" or "{}" (older
 * sops writes "kms: []"); then the next token, which may not be indented
 * past indent (that would continue a plain scalar). */
static int inline_value(struct sc *S, size_t p, size_t indent)
{
	const char *s = S->s;
	char c = s[p];
	if ((c == '[' || c == '{') && p + 1 < S->le && s[p + 1] == (c == '[' ? ']' : '}')) {
		if (!rest_ok(S, p + 2))
			return -1;
		collection(S, c == '{', true, mark(S, p), mark(S, p + 1));
		push(S, c == '{' ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT, mark(S, p + 1), mark(S, p + 2));
	} else if (c == '"' || c == '\'') {
		size_t q = p + 1;
		while (q < S->le && s[q] != c && !(c == '"' && s[q] == '\\'))
			q++;
		if (q == S->le || s[q] != c || (c == '\'' && q + 1 < S->le && s[q + 1] == '\''))
			return -1;
		if (!rest_ok(S, q + 1))
			return -1;
		scalar(S, s + p + 1, q - p - 1,
		       c == '"' ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_SINGLE_QUOTED_SCALAR_STYLE, mark(S, p),
		       mark(S, q + 1));
	} else {
		if (indicator(c) && !(c == '-' && p + 1 < S->le && s[p + 1] != ' '))
			return -1;
		/* It ends at a " #" (a comment); a ": " in it would make it a
		 * key, which libyaml refuses here. */
		const char *q = s + S->le, *h = memchr(s + p, '#', S->le - p);
		while (h && h[-1] != ' ')
			h = memchr(h + 1, '#', (size_t)(q - h - 1));
		if (h)
			q = h;
		for (h = memchr(s + p, ':', (size_t)(q - s - p)); h; h = memchr(h + 1, ':', (size_t)(q - h - 1)))
			if (h + 1 == s + S->le || h[1] == ' ')
				return -1;
		while (q[-1] == ' ')
			q--;
		size_t e = (size_t)(q - s);
		scalar(S, s + p, e - p, YAML_PLAIN_SCALAR_STYLE, mark(S, p), mark(S, e));
	}
	if (advance(S) && S->indent > indent)
		return -1;
	return 0;
}

static void text_put(char **t, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		*t = xrealloc(*t, *cap);
	}
	memcpy(*t + *len, s, n);
	*len += n;
}

/* A literal block scalar ("|" or "|-" at p) under a key of the mapping at
 * indent.  Declined: other headers, blank or unindented first lines (the
 * indentation is then found another way) and blank lines holding more
 * spaces than the indentation (they are text). */
static int literal(struct sc *S, size_t p, size_t indent)
{
	const char *s = S->s;
	size_t h = p + 1;
	bool strip = h < S->le && s[h] == '-';
	if (strip)
		h++;
	if ((h < S->le && s[h] != ' ') || !rest_ok(S, h))
		return -1;
	yaml_mark_t start = mark(S, p);
	if (!next_line(S))
		return -1;
	size_t d = spaces(S);
	if (S->ls + d == S->le || d <= indent)
		return -1;
	char *t = NULL;
	size_t tlen = 0, cap = 0, breaks = 0;
	yaml_mark_t end;
	for (;;) {
		size_t k = spaces(S);
		bool blank = S->ls + k == S->le;
		if (blank && k > d) {
			free(t);
			return -1;
		}
		if (!blank && k < d) {
			end = mark(S, S->ls);
			break;
		}
		if (!blank) {
			for (; tlen && breaks; breaks--)
				text_put(&t, &tlen, &cap, "\n", 1);
			text_put(&t, &tlen, &cap, s + S->ls + d, S->le - S->ls - d);
			breaks = 0;
		}
		if (!next_line(S)) {
			end = mark(S, blank ? S->ls : S->len);
			S->eof = true;
			break;
		}
		breaks++;
	}
	if (!strip && breaks)
		text_put(&t, &tlen, &cap, "\n", 1);
	struct yfast *f = S->out;
	f->texts = xrealloc(f->texts, (f->ntexts + 1) * sizeof *f->texts);
	f->texts[f->ntexts++] = t;
	scalar(S, t, tlen, YAML_LITERAL_SCALAR_STYLE, start, end);
	if (!S->eof && content(S) && S->indent > indent)
		return -1;
	return 0;
}

/* ---- collections ---- */

static int mapping(struct sc *S, size_t p);
static int sequence(struct sc *S, bool indentless);

/* The value after the key ending at colon, in the mapping at indent. */
static int value(struct sc *S, size_t colon, size_t indent)
{
	size_t p = colon + 1;
	while (p < S->le && S->s[p] == ' ')
		p++;
	if (p < S->le && S->s[p] != '#')
		return S->s[p] == '|' ? literal(S, p, indent) : inline_value(S, p, indent);
	/* Nothing more on the line: a collection below it, or an empty
	 * value where the ':' ends. */
	yaml_mark_t empty = mark(S, colon + 1);
	if (!advance(S) || S->indent < indent || (S->indent == indent && !entry(S))) {
		scalar(S, "", 0, YAML_PLAIN_SCALAR_STYLE, empty, empty);
		return 0;
	}
	if (S->indent == indent)
		return sequence(S, true);
	if (entry(S))
		return sequence(S, false);
	return mapping(S, S->ls + S->indent);
}

/* A block mapping whose first key is at p on the current line; its keys
 * are in p's column. */
static int mapping(struct sc *S, size_t p)
{
	size_t indent = p - S->ls;
	if (++S->depth > MAX_DEPTH)
		return -1;
	collection(S, true, false, mark(S, p), mark(S, p));
	for (;;) {
		size_t colon = key_end(S, p);
		if (!colon)
			return -1;
		scalar(S, S->s + p, colon - p, YAML_PLAIN_SCALAR_STYLE, mark(S, p), mark(S, colon));
		if (value(S, colon, indent))
			return -1;
		if (S->eof || S->indent < indent)
			break;
		if (S->indent > indent)
			return -1;
		p = S->ls + indent;
	}
	yaml_mark_t end = S->eof ? eof_mark(S, indent) : mark(S, S->ls + S->indent);
	push(S, YAML_MAPPING_END_EVENT, end, end);
	S->depth--;
	return 0;
}

/* A block sequence whose first "-" starts the current line's token;
 * indentless: in the column of the keys of the mapping that holds it. */
static int sequence(struct sc *S, bool indentless)
{
	size_t m = S->indent, p = S->ls + m;
	if (++S->depth > MAX_DEPTH)
		return -1;
	collection(S, false, false, mark(S, p), mark(S, indentless ? p + 1 : p));
	for (;;) {
		size_t q = p + 1;
		while (q < S->le && S->s[q] == ' ')
			q++;
		if (q == S->le || S->s[q] == '#')
			return -1; /* the item is on the lines below */
		if (key_end(S, q) ? mapping(S, q) : inline_value(S, q, m))
			return -1;
		if (!S->eof && S->indent == m && entry(S)) {
			p = S->ls + m;
			continue;
		}
		if (S->eof || S->indent < m || (indentless && S->indent == m))
			break;
		return -1;
	}
	yaml_mark_t end = S->eof ? eof_mark(S, m) : mark(S, S->ls + S->indent);
	push(S, YAML_SEQUENCE_END_EVENT, end, end);
	S->depth--;
	return 0;
}

static bool bad_byte(unsigned char c)
{
	return ((unsigned char)(c - 0x20) > 0x5e) & (c != '\n');
}

/* Printable ASCII and line breaks only (libyaml's own checks of UTF-8,
 * tabs and CRs are not repeated here): the number of lines, or 0.  In
 * blocks without an early exit, which compilers vectorize. */
static size_t printable_lines(const char *s, size_t len)
{
	size_t i = 0, lines = 1;
	for (; i + 64 <= len; i += 64) {
		unsigned char bad = 0, nl = 0;
		for (size_t j = 0; j < 64; j++) {
			bad |= bad_byte((unsigned char)s[i + j]);
			nl += s[i + j] == '\n';
		}
		if (bad)
			return 0;
		lines += nl;
	}
	for (; i < len; i++) {
		if (bad_byte((unsigned char)s[i]))
			return 0;
		lines += s[i] == '\n';
	}
	return lines;
}

int yfast_scan(const char *buf, size_t len, struct yfast *out)
{
	memset(out, 0, sizeof *out);
	size_t lines = printable_lines(buf, len);
	if (!lines)
		return -1;
	/* A line gives a few events: room for them at once, not doubling
	 * (and copying) a large array as it fills. */
	out->cap = 4 * lines + 16;
	out->ev = xmalloc(out->cap * sizeof *out->ev);
	struct sc S = {.s = buf, .len = len, .out = out};
	set_line(&S, 0);
	yaml_mark_t zero = {0, 0, 0};
	push(&S, YAML_STREAM_START_EVENT, zero, zero)->data.stream_start.encoding = YAML_UTF8_ENCODING;
	int rc = -1;
	if (content(&S) && key_end(&S, S.ls + S.indent)) {
		size_t p = S.ls + S.indent;
		push(&S, YAML_DOCUMENT_START_EVENT, mark(&S, p), mark(&S, p))->data.document_start.implicit = 1;
		rc = mapping(&S, p) == 0 && S.eof ? 0 : -1;
	}
	if (rc) {
		yfast_free(out);
		return -1;
	}
	yaml_mark_t end = eof_mark(&S, 0);
	push(&S, YAML_DOCUMENT_END_EVENT, end, end)->data.document_end.implicit = 1;
	push(&S, YAML_STREAM_END_EVENT, end, end);
	return 0;
}

void yfast_free(struct yfast *f)
{
	for (size_t i = 0; i < f->ntexts; i++)
		free(f->texts[i]);
	free(f->texts);
	free(f->ev);
	memset(f, 0, sizeof *f);
}
