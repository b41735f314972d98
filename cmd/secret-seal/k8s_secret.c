/* k8s_secret: a decrypted file as a Kubernetes Secret manifest.
 * The manifest is built as a tree and written by the YAML store, so
 * quoting follows the same rules as every other output. */
#include "k8s_secret.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "encode.h"
#include "env_value.h"
#include "sops_yaml.h"

char *k8s_default_name(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	if (!strcmp(path, "-") || !*base)
		return xstrdup("secrets");
	size_t n = strcspn(base, ".");
	char *s = xstrndup(base, n ? n : strlen(base));
	for (char *p = s; *p; p++)
		*p = *p == '_' ? '-' : (char)tolower((unsigned char)*p);
	return s;
}

/* RFC 1123 subdomain: what metadata.name must be. */
static bool valid_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 253 || !isalnum((unsigned char)s[0]) || !isalnum((unsigned char)s[n - 1]))
		return false;
	for (const char *p = s; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-' || *p == '.'))
			return false;
	return true;
}

/* Secret data keys: [-._a-zA-Z0-9]+. */
static bool valid_key(const char *s, size_t n)
{
	if (n == 0 || n > 253)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '.' || s[i] == '_'))
			return false;
	return true;
}

static void put(struct snode *map, const char *k, struct snode *v)
{
	snode_push(map, k, strlen(k), v);
}

static struct snode *str(const char *s)
{
	return snode_text(ST_STR, s, strlen(s));
}

char *k8s_secret_render(const struct snode *doc, const char *name, const char *ns, bool string_data, size_t *len,
			char *err, size_t errlen)
{
	if (!valid_name(name)) {
		snprintf(err, errlen,
			 "'%s' is not a valid Secret name (lowercase letters, digits, "
			 "'-' and '.'); pass --name",
			 name);
		return NULL;
	}
	struct snode *values = snode_new(ST_MAP);
	for (size_t i = 0; i < doc->n; i++) {
		const struct sitem *it = &doc->items[i];
		if (it->v->t == ST_COMMENT)
			continue;
		if (!valid_key(it->key, it->klen)) {
			snprintf(err, errlen, "key '%.*s' is not a valid Secret key ([-._a-zA-Z0-9]+)",
				 (int)(it->klen > 80 ? 80 : it->klen), it->key);
			snode_free(values);
			return NULL;
		}
		size_t vlen;
		char *v = env_value(it->v, &vlen);
		if (!v) {
			snprintf(err, errlen,
				 "'%.*s' holds a nested value; a Secret takes top-level "
				 "scalars only (use --extract for a subtree)",
				 (int)(it->klen > 80 ? 80 : it->klen), it->key);
			snode_free(values);
			return NULL;
		}
		if (string_data) {
			snode_push(values, it->key, it->klen, snode_text(ST_STR, v, vlen));
		} else {
			char *b = b64_encode(v, vlen, B64_STD);
			snode_push(values, it->key, it->klen, str(b));
			sodium_memzero(b, strlen(b));
			free(b);
		}
		sodium_memzero(v, vlen);
		free(v);
	}
	struct snode *root = snode_new(ST_MAP);
	put(root, "apiVersion", str("v1"));
	put(root, "kind", str("Secret"));
	struct snode *meta = snode_new(ST_MAP);
	put(meta, "name", str(name));
	if (ns)
		put(meta, "namespace", str(ns));
	put(root, "metadata", meta);
	put(root, "type", str("Opaque"));
	put(root, string_data ? "stringData" : "data", values);
	struct sfile f = {0};
	sfile_push(&f, root);
	char *buf = NULL;
	FILE *fp = open_memstream(&buf, len);
	if (!fp)
		die(EXIT_ENV, "out of memory");
	sops_yaml_emit(fp, &f, 2);
	// cppcheck-suppress nullPointerRedundantCheck ; die() does not return
	fclose(fp);
	sfile_free(&f);
	return buf;
}
