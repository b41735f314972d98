/* aws_sts: temporary credentials from AWS STS, and the Actions OIDC token.
 * AssumeRole (signed with the caller's credentials) and
 * AssumeRoleWithWebIdentity (unsigned, with an OIDC token); the token is
 * the GitHub Actions runner's. */
#ifndef SECRET_SEAL_AWS_STS_H
#define SECRET_SEAL_AWS_STS_H

#include <stddef.h>

#include "keyhttp.h"

/* The endpoint of an AWS service for a region: AWS_ENDPOINT_URL_<SERVICE>,
 * else AWS_ENDPOINT_URL, else https://<service>.<region>.amazonaws.com.
 * malloc'd. */
char *aws_endpoint(const char *service, const char *region);

/* sts:AssumeRole.  0 and *out, or an exit status (4) with err. */
int sts_assume_role(const struct aws_creds *in, const char *role_arn, const char *region, struct aws_creds *out,
		    char *err, size_t errlen);
/* sts:AssumeRoleWithWebIdentity.  0 and *out, or 4 with err. */
int sts_web_identity(const char *role_arn, const char *token, const char *region, struct aws_creds *out, char *err,
		     size_t errlen);
/* The Actions runner's OIDC token for audience sts.amazonaws.com
 * (ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN): 0 and *token (locked memory),
 * or 4 with err. */
int actions_oidc_token(char **token, char *err, size_t errlen);

/* The credentials of an STS answer (XML): 0, or -1 with err (the answer's
 * Error Code and Message when it is one). */
int sts_parse(const char *xml, struct aws_creds *out, char *err, size_t errlen);

#endif
