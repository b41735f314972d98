/* template: what a template engine's scanner reports — variables used,
 * names the template defines itself, syntax problems and inline disables,
 * all at byte offsets into the template text. */
#ifndef PL_TEMPLATE_H
#define PL_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "rules.h"

enum engine {
	ENG_FSTRING,
	ENG_JINJA2, /* also Nunjucks (promptfoo, Prompty TS) */
	ENG_LIQUID,
	ENG_MUSTACHE, /* also GitHub Models {{var}} */
	ENG_HANDLEBARS,
	ENG_DOTPROMPT, /* Handlebars with Dotprompt's helpers */
	ENG_SK, /* Semantic Kernel's own {{$var}} syntax */
	ENG_COUNT
};

struct tuse {
	const char *name; /* into the scanned text, not NUL-terminated */
	size_t len;
	size_t off;
	bool scoped; /* inside a section/each/with: may be a field of the item */
};

struct tissue {
	enum rule rule;
	size_t off;
	char *msg;
};

struct tdisable {
	size_t off;
	char *rules; /* "PL101,unused-variable", or "file" for disable-file */
};

struct tscan {
	/* Input: the declared variables, for the checks that depend on them
	 * (SK {{name}} without '$', f-string {{ name }}). */
	char **declared;
	size_t ndeclared;
	/* Output. */
	struct tuse *uses;
	size_t nuses, capuses;
	char **locals;
	size_t nlocals, caplocals;
	struct tissue *issues;
	size_t nissues, capissues;
	struct tdisable *dis;
	size_t ndis, capdis;
};

/* Engine names as template_format writes them; -1 when unknown. */
int engine_lookup(const char *name);
const char *engine_name(enum engine e);
/* Levenshtein distance, case-insensitive (names up to 62 bytes). */
size_t edit_distance(const char *a, const char *b);
/* The known name closest to a misspelt one, or NULL. */
const char *engine_suggest(const char *name);

void scan_template(enum engine e, const char *s, size_t len, struct tscan *out);
void scan_fstring(const char *s, size_t len, struct tscan *out);
void scan_jinja(const char *s, size_t len, bool liquid, struct tscan *out);
void scan_mustache(const char *s, size_t len, enum engine e, struct tscan *out);
void scan_sk(const char *s, size_t len, struct tscan *out);

/* For the scanners. */
void tscan_use(struct tscan *t, const char *name, size_t nlen, size_t off, bool scoped);
void tscan_local(struct tscan *t, const char *name, size_t nlen);
void tscan_issue(struct tscan *t, enum rule r, size_t off, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A comment's text: records "prompt-lint: disable=..." / "disable-file". */
void tscan_comment(struct tscan *t, const char *text, size_t tlen, size_t off);
bool tscan_is_declared(const struct tscan *t, const char *name, size_t nlen);
bool tscan_is_local(const struct tscan *t, const char *name, size_t nlen);
void tscan_free(struct tscan *t);

/* Character classes of the scanners. */
bool ident_start(int c);
bool ident_char(int c);
/* Length of the identifier at s (0 when none). */
size_t ident_len(const char *s, size_t len);

#endif
