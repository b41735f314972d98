/* sops_yaml_emit: the sops tree as go-yaml v3 writes it, since sops users
 * diff these files: `indent` spaces per level (4 by default), a sequence
 * under a key indented by one level, the keys of a mapping inside a list
 * item two columns past its "- ", multi-line strings as literal blocks,
 * strings that would read back as another type double-quoted, strings
 * with YAML syntax in them single-quoted, comments as "#text" lines. */
#include "sops_yaml.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "sops_float.h"
#include "yaml.h"

/* go-yaml v3's indentation step: a level below `ind` aligns to the next
 * multiple of the indent. */
static int deeper(int ind, int indent)
{
	return indent * ((ind + indent) / indent);
}

static void pad(FILE *fp, int n)
{
	for (int i = 0; i < n; i++)
		fputc(' ', fp);
}

/* "2024-11-12T13:33:42Z" and "2024-11-12" read back as timestamps. */
static bool looks_like_time(const char *s, size_t len)
{
	if (len < 10)
		return false;
	for (int i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	}
	return len == 10 || s[10] == 'T' || s[10] == 't' || s[10] == ' ';
}

/* YAML 1.1 booleans: plain strings to go-yaml v3, which still double-quotes
 * them on output for older readers. */
static bool old_bool(const char *s, size_t len)
{
	static const char *const words[] = {"y", "Y",  "yes", "Yes", "YES", "on",  "On",  "ON", "n",
					    "N", "no", "No",  "NO",  "off", "Off", "OFF", NULL};
	for (const char *const *w = words; *w; w++)
		if (strlen(*w) == len && !memcmp(*w, s, len))
			return true;
	return false;
}

/* No control characters, and none of the Unicode line breaks (NEL, LS,
 * PS) that a YAML reader would fold outside a double-quoted escape. */
static bool printable(const char *s, size_t len, bool allow_nl)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && !(allow_nl && c == '\n')) || c == 0x7f)
			return false;
		if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0x85)
			return false;
		if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9))
			return false;
	}
	return true;
}

static void single_quoted(FILE *fp, const char *s, size_t len)
{
	fputc('\'', fp);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\'')
			fputc('\'', fp);
		fputc(s[i], fp);
	}
	fputc('\'', fp);
}

/* A literal block is possible unless a line ends in a blank (libyaml
 * refuses those) or a control character other than a newline occurs. */
static bool literal_ok(const char *s, size_t len)
{
	if (!printable(s, len, true))
		return false;
	for (size_t i = 0; i + 1 < len; i++)
		if ((s[i] == ' ' || s[i] == '\t') && s[i + 1] == '\n')
			return false;
	return len && s[len - 1] != ' ';
}

static void literal(FILE *fp, const char *s, size_t len, int ind, int indent)
{
	size_t trail = 0;
	while (trail < len && s[len - 1 - trail] == '\n')
		trail++;
	fputc('|', fp);
	if (s[0] == ' ' || s[0] == '\n')
		fprintf(fp, "%d", indent);
	if (trail == 0)
		fputc('-', fp);
	else if (trail > 1 || trail == len)
		fputc('+', fp);
	fputc('\n', fp);
	/* Every line, its newline included; kept trailing newlines (|+) are
	 * empty lines of their own. */
	size_t i = 0;
	while (i < len) {
		size_t e = i;
		while (e < len && s[e] != '\n')
			e++;
		if (e > i)
			pad(fp, ind);
		fwrite(s + i, 1, e - i, fp);
		fputc('\n', fp);
		i = e + 1;
	}
}

/* The common cases, decided fast: a word of letters, digits, '_', '-',
 * '.' and '/' that starts with a letter none of YAML's special words
 * starts with (null, true/false, y/n, yes/no, on/off; numbers start with a
 * digit, a sign or a dot) is written plain, and so is an ENC[…] value. */
static bool plain_word(const char *s, size_t len)
{
	if (len == 0 || !isalpha((unsigned char)s[0]) || strchr("nNtTfFyYoO", s[0]))
		return false;
	/* An ENC[…] value: base64 and ",:[]" with no blank, plain too. */
	bool enc = len > 5 && !memcmp(s, "ENC[", 4) && s[len - 1] == ']';
	for (size_t i = 1; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!isalnum(c) && c != '_' && c != '-' && c != '.' && c != '/' &&
		    !(enc && (c == '+' || c == '=' || c == ',' || c == ':' || c == '[' || c == ']')))
			return false;
	}
	return true;
}

/* A string as go-yaml v3 writes it; ind is where block text goes. */
static void emit_string(FILE *fp, const char *s, size_t len, int ind, int indent, bool key)
{
	if (plain_word(s, len)) {
		fwrite(s, 1, len, fp);
		if (!key)
			fputc('\n', fp);
		return;
	}
	if (memchr(s, '\n', len) && !key) {
		if (literal_ok(s, len))
			literal(fp, s, len, ind, indent);
		else {
			yaml_write_double_quoted(fp, s, len);
			fputc('\n', fp);
		}
		return;
	}
	struct ynode probe = {.type = YN_SCALAR};
	probe.u.scalar.str = (char *)s;
	probe.u.scalar.len = len;
	bool other_type = len == 0 || strlen(s) != len || yscalar_resolve(&probe) != YR_STR ||
			  looks_like_time(s, len) || old_bool(s, len);
	if (!other_type && !yaml_needs_quotes(s, len) && printable(s, len, false))
		fwrite(s, 1, len, fp);
	else if (other_type || !printable(s, len, false))
		yaml_write_double_quoted(fp, s, len);
	else
		single_quoted(fp, s, len);
	if (!key)
		fputc('\n', fp);
}

static void emit_scalar(FILE *fp, const struct snode *n, int ind, int indent)
{
	char buf[GOFLOAT_MAX];
	switch (n->t) {
	case ST_STR:
	case ST_BYTES: emit_string(fp, n->s, n->len, ind, indent, false); return;
	case ST_INT:
	case ST_TIME: fprintf(fp, "%s\n", n->s); return;
	case ST_FLOAT:
		gofloat_format(n->f, GOF_YAML, buf, sizeof buf);
		fprintf(fp, "%s\n", buf);
		return;
	case ST_BOOL: fputs(n->b ? "true\n" : "false\n", fp); return;
	default: fputs("null\n", fp); return;
	}
}

static void emit_comment(FILE *fp, const struct snode *c, int ind)
{
	pad(fp, ind);
	fputc('#', fp);
	fwrite(c->s, 1, c->len, fp);
	fputc('\n', fp);
}

static void emit_seq(FILE *fp, const struct snode *n, int ind, int indent, bool inline_first);

static bool empty(const struct snode *n)
{
	for (size_t i = 0; i < n->n; i++)
		if (n->items[i].v->t != ST_COMMENT)
			return false;
	return true;
}

static void emit_map(FILE *fp, const struct snode *n, int ind, int indent, bool inline_first)
{
	bool first = true;
	for (size_t i = 0; i < n->n; i++) {
		const struct sitem *it = &n->items[i];
		if (it->v->t == ST_COMMENT) {
			if (first && inline_first)
				fputc('\n', fp);
			emit_comment(fp, it->v, ind);
			first = false;
			continue;
		}
		if (!(first && inline_first))
			pad(fp, ind);
		first = false;
		emit_string(fp, it->key, it->klen, ind, indent, true);
		fputc(':', fp);
		const struct snode *v = it->v;
		if ((v->t == ST_MAP || v->t == ST_SEQ) && empty(v)) {
			fputs(v->t == ST_MAP ? " {}\n" : " []\n", fp);
		} else if (v->t == ST_MAP) {
			fputc('\n', fp);
			emit_map(fp, v, deeper(ind, indent), indent, false);
		} else if (v->t == ST_SEQ) {
			fputc('\n', fp);
			emit_seq(fp, v, deeper(ind, indent), indent, false);
		} else {
			fputc(' ', fp);
			emit_scalar(fp, v, deeper(ind, indent), indent);
		}
	}
}

static void emit_seq(FILE *fp, const struct snode *n, int ind, int indent, bool inline_first)
{
	bool first = true;
	for (size_t i = 0; i < n->n; i++) {
		const struct snode *v = n->items[i].v;
		if (v->t == ST_COMMENT) {
			if (first && inline_first)
				fputc('\n', fp);
			emit_comment(fp, v, ind);
			first = false;
			continue;
		}
		if (!(first && inline_first))
			pad(fp, ind);
		first = false;
		fputc('-', fp);
		if ((v->t == ST_MAP || v->t == ST_SEQ) && empty(v)) {
			fputs(v->t == ST_MAP ? " {}\n" : " []\n", fp);
		} else if (v->t == ST_MAP) {
			fputc(' ', fp);
			emit_map(fp, v, ind + 2, indent, true);
		} else if (v->t == ST_SEQ) {
			fputc(' ', fp);
			emit_seq(fp, v, ind + 2, indent, true);
		} else {
			fputc(' ', fp);
			emit_scalar(fp, v, ind + 2, indent);
		}
	}
}

void sops_yaml_emit_value(FILE *fp, const struct snode *n, int indent)
{
	if ((n->t == ST_MAP || n->t == ST_SEQ) && empty(n))
		fputs(n->t == ST_MAP ? "{}\n" : "[]\n", fp);
	else if (n->t == ST_MAP)
		emit_map(fp, n, 0, indent, false);
	else if (n->t == ST_SEQ)
		emit_seq(fp, n, 0, indent, false);
	else
		emit_scalar(fp, n, indent, indent);
}

void sops_yaml_emit(FILE *fp, const struct sfile *f, int indent)
{
	if (indent < 1)
		indent = 4;
	for (size_t d = 0; d < f->n; d++) {
		if (d > 0)
			fputs("---\n", fp);
		const struct snode *doc = f->docs[d];
		if (doc->n == 0)
			fputs(f->n > 1 ? "" : "{}\n", fp);
		else
			emit_map(fp, doc, 0, indent, false);
	}
}
