/* keyhttp: the HTTP requests of the key services (AWS KMS and STS, Vault).
 * One request, signed with AWS SigV4 by libcurl when credentials are given,
 * the answer kept in locked memory because it may hold a data key or STS
 * credentials. */
#ifndef SECRET_SEAL_KEYHTTP_H
#define SECRET_SEAL_KEYHTTP_H

#include <stddef.h>

/* AWS credentials; secret and token live in locked memory. */
struct aws_creds {
	char *akid;
	char *secret;
	char *token; /* session token, or NULL */
};

struct keyhttp_req {
	const char *url;
	const char *const *headers; /* "Name: value", NULL-terminated, or NULL */
	const char *body;
	/* SigV4: the credentials, the region and the service ("kms", "sts");
	 * NULL creds sends the request unsigned. */
	const struct aws_creds *creds;
	const char *region, *service;
	const char *ca_file; /* PEM bundle instead of the system's, or NULL */
	int insecure; /* skip TLS verification (VAULT_SKIP_VERIFY) */
	const char *bearer; /* Authorization: Bearer (a GET when body is NULL) */
};

struct keyhttp_resp {
	long status; /* 0 when no answer came */
	char *body; /* NUL-terminated, locked memory (free with keyhttp_resp_free) */
	size_t len;
};

/* 0 when an answer came (any status), else -1 with err (no secret in it).
 * A failed connection, a 429 or a 5xx is tried twice more. */
int keyhttp_post(const struct keyhttp_req *req, struct keyhttp_resp *resp, char *err, size_t errlen);
void keyhttp_resp_free(struct keyhttp_resp *resp);

/* Copy s into locked memory (NULL stays NULL); free with sodium_free. */
char *keyhttp_secstr(const char *s, size_t len);
void aws_creds_clear(struct aws_creds *c);

#endif
