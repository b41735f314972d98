/* kms: AWS KMS Encrypt and Decrypt calls, key ARNs and encryption contexts.
 * KMS's JSON 1.1 API (X-Amz-Target TrentService.Encrypt/Decrypt). */
#include "kms.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws_creds.h"
#include "aws_sts.h"
#include "cli.h"
#include "json.h"
#include "keyhttp.h"
#include "secmem.h"

static char *no_blanks(const char *s, size_t n)
{
	char *r = xmalloc(n + 1), *w = r;
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
			*w++ = s[i];
	*w = '\0';
	return r;
}

int kms_region(const char *arn, char *out, size_t outlen)
{
	/* arn : partition : kms : region : account : key/ID|alias/NAME */
	const char *f[6];
	const char *p = arn;
	for (int i = 0; i < 6; i++) {
		f[i] = p;
		if (i < 5) {
			p = strchr(p, ':');
			if (!p)
				return -1;
			p++;
		}
	}
	size_t rl = (size_t)(f[4] - f[3]) - 1;
	if (strncmp(f[0], "arn:aws", 7) || strncmp(f[2], "kms:", 4) || rl == 0 || rl >= outlen || f[5] - f[4] < 2 ||
	    (strncmp(f[5], "key/", 4) && strncmp(f[5], "alias/", 6)) || !f[5][f[5][0] == 'k' ? 4 : 6])
		return -1;
	for (const char *a = f[4]; a < f[5] - 1; a++)
		if (*a < '0' || *a > '9')
			return -1;
	memcpy(out, f[3], rl);
	out[rl] = '\0';
	return 0;
}

int kms_key_parse(const char *spec, struct kms_key *k, char *err, size_t errlen)
{
	memset(k, 0, sizeof *k);
	const char *plus = strchr(spec, '+');
	k->arn = no_blanks(spec, plus ? (size_t)(plus - spec) : strlen(spec));
	if (plus)
		k->role = no_blanks(plus + 1, strlen(plus + 1));
	char region[64];
	if (kms_region(k->arn, region, sizeof region) != 0) {
		snprintf(err, errlen, "'%s' is not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID or alias/NAME)",
			 k->arn);
		kms_key_free(k);
		return -1;
	}
	if (k->role && !*k->role) {
		free(k->role);
		k->role = NULL;
	}
	return 0;
}

void kms_context_add(struct kms_key *k, const char *key, const char *value)
{
	size_t i = 0;
	while (i < k->nctx && strcmp(k->ctx_k[i], key) < 0)
		i++;
	if (i < k->nctx && !strcmp(k->ctx_k[i], key)) {
		free(k->ctx_v[i]);
		k->ctx_v[i] = xstrdup(value);
		return;
	}
	k->ctx_k = xrealloc(k->ctx_k, (k->nctx + 1) * sizeof *k->ctx_k);
	k->ctx_v = xrealloc(k->ctx_v, (k->nctx + 1) * sizeof *k->ctx_v);
	memmove(k->ctx_k + i + 1, k->ctx_k + i, (k->nctx - i) * sizeof *k->ctx_k);
	memmove(k->ctx_v + i + 1, k->ctx_v + i, (k->nctx - i) * sizeof *k->ctx_v);
	k->ctx_k[i] = xstrdup(key);
	k->ctx_v[i] = xstrdup(value);
	k->nctx++;
}

int kms_context_parse(const char *s, struct kms_key *k, char *err, size_t errlen)
{
	const char *p = s;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char *pair = no_blanks(p, n);
		char *colon = strchr(pair, ':');
		if (!colon || colon == pair || strchr(colon + 1, ':')) {
			snprintf(err, errlen, "encryption context '%s' is not KEY:VALUE", pair);
			free(pair);
			return -1;
		}
		*colon = '\0';
		kms_context_add(k, pair, colon + 1);
		free(pair);
		p = end ? end + 1 : p + n;
	}
	return 0;
}

void kms_key_free(struct kms_key *k)
{
	free(k->arn);
	free(k->role);
	free(k->profile);
	for (size_t i = 0; i < k->nctx; i++) {
		free(k->ctx_k[i]);
		free(k->ctx_v[i]);
	}
	free(k->ctx_k);
	free(k->ctx_v);
	memset(k, 0, sizeof *k);
}

/* The JSON text of a string, or of the context as an object. */
static char *json_str(const char *s)
{
	json_t *j = json_string(s);
	char *r = json_dumps(j, JSON_ENCODE_ANY);
	json_decref(j);
	return r;
}

static char *json_ctx(const struct kms_key *k)
{
	json_t *o = json_object();
	for (size_t i = 0; i < k->nctx; i++)
		json_object_set_new(o, k->ctx_k[i], json_string(k->ctx_v[i]));
	char *r = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(o);
	return r;
}

/* Wipe a string member of a parsed answer before jansson frees it. */
static void wipe_member(json_t *j, const char *key)
{
	json_t *v = json_object_get(j, key);
	if (json_is_string(v))
		sodium_memzero((char *)json_string_value(v), json_string_length(v));
}

/* One KMS call: body is in locked memory; the parsed answer in *ans. */
static int kms_call(const struct kms_key *k, const char *op, const char *body, json_t **ans, char *err, size_t errlen)
{
	char region[64];
	kms_region(k->arn, region, sizeof region);
	const struct aws_creds *c;
	char e[1024];
	int rc = aws_creds_get(k->profile, k->role, region, &c, e, sizeof e);
	if (rc) {
		snprintf(err, errlen, "%s", e);
		return rc;
	}
	char *url = aws_endpoint("kms", region), *target = xasprintf("X-Amz-Target: TrentService.%s", op);
	const char *hdrs[] = {"Content-Type: application/x-amz-json-1.1", target, NULL};
	struct keyhttp_req req = {.url = url,
				  .headers = hdrs,
				  .body = body,
				  .creds = c,
				  .region = region,
				  .service = "kms",
				  .ca_file = getenv("AWS_CA_BUNDLE")};
	struct keyhttp_resp resp;
	rc = 0;
	*ans = NULL;
	if (keyhttp_post(&req, &resp, e, sizeof e) != 0) {
		snprintf(err, errlen, "KMS %s at %s: %s", op, url, e);
		rc = EXIT_ENV;
	} else {
		*ans = json_loadb(resp.body, resp.len, 0, NULL);
		if (resp.status != 200) {
			const char *type = *ans ? json_get_str(*ans, "__type", "") : "";
			const char *m = *ans ? json_get_str(*ans, "message", json_get_str(*ans, "Message", "")) : "";
			const char *hash = strrchr(type, '#');
			snprintf(err, errlen, "KMS %s: HTTP %ld%s%s%s%s", op, resp.status, *type ? " " : "",
				 hash ? hash + 1 : type, *m ? ": " : "", m);
			rc = EXIT_ENV;
		} else if (!*ans) {
			snprintf(err, errlen, "KMS %s: the answer is not JSON", op);
			rc = EXIT_ENV;
		}
		if (rc && *ans) {
			json_decref(*ans);
			*ans = NULL;
		}
	}
	keyhttp_resp_free(&resp);
	free(url);
	free(target);
	return rc;
}

/* {"KeyId": ARN, <middle>, "EncryptionContext": {...}} in locked memory. */
static char *request_body(const struct kms_key *k, const char *field, const char *b64)
{
	char *arn = json_str(k->arn), *ctx = k->nctx ? json_ctx(k) : NULL;
	size_t n = strlen(arn) + strlen(b64) + (ctx ? strlen(ctx) : 0) + 80;
	char *body = secure_alloc(n);
	snprintf(body, n, "{\"KeyId\":%s,\"%s\":\"%s\"%s%s}", arn, field, b64, ctx ? ",\"EncryptionContext\":" : "",
		 ctx ? ctx : "");
	free(arn);
	free(ctx);
	return body;
}

int kms_encrypt(const struct kms_key *k, const uint8_t *key, char **enc, char *err, size_t errlen)
{
	char b64[64];
	sodium_bin2base64(b64, sizeof b64, key, 32, sodium_base64_VARIANT_ORIGINAL);
	char *body = request_body(k, "Plaintext", b64);
	sodium_memzero(b64, sizeof b64);
	json_t *ans;
	int rc = kms_call(k, "Encrypt", body, &ans, err, errlen);
	sodium_free(body);
	if (rc)
		return rc;
	const char *blob = json_get_str(ans, "CiphertextBlob", NULL);
	if (!blob || !*blob) {
		snprintf(err, errlen, "KMS Encrypt: the answer has no CiphertextBlob");
		rc = EXIT_ENV;
	} else {
		*enc = xstrdup(blob);
	}
	json_decref(ans);
	return rc;
}

int kms_decrypt(const struct kms_key *k, const char *enc, uint8_t **key, char *err, size_t errlen)
{
	size_t el = strlen(enc), bl;
	uint8_t *tmp = xmalloc(el + 1);
	if (sodium_base642bin(tmp, el + 1, enc, el, NULL, &bl, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 || !bl) {
		free(tmp);
		snprintf(err, errlen, "enc is not base64");
		return EXIT_INPUT;
	}
	free(tmp);
	char *body = request_body(k, "CiphertextBlob", enc);
	json_t *ans;
	int rc = kms_call(k, "Decrypt", body, &ans, err, errlen);
	sodium_free(body);
	if (rc)
		return rc;
	const char *pt = json_get_str(ans, "Plaintext", NULL);
	uint8_t *out = secure_alloc(64);
	size_t ol = 0;
	if (!pt || sodium_base642bin(out, 64, pt, strlen(pt), NULL, &ol, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    ol != 32) {
		snprintf(err, errlen, "KMS Decrypt: the answer holds no 32-byte data key");
		sodium_free(out);
		rc = EXIT_INPUT;
	} else {
		*key = out;
	}
	wipe_member(ans, "Plaintext");
	json_decref(ans);
	return rc;
}
