/* scan_sk: Semantic Kernel's own template syntax.  A code block {{ ... }}
 * holds a variable ($name), a quoted literal, or a function call
 * (plugin.function or function) with arguments that are variables,
 * literals or name=value pairs.  A bare {{name}} is a call to a function
 * called name; when name is a declared variable the author almost
 * certainly meant {{$name}}, which would otherwise render empty. */
#include "template.h"

#include <string.h>

static size_t skip_blank(const char *s, size_t i, size_t b)
{
	while (i < b && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

static void block(const char *s, size_t a, size_t b, size_t off, struct tscan *out)
{
	bool first = true;
	for (size_t i = skip_blank(s, a, b); i < b; i = skip_blank(s, i, b)) {
		char c = s[i];
		if (c == '"' || c == '\'') {
			size_t j = i + 1;
			while (j < b && s[j] != c)
				j += s[j] == '\\' ? 2 : 1;
			i = j + 1;
			first = false;
			continue;
		}
		size_t j = i;
		while (j < b && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r' && s[j] != '=')
			j++;
		if (j < b && s[j] == '=') { /* name=value: the value follows */
			i = j + 1;
			first = false;
			continue;
		}
		if (c == '$') {
			size_t n = ident_len(s + i + 1, j - i - 1);
			if (n)
				tscan_use(out, s + i + 1, n, i + 1, false);
			else
				tscan_issue(out, R_FORMAT_MISMATCH, i, "'$' must be followed by a variable name");
		} else if (first) {
			size_t n = j - i;
			if (ident_len(s + i, n) == n && tscan_is_declared(out, s + i, n))
				tscan_issue(out, R_FORMAT_MISMATCH, off,
					    "{{%.*s}} calls a function named '%.*s'; write {{$%.*s}} for the variable",
					    (int)n, s + i, (int)n, s + i, (int)n, s + i);
		}
		first = false;
		i = j;
	}
}

void scan_sk(const char *s, size_t len, struct tscan *out)
{
	size_t i = 0;
	while (i + 1 < len) {
		const char *p = memmem(s + i, len - i, "{{", 2);
		if (!p)
			return;
		size_t off = (size_t)(p - s), a = off + 2;
		/* the closer, skipping quoted literals such as {{ "}}" }} */
		size_t j = a;
		char q = 0;
		for (; j + 1 < len; j++) {
			if (q) {
				if (s[j] == '\\')
					j++;
				else if (s[j] == q)
					q = 0;
			} else if (s[j] == '"' || s[j] == '\'') {
				q = s[j];
			} else if (s[j] == '}' && s[j + 1] == '}') {
				break;
			} else if (s[j] == '{' && s[j + 1] == '{') {
				break;
			}
		}
		if (j + 1 >= len || s[j] == '{' || q) {
			tscan_issue(out, R_UNTERMINATED_TAG, off, "'{{' is never closed; add '}}'");
			i = j + 1 < len && s[j] == '{' ? j : len;
			continue;
		}
		block(s, a, j, off, out);
		i = j + 2;
	}
}
