/* gitignore: read .gitignore files and match paths against their rules. */
#include "gitignore.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fs.h"
#include "vec.h"

static void add(struct ignores *ig, const char *pat, size_t n, const char *base)
{
	while (n && (pat[n - 1] == ' ' || pat[n - 1] == '\r'))
		n--;
	if (n == 0 || pat[0] == '#')
		return;
	bool negate = pat[0] == '!';
	if (negate || (n >= 2 && pat[0] == '\\' && (pat[1] == '!' || pat[1] == '#')))
		pat++, n--;
	if (n == 0)
		return;
	struct ignore_rule r = {.base = xstrdup(base), .negate = negate};
	if (pat[n - 1] == '/') {
		r.dir_only = true;
		n--;
	}
	if (n >= 3 && memcmp(pat, "**/", 3) == 0) {
		pat += 3;
		n -= 3;
	} else if (memchr(pat, '/', n)) {
		r.anchored = true;
		if (pat[0] == '/')
			pat++, n--;
	}
	if (n == 0) {
		free(r.base);
		return;
	}
	r.pattern = xstrndup(pat, n);
	VEC_RESERVE(ig->v, ig->cap, ig->n + 1);
	ig->v[ig->n++] = r;
}

size_t ignores_push(struct ignores *ig, const char *dir)
{
	char *path = fs_join(dir, ".gitignore"), *buf, err[300];
	size_t len, before = ig->n;
	int rc = fs_read_all(path, 1 << 20, &buf, &len, err, sizeof err);
	free(path);
	if (rc != 0)
		return 0; /* none (or unreadable: then nothing is ignored) */
	for (const char *p = buf, *end = buf + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		add(ig, p, n, dir);
		p += n + 1;
	}
	free(buf);
	return ig->n - before;
}

void ignores_pop(struct ignores *ig, size_t count)
{
	while (count-- && ig->n) {
		ig->n--;
		free(ig->v[ig->n].pattern);
		free(ig->v[ig->n].base);
	}
	if (ig->n == 0) {
		free(ig->v);
		ig->v = NULL;
		ig->cap = 0;
	}
}

static bool rule_matches(const struct ignore_rule *r, const char *path, const char *name, bool is_dir)
{
	if (r->dir_only && !is_dir)
		return false;
	if (!r->anchored)
		return fnmatch(r->pattern, name, 0) == 0;
	size_t bl = strlen(r->base);
	const char *rel = strcmp(r->base, ".") == 0                            ? path
			  : strncmp(path, r->base, bl) == 0 && path[bl] == '/' ? path + bl + 1
									       : NULL;
	return rel && fnmatch(r->pattern, rel, FNM_PATHNAME) == 0;
}

/* Rules are in file order, deeper .gitignore files last: the last match
 * wins, so search from the end. */
bool ignores_match(const struct ignores *ig, const char *path, const char *name, bool is_dir)
{
	for (size_t i = ig->n; i-- > 0;)
		if (rule_matches(&ig->v[i], path, name, is_dir))
			return !ig->v[i].negate;
	return false;
}
