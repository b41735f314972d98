/* keysrc_kms: AWS KMS keys in a SOPS file.
 * An entry {arn, role, context, created_at, enc, aws_profile} in the field
 * order sops writes (role and context only when set, aws_profile always), enc
 * the base64 ciphertext blob of KMS Encrypt over the raw data key. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws_creds.h"
#include "cli.h"
#include "keysrc.h"
#include "kms.h"

/* A scalar's text (a context value may read as a number). */
static const char *text(const struct snode *n)
{
	return n && (n->t == ST_STR || n->t == ST_INT) ? n->s : NULL;
}

static void add_context(struct kms_key *k, const struct snode *ctx)
{
	for (size_t i = 0; ctx && ctx->t == ST_MAP && i < ctx->n; i++) {
		const char *v = text(ctx->items[i].v);
		if (ctx->items[i].key && v)
			kms_context_add(k, ctx->items[i].key, v);
	}
}

/* The key an entry or spec names, as kms.c takes it.  0 or -1 with err. */
static int key_of(const struct snode *m, struct kms_key *k, char *err, size_t errlen)
{
	const char *arn = keyent_str(m, "arn"), *role = keyent_str(m, "role");
	const char *profile = keyent_str(m, "aws_profile");
	if (!arn) {
		snprintf(err, errlen, "the kms entry has no 'arn'");
		return -1;
	}
	char *spec = role && *role ? xasprintf("%s+%s", arn, role) : xstrdup(arn);
	int rc = kms_key_parse(spec, k, err, errlen);
	free(spec);
	if (rc)
		return -1;
	if (profile && *profile)
		k->profile = xstrdup(profile);
	add_context(k, snode_get(m, "context"));
	return 0;
}

/* The mapping sops writes for k, enc and created_at when given. */
static struct snode *entry_of(const struct kms_key *k, const char *created, const char *enc)
{
	struct snode *m = snode_new(ST_MAP);
	keyent_put(m, "arn", k->arn);
	if (k->role)
		keyent_put(m, "role", k->role);
	if (k->nctx) {
		struct snode *c = snode_new(ST_MAP);
		for (size_t i = 0; i < k->nctx; i++)
			keyent_put(c, k->ctx_k[i], k->ctx_v[i]);
		snode_push(m, "context", 7, c);
	}
	if (created)
		keyent_put(m, "created_at", created);
	if (enc)
		keyent_put(m, "enc", enc);
	keyent_put(m, "aws_profile", k->profile ? k->profile : "");
	return m;
}

static struct snode *parse(const struct snode *given, const struct snode *defaults, char *err, size_t errlen)
{
	struct kms_key k;
	const struct snode *ctx = defaults ? snode_get(defaults, "context") : NULL;
	const char *profile = defaults ? keyent_str(defaults, "aws_profile") : NULL;
	if (given->t == ST_STR) {
		if (kms_key_parse(given->s, &k, err, errlen) != 0)
			return NULL;
	} else if (given->t == ST_MAP) {
		if (key_of(given, &k, err, errlen) != 0)
			return NULL;
		if (snode_get(given, "context"))
			ctx = NULL; /* the key's own context replaces the rule's */
	} else {
		snprintf(err, errlen, "a kms key must be an ARN string or a mapping with 'arn'");
		return NULL;
	}
	add_context(&k, ctx);
	if (!k.profile && profile && *profile)
		k.profile = xstrdup(profile);
	struct snode *m = entry_of(&k, NULL, NULL);
	kms_key_free(&k);
	return m;
}

static char *label(const struct snode *spec)
{
	const char *arn = keyent_str(spec, "arn"), *role = keyent_str(spec, "role");
	if (role && *role)
		return xasprintf("%s+%s", arn ? arn : "", role);
	return xstrdup(arn ? arn : "");
}

static int wrap(const struct snode *spec, const uint8_t *key, const char *now, struct snode **entry, char *err,
		size_t errlen)
{
	struct kms_key k;
	if (key_of(spec, &k, err, errlen) != 0)
		return EXIT_INPUT;
	char *enc = NULL;
	int rc = kms_encrypt(&k, key, &enc, err, errlen);
	if (rc == 0) {
		const char *created = keyent_str(spec, "created_at");
		*entry = entry_of(&k, created ? created : now, enc);
		free(enc);
	}
	kms_key_free(&k);
	return rc;
}

/* The credentials cache lives in aws_creds.c for the process (wrap has no
 * context); the state slot only says there is one to wipe. */
static int unwrap(const struct snode *entry, struct keyctx *ctx, uint8_t **key, char *err, size_t errlen)
{
	const char *enc = keyent_str(entry, "enc");
	struct kms_key k;
	if (!enc) {
		snprintf(err, errlen, "the entry has no 'enc' string");
		return EXIT_INPUT;
	}
	if (key_of(entry, &k, err, errlen) != 0)
		return EXIT_INPUT;
	int rc = kms_decrypt(&k, enc, key, err, errlen);
	kms_key_free(&k);
	static int creds_cached;
	ctx->state[KEY_KMS] = &creds_cached;
	return rc;
}

static void free_state(void *state)
{
	(void)state;
	aws_creds_forget();
}

static const char *const rule_defaults[] = {"aws_profile", NULL};

const struct keysrc keysrc_kms = {
	.kind = KEY_KMS,
	.list = "kms",
	.flag = "kms",
	.env = "SOPS_KMS_ARN",
	.rule_key = "kms",
	.group_key = "kms",
	.rule_defaults = rule_defaults,
	.parse = parse,
	.label = label,
	.wrap = wrap,
	.unwrap = unwrap,
	.free_state = free_state,
};
