/* aws_creds: the credential chain, cached per profile and role. */
#include "aws_creds.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aws_config.h"
#include "aws_sts.h"
#include "cli.h"
#include "secmem.h"

struct cached {
	char *profile, *role;
	struct aws_creds c;
	struct cached *next;
};
static struct cached *cache;

static bool set(const char *v)
{
	return v && *v;
}

/* A web identity token file's text, trimmed, in locked memory; or NULL. */
static char *read_token(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "web identity token file %s: %s", path, strerror(errno));
		return NULL;
	}
	size_t cap = 64 * 1024, n = 0;
	char *t = secure_alloc(cap + 1);
	ssize_t r;
	while (n < cap && ((r = read(fd, t + n, cap - n)) > 0 || (r < 0 && errno == EINTR)))
		if (r > 0)
			n += (size_t)r;
	close(fd);
	while (n && (t[n - 1] == '\n' || t[n - 1] == '\r' || t[n - 1] == ' '))
		n--;
	t[n] = '\0';
	if (!n) {
		sodium_free(t);
		snprintf(err, errlen, "web identity token file %s is empty", path);
		return NULL;
	}
	return t;
}

static int web_identity_file(const char *role, const char *path, const char *region, struct aws_creds *out, char *err,
			     size_t errlen)
{
	char *tok = read_token(path, err, errlen);
	if (!tok)
		return EXIT_ENV;
	int rc = sts_web_identity(role, tok, region, out, err, errlen);
	sodium_free(tok);
	return rc;
}

static int from_profile(const struct aws_profile_files *f, const char *name, const char *region, int depth,
			struct aws_creds *out, char *err, size_t errlen)
{
	if (depth > 4) {
		snprintf(err, errlen, "AWS profile %s: source_profile chain is too long (or a loop)", name);
		return EXIT_ENV;
	}
	if (!aws_profile_exists(f, name)) {
		snprintf(err, errlen, "AWS profile '%s' is in neither %s nor %s", name, f->cred_path, f->conf_path);
		return EXIT_ENV;
	}
	char *role = NULL, *src = NULL, *akid = NULL, *wif = NULL, *other = NULL;
	aws_profile_get(f, name, "role_arn", false, &role);
	aws_profile_get(f, name, "source_profile", false, &src);
	int rc = 0;
	if (role && src) {
		struct aws_creds base;
		rc = from_profile(f, src, region, depth + 1, &base, err, errlen);
		if (rc == 0) {
			rc = sts_assume_role(&base, role, region, out, err, errlen);
			aws_creds_clear(&base);
		}
	} else if (aws_profile_get(f, name, "aws_access_key_id", false, &akid)) {
		memset(out, 0, sizeof *out);
		if (!aws_profile_get(f, name, "aws_secret_access_key", true, &out->secret)) {
			snprintf(err, errlen, "AWS profile %s has aws_access_key_id but no aws_secret_access_key",
				 name);
			rc = EXIT_ENV;
		} else {
			out->akid = akid;
			akid = NULL;
			aws_profile_get(f, name, "aws_session_token", true, &out->token);
		}
	} else if (role && aws_profile_get(f, name, "web_identity_token_file", false, &wif)) {
		rc = web_identity_file(role, wif, region, out, err, errlen);
	} else if (aws_profile_get(f, name, "credential_process", false, &other) ||
		   aws_profile_get(f, name, "sso_session", false, &other) ||
		   aws_profile_get(f, name, "sso_start_url", false, &other) ||
		   aws_profile_get(f, name, "credential_source", false, &other)) {
		snprintf(err, errlen,
			 "AWS profile %s gets its credentials by SSO, credential_process or credential_source, "
			 "which secret-seal does not run; export them (aws configure export-credentials) first",
			 name);
		rc = EXIT_ENV;
	} else {
		snprintf(err, errlen,
			 "AWS profile %s has no credentials (aws_access_key_id, role_arn with source_profile "
			 "or web_identity_token_file)",
			 name);
		rc = EXIT_ENV;
	}
	free(role);
	free(src);
	free(akid);
	free(wif);
	free(other);
	return rc;
}

/* The chain without a role on top. */
static int resolve(const char *profile, const char *region, struct aws_creds *out, char *err, size_t errlen)
{
	struct aws_profile_files f;
	aws_files_load(&f);
	const char *akid = getenv("AWS_ACCESS_KEY_ID"), *secret = getenv("AWS_SECRET_ACCESS_KEY");
	const char *env_profile = getenv("AWS_PROFILE"), *role = getenv("AWS_ROLE_ARN");
	const char *wif = getenv("AWS_WEB_IDENTITY_TOKEN_FILE");
	int rc;
	if (set(profile)) {
		rc = from_profile(&f, profile, region, 0, out, err, errlen);
	} else if (set(akid) || set(secret)) {
		memset(out, 0, sizeof *out);
		if (!set(akid) || !set(secret)) {
			snprintf(err, errlen, "%s is set but %s is not",
				 set(akid) ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
				 set(akid) ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
			rc = EXIT_ENV;
		} else {
			const char *tok = getenv("AWS_SESSION_TOKEN");
			out->akid = xstrdup(akid);
			out->secret = keyhttp_secstr(secret, strlen(secret));
			out->token = set(tok) ? keyhttp_secstr(tok, strlen(tok)) : NULL;
			rc = 0;
		}
	} else if (set(env_profile)) {
		rc = from_profile(&f, env_profile, region, 0, out, err, errlen);
	} else if (set(role) && set(wif)) {
		rc = web_identity_file(role, wif, region, out, err, errlen);
	} else if (set(role) && set(getenv("ACTIONS_ID_TOKEN_REQUEST_URL")) &&
		   set(getenv("ACTIONS_ID_TOKEN_REQUEST_TOKEN"))) {
		char *tok;
		rc = actions_oidc_token(&tok, err, errlen);
		if (rc == 0) {
			rc = sts_web_identity(role, tok, region, out, err, errlen);
			sodium_free(tok);
		}
	} else if (aws_profile_exists(&f, "default")) {
		rc = from_profile(&f, "default", region, 0, out, err, errlen);
	} else {
		snprintf(err, errlen,
			 "no AWS credentials: none in the environment (AWS_ACCESS_KEY_ID, AWS_PROFILE, "
			 "AWS_ROLE_ARN with AWS_WEB_IDENTITY_TOKEN_FILE or GitHub Actions' OIDC token), and no default "
			 "profile in %s or %s",
			 f.cred_path, f.conf_path);
		rc = EXIT_ENV;
	}
	aws_files_free(&f);
	return rc;
}

static struct cached *lookup(const char *profile, const char *role)
{
	for (struct cached *c = cache; c; c = c->next)
		if (!strcmp(c->profile, profile) && !strcmp(c->role, role))
			return c;
	return NULL;
}

static const struct aws_creds *remember(const char *profile, const char *role, struct aws_creds *c)
{
	struct cached *n = xcalloc(1, sizeof *n);
	n->profile = xstrdup(profile);
	n->role = xstrdup(role);
	n->c = *c;
	n->next = cache;
	cache = n;
	return &n->c;
}

int aws_creds_get(const char *profile, const char *role, const char *region, const struct aws_creds **out, char *err,
		  size_t errlen)
{
	profile = profile ? profile : "";
	role = role ? role : "";
	struct cached *hit = lookup(profile, role);
	if (hit) {
		*out = &hit->c;
		return 0;
	}
	struct aws_creds c;
	int rc;
	if (*role) {
		const struct aws_creds *base;
		rc = aws_creds_get(profile, NULL, region, &base, err, errlen);
		if (rc)
			return rc;
		rc = sts_assume_role(base, role, region, &c, err, errlen);
	} else {
		rc = resolve(profile, region, &c, err, errlen);
	}
	if (rc)
		return rc;
	*out = remember(profile, role, &c);
	return 0;
}

void aws_creds_forget(void)
{
	while (cache) {
		struct cached *n = cache->next;
		aws_creds_clear(&cache->c);
		free(cache->profile);
		free(cache->role);
		free(cache);
		cache = n;
	}
}
