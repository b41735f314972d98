/* rules: the stable rule table — code, name, default severity, summary. */
#ifndef PL_RULES_H
#define PL_RULES_H

#include <stdbool.h>
#include <stddef.h>

enum rule {
	R_YAML_SYNTAX,
	R_TAB_INDENTATION,
	R_DUPLICATE_KEY,
	R_TEMPLATE_AS_MAPPING,
	R_INVALID_UTF8,
	R_UNCLOSED_FRONT_MATTER,
	R_MISSING_REQUIRED_KEY,
	R_EMPTY_TEMPLATE,
	R_WRONG_TYPE,
	R_UNKNOWN_TEMPLATE_FORMAT,
	R_DUPLICATE_VARIABLE,
	R_UNDECLARED_VARIABLE,
	R_UNUSED_VARIABLE,
	R_UNBALANCED_BRACE,
	R_UNESCAPED_BRACE,
	R_UNCLOSED_BLOCK,
	R_MISMATCHED_BLOCK,
	R_UNTERMINATED_TAG,
	R_FORMAT_MISMATCH,
	R_UNSAFE_JINJA,
	R_UNKNOWN_ROLE,
	R_MISSING_FILE,
	R_TOKEN_BUDGET,
	R_STRAY_CLOSE,
	R_COUNT
};

/* Severity levels a rule can be set to; LEVEL_OFF silences it. */
enum level { LEVEL_ERROR, LEVEL_WARNING, LEVEL_NOTE, LEVEL_OFF };

struct rule_info {
	const char *code; /* "PL101" */
	const char *name; /* "undeclared-variable" */
	enum level level; /* default */
	const char *summary; /* one line, for SARIF and --help */
	bool by_engine; /* the severity follows the template engine:
			 * level is the strictest, some engines lower it */
};

extern const struct rule_info rules[R_COUNT];
/* Rule sets are bit masks (inline disables, per-file ignores). */
_Static_assert(R_COUNT <= 64, "rule sets are 64-bit masks");
/* Findings after which nothing else in the file can be checked.  A
 * --select (or config select) keeps them, only an ignore drops them: a file
 * that does not parse must not pass a selection of rules it never ran. */
#define RULES_UNCHECKABLE ((1ULL << R_YAML_SYNTAX) | (1ULL << R_INVALID_UTF8) | (1ULL << R_UNCLOSED_FRONT_MATTER))

/* "PL101" or "undeclared-variable" (case-insensitive) -> rule; -1 if neither. */
int rule_lookup(const char *s);
/* The rules one item names: a code, a name, a code prefix ("PL1": all
 * of PL1xx) or "all"; 0 when none. */
unsigned long long rule_item(const char *s);
/* "PL101,unused-variable" into a rule set; unknown items are skipped
 * (an inline disable never fails a run). */
unsigned long long rules_parse_set(const char *s, size_t len);
/* "PL101 undeclared-variable", static storage. */
const char *rule_title(enum rule r);

#endif
