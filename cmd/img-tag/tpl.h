/* tpl: the part of Handlebars the action's templates use — {{name}},
 * {{{name}}} and {{& name}} (not escaped), helper calls with string,
 * number and path parameters and key=value hash arguments, comments,
 * \{{ escapes and ~ whitespace control.  Block helpers and partials are
 * refused with a clear message. */
#ifndef IMG_TAG_TPL_H
#define IMG_TAG_TPL_H

#include <stdbool.h>
#include <stddef.h>

/* A parameter after evaluation: a literal, or a path (which img-tag's
 * contexts never define: they hold functions, not data). */
struct tpl_val {
	bool defined;
	const char *s;
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
 * name exists in the context, 0 when it does not, -1 with err. */
typedef int (*tpl_resolve_fn)(void *ud, const struct tpl_call *call, char **out, char *err, size_t errlen);

/* Render tpl.  0 with *out (malloc'd), or -1 with err. */
int tpl_render(const char *tpl, tpl_resolve_fn fn, void *ud, char **out, char *err, size_t errlen);
/* True when tpl is exactly one expression naming name ({{raw}}, {{ raw }},
 * {{{raw}}}), as the action's isRawStatement checks. */
bool tpl_is_single(const char *tpl, const char *name);
/* Handlebars's escapeExpression: & < > " ' ` = as entities.  malloc'd. */
char *tpl_html_escape(const char *s);

#endif
