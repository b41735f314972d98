/* sopsconfig: reading .sops.yaml. */
#include "sopsconfig.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fs.h"
#include "sops_yaml.h"

/* .sops.yaml (or .sops.yml) in dir or above it, up to 100 levels. */
static char *find_config(const char *start)
{
	char dir[PATH_MAX];
	if (!realpath(start, dir))
		return NULL;
	for (int i = 0; i < 100; i++) {
		static const char *const names[] = {".sops.yaml", ".sops.yml"};
		for (int k = 0; k < 2; k++) {
			char *p = fs_join(dir, names[k]);
			if (access(p, F_OK) == 0)
				return p;
			free(p);
		}
		char *slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			break;
		*slash = '\0';
	}
	return NULL;
}

/* The keys of every kind under a rule or a key group. */
static int add_keys(struct sops_creation *cr, const struct snode *where, bool group, size_t idx, char *err,
		    size_t errlen)
{
	for (int k = 0; k < KEY_KINDS; k++) {
		const struct keysrc *src = keysrc_table((enum keykind)k);
		const char *name = group ? src->group_key : src->rule_key;
		const struct snode *v = snode_get(where, name);
		if (!v || v->t == ST_NULL)
			continue;
		struct snode *defaults = NULL;
		for (size_t d = 0; !group && src->rule_defaults && src->rule_defaults[d]; d++) {
			const struct snode *dv = snode_get(where, src->rule_defaults[d]);
			if (!dv)
				continue;
			if (!defaults)
				defaults = snode_new(ST_MAP);
			snode_push(defaults, src->rule_defaults[d], strlen(src->rule_defaults[d]), snode_copy(dv));
		}
		char e[512];
		int rc = keylist_add(&cr->keys, src, v, defaults, e, sizeof e);
		snode_free(defaults);
		if (rc) {
			snprintf(err, errlen, "%s: creation_rules[%zu]%s.%s: %s", cr->config_path, idx,
				 group ? ".key_groups[0]" : "", name, e);
			return -1;
		}
	}
	return 0;
}

static int indent_of(const struct snode *stores, const char *kind, int def)
{
	const struct snode *s = stores ? snode_get(stores, kind) : NULL;
	const struct snode *i = s ? snode_get(s, "indent") : NULL;
	return i && i->t == ST_INT ? atoi(i->s) : def;
}

static int read_rule(struct sops_creation *cr, const struct snode *r, size_t idx, char *err, size_t errlen)
{
	/* As in sops, key_groups when present replace the rule's own keys.
	 * Several groups mean a Shamir split, where one key alone must not
	 * open the file: merging them into one group would silently weaken
	 * that, so they are refused. */
	const struct snode *groups = snode_get(r, "key_groups");
	if (groups && groups->t == ST_SEQ && groups->n > 0) {
		if (groups->n > 1) {
			snprintf(err, errlen,
				 "%s: creation_rules[%zu] splits the data key over %zu key_groups (Shamir), "
				 "which secret-seal does not support; use one group or a plain age: list",
				 cr->config_path, idx, groups->n);
			return -1;
		}
		if (add_keys(cr, groups->items[0].v, true, idx, err, errlen))
			return -1;
	} else if (add_keys(cr, r, false, idx, err, errlen)) {
		return -1;
	}
	for (int k = 0; k < RULE_COUNT; k++) {
		const struct snode *v = snode_get(r, sops_rule_name((enum sops_rule_kind)k));
		if (!v || v->t != ST_STR || !v->len)
			continue;
		if (cr->has_rule) {
			snprintf(err, errlen, "%s: a creation rule may hold only one of the *_suffix/*_regex rules",
				 cr->config_path);
			return -1;
		}
		char e[300];
		if (sops_rule_set(&cr->rule, (enum sops_rule_kind)k, v->s, e, sizeof e)) {
			snprintf(err, errlen, "%s: %s", cr->config_path, e);
			return -1;
		}
		cr->has_rule = true;
	}
	const struct snode *m = snode_get(r, "mac_only_encrypted");
	cr->mac_only_encrypted = m && m->t == ST_BOOL && m->b;
	return 0;
}

/* The file's path as the rules see it: relative to the config's folder. */
static char *rule_path(const char *file_path, const char *config_path)
{
	char abs[PATH_MAX];
	char *cdir = fs_dirname(config_path);
	char *dir = fs_dirname(file_path);
	char *base = strrchr(file_path, '/') ? xstrdup(strrchr(file_path, '/') + 1) : xstrdup(file_path);
	char *out;
	if (realpath(dir, abs)) {
		char *full = fs_join(abs, base);
		size_t n = strlen(cdir);
		out = !strncmp(full, cdir, n) && full[n] == '/' ? xstrdup(full + n + 1) : xstrdup(full);
		free(full);
	} else {
		out = xstrdup(file_path);
	}
	free(cdir);
	free(dir);
	free(base);
	return out;
}

int sopsconfig_load(const char *file_path, struct sops_creation *cr, char *err, size_t errlen)
{
	memset(cr, 0, sizeof *cr);
	cr->store.json_indent = -1;
	bool stdin_input = !strcmp(file_path, "-");
	char *dir = stdin_input ? xstrdup(".") : fs_dirname(file_path);
	cr->config_path = find_config(dir);
	free(dir);
	if (!cr->config_path)
		return 0;
	cr->found = true;
	char *buf;
	size_t len;
	if (fs_read_all(cr->config_path, 1 << 20, &buf, &len, err, errlen) != 0) {
		sopsconfig_free(cr);
		return -1;
	}
	struct sfile f;
	int rc = sops_yaml_load(buf, len, cr->config_path, &f, err, errlen);
	if (rc) {
		free(buf);
		sopsconfig_free(cr);
		return -1;
	}
	const struct snode *top = f.docs[0];
	const struct snode *stores = snode_get(top, "stores");
	cr->store.yaml_indent = indent_of(stores, "yaml", 4);
	cr->store.json_indent = indent_of(stores, "json", -1);
	const struct snode *rules = snode_get(top, "creation_rules");
	char *rel = stdin_input ? xstrdup("") : rule_path(file_path, cr->config_path);
	for (size_t i = 0; rules && rules->t == ST_SEQ && i < rules->n && !rc; i++) {
		const struct snode *r = rules->items[i].v;
		if (r->t != ST_MAP)
			continue;
		const struct snode *pr = snode_get(r, "path_regex");
		if (pr && pr->t == ST_STR && pr->len) {
			char e[300];
			void *re = sops_regex_compile(pr->s, e, sizeof e);
			if (!re) {
				snprintf(err, errlen, "%s: creation_rules[%zu].path_regex: %s", cr->config_path, i, e);
				rc = -1;
				break;
			}
			bool hit = sops_regex_search(re, rel, strlen(rel));
			sops_regex_free(re);
			if (!hit)
				continue;
		}
		cr->matched = true;
		rc = read_rule(cr, r, i, err, errlen);
		break;
	}
	free(rel);
	sfile_free(&f);
	free(buf);
	if (rc)
		sopsconfig_free(cr);
	return rc;
}

void sopsconfig_free(struct sops_creation *cr)
{
	keylist_free(&cr->keys);
	free(cr->config_path);
	if (cr->has_rule)
		sops_rule_free(&cr->rule);
	memset(cr, 0, sizeof *cr);
}
