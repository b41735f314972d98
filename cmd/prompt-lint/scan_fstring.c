/* scan_fstring: Python str.format templates (LangChain's default).  A
 * field is {name}, {name.attr}, {name[0]}, {name!r}, {name:spec} with at
 * most nested {braces} inside the spec; {{ and }} are literal braces.  A
 * lone brace is a runtime error in Python, and literal JSON written with
 * single braces is the classic mistake, so both are reported here. */
#include "template.h"

#include <string.h>

/* {{ name }} under f-string renders as "{ name }": someone meant Jinja2
 * or Mustache.  Returns the length of the whole {{ ... }} when it holds
 * just an identifier. */
static size_t double_brace_ident(const char *s, size_t len, size_t i, size_t *nstart, size_t *nlen)
{
	size_t j = i + 2;
	while (j < len && s[j] == ' ')
		j++;
	size_t n = ident_len(s + j, len - j);
	if (!n)
		return 0;
	*nstart = j;
	*nlen = n;
	j += n;
	while (j < len && s[j] == ' ')
		j++;
	return j + 1 < len && s[j] == '}' && s[j + 1] == '}' ? j + 2 - i : 0;
}

void scan_fstring(const char *s, size_t len, struct tscan *out)
{
	size_t i = 0;
	while (i < len) {
		char c = s[i];
		if (c == '}') {
			if (i + 1 < len && s[i + 1] == '}') {
				i += 2;
				continue;
			}
			tscan_issue(out, R_UNBALANCED_BRACE, i,
				    "single '}' with no '{'; write '}}' for a literal brace");
			i++;
			continue;
		}
		if (c != '{') {
			i++;
			continue;
		}
		if (i + 1 < len && s[i + 1] == '{') {
			size_t ns, nl, w = double_brace_ident(s, len, i, &ns, &nl);
			/* {{x}} is also the right way to write a literal {x}: only a
			 * declared name, or Jinja-style spacing when nothing is
			 * declared, says the author meant a placeholder. */
			bool meant =
				w && (tscan_is_declared(out, s + ns, nl) || (out->ndeclared == 0 && s[i + 2] == ' '));
			if (meant) {
				tscan_issue(out, R_FORMAT_MISMATCH, i,
					    "under f-string '{{ %.*s }}' is the literal text '{ %.*s }'; "
					    "write {%.*s}, or set template_format: jinja2 or mustache",
					    (int)nl, s + ns, (int)nl, s + ns, (int)nl, s + ns);
				i += w;
			} else {
				i += 2;
			}
			continue;
		}
		/* A field: find its closing brace, allowing one level of nested
		 * braces in the format spec as Python does. */
		size_t j = i + 1;
		int depth = 1;
		while (j < len && depth > 0) {
			if (s[j] == '{')
				depth++;
			else if (s[j] == '}')
				depth--;
			if (depth > 0)
				j++;
		}
		if (j >= len) {
			tscan_issue(out, R_UNBALANCED_BRACE, i, "'{' is never closed; write '{{' for a literal brace");
			i++;
			continue;
		}
		/* The field name ends at the first of ! : . [ */
		size_t k = i + 1;
		while (k < j && !strchr("!:.[", s[k]))
			k++;
		size_t nlen = k - (i + 1);
		if (nlen > 0 && ident_len(s + i + 1, nlen) == nlen) {
			tscan_use(out, s + i + 1, nlen, i + 1, false);
		} else if (strspn(s + i + 1, "0123456789") >= nlen) { /* {} or {0} */
			tscan_issue(out, R_UNESCAPED_BRACE, i,
				    "'{%.*s}' is a positional field that prompt templates never fill; "
				    "write '{{%.*s}}' for literal braces",
				    (int)nlen, s + i + 1, (int)nlen, s + i + 1);
		} else {
			tscan_issue(out, R_UNESCAPED_BRACE, i,
				    "'{%.*s' is not a placeholder name; literal braces (JSON, code) "
				    "must be doubled: '{{' and '}}'",
				    (int)(nlen > 20 ? 20 : nlen), s + i + 1);
		}
		i = j + 1;
	}
}
