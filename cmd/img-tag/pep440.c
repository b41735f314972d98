/* pep440: a recursive-descent parser for the grammar of PEP 440's
 * appendix (the regular expression the packaging library uses), written
 * as code so that each part can be tested and explained. */
#include "pep440.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvin.h"
#include "strvec.h"
#include "strbuf.h"

struct cur {
	const char *s;
	size_t p;
};

static bool is_sep(char c)
{
	return c == '-' || c == '_' || c == '.';
}

/* Digits at the cursor, normalised (no leading zeros); NULL when none. */
static char *digits(struct cur *c)
{
	size_t start = c->p;
	while (isdigit((unsigned char)c->s[c->p]))
		c->p++;
	if (c->p == start)
		return NULL;
	size_t i = start;
	while (i + 1 < c->p && c->s[i] == '0')
		i++;
	return xstrndup(c->s + i, c->p - i);
}

/* Case-insensitive keyword at the cursor, consumed when present. */
static bool word(struct cur *c, const char *w)
{
	size_t n = strlen(w);
	if (strncasecmp(c->s + c->p, w, n) != 0)
		return false;
	c->p += n;
	return true;
}

/* Longest label first: a shorter one never leads to a valid parse when
 * the longer one matched (the rest could not be read). */
static const char *pre_label(struct cur *c)
{
	static const struct {
		const char *spelling, *norm;
	} labels[] = {
		{"preview", "rc"}, {"alpha", "a"}, {"beta", "b"}, {"pre", "rc"},
		{"rc", "rc"},      {"a", "a"},     {"b", "b"},    {"c", "rc"},
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (word(c, labels[i].spelling))
			return labels[i].norm;
	return NULL;
}

/* [sep] label [sep] [number]: the shape of pre, post and dev segments. */
static bool labelled(struct cur *c, const char *(*label)(struct cur *), const char **norm, char **num)
{
	size_t save = c->p;
	if (is_sep(c->s[c->p]))
		c->p++;
	const char *l = label(c);
	if (!l) {
		c->p = save;
		return false;
	}
	/* The separator is kept even when no number follows (the grammar's
	 * optional [-_.] before an optional number): "1.0a-" is 1.0a0. */
	if (is_sep(c->s[c->p]))
		c->p++;
	*num = digits(c);
	if (!*num)
		*num = xstrdup("0");
	*norm = l;
	return true;
}

static const char *post_label(struct cur *c)
{
	if (word(c, "post") || word(c, "rev") || word(c, "r"))
		return "post";
	return NULL;
}

static const char *dev_label(struct cur *c)
{
	return word(c, "dev") ? "dev" : NULL;
}

/* Local label: alphanumeric segments separated by -, _ or .; normalised
 * to lower case, '.' separators, numbers without leading zeros. */
static char *local_label(struct cur *c)
{
	struct strvec segs = {0};
	for (;;) {
		size_t start = c->p;
		while (isalnum((unsigned char)c->s[c->p]))
			c->p++;
		if (c->p == start) {
			strvec_free(&segs);
			return NULL;
		}
		size_t n = c->p - start;
		const char *seg = c->s + start;
		bool num = true;
		for (size_t i = 0; i < n; i++)
			if (!isdigit((unsigned char)seg[i]))
				num = false;
		if (num) {
			while (n > 1 && *seg == '0')
				seg++, n--;
		}
		char *s = xstrndup(seg, n);
		for (char *q = s; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		strvec_push(&segs, s);
		if (!is_sep(c->s[c->p]) || !isalnum((unsigned char)c->s[c->p + 1]))
			break;
		c->p++;
	}
	char *out = strvec_join(&segs, ".");
	strvec_free(&segs);
	return out;
}

int pep440_parse(const char *text, struct pep440 *v)
{
	memset(v, 0, sizeof *v);
	char *t = trim_dup(text, strlen(text));
	struct cur c = {t, 0};
	struct strvec rel = {0};
	const char *norm;
	if (c.s[c.p] == 'v' || c.s[c.p] == 'V')
		c.p++;
	char *n = digits(&c);
	if (!n)
		goto bad;
	if (c.s[c.p] == '!') {
		c.p++;
		v->epoch = n;
		n = digits(&c);
		if (!n)
			goto bad;
	} else {
		v->epoch = xstrdup("0");
	}
	strvec_push(&rel, n);
	while (c.s[c.p] == '.' && isdigit((unsigned char)c.s[c.p + 1])) {
		c.p++;
		strvec_push(&rel, digits(&c));
	}
	if (labelled(&c, pre_label, &norm, &v->pre_n))
		v->pre_l = xstrdup(norm);
	/* Post: "-N" (implicit), or [sep] post|rev|r [sep] [N]. */
	if (c.s[c.p] == '-' && isdigit((unsigned char)c.s[c.p + 1])) {
		c.p++;
		v->post_n = digits(&c);
	} else {
		labelled(&c, post_label, &norm, &v->post_n);
	}
	labelled(&c, dev_label, &norm, &v->dev_n);
	if (c.s[c.p] == '+') {
		c.p++;
		v->local = local_label(&c);
		if (!v->local)
			goto bad;
	}
	if (c.s[c.p] != '\0')
		goto bad;
	v->release = rel.v;
	v->nrelease = rel.n;
	free(t);
	return 0;
bad:
	strvec_free(&rel);
	free(t);
	pep440_free(v);
	return -1;
}

char *pep440_normalize(const struct pep440 *v)
{
	struct strbuf b = {0};
	if (strcmp(v->epoch, "0") != 0) {
		strbuf_adds(&b, v->epoch);
		strbuf_addc(&b, '!');
	}
	for (size_t i = 0; i < v->nrelease; i++) {
		if (i)
			strbuf_addc(&b, '.');
		strbuf_adds(&b, v->release[i]);
	}
	if (v->pre_l) {
		strbuf_adds(&b, v->pre_l);
		strbuf_adds(&b, v->pre_n);
	}
	if (v->post_n) {
		strbuf_adds(&b, ".post");
		strbuf_adds(&b, v->post_n);
	}
	if (v->dev_n) {
		strbuf_adds(&b, ".dev");
		strbuf_adds(&b, v->dev_n);
	}
	if (v->local) {
		strbuf_addc(&b, '+');
		strbuf_adds(&b, v->local);
	}
	return strbuf_take(&b);
}

const char *pep440_release(const struct pep440 *v, size_t i)
{
	return i < v->nrelease ? v->release[i] : "0";
}

bool pep440_is_special(const struct pep440 *v)
{
	return v->pre_l || v->post_n || v->dev_n;
}

void pep440_free(struct pep440 *v)
{
	free(v->epoch);
	for (size_t i = 0; i < v->nrelease; i++)
		free(v->release[i]);
	free(v->release);
	free(v->pre_l);
	free(v->pre_n);
	free(v->post_n);
	free(v->dev_n);
	free(v->local);
	memset(v, 0, sizeof *v);
}
