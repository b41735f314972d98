/* template: engine names and the bookkeeping shared by the scanners. */
#include "template.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

#include "cli.h"
#include "vec.h"

static const struct {
	const char *name;
	enum engine e;
} names[] = {
	{"f-string", ENG_FSTRING},      {"fstring", ENG_FSTRING},     {"jinja2", ENG_JINJA2},
	{"nunjucks", ENG_JINJA2},       {"liquid", ENG_LIQUID},       {"mustache", ENG_MUSTACHE},
	{"handlebars", ENG_HANDLEBARS}, {"dotprompt", ENG_DOTPROMPT}, {"semantic-kernel", ENG_SK},
};
#define NNAMES (sizeof names / sizeof *names)

static const char *canonical[ENG_COUNT] = {
	"f-string", "jinja2", "liquid", "mustache", "handlebars", "dotprompt", "semantic-kernel",
};

int engine_lookup(const char *name)
{
	for (size_t i = 0; i < NNAMES; i++)
		if (strcasecmp(name, names[i].name) == 0)
			return (int)names[i].e;
	return -1;
}

const char *engine_name(enum engine e)
{
	return canonical[e];
}

size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64];
	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			size_t best = diag + cost;
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *engine_suggest(const char *name)
{
	const char *best = NULL;
	size_t bd = 4;
	for (size_t i = 0; i < NNAMES; i++) {
		size_t d = edit_distance(name, names[i].name);
		if (d < bd) {
			bd = d;
			best = canonical[names[i].e];
		}
	}
	return best;
}

void scan_template(enum engine e, const char *s, size_t len, struct tscan *out)
{
	switch (e) {
	case ENG_FSTRING: scan_fstring(s, len, out); break;
	case ENG_JINJA2: scan_jinja(s, len, false, out); break;
	case ENG_LIQUID: scan_jinja(s, len, true, out); break;
	case ENG_MUSTACHE:
	case ENG_HANDLEBARS:
	case ENG_DOTPROMPT: scan_mustache(s, len, e, out); break;
	case ENG_SK: scan_sk(s, len, out); break;
	case ENG_COUNT: break;
	}
}

void tscan_use(struct tscan *t, const char *name, size_t nlen, size_t off, bool scoped)
{
	VEC_RESERVE(t->uses, t->capuses, t->nuses + 1);
	t->uses[t->nuses++] = (struct tuse){name, nlen, off, scoped};
}

void tscan_local(struct tscan *t, const char *name, size_t nlen)
{
	VEC_RESERVE(t->locals, t->caplocals, t->nlocals + 1);
	t->locals[t->nlocals++] = xstrndup(name, nlen);
}

void tscan_issue(struct tscan *t, enum rule r, size_t off, const char *fmt, ...)
{
	VEC_RESERVE(t->issues, t->capissues, t->nissues + 1);
	va_list ap;
	va_start(ap, fmt);
	char *msg;
	if (vasprintf(&msg, fmt, ap) < 0)
		die(EXIT_ENV, "out of memory");
	va_end(ap);
	t->issues[t->nissues++] = (struct tissue){r, off, msg};
}

void tscan_comment(struct tscan *t, const char *text, size_t tlen, size_t off)
{
	static const char key[] = "prompt-lint:";
	const char *p = memmem(text, tlen, key, sizeof key - 1);
	if (!p)
		return;
	p += sizeof key - 1;
	const char *end = text + tlen;
	while (p < end && isspace((unsigned char)*p))
		p++;
	char *rules_s = NULL;
	if ((size_t)(end - p) >= 12 && memcmp(p, "disable-file", 12) == 0) {
		rules_s = xstrdup("file");
	} else if ((size_t)(end - p) >= 8 && memcmp(p, "disable=", 8) == 0) {
		const char *q = p + 8, *e = q;
		while (e < end && (isalnum((unsigned char)*e) || *e == ',' || *e == '-' || *e == '_'))
			e++;
		rules_s = xstrndup(q, (size_t)(e - q));
	}
	if (!rules_s)
		return;
	VEC_RESERVE(t->dis, t->capdis, t->ndis + 1);
	t->dis[t->ndis++] = (struct tdisable){off, rules_s};
}

bool tscan_is_declared(const struct tscan *t, const char *name, size_t nlen)
{
	for (size_t i = 0; i < t->ndeclared; i++)
		if (strlen(t->declared[i]) == nlen && memcmp(t->declared[i], name, nlen) == 0)
			return true;
	return false;
}

bool tscan_is_local(const struct tscan *t, const char *name, size_t nlen)
{
	for (size_t i = 0; i < t->nlocals; i++)
		if (strlen(t->locals[i]) == nlen && memcmp(t->locals[i], name, nlen) == 0)
			return true;
	return false;
}

void tscan_free(struct tscan *t)
{
	for (size_t i = 0; i < t->nlocals; i++)
		free(t->locals[i]);
	for (size_t i = 0; i < t->nissues; i++)
		free(t->issues[i].msg);
	for (size_t i = 0; i < t->ndis; i++)
		free(t->dis[i].rules);
	free(t->uses);
	free(t->locals);
	free(t->issues);
	free(t->dis);
	t->uses = NULL;
	t->locals = NULL;
	t->issues = NULL;
	t->dis = NULL;
	t->nuses = t->nlocals = t->nissues = t->ndis = 0;
	t->capuses = t->caplocals = t->capissues = t->capdis = 0;
}

bool ident_start(int c)
{
	return isalpha(c) || c == '_' || c >= 0x80;
}
bool ident_char(int c)
{
	return isalnum(c) || c == '_' || c >= 0x80;
}

size_t ident_len(const char *s, size_t len)
{
	if (len == 0 || !ident_start((unsigned char)s[0]))
		return 0;
	size_t i = 1;
	while (i < len && ident_char((unsigned char)s[i]))
		i++;
	return i;
}
