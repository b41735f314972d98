/* config: load, check and look up .prompt-lint.yaml files.
 * Every key is checked: a misspelt key or rule in a config is a usage
 * error with its line:col, not silently ignored. */
#include "config.h"

#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "formats.h"
#include "fs.h"
#include "tokenizer.h"
#include "yaml.h"

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->max_tokens = c->warn_at = -1;
}

void config_free(struct config *c)
{
	for (size_t i = 0; i < c->npfi; i++)
		free(c->pfi[i].glob);
	for (size_t i = 0; i < c->nformats; i++) {
		free(c->formats[i].glob);
		free(c->formats[i].format);
	}
	free(c->pfi);
	free(c->formats);
	free(c->path);
	free(c->dir);
	free(c->encoding);
	strv_free(c->required_keys);
	strv_free(c->include);
	strv_free(c->exclude);
	memset(c, 0, sizeof *c);
}

struct ctx {
	const char *path;
	char *err;
	size_t errlen;
};

static int bad(struct ctx *x, const struct ynode *n, const char *fmt, const char *arg)
{
	char what[400];
	snprintf(what, sizeof what, fmt, arg);
	snprintf(x->err, x->errlen, "%s:%d:%d: %s", x->path, n ? n->line : 1, n ? n->col : 1, what);
	return -1;
}

/* A list of strings, or one string of comma-separated items. */
static int strings(struct ctx *x, const struct ynode *n, char ***out)
{
	if (n->type == YN_SCALAR) {
		size_t k;
		*out = split_list(n->u.scalar.str, ",", &k);
		return 0;
	}
	if (n->type != YN_SEQ)
		return bad(x, n, "%s must be a list of strings", "this value");
	char **v = xcalloc(n->u.seq.n + 1, sizeof *v);
	for (size_t i = 0; i < n->u.seq.n; i++) {
		const char *s = yscalar(n->u.seq.items[i]);
		if (!s) {
			strv_free(v);
			return bad(x, n->u.seq.items[i], "%s must be a string", "a list item");
		}
		v[i] = xstrdup(s);
	}
	*out = v;
	return 0;
}

static int rule_set(struct ctx *x, const struct ynode *n, unsigned long long *set)
{
	char **v;
	if (strings(x, n, &v))
		return -1;
	*set = 0;
	for (char **p = v; *p; p++) {
		unsigned long long s = rule_item(*p);
		if (!s) {
			int rc = bad(x, n, "unknown rule '%s'; see prompt-lint(1), RULES", *p);
			strv_free(v);
			return rc;
		}
		*set |= s;
	}
	strv_free(v);
	return 0;
}

static int level_of(const char *s, enum level *l)
{
	static const char *const names[] = {"error", "warning", "note", "off"};
	for (int i = 0; i < 4; i++)
		if (strcasecmp(s, names[i]) == 0) {
			*l = (enum level)i;
			return 0;
		}
	return -1;
}

static int number(struct ctx *x, const struct ynode *n, long long *out)
{
	const char *s = yscalar(n);
	if (!s || parse_int(s, 0, 100000000, out) != 0)
		return bad(x, n, "%s must be a whole number of tokens", "this value");
	return 0;
}

static int rules_map(struct ctx *x, const struct ynode *n, struct config *c)
{
	if (n->type != YN_MAP)
		return bad(x, n, "%s must map rule names to levels", "rules");
	for (size_t i = 0; i < n->u.map.n; i++) {
		const struct ynode *k = n->u.map.pairs[i].key, *v = n->u.map.pairs[i].value;
		int r = yscalar(k) ? rule_lookup(yscalar(k)) : -1;
		if (r < 0)
			return bad(x, k, "unknown rule '%s'; see prompt-lint(1), RULES", yscalar(k) ? yscalar(k) : "?");
		if (v->type == YN_MAP)
			v = ymap_get(v, "level");
		enum level l;
		if (!yscalar(v) || level_of(yscalar(v), &l))
			return bad(x, v ? v : k, "%s: level must be error, warning, note or off", yscalar(k));
		c->has_level[r] = true;
		c->level[r] = l;
	}
	return 0;
}

static int apply(struct ctx *x, const struct ynode *root, struct config *c)
{
	if (!root)
		return 0;
	if (root->type != YN_MAP)
		return bad(x, root, "%s must be a mapping of settings", "the config");
	for (size_t i = 0; i < root->u.map.n; i++) {
		const struct ynode *k = root->u.map.pairs[i].key, *v = root->u.map.pairs[i].value;
		const char *key = yscalar(k) ? yscalar(k) : "";
		int rc = 0;
		if (!strcmp(key, "select")) {
			c->has_select = true;
			rc = rule_set(x, v, &c->select);
		} else if (!strcmp(key, "ignore")) {
			rc = rule_set(x, v, &c->ignore);
		} else if (!strcmp(key, "rules")) {
			rc = rules_map(x, v, c);
		} else if (!strcmp(key, "per-file-ignores")) {
			if (v->type != YN_MAP)
				return bad(x, v, "%s must map globs to rules", key);
			c->pfi = xcalloc(v->u.map.n, sizeof *c->pfi);
			for (size_t j = 0; j < v->u.map.n && !rc; j++) {
				const struct ynode *g = v->u.map.pairs[j].key;
				if (!yscalar(g))
					return bad(x, g, "%s: a glob must be a string", key);
				c->pfi[c->npfi].glob = xstrdup(yscalar(g));
				rc = rule_set(x, v->u.map.pairs[j].value, &c->pfi[c->npfi++].rules);
			}
		} else if (!strcmp(key, "formats")) {
			if (v->type != YN_MAP)
				return bad(x, v, "%s must map globs to format names", key);
			c->formats = xcalloc(v->u.map.n, sizeof *c->formats);
			for (size_t j = 0; j < v->u.map.n; j++) {
				const char *g = yscalar(v->u.map.pairs[j].key), *f = yscalar(v->u.map.pairs[j].value);
				if (!g || !f || !format_known(f)) {
					char what[300];
					snprintf(what, sizeof what, "unknown format '%s'; use one of: %s", f ? f : "?",
						 format_names());
					return bad(x, v->u.map.pairs[j].value, "%s", what);
				}
				c->formats[c->nformats].glob = xstrdup(g);
				c->formats[c->nformats++].format = xstrdup(f);
			}
		} else if (!strcmp(key, "max-tokens-per-request")) {
			rc = number(x, v, &c->max_tokens);
		} else if (!strcmp(key, "warn-at")) {
			rc = number(x, v, &c->warn_at);
		} else if (!strcmp(key, "encoding")) {
			if (!yscalar(v) || !tok_known(yscalar(v)))
				return bad(x, v, "unknown encoding '%s'; use o200k_base, cl100k_base or estimate",
					   yscalar(v) ? yscalar(v) : "?");
			c->encoding = xstrdup(yscalar(v));
		} else if (!strcmp(key, "required-keys")) {
			rc = strings(x, v, &c->required_keys);
		} else if (!strcmp(key, "include")) {
			rc = strings(x, v, &c->include);
		} else if (!strcmp(key, "exclude")) {
			rc = strings(x, v, &c->exclude);
		} else {
			return bad(x, k, "unknown setting '%s'; see prompt-lint(1), CONFIGURATION", key);
		}
		if (rc)
			return rc;
	}
	return 0;
}

int config_load(const char *path, struct config *c, char *err, size_t errlen)
{
	config_defaults(c);
	char *buf;
	size_t len;
	if (fs_read_all(path, 1 << 20, &buf, &len, err, errlen) != 0)
		return -1;
	struct yfile *yf;
	int rc;
	if (yaml_load_named(buf, len, path, &yf, err, errlen) != 0) {
		free(buf);
		return -1;
	}
	struct ctx x = {path, err, errlen};
	rc = apply(&x, yf->ndocs ? yf->docs[0].root : NULL, c);
	yfile_free(yf);
	free(buf);
	if (rc) {
		config_free(c);
		config_defaults(c);
		return -1;
	}
	c->path = xstrdup(path);
	char *dir = fs_dirname(path), abs[PATH_MAX];
	c->dir = realpath(dir, abs) ? xstrdup(abs) : xstrdup(dir);
	free(dir);
	return 0;
}

/* ---- discovery and cache ---- */

static struct config **loaded;
static size_t nloaded;
static struct {
	char *dir;
	const struct config *c;
} * bydir;
static size_t nbydir;
static struct config defaults_cfg = {.max_tokens = -1, .warn_at = -1};

static const struct config *load_cached(const char *path)
{
	for (size_t i = 0; i < nloaded; i++)
		if (strcmp(loaded[i]->path, path) == 0)
			return loaded[i];
	struct config *c = xmalloc(sizeof *c);
	char err[600];
	if (config_load(path, c, err, sizeof err) != 0)
		die(EXIT_USAGE, "%s; fix the config file", err);
	loaded = xrealloc(loaded, (nloaded + 1) * sizeof *loaded);
	loaded[nloaded++] = c;
	return c;
}

static const char *const cfg_names[] = {".prompt-lint.yaml", ".prompt-lint.yml", NULL};

static const struct config *walk_up(const char *dir)
{
	char abs[PATH_MAX];
	if (!realpath(dir, abs))
		return &defaults_cfg;
	for (;;) {
		for (const char *const *n = cfg_names; *n; n++) {
			char *p = fs_join(abs, *n);
			FILE *fp = fopen(p, "r");
			if (fp) {
				fclose(fp);
				const struct config *c = load_cached(p);
				free(p);
				return c;
			}
			free(p);
		}
		char *slash = strrchr(abs, '/');
		if (!slash || slash == abs)
			return &defaults_cfg;
		*slash = '\0';
	}
}

const struct config *config_for(const char *file, const char *explicit_path)
{
	if (explicit_path)
		return load_cached(explicit_path);
	char *dir = fs_dirname(file);
	for (size_t i = 0; i < nbydir; i++)
		if (strcmp(bydir[i].dir, dir) == 0) {
			free(dir);
			return bydir[i].c;
		}
	const struct config *c = walk_up(dir);
	bydir = xrealloc(bydir, (nbydir + 1) * sizeof *bydir);
	bydir[nbydir].dir = dir;
	bydir[nbydir++].c = c;
	return c;
}

void config_cache_free(void)
{
	for (size_t i = 0; i < nloaded; i++) {
		config_free(loaded[i]);
		free(loaded[i]);
	}
	for (size_t i = 0; i < nbydir; i++)
		free(bydir[i].dir);
	free(loaded);
	free(bydir);
	loaded = NULL;
	bydir = NULL;
	nloaded = nbydir = 0;
}

/* A glob with a '/' matches the path relative to the config's folder (a
 * '*' crosses folders, so tests/\* matches everything below tests); one
 * without matches the file name. */
static bool glob_match(const struct config *c, const char *glob, const char *path)
{
	if (!strchr(glob, '/')) {
		const char *base = strrchr(path, '/');
		return fnmatch(glob, base ? base + 1 : path, 0) == 0;
	}
	const char *rel = path;
	char abs[PATH_MAX];
	if (c->dir && realpath(path, abs)) {
		size_t dl = strlen(c->dir);
		if (strncmp(abs, c->dir, dl) == 0 && abs[dl] == '/')
			rel = abs + dl + 1;
	}
	while (rel[0] == '.' && rel[1] == '/')
		rel += 2;
	return fnmatch(glob, rel, 0) == 0;
}

bool config_glob_match(const struct config *c, char *const *globs, const char *path)
{
	for (char *const *g = globs; g && *g; g++)
		if (glob_match(c, *g, path))
			return true;
	return false;
}

void config_ruleset(const struct config *c, const char *file, bool cli_has_select, unsigned long long cli_select,
		    unsigned long long cli_ignore, struct ruleset *rs)
{
	rs->set = 0;
	for (int r = 0; r < R_COUNT; r++) {
		rs->level[r] = c->has_level[r] ? c->level[r] : rules[r].level;
		if (c->has_level[r])
			rs->set |= 1ULL << r;
	}
	unsigned long long on = ~0ULL;
	if (cli_has_select)
		on = cli_select;
	else if (c->has_select)
		on = c->select;
	rs->off = ~(on | RULES_UNCHECKABLE) | c->ignore | cli_ignore;
	for (size_t i = 0; i < c->npfi; i++)
		if (glob_match(c, c->pfi[i].glob, file))
			rs->off |= c->pfi[i].rules;
}

const char *config_format(const struct config *c, const char *file)
{
	for (size_t i = 0; i < c->nformats; i++)
		if (glob_match(c, c->formats[i].glob, file))
			return c->formats[i].format;
	return NULL;
}
