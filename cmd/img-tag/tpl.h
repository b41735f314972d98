/* tpl: the part of Handlebars the action's templates use — {{name}},
 * {{{name}}} and {{& name}} (not escaped), helper calls with string,
 * number and path parameters and key=value hash arguments, the block
 * helpers {{#if}} and {{#unless}} with {{else}} and {{else if ...}},
 * comments, \{{ escapes and ~ whitespace control.  Other blocks
 * ({{#each}}, {{#with}}, {{^name}} sections) and partials are refused
 * with a clear message: the action's contexts hold no lists or objects
 * for them, and it registers no partial. */
#ifndef IMG_TAG_TPL_H
#define IMG_TAG_TPL_H

#include <stdbool.h>
#include <stddef.h>

enum tpl_kind { TV_NULL, TV_STRING, TV_NUMBER, TV_BOOL, TV_PATH };

/* A parameter as written: a literal (defined, s its text: 'x', 12,
 * true), null/undefined, or a path (not defined; s the name when it is
 * one plain name, else NULL).  A path only means something as the
 * condition of {{#if}}: img-tag's contexts hold functions, not data. */
struct tpl_val {
	bool defined;
	const char *s;
	enum tpl_kind kind;
};
struct tpl_hash {
	const char *key;
	struct tpl_val val;
};
struct tpl_call {
	const char *name;
	size_t nparams;
	const struct tpl_val *params;
	size_t nhash;
	const struct tpl_hash *hash;
};

/* Evaluate one expression: 1 with *out (malloc'd; NULL renders as "") when
 * name exists in the context, 2 the same for a number (0 is false to
 * {{#if}}, as in JavaScript), 0 when it does not exist, -1 with err. */
typedef int (*tpl_resolve_fn)(void *ud, const struct tpl_call *call, char **out, char *err, size_t errlen);

/* Render tpl.  0 with *out (malloc'd), or -1 with err. */
int tpl_render(const char *tpl, tpl_resolve_fn fn, void *ud, char **out, char *err, size_t errlen);
/* True when tpl is exactly one expression naming name ({{raw}}, {{ raw }},
 * {{{raw}}}), as the action's isRawStatement checks. */
bool tpl_is_single(const char *tpl, const char *name);
/* Handlebars's escapeExpression: & < > " ' ` = as entities.  malloc'd. */
char *tpl_html_escape(const char *s);

#endif
