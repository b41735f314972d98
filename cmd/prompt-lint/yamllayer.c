/* yamllayer: the YAML-level checks and the inline disable comments. */
#include "yamllayer.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "cli.h"

/* Does file line `line` have a TAB in its indentation? */
static bool tab_indented(const struct pfile *pf, int line)
{
	if (line < 1 || (size_t)line > pf->src.nlines)
		return false;
	for (size_t i = pf->src.lines[line - 1]; i < pf->len; i++) {
		if (pf->buf[i] == '\t')
			return true;
		if (pf->buf[i] != ' ')
			return false;
	}
	return false;
}

/* Column of the '{' when file line `line` reads "key: {..." (a plain
 * scalar that YAML takes for a flow mapping), else 0. */
static int brace_value_col(const struct pfile *pf, int line)
{
	if (line < 1 || (size_t)line > pf->src.nlines)
		return 0;
	size_t i = pf->src.lines[line - 1];
	while (i < pf->len && pf->buf[i] == ' ')
		i++;
	if (i + 1 < pf->len && pf->buf[i] == '-' && pf->buf[i + 1] == ' ')
		i += 2;
	size_t k = i;
	while (k < pf->len && (isalnum((unsigned char)pf->buf[k]) || pf->buf[k] == '_' || pf->buf[k] == '-'))
		k++;
	if (k == i || k + 1 >= pf->len || pf->buf[k] != ':' || pf->buf[k + 1] != ' ')
		return 0;
	k++;
	while (k < pf->len && pf->buf[k] == ' ')
		k++;
	if (k >= pf->len || pf->buf[k] != '{')
		return 0;
	int l, col;
	srcfile_linecol(&pf->src, k, &l, &col);
	return col;
}

static void syntax_error(struct pfile *pf, const struct yerror *e)
{
	int line = e->line + pf->yaml_line0, ctx_line = e->ctx_line + pf->yaml_line0;
	/* libyaml blames a TAB as "a character that cannot start any token";
	 * it may also be the line below a tab-indented one. */
	for (int l = line; l >= line - 1 && l >= 1; l--) {
		if (strstr(e->msg, "cannot start any token") && tab_indented(pf, l)) {
			int col = 1;
			pf_find(pf, R_TAB_INDENTATION, l, col,
				"TAB in indentation; YAML allows only spaces there, so indent with spaces");
			return;
		}
	}
	for (int l = line; l >= line - 2 && l >= 1; l--) {
		int col = brace_value_col(pf, l);
		if (col) {
			pf_find(pf, R_TEMPLATE_AS_MAPPING, l, col,
				"a value starting with '{' is a YAML flow mapping, and this one does not even "
				"parse (%s); quote the text or write it as a block scalar (key: |)",
				e->msg);
			return;
		}
	}
	if (e->ctx_line && strstr(e->ctx, "quoted scalar")) {
		/* The end of the file is where libyaml noticed; the opening quote
		 * is where the user must look. */
		pf_find(pf, R_YAML_SYNTAX, ctx_line, e->ctx_col,
			"quoted string opened here is never closed (YAML: %s at %d:%d); add the closing quote", e->msg,
			line, e->col);
		return;
	}
	if (e->ctx_line)
		pf_find(pf, R_YAML_SYNTAX, line, e->col, "%s (%s at %d:%d); fix the YAML", e->msg, e->ctx, ctx_line,
			e->ctx_col);
	else
		pf_find(pf, R_YAML_SYNTAX, line, e->col, "%s; fix the YAML", e->msg);
}

int yl_load(struct pfile *pf, size_t start, size_t len, struct ynode **root)
{
	struct yerror err;
	struct yfile *yf;
	*root = NULL;
	if (yaml_load(pf->buf + start, len, &yf, &err) != 0) {
		syntax_error(pf, &err);
		return -1;
	}
	pf->yaml = yf;
	for (size_t i = 0; i < yf->ndups; i++) {
		const struct ydup *d = &yf->dups[i];
		pf_find(pf, R_DUPLICATE_KEY, d->line + pf->yaml_line0, d->col,
			"key '%s' repeats the one at line %d:%d; the last one silently wins, remove one", d->key,
			d->first_line + pf->yaml_line0, d->first_col);
	}
	if (yf->ndocs > 0)
		*root = yf->docs[0].root;
	return 0;
}

static size_t indent_of(const struct pfile *pf, int line, bool *blank)
{
	size_t a = pf->src.lines[line - 1], i = a;
	while (i < pf->len && pf->buf[i] == ' ')
		i++;
	*blank = i >= pf->len || pf->buf[i] == '\n' || pf->buf[i] == '\r';
	return i - a;
}

void yl_scan_disables(struct pfile *pf, int from_line, int to_line)
{
	static const char key[] = "prompt-lint:";
	if (to_line > (int)pf->src.nlines)
		to_line = (int)pf->src.nlines;
	for (int l = from_line < 1 ? 1 : from_line; l <= to_line; l++) {
		size_t a = pf->src.lines[l - 1];
		size_t b = (size_t)l < pf->src.nlines ? pf->src.lines[l] : pf->len;
		const char *hash = memchr(pf->buf + a, '#', b - a);
		if (!hash)
			continue;
		const char *p = memmem(hash, (size_t)(pf->buf + b - hash), key, sizeof key - 1);
		if (!p)
			continue;
		p += sizeof key - 1;
		while (p < pf->buf + b && *p == ' ')
			p++;
		size_t rest = (size_t)(pf->buf + b - p);
		if (rest >= 12 && memcmp(p, "disable-file", 12) == 0) {
			pf->dis_file = ~0ULL;
			continue;
		}
		if (rest < 8 || memcmp(p, "disable=", 8) != 0)
			continue;
		unsigned long long set = rules_parse_set(p + 8, rest - 8);
		pf_disable_line(pf, l, set);
		bool blank;
		size_t hash_col = (size_t)(hash - (pf->buf + a));
		if (indent_of(pf, l, &blank) != hash_col || l + 1 > (int)pf->src.nlines)
			continue; /* a trailing comment: its own line only */
		int next = l + 1;
		size_t ind = indent_of(pf, next, &blank);
		pf_disable_line(pf, next, set);
		for (int k = next + 1; k <= (int)pf->src.nlines; k++) {
			size_t ki = indent_of(pf, k, &blank);
			if (!blank && ki <= ind)
				break;
			pf_disable_line(pf, k, set);
		}
	}
}
