/* yaml_emit: write a node tree back as block YAML, with its comments.
 * libyaml's emitter cannot write comments, which secret-seal must keep,
 * so the tree is written here. */
#include "yaml.h"

#include <string.h>

bool yaml_needs_quotes(const char *s, size_t len)
{
	static const char *special[] = {"~", "null", "Null", "NULL", "true", "True", "TRUE", "false",
					"False", "FALSE", "yes", "Yes", "YES", "no", "No", "NO", "on", "On",
					"ON", "off", "Off", "OFF", "y", "Y", "n", "N", "<<", "=", NULL};
	if (len == 0 || strlen(s) != len)
		return true;
	if (strchr("-?:,[]{}#&*!|>'\"%@` \t", s[0]) && !(s[0] == '-' && len > 1 && s[1] != ' '))
		return true;
	if (s[0] == '-' && len > 1 && (s[1] == '-' || s[1] == ' '))
		return true;
	if (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == ':')
		return true;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return true;
		if ((c == ':' || c == '#') && i + 1 < len && (s[i + 1] == ' ' || s[i + 1] == '\t'))
			return true;
		if (c == '#' && i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
			return true;
	}
	for (const char **p = special; *p; p++)
		if (!strcmp(s, *p))
			return true;
	/* Anything that reads back as a number. */
	struct ynode probe = {.type = YN_SCALAR};
	probe.u.scalar.str = (char *)s;
	probe.u.scalar.len = len;
	return yscalar_resolve(&probe) != YR_STR;
}

void yaml_write_double_quoted(FILE *fp, const char *s, size_t len)
{
	fputc('"', fp);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\t': fputs("\\t", fp); break;
		case '\r': fputs("\\r", fp); break;
		case 0: fputs("\\0", fp); break;
		case 0xC2: /* NEL: a line break to YAML readers */
			if (i + 1 < len && (unsigned char)s[i + 1] == 0x85) {
				fputs("\\N", fp);
				i++;
			} else {
				fputc(c, fp);
			}
			break;
		case 0xE2: /* LS, PS: line breaks too */
			if (i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
			    ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
				fputs((unsigned char)s[i + 2] == 0xA8 ? "\\L" : "\\P", fp);
				i += 2;
			} else {
				fputc(c, fp);
			}
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(fp, "\\x%02X", c);
			else
				fputc(c, fp);
		}
	}
	fputc('"', fp);
}

static void emit_comment_lines(FILE *fp, const char *c, int col)
{
	while (c) {
		const char *nl = strchr(c, '\n');
		size_t l = nl ? (size_t)(nl - c) : strlen(c);
		fprintf(fp, "%*s#%s%.*s\n", col, "", l ? " " : "", (int)l, c);
		c = nl ? nl + 1 : NULL;
	}
}

static void emit_props(FILE *fp, const struct ynode *n)
{
	if (n->alias)
		return;
	if (n->anchor)
		fprintf(fp, "&%s ", n->anchor);
	if (n->tag && strncmp(n->tag, "tag:yaml.org,2002:", 18) == 0)
		fprintf(fp, "!!%s ", n->tag + 18);
	else if (n->tag)
		fprintf(fp, "%s ", n->tag);
}

/* A literal block for multi-line text: value at column col. */
static void emit_literal(FILE *fp, const char *s, size_t len, int col)
{
	size_t trailing = 0;
	while (trailing < len && s[len - 1 - trailing] == '\n')
		trailing++;
	fputs(trailing == 0 ? "|-" : trailing == 1 ? "|" : "|+", fp);
	if (len && s[0] == ' ')
		fputs("2", fp); /* an indentation indicator keeps leading spaces */
	fputc('\n', fp);
	const char *p = s, *end = s + len - (trailing ? 1 : 0);
	while (p <= end && p < s + len) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (l)
			fprintf(fp, "%*s%.*s\n", col, "", (int)l, p);
		else
			fputc('\n', fp);
		if (!nl)
			break;
		p = nl + 1;
	}
}

static void emit_scalar(FILE *fp, const struct ynode *n, int col)
{
	const char *s = n->u.scalar.str;
	size_t len = n->u.scalar.len;
	bool multiline = memchr(s, '\n', len) != NULL;
	switch (n->u.scalar.style) {
	case YS_LITERAL:
	case YS_FOLDED:
		if (multiline) {
			emit_literal(fp, s, len, col);
			return;
		}
		break;
	case YS_SINGLE:
		if (!multiline) {
			fputc('\'', fp);
			for (size_t i = 0; i < len; i++)
				fputs(s[i] == '\'' ? "''" : (char[]){s[i], 0}, fp);
			fputc('\'', fp);
			goto done;
		}
		break;
	case YS_DOUBLE:
		yaml_write_double_quoted(fp, s, len);
		goto done;
	case YS_PLAIN:
		/* A plain scalar that resolves to null/bool/number stays plain. */
		if (!multiline && (!yaml_needs_quotes(s, len) || (!n->tag && yscalar_resolve(n) != YR_STR))) {
			fwrite(s, 1, len, fp);
			goto done;
		}
		break;
	}
	if (multiline && strlen(s) == len && !strchr(s, '\r') && !strchr(s, '\t')) {
		emit_literal(fp, s, len, col);
		return;
	}
	if (yaml_needs_quotes(s, len))
		yaml_write_double_quoted(fp, s, len);
	else
		fwrite(s, 1, len, fp);
done:
	if (n->comment_after)
		fprintf(fp, " # %s", n->comment_after);
	fputc('\n', fp);
}

static void emit(FILE *fp, const struct ynode *n, int col, int indent);

/* "key:" — keys are scalars in every file the tools write; a complex key
 * is written as its text. */
static void emit_key(FILE *fp, const struct ynode *k)
{
	const char *s = k->type == YN_SCALAR ? k->u.scalar.str : "?";
	size_t len = k->type == YN_SCALAR ? k->u.scalar.len : 1;
	if (yaml_needs_quotes(s, len))
		yaml_write_double_quoted(fp, s, len);
	else
		fputs(s, fp);
	fputc(':', fp);
}

static bool is_empty_coll(const struct ynode *n)
{
	return (n->type == YN_MAP && n->u.map.n == 0) || (n->type == YN_SEQ && n->u.seq.n == 0);
}

/* After "key:" or "- ": the value on this line or the next. */
static void emit_value(FILE *fp, const struct ynode *v, int col, int indent, bool in_seq_item)
{
	if (v->alias) {
		fprintf(fp, " *%s\n", v->anchor);
		return;
	}
	if (v->type == YN_SCALAR || is_empty_coll(v)) {
		fputc(' ', fp);
		emit_props(fp, v);
		if (v->type == YN_SCALAR)
			emit_scalar(fp, v, col + indent);
		else
			fputs(v->type == YN_MAP ? "{}\n" : "[]\n", fp);
		return;
	}
	if (v->anchor || v->tag) {
		fputc(' ', fp);
		emit_props(fp, v);
	}
	if (v->comment_after)
		fprintf(fp, " # %s", v->comment_after);
	fputc('\n', fp);
	emit(fp, v, col + (in_seq_item ? 2 : indent), indent);
}

static void emit(FILE *fp, const struct ynode *n, int col, int indent)
{
	if (n->type == YN_SCALAR) {
		/* Only a document's root gets here: its block scalar's lines
		 * are indented, since libyaml reads none at column 0. */
		fprintf(fp, "%*s", col, "");
		emit_props(fp, n);
		emit_scalar(fp, n, col + indent);
		return;
	}
	if (n->type == YN_MAP) {
		for (size_t i = 0; i < n->u.map.n; i++) {
			const struct ynode *k = n->u.map.pairs[i].key, *v = n->u.map.pairs[i].value;
			emit_comment_lines(fp, k->comment_before, col);
			fprintf(fp, "%*s", col, "");
			emit_key(fp, k);
			if (k->comment_after && v->type != YN_SCALAR)
				fprintf(fp, " # %s", k->comment_after);
			emit_value(fp, v, col, indent, false);
		}
		return;
	}
	/* go-yaml v3 indents a sequence under its key like any other value;
	 * items of a sequence that is itself an item start after "- ". */
	for (size_t i = 0; i < n->u.seq.n; i++) {
		const struct ynode *it = n->u.seq.items[i];
		emit_comment_lines(fp, it->comment_before, col);
		fprintf(fp, "%*s-", col, "");
		if (!it->alias && it->type == YN_MAP && it->u.map.n && !it->anchor && !it->tag) {
			/* The first pair shares the dash's line, the rest align with it. */
			const struct ynode *k = it->u.map.pairs[0].key;
			fputc(' ', fp);
			emit_key(fp, k);
			emit_value(fp, it->u.map.pairs[0].value, col + 2, indent, false);
			struct ynode rest = *it;
			rest.u.map.pairs = it->u.map.pairs + 1;
			rest.u.map.n = it->u.map.n - 1;
			emit(fp, &rest, col + 2, indent);
			continue;
		}
		emit_value(fp, it, col, indent, true);
	}
}

int yaml_emit_node(FILE *fp, const struct ynode *n, int indent)
{
	if (!n)
		return 0;
	if (is_empty_coll(n))
		fputs(n->type == YN_MAP ? "{}\n" : "[]\n", fp);
	else
		emit(fp, n, 0, indent);
	return ferror(fp) ? -1 : 0;
}

int yaml_emit(FILE *fp, const struct yfile *yf, int indent)
{
	for (size_t i = 0; i < yf->ndocs; i++) {
		const struct ydoc *d = &yf->docs[i];
		if (i > 0 || d->explicit_start)
			fputs("---\n", fp);
		if (d->root) {
			emit_comment_lines(fp, d->root->comment_before, 0);
			yaml_emit_node(fp, d->root, indent);
		}
		emit_comment_lines(fp, d->comment_end, 0);
	}
	return ferror(fp) ? -1 : 0;
}
