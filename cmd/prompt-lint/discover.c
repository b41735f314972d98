/* discover: the folder walk that finds the files to lint. */
#include "discover.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "config.h"
#include "fs.h"
#include "gitignore.h"
#include "vec.h"

const char *const discover_default_globs[] = {
	"*.yaml", "*.yml", "*.prompty", "*.prompt", "*.prompt.yml", NULL,
};

static void add(struct filelist *fl, char *path)
{
	VEC_RESERVE(fl->v, fl->cap, fl->n + 1);
	fl->v[fl->n++] = path;
}

static bool wanted(const char *path, const char *config_path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!strcmp(base, ".prompt-lint.yaml") || !strcmp(base, ".prompt-lint.yml"))
		return false; /* our own config is no prompt */
	const struct config *c = config_for(path, config_path);
	if (c->exclude && config_glob_match(c, c->exclude, path))
		return false;
	if (c->include)
		return config_glob_match(c, c->include, path);
	for (const char *const *g = discover_default_globs; *g; g++)
		if (fnmatch(*g, base, 0) == 0)
			return true;
	return false;
}

/* Folders no prompt lives in, whatever .gitignore says. */
static const char *const never[] = {
	".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", NULL,
};

static bool skip_dir(const char *name, const char *path, const char *config_path)
{
	for (const char *const *p = never; *p; p++)
		if (!strcmp(name, *p))
			return true;
	/* The folder's own config decides whether it is excluded. */
	char *probe = fs_join(path, ".");
	const struct config *c = config_for(probe, config_path);
	free(probe);
	return c->exclude && config_glob_match(c, c->exclude, path);
}

static void walk(const char *dir, const char *config_path, struct filelist *out, int depth, struct ignores *ig)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0) {
		msg_error("%s: %s; check the path and its permissions", dir, strerror(errno));
		out->unreadable++;
		return;
	}
	size_t pushed = ignores_push(ig, dir);
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		if (!strcmp(name, ".") || !strcmp(name, "..")) {
			free(ents[i]);
			continue;
		}
		char *p = strcmp(dir, ".") == 0 ? xstrdup(name) : fs_join(dir, name);
		/* The entry's type saves a stat per file; links and file systems
		 * that do not say need one. */
		unsigned char type = ents[i]->d_type;
		struct stat st;
		if (type == DT_UNKNOWN || type == DT_LNK)
			type = stat(p, &st) != 0     ? DT_UNKNOWN
			       : S_ISDIR(st.st_mode) ? DT_DIR
			       : S_ISREG(st.st_mode) ? DT_REG
						     : DT_UNKNOWN;
		if (type == DT_DIR) {
			if (depth < 64 && !skip_dir(name, p, config_path) && !ignores_match(ig, p, name, true))
				walk(p, config_path, out, depth + 1, ig);
			free(p);
		} else if (type == DT_REG && !ignores_match(ig, p, name, false) && wanted(p, config_path)) {
			add(out, p);
		} else {
			free(p);
		}
		free(ents[i]);
	}
	free(ents);
	ignores_pop(ig, pushed);
}

void discover(const char *path, const char *config_path, struct filelist *out)
{
	struct stat st;
	if (strcmp(path, "-") == 0) {
		add(out, xstrdup(path));
		return;
	}
	if (stat(path, &st) != 0) {
		msg_error("%s: %s; check the path", path, strerror(errno));
		out->unreadable++;
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		struct ignores ig = {0};
		walk(path, config_path, out, 0, &ig);
	} else
		add(out, xstrdup(path));
}

char *discover_looked_for(const char *dir, const char *config_path)
{
	char *probe = fs_join(dir, ".");
	const struct config *c = config_for(probe, config_path);
	free(probe);
	char *const *globs = c->include ? c->include : (char *const *)discover_default_globs;
	char *out = xstrdup("");
	for (char *const *g = globs; *g; g++) {
		char *next = xasprintf("%s%s%s", out, g == globs ? "" : ", ", *g);
		free(out);
		out = next;
	}
	char *all = c->include ? xasprintf("%s (include in %s)", out, c->path) : xstrdup(out);
	free(out);
	out = xasprintf("%s outside .git, node_modules, virtualenvs and what .gitignore leaves out", all);
	free(all);
	return out;
}

static const char *without_dot_slash(const char *p)
{
	while (p[0] == '.' && p[1] == '/')
		for (p += 2; *p == '/'; p++)
			;
	return p;
}

struct slot {
	const char *path;
	size_t i;
};

static int by_path(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	return c ? c : x->i < y->i ? -1 : 1;
}

void filelist_dedupe(struct filelist *fl)
{
	if (fl->n < 2)
		return;
	struct slot *s = xmalloc(fl->n * sizeof *s);
	bool *again = xcalloc(fl->n, sizeof *again);
	for (size_t i = 0; i < fl->n; i++)
		s[i] = (struct slot){without_dot_slash(fl->v[i]), i};
	qsort(s, fl->n, sizeof *s, by_path);
	for (size_t k = 1; k < fl->n; k++)
		again[s[k].i] = strcmp(s[k].path, s[k - 1].path) == 0;
	size_t k = 0;
	for (size_t i = 0; i < fl->n; i++) {
		if (again[i])
			free(fl->v[i]);
		else
			fl->v[k++] = fl->v[i];
	}
	fl->n = k;
	free(again);
	free(s);
}

void filelist_free(struct filelist *fl)
{
	for (size_t i = 0; i < fl->n; i++)
		free(fl->v[i]);
	free(fl->v);
	memset(fl, 0, sizeof *fl);
}
