/* sops_store: format names, and dispatch over YAML, JSON, dotenv, INI and binary. */
#include "sops_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dotenv.h"
#include "ini.h"
#include "sops_json.h"
#include "sops_yaml.h"

static const char *const names[] = {"yaml", "json", "dotenv", "binary", "ini", "k8s-secret"};

int sfmt_parse(const char *s, bool allow_k8s)
{
	for (int i = 0; i <= SF_K8S; i++)
		if (!strcmp(s, names[i]) && (i != SF_K8S || allow_k8s))
			return i;
	if (!strcmp(s, "yml"))
		return SF_YAML;
	if (!strcmp(s, "env"))
		return SF_DOTENV;
	return -1;
}

const char *sfmt_name(enum sfmt f)
{
	return names[f];
}

static bool ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && !strcmp(s + a - b, suf);
}

enum sfmt sfmt_from_path(const char *path)
{
	if (ends_with(path, ".yaml") || ends_with(path, ".yml"))
		return SF_YAML;
	if (ends_with(path, ".json"))
		return SF_JSON;
	if (ends_with(path, ".env"))
		return SF_DOTENV;
	if (ends_with(path, ".ini"))
		return SF_INI;
	return SF_BINARY;
}

int store_load(enum sfmt f, bool encrypted, const char *buf, size_t len, const char *name, struct sfile *out, char *err,
	       size_t errlen)
{
	switch (f) {
	case SF_YAML: return sops_yaml_load(buf, len, name, out, err, errlen);
	case SF_JSON: return sops_json_load(buf, len, name, out, err, errlen);
	case SF_DOTENV: return dotenv_load(buf, len, name, out, err, errlen);
	case SF_INI: return ini_load(buf, len, name, out, err, errlen);
	case SF_BINARY:
		if (encrypted)
			return sops_json_load(buf, len, name, out, err, errlen);
		memset(out, 0, sizeof *out);
		struct snode *doc = snode_new(ST_MAP);
		snode_push(doc, "data", 4, snode_text(ST_STR, buf, len));
		sfile_push(out, doc);
		return 0;
	default: snprintf(err, errlen, "%s: cannot read the %s format", name, names[f]); return -1;
	}
}

char *store_emit(enum sfmt f, const struct sfile *t, const struct store_opts *o, size_t *len, char *err, size_t errlen)
{
	char *buf = NULL;
	FILE *fp = open_memstream(&buf, len);
	if (!fp)
		die(EXIT_ENV, "out of memory");
	int rc = 0;
	const struct snode *doc = t->docs[0];
	switch (f) {
	case SF_YAML: sops_yaml_emit(fp, t, o->yaml_indent); break;
	case SF_JSON: rc = sops_json_emit(fp, doc, o->json_indent, err, errlen); break;
	case SF_DOTENV: rc = dotenv_emit(fp, doc, err, errlen); break;
	case SF_INI: rc = ini_emit(fp, doc, err, errlen); break;
	case SF_BINARY: {
		const struct snode *d = snode_get(doc, "data");
		if (!d || d->t != ST_STR) {
			snprintf(err, errlen, "binary output needs a single string value under 'data'");
			rc = -1;
		} else
			fwrite(d->s, 1, d->len, fp);
		break;
	}
	default: snprintf(err, errlen, "cannot write the %s format here", names[f]); rc = -1;
	}
	fclose(fp);
	if (rc) {
		free(buf);
		return NULL;
	}
	return buf;
}

struct snode *store_take_meta(enum sfmt f, struct sfile *t)
{
	if (f == SF_DOTENV)
		return dotenv_meta_unflatten(t->docs[0]);
	if (f == SF_INI)
		return ini_meta_take(t->docs[0]);
	struct snode *meta = NULL;
	for (size_t d = 0; d < t->n; d++) {
		long i = snode_find(t->docs[d], "sops", 4);
		if (i < 0)
			continue;
		if (!meta && d == 0) {
			meta = t->docs[d]->items[i].v;
			t->docs[d]->items[i].v = snode_new(ST_NULL);
		}
		snode_remove(t->docs[d], (size_t)i);
	}
	return meta;
}

void store_put_meta(enum sfmt f, struct sfile *t, const struct snode *meta)
{
	if (f == SF_DOTENV) {
		dotenv_meta_flatten(t->docs[0], meta);
		return;
	}
	if (f == SF_INI) {
		ini_meta_put(t->docs[0], meta);
		return;
	}
	for (size_t d = 0; d < t->n; d++)
		snode_push(t->docs[d], "sops", 4, snode_copy(meta));
}
