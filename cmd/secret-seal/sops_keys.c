/* sops_keys: unwrapping and wrapping of the data key over every kind. */
#include "sops_keys.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "secmem.h"
#include "vec.h"

uint8_t *sops_new_data_key(void)
{
	uint8_t *k = secure_alloc(32);
	randombytes_buf(k, 32);
	return k;
}

char **sops_split_command(const char *s)
{
	size_t cap = 8, n = 0;
	char **v = xcalloc(cap, sizeof *v);
	char *w = xmalloc(strlen(s) + 1);
	const char *p = s;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		size_t k = 0;
		char q = 0;
		for (; *p && (q || (*p != ' ' && *p != '\t' && *p != '\n')); p++) {
			if (q == '\'') {
				if (*p == '\'')
					q = 0;
				else
					w[k++] = *p;
			} else if (*p == '\\' && p[1] && q != '\'') {
				w[k++] = *++p;
			} else if (q == '"' && *p == '"') {
				q = 0;
			} else if (!q && (*p == '\'' || *p == '"')) {
				q = *p;
			} else {
				w[k++] = *p;
			}
		}
		if (q) {
			free(w);
			strv_free(v);
			return NULL;
		}
		VEC_RESERVE(v, cap, n + 2);
		v[n++] = xstrndup(w, k);
		v[n] = NULL;
	}
	free(w);
	return v;
}

static const char *const foreign_why = "secret-seal cannot use this kind of key (kept in the file as it is)";

int sops_unwrap(const struct sops_meta *m, const struct keyopts *ko, uint8_t **key, char *err, size_t errlen)
{
	const struct snode *thr = snode_get(m->keep, "shamir_threshold");
	if (m->key_groups && thr && thr->s && atoi(thr->s) > 1) {
		snprintf(err, errlen,
			 "the data key is split over key groups (Shamir threshold %s), which secret-seal does not "
			 "support",
			 thr->s);
		return EXIT_ENV;
	}
	const char *foreign[4];
	size_t nforeign = sops_meta_foreign(m, foreign);
	if (m->keys.n == 0 && nforeign == 0) {
		snprintf(err, errlen, "the metadata holds no key that wraps the data key");
		return EXIT_INPUT;
	}
	struct keyctx ctx = {.ko = ko, .meta = m};
	char *tried = NULL;
	size_t tlen = 0;
	FILE *log = open_memstream(&tried, &tlen);
	if (!log)
		die(EXIT_ENV, "out of memory");
	int rc = -1, first_rc = 0;
	bool same_rc = true;
	/* sops's order: age, pgp, then kms, gcp_kms, azure_kv, hc_vault */
	for (int k = 0; k < KEY_KINDS && rc != 0; k++) {
		if (k == KEY_VAULT)
			for (size_t f = 0; f < nforeign; f++)
				fprintf(log, "\n  %s: %s", foreign[f], foreign_why);
		for (size_t i = 0; i < m->keys.n && rc != 0; i++) {
			const struct keyent *e = &m->keys.v[i];
			if (e->src->kind != (enum keykind)k)
				continue;
			char why[1024];
			int r;
			if (!e->src->unwrap) {
				snprintf(why, sizeof why, "%s keys are not supported by this build", e->src->list);
				r = EXIT_ENV;
			} else {
				r = e->src->unwrap(e->map, &ctx, key, why, sizeof why);
			}
			if (r == 0) {
				rc = 0;
				break;
			}
			char *lab = keyent_label(e);
			fprintf(log, "\n  %s %s: %s", e->src->list, lab, why);
			free(lab);
			if (first_rc && r != first_rc)
				same_rc = false;
			if (!first_rc)
				first_rc = r;
		}
	}
	keyctx_free(&ctx);
	fclose(log);
	if (rc != 0) {
		snprintf(err, errlen, "no key opens the data key; tried:%s", tried);
		rc = first_rc && same_rc ? first_rc : EXIT_ENV;
	}
	free(tried);
	return rc;
}

int sops_wrap(struct sops_meta *m, const uint8_t *key, const struct keylist *keys, bool keep_wrapped, char *err,
	      size_t errlen)
{
	char now[32];
	keysrc_now(now);
	struct keylist out = {0};
	for (size_t i = 0; i < keys->n; i++) {
		const struct keyent *e = &keys->v[i];
		struct snode *entry = NULL;
		if (keep_wrapped && keyent_str(e->map, "enc")) {
			keylist_push(&out, e->src, snode_copy(e->map));
			continue;
		}
		char why[1024];
		int rc = e->src->wrap ? e->src->wrap(e->map, key, now, &entry, why, sizeof why) : EXIT_ENV;
		if (!e->src->wrap)
			snprintf(why, sizeof why, "%s keys are not supported by this build", e->src->list);
		if (rc != 0) {
			char *lab = keyent_label(e);
			snprintf(err, errlen, "cannot wrap the data key for %s %s: %s", e->src->list, lab, why);
			free(lab);
			keylist_free(&out);
			return rc;
		}
		keylist_push(&out, e->src, entry);
	}
	keylist_free(&m->keys);
	m->keys = out;
	return 0;
}
