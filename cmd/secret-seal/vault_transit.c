/* vault_transit: Vault transit encrypt and decrypt calls, and key URIs.
 * POST /v1/ENGINE/encrypt/NAME and /decrypt/NAME with a base64 plaintext,
 * as Vault's transit engine takes it. */
#include "vault_transit.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fs.h"
#include "json.h"
#include "keyhttp.h"
#include "secmem.h"

int vault_uri_parse(const char *uri, struct vault_key *k, char *err, size_t errlen)
{
	memset(k, 0, sizeof *k);
	const char *scheme_end = strstr(uri, "://");
	const char *path = scheme_end ? strchr(scheme_end + 3, '/') : NULL;
	const char *keys = path ? strstr(path, "/keys/") : NULL;
	const char *q;
	while (keys && (q = strstr(keys + 1, "/keys/")))
		keys = q;
	if (!scheme_end || scheme_end == uri || !path || path == scheme_end + 3 || strncmp(path, "/v1/", 4) || !keys ||
	    keys <= path + 4 || !keys[6] || strchr(keys + 6, '/') || strpbrk(uri, "?# ")) {
		snprintf(err, errlen, "'%s' is not a Vault transit key URI (https://HOST:8200/v1/ENGINE/keys/NAME)",
			 uri);
		return -1;
	}
	k->address = xstrndup(uri, (size_t)(path - uri));
	k->engine_path = xstrndup(path + 4, (size_t)(keys - path - 4));
	k->key_name = xstrdup(keys + 6);
	return 0;
}

char *vault_uri(const struct vault_key *k)
{
	return xasprintf("%s/v1/%s/keys/%s", k->address, k->engine_path, k->key_name);
}

void vault_key_free(struct vault_key *k)
{
	free(k->address);
	free(k->engine_path);
	free(k->key_name);
	memset(k, 0, sizeof *k);
}

/* VAULT_TOKEN, else ~/.vault-token, in locked memory; NULL with err. */
static char *token(char *err, size_t errlen)
{
	const char *t = getenv("VAULT_TOKEN");
	if (t && *t)
		return keyhttp_secstr(t, strlen(t));
	char *path = fs_expand_home("~/.vault-token");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen,
			 "no Vault token: VAULT_TOKEN is not set and %s: %s; run `vault login` or set VAULT_TOKEN",
			 path, strerror(errno));
		free(path);
		return NULL;
	}
	char *b = secure_alloc(4096);
	ssize_t n;
	while ((n = read(fd, b, 4095)) < 0 && errno == EINTR)
		;
	close(fd);
	size_t len = n > 0 ? (size_t)n : 0;
	while (len && (b[len - 1] == '\n' || b[len - 1] == '\r' || b[len - 1] == ' '))
		len--;
	b[len] = '\0';
	if (!len) {
		snprintf(err, errlen, "no Vault token: %s is empty; run `vault login` or set VAULT_TOKEN", path);
		sodium_free(b);
		b = NULL;
	}
	free(path);
	return b;
}

/* POST body (locked memory) to ADDRESS/v1/ENGINE/OP/NAME; *data is the
 * answer's "data" object (the whole answer in *ans). */
static int call(const struct vault_key *k, const char *op, const char *body, json_t **ans, char *err, size_t errlen)
{
	char *tok = token(err, errlen);
	if (!tok)
		return EXIT_ENV;
	size_t hl = strlen(tok) + 32;
	char *th = secure_alloc(hl);
	snprintf(th, hl, "X-Vault-Token: %s", tok);
	sodium_free(tok);
	const char *ns = getenv("VAULT_NAMESPACE");
	char *nsh = ns && *ns ? xasprintf("X-Vault-Namespace: %s", ns) : NULL;
	const char *hdrs[] = {"Content-Type: application/json", "X-Vault-Request: true", th, nsh, NULL};
	char *url = xasprintf("%s/v1/%s/%s/%s", k->address, k->engine_path, op, k->key_name);
	const char *skip = getenv("VAULT_SKIP_VERIFY");
	struct keyhttp_req req = {.url = url,
				  .headers = hdrs,
				  .body = body,
				  .ca_file = getenv("VAULT_CACERT"),
				  .insecure = skip && *skip && strcmp(skip, "0") && strcmp(skip, "false")};
	struct keyhttp_resp resp;
	char e[512];
	int rc = 0;
	*ans = NULL;
	if (keyhttp_post(&req, &resp, e, sizeof e) != 0) {
		snprintf(err, errlen, "Vault transit %s: %s", op, e);
		rc = EXIT_ENV;
	} else {
		*ans = json_loadb(resp.body, resp.len, 0, NULL);
		json_t *data = *ans ? json_object_get(*ans, "data") : NULL;
		if (resp.status != 200 || !json_is_object(data)) {
			json_t *errs = *ans ? json_object_get(*ans, "errors") : NULL;
			const char *first = json_string_value(json_array_get(errs, 0));
			snprintf(err, errlen, "Vault transit %s: HTTP %ld%s%s%s", op, resp.status, first ? ": " : "",
				 first ? first : "",
				 resp.status == 403 ? "; check VAULT_TOKEN (or ~/.vault-token) and its policy" : "");
			rc = EXIT_ENV;
			json_decref(*ans);
			*ans = NULL;
		}
	}
	keyhttp_resp_free(&resp);
	sodium_free(th);
	free(nsh);
	free(url);
	return rc;
}

int vault_encrypt(const struct vault_key *k, const uint8_t *key, char **enc, char *err, size_t errlen)
{
	char *body = secure_alloc(128);
	memcpy(body, "{\"plaintext\":\"", 14);
	sodium_bin2base64(body + 14, 64, key, 32, sodium_base64_VARIANT_ORIGINAL);
	strcat(body, "\"}");
	json_t *ans;
	int rc = call(k, "encrypt", body, &ans, err, errlen);
	sodium_free(body);
	if (rc)
		return rc;
	const char *ct = json_get_str(json_object_get(ans, "data"), "ciphertext", NULL);
	if (!ct || strncmp(ct, "vault:", 6)) {
		snprintf(err, errlen, "Vault transit encrypt: the answer has no ciphertext");
		rc = EXIT_ENV;
	} else {
		*enc = xstrdup(ct);
	}
	json_decref(ans);
	return rc;
}

int vault_decrypt(const struct vault_key *k, const char *enc, uint8_t **key, char *err, size_t errlen)
{
	json_t *req = json_pack("{s:s}", "ciphertext", enc);
	char *text = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	json_t *ans;
	int rc = call(k, "decrypt", text, &ans, err, errlen);
	free(text);
	if (rc)
		return rc;
	json_t *data = json_object_get(ans, "data");
	const char *pt = json_get_str(data, "plaintext", NULL);
	uint8_t *out = secure_alloc(64);
	size_t ol = 0;
	if (!pt || sodium_base642bin(out, 64, pt, strlen(pt), NULL, &ol, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    ol != 32) {
		snprintf(err, errlen, "Vault transit decrypt: the answer holds no 32-byte data key");
		sodium_free(out);
		rc = EXIT_INPUT;
	} else {
		*key = out;
	}
	json_t *v = json_object_get(data, "plaintext");
	if (json_is_string(v))
		sodium_memzero((char *)json_string_value(v), json_string_length(v));
	json_decref(ans);
	return rc;
}
