/* rules: the rule table and rule names on the command line.
 * Codes group by layer: PL0xx YAML and files, PL1xx variables, PL2xx
 * schema, PL3xx template syntax, PL4xx budgets. */
#include "rules.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

const struct rule_info rules[R_COUNT] = {
	[R_YAML_SYNTAX] = {"PL001", "yaml-syntax", LEVEL_ERROR, "the YAML does not parse"},
	[R_TAB_INDENTATION] = {"PL002", "tab-indentation", LEVEL_ERROR, "a TAB indents a YAML line"},
	[R_DUPLICATE_KEY] = {"PL003", "duplicate-key", LEVEL_ERROR,
			     "a mapping repeats a key; the last one silently wins"},
	[R_TEMPLATE_AS_MAPPING] = {"PL004", "template-parsed-as-mapping", LEVEL_ERROR,
				   "an unquoted template starting with '{' was read as a YAML mapping"},
	[R_INVALID_UTF8] = {"PL005", "invalid-utf8", LEVEL_ERROR, "the file is not valid UTF-8"},
	[R_UNCLOSED_FRONT_MATTER] = {"PL006", "unclosed-front-matter", LEVEL_ERROR,
				     "front matter opened with --- is never closed"},
	[R_MISSING_REQUIRED_KEY] = {"PL201", "missing-required-key", LEVEL_ERROR,
				    "a key the format requires is absent"},
	[R_EMPTY_TEMPLATE] = {"PL202", "empty-template", LEVEL_ERROR, "the template is empty or only white space"},
	[R_WRONG_TYPE] = {"PL203", "wrong-type", LEVEL_ERROR, "a key holds the wrong kind of value"},
	[R_UNKNOWN_TEMPLATE_FORMAT] = {"PL204", "unknown-template-format", LEVEL_ERROR,
				       "template_format names no known engine"},
	[R_DUPLICATE_VARIABLE] = {"PL103", "duplicate-variable", LEVEL_WARNING, "a variable is declared twice"},
	[R_UNDECLARED_VARIABLE] =
		{"PL101", "undeclared-variable", LEVEL_ERROR,
		 "the template uses a variable that is not declared (a warning where the engine renders it empty)",
		 true},
	[R_UNUSED_VARIABLE] = {"PL102", "unused-variable", LEVEL_WARNING, "a declared variable is never used"},
	[R_UNBALANCED_BRACE] = {"PL301", "unbalanced-brace", LEVEL_ERROR, "an f-string brace has no partner"},
	[R_UNESCAPED_BRACE] = {"PL302", "unescaped-brace", LEVEL_ERROR,
			       "a literal brace in an f-string is not doubled"},
	[R_UNCLOSED_BLOCK] = {"PL303", "unclosed-block", LEVEL_ERROR, "a block is opened and never closed"},
	[R_MISMATCHED_BLOCK] = {"PL304", "mismatched-block", LEVEL_ERROR,
				"a block is closed by the wrong end tag, or an end tag has no opener"},
	[R_UNTERMINATED_TAG] = {"PL305", "unterminated-tag", LEVEL_ERROR, "a tag is opened and never closed"},
	[R_FORMAT_MISMATCH] = {"PL306", "format-mismatch", LEVEL_WARNING,
			       "syntax of one template engine used under another's format"},
	[R_UNSAFE_JINJA] = {"PL307", "unsafe-jinja", LEVEL_ERROR,
			    "a Jinja2 template reaches Python internals through dunder attributes"},
	[R_UNKNOWN_ROLE] = {"PL308", "unknown-role", LEVEL_WARNING,
			    "a .prompty role line in the wrong case (System:) is body text, not a role"},
	[R_MISSING_FILE] = {"PL205", "missing-file", LEVEL_ERROR,
			    "a referenced template or prompt file does not exist"},
	[R_TOKEN_BUDGET] = {"PL401", "token-budget", LEVEL_ERROR,
			    "the template's tokens exceed --max-tokens-per-request (or --warn-at)"},
	[R_STRAY_CLOSE] = {"PL309", "stray-close-tag", LEVEL_WARNING,
			   "a '}}' with no opening '{{' (Mustache, Handlebars, Dotprompt) is printed as it is"},
};

int rule_lookup(const char *s)
{
	for (int i = 0; i < R_COUNT; i++)
		if (strcasecmp(s, rules[i].code) == 0 || strcasecmp(s, rules[i].name) == 0)
			return i;
	return -1;
}

const char *rule_title(enum rule r)
{
	static char buf[R_COUNT][64];
	if (!buf[r][0])
		snprintf(buf[r], sizeof buf[r], "%s %s", rules[r].code, rules[r].name);
	return buf[r];
}

unsigned long long rule_item(const char *s)
{
	if (strcasecmp(s, "all") == 0)
		return ~0ULL;
	int r = rule_lookup(s);
	if (r >= 0)
		return 1ULL << r;
	unsigned long long set = 0;
	size_t n = strlen(s);
	if (n >= 2 && strncasecmp(s, "PL", 2) == 0)
		for (int i = 0; i < R_COUNT; i++)
			if (strncasecmp(rules[i].code, s, n) == 0)
				set |= 1ULL << i;
	return set;
}

unsigned long long rules_parse_set(const char *s, size_t len)
{
	unsigned long long set = 0;
	size_t i = 0;
	while (i < len) {
		while (i < len && (s[i] == ',' || s[i] == ' '))
			i++;
		size_t j = i;
		while (j < len && (isalnum((unsigned char)s[j]) || s[j] == '-' || s[j] == '_'))
			j++;
		if (j == i)
			break;
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)(j - i), s + i);
		set |= rule_item(name);
		i = j;
	}
	return set;
}
