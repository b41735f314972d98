/* semver: a hand-written parser for SemVer 2.0.0 (node-semver strict). */
#include "semver.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvin.h"

#define SEMVER_MAX_LENGTH 256
#define MAX_SAFE_INTEGER 9007199254740991ULL

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_ident(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

/* A numeric component: 0 or no leading zero, within MAX_SAFE_INTEGER. */
static int number(const char **p, uint64_t *out)
{
	const char *s = *p;
	if (!is_digit(*s))
		return -1;
	if (*s == '0' && is_digit(s[1]))
		return -1;
	uint64_t n = 0;
	while (is_digit(*s)) {
		n = n * 10 + (uint64_t)(*s - '0');
		if (n > MAX_SAFE_INTEGER)
			return -1;
		s++;
	}
	*p = s;
	*out = n;
	return 0;
}

/* Dot-separated identifiers; numeric prerelease ones without leading zeros. */
static int identifiers(const char **p, bool pre, char **out)
{
	const char *s = *p, *start = s;
	for (;;) {
		const char *id = s;
		bool digits = true;
		while (is_ident(*s)) {
			if (!is_digit(*s))
				digits = false;
			s++;
		}
		if (s == id)
			return -1;
		if (pre && digits && *id == '0' && s - id > 1)
			return -1;
		if (*s != '.')
			break;
		s++;
	}
	*out = xstrndup(start, (size_t)(s - start));
	*p = s;
	return 0;
}

int semver_parse(const char *text, struct semver *v)
{
	memset(v, 0, sizeof *v);
	if (strlen(text) > SEMVER_MAX_LENGTH)
		return -1;
	char *t = trim_dup(text, strlen(text));
	const char *s = t;
	if (*s == 'v')
		s++;
	char *pre = NULL, *build = NULL;
	if (number(&s, &v->major) || *s++ != '.' || number(&s, &v->minor) || *s++ != '.' || number(&s, &v->patch))
		goto bad;
	if (*s == '-') {
		s++;
		if (identifiers(&s, true, &pre))
			goto bad;
	}
	if (*s == '+') {
		s++;
		if (identifiers(&s, false, &build))
			goto bad;
	}
	if (*s)
		goto bad;
	free(t);
	v->raw = xstrdup(text);
	v->prerelease = pre ? pre : xstrdup("");
	v->build = build ? build : xstrdup("");
	return 0;
bad:
	free(pre);
	free(build);
	free(t);
	return -1;
}

char *semver_version(const struct semver *v)
{
	if (*v->prerelease)
		return xasprintf("%llu.%llu.%llu-%s", (unsigned long long)v->major, (unsigned long long)v->minor,
				 (unsigned long long)v->patch, v->prerelease);
	return xasprintf("%llu.%llu.%llu", (unsigned long long)v->major, (unsigned long long)v->minor,
			 (unsigned long long)v->patch);
}

void semver_free(struct semver *v)
{
	free(v->raw);
	free(v->prerelease);
	free(v->build);
	memset(v, 0, sizeof *v);
}
