/* pricing_setup: the price options read, and the price table found and loaded. */
#include "pricing_setup.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fs.h"
#include "yaml_json.h"

struct price_args price_args;

void price_opts_init(struct price_opts *po)
{
	memset(po, 0, sizeof *po);
	for (size_t i = 0; i < price_args.files.n; i++)
		price_opts_add_file(po, price_args.files.v[i]);
	for (size_t i = 0; i < price_args.aliases.n; i++)
		price_opts_add_alias(po, price_args.aliases.v[i]);
	const char *f = price_args.fallback;
	if (f && strcmp(f, "input") != 0 && strcmp(f, "zero") != 0)
		cli_usage_error("--cache-price-fallback '%s': expected input or zero", f);
	po->fallback_zero = f && strcmp(f, "zero") == 0;
}

void price_opts_add_file(struct price_opts *po, const char *path)
{
	po->files = xrealloc(po->files, (size_t)(po->nfiles + 1) * sizeof *po->files);
	po->files[po->nfiles++] = path;
}

void price_opts_add_alias(struct price_opts *po, const char *arg)
{
	po->aliases = xrealloc(po->aliases, (size_t)(po->naliases + 1) * sizeof *po->aliases);
	po->aliases[po->naliases++] = xstrdup(arg);
}

void price_opts_free(struct price_opts *po)
{
	for (int i = 0; i < po->naliases; i++)
		free(po->aliases[i]);
	free(po->aliases);
	free(po->files);
}

char *prices_cache_path(void)
{
	return fs_xdg("XDG_CACHE_HOME", ".cache", "agentci/prices.json");
}

char *prices_default_path(void)
{
	const char *env = getenv("COST_CHECK_PRICES");
	if (env && *env)
		return xstrdup(env);
	char *c = prices_cache_path();
	if (access(c, R_OK) == 0)
		return c;
	free(c);
	/* Beside the binary first (a build tree or a relocated install). */
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *dir = fs_dirname(exe);
		char *p = xasprintf("%s/../share/agentci/prices.json", dir);
		free(dir);
		char real[PATH_MAX];
		if (access(p, R_OK) == 0 && realpath(p, real)) {
			free(p);
			return xstrdup(real);
		}
		free(p);
	}
	char *p = xstrdup(AGENTCI_DATADIR "/prices.json");
	if (access(p, R_OK) == 0)
		return p;
	free(p);
	return NULL;
}

static void alias(struct price_table *pt, const char *name, const char *key, const char *where, int code)
{
	if (prices_alias(pt, name, key) < 0)
		die(code, "%s: alias %s=%s: no price entry is named '%s'; see `cost-check prices show %s`", where, name,
		    key, key, key);
}

void price_setup(struct price_table *pt, const struct price_opts *po)
{
	char err[1024];
	prices_init(pt);
	pt->cache_fallback_zero = po->fallback_zero;
	pt->keep_json = po->keep_json;
	if (!po->nfiles) {
		char *def = prices_default_path();
		if (!def)
			die(EXIT_INPUT,
			    "no price table found (looked for $COST_CHECK_PRICES, %s and %s); "
			    "pass --prices FILE or run `cost-check prices update`",
			    "~/.cache/agentci/prices.json", AGENTCI_DATADIR "/prices.json");
		else if (prices_add_file(pt, def, err, sizeof err) < 0)
			die(EXIT_INPUT, "%s", err);
		free(def);
	}
	for (int i = 0; i < po->nfiles; i++)
		if (prices_add_file(pt, po->files[i], err, sizeof err) < 0)
			die(EXIT_INPUT, "%s; a price table is LiteLLM's JSON (or the same in YAML)", err);
	prices_finish(pt);
	const char *k;
	json_t *v;
	if (po->config_aliases)
		json_object_foreach(po->config_aliases, k, v)
			if (json_is_string(v))
				alias(pt, k, json_string_value(v), "config", EXIT_INPUT);
	if (po->alias_file) {
		json_t *a = yaml_json_file(po->alias_file, err, sizeof err);
		if (!a)
			die(EXIT_INPUT, "%s", err);
		if (!json_is_object(a))
			die(EXIT_INPUT, "%s: an alias file is a mapping NAME: PRICEKEY", po->alias_file);
		json_object_foreach(a, k, v) {
			if (!json_is_string(v))
				die(EXIT_INPUT, "%s: alias '%s': the price key must be a string", po->alias_file, k);
			alias(pt, k, json_string_value(v), po->alias_file, EXIT_INPUT);
		}
		json_decref(a);
	}
	for (int i = 0; i < po->naliases; i++) {
		char *eq = strchr(po->aliases[i], '=');
		if (!eq || eq == po->aliases[i] || !eq[1]) {
			cli_usage_error("--alias '%s': expected NAME=PRICEKEY", po->aliases[i]);
		} else {
			*eq = '\0';
			alias(pt, po->aliases[i], eq + 1, "--alias", EXIT_USAGE);
			*eq = '=';
		}
	}
}
