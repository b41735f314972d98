/* aws_sts: STS AssumeRole calls and the GitHub Actions OIDC token.
 * STS's query API is a form POST with an XML answer. */
#include "aws_sts.h"

#include <ctype.h>
#include <jansson.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "json.h"
#include "keyhttp.h"
#include "secmem.h"

char *aws_endpoint(const char *service, const char *region)
{
	char var[64];
	snprintf(var, sizeof var, "AWS_ENDPOINT_URL_%s", service);
	for (char *p = var; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	const char *e = getenv(var);
	if (!e || !*e)
		e = getenv("AWS_ENDPOINT_URL");
	if (e && *e)
		return xstrdup(e);
	return xasprintf("https://%s.%s.amazonaws.com", service, region);
}

/* The text of the first <tag>...</tag> in xml, or NULL. */
static const char *xml_text(const char *xml, const char *tag, size_t *len)
{
	char open[64], close[64];
	snprintf(open, sizeof open, "<%s>", tag);
	snprintf(close, sizeof close, "</%s>", tag);
	const char *s = strstr(xml, open);
	if (!s)
		return NULL;
	s += strlen(open);
	const char *e = strstr(s, close);
	if (!e)
		return NULL;
	*len = (size_t)(e - s);
	return s;
}

int sts_parse(const char *xml, struct aws_creds *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	size_t al, sl, tl, cl, ml;
	const char *code = xml_text(xml, "Code", &cl), *msg = xml_text(xml, "Message", &ml);
	if (code) {
		snprintf(err, errlen, "%.*s: %.*s", (int)cl, code, msg ? (int)ml : 0, msg ? msg : "");
		return -1;
	}
	const char *cred = strstr(xml, "<Credentials>");
	const char *a = cred ? xml_text(cred, "AccessKeyId", &al) : NULL;
	const char *s = cred ? xml_text(cred, "SecretAccessKey", &sl) : NULL;
	const char *t = cred ? xml_text(cred, "SessionToken", &tl) : NULL;
	if (!a || !s || !t || !al || !sl || !tl) {
		snprintf(err, errlen, "the answer holds no credentials");
		return -1;
	}
	out->akid = xstrndup(a, al);
	out->secret = keyhttp_secstr(s, sl);
	out->token = keyhttp_secstr(t, tl);
	return 0;
}

static char *session_name(void)
{
	const char *n = getenv("AWS_ROLE_SESSION_NAME");
	if (n && *n)
		return xstrdup(n);
	return xasprintf("secret-seal-%lld", (long long)time(NULL));
}

/* POST a form to STS and read the credentials from the answer. */
static int sts_call(const struct aws_creds *signer, const char *form, const char *what, const char *region,
		    struct aws_creds *out, char *err, size_t errlen)
{
	char *url = aws_endpoint("sts", region);
	static const char *const hdrs[] = {"Content-Type: application/x-www-form-urlencoded; charset=utf-8", NULL};
	struct keyhttp_req req = {.url = url,
				  .headers = hdrs,
				  .body = form,
				  .creds = signer,
				  .region = region,
				  .service = "sts",
				  .ca_file = getenv("AWS_CA_BUNDLE")};
	struct keyhttp_resp resp;
	char e[512];
	int rc = 0;
	if (keyhttp_post(&req, &resp, e, sizeof e) != 0) {
		snprintf(err, errlen, "STS %s at %s: %s", what, url, e);
		rc = EXIT_ENV;
	} else if (sts_parse(resp.body, out, e, sizeof e) != 0) {
		snprintf(err, errlen, "STS %s at %s: HTTP %ld: %s", what, url, resp.status, e);
		rc = EXIT_ENV;
	} else if (resp.status != 200) {
		aws_creds_clear(out);
		snprintf(err, errlen, "STS %s at %s: HTTP %ld", what, url, resp.status);
		rc = EXIT_ENV;
	}
	keyhttp_resp_free(&resp);
	free(url);
	return rc;
}

/* Percent-encoding of a form value (RFC 3986's unreserved characters
 * kept), in locked memory when it is a secret. */
static char *esc(const char *s, bool secret)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s) * 3 + 1;
	char *r = secret ? secure_alloc(n) : xmalloc(n), *w = r;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			*w++ = (char)*p;
		} else {
			*w++ = '%';
			*w++ = hex[*p >> 4];
			*w++ = hex[*p & 15];
		}
	}
	*w = '\0';
	return r;
}

int sts_assume_role(const struct aws_creds *in, const char *role_arn, const char *region, struct aws_creds *out,
		    char *err, size_t errlen)
{
	char *name = session_name(), *r = esc(role_arn, false), *n = esc(name, false);
	char *form = xasprintf("Action=AssumeRole&Version=2011-06-15&RoleArn=%s&RoleSessionName=%s", r, n);
	char what[600];
	snprintf(what, sizeof what, "AssumeRole %s", role_arn);
	int rc = sts_call(in, form, what, region, out, err, errlen);
	free(form);
	free(r);
	free(n);
	free(name);
	return rc;
}

int sts_web_identity(const char *role_arn, const char *token, const char *region, struct aws_creds *out, char *err,
		     size_t errlen)
{
	char *name = session_name(), *r = esc(role_arn, false), *n = esc(name, false);
	char *t = esc(token, true);
	size_t fl = strlen(r) + strlen(n) + strlen(t) + 200;
	char *form = secure_alloc(fl);
	snprintf(form, fl,
		 "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=%s&RoleSessionName=%s"
		 "&WebIdentityToken=%s",
		 r, n, t);
	sodium_free(t);
	char what[600];
	snprintf(what, sizeof what, "AssumeRoleWithWebIdentity %s", role_arn);
	int rc = sts_call(NULL, form, what, region, out, err, errlen);
	sodium_free(form);
	free(r);
	free(n);
	free(name);
	return rc;
}

int actions_oidc_token(char **token, char *err, size_t errlen)
{
	const char *u = getenv("ACTIONS_ID_TOKEN_REQUEST_URL"), *bearer = getenv("ACTIONS_ID_TOKEN_REQUEST_TOKEN");
	char *url = xasprintf("%s%saudience=sts.amazonaws.com", u, strchr(u, '?') ? "&" : "?");
	struct keyhttp_req req = {.url = url, .bearer = bearer};
	struct keyhttp_resp resp;
	char e[512];
	int rc = EXIT_ENV;
	/* The URL carries no secret; the bearer token stays out of messages. */
	if (keyhttp_post(&req, &resp, e, sizeof e) != 0) {
		snprintf(err, errlen, "GitHub Actions OIDC token request: %s", e);
		free(url);
		return rc;
	}
	json_t *j = resp.status == 200 ? json_loadb(resp.body, resp.len, 0, NULL) : NULL;
	const char *v = j ? json_get_str(j, "value", NULL) : NULL;
	if (v && *v) {
		*token = keyhttp_secstr(v, strlen(v));
		rc = 0;
	} else {
		snprintf(err, errlen,
			 "GitHub Actions OIDC token request: HTTP %ld%s; give the job "
			 "`permissions: id-token: write`",
			 resp.status, resp.status == 200 ? ", no token in the answer" : "");
	}
	if (j) {
		/* jansson's copy of the token: wipe it before freeing */
		json_t *jv = json_object_get(j, "value");
		if (json_is_string(jv))
			sodium_memzero((char *)json_string_value(jv), json_string_length(jv));
		json_decref(j);
	}
	keyhttp_resp_free(&resp);
	free(url);
	return rc;
}
