/* aws_creds: AWS credentials from the places the AWS SDK looks.
 * In order: an entry's aws_profile, the environment (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), AWS_PROFILE in the shared
 * files, web identity (AWS_ROLE_ARN with AWS_WEB_IDENTITY_TOKEN_FILE, or in
 * GitHub Actions the runner's OIDC token), the default profile — and a role
 * assumed on top.  Held in locked memory for the process, never printed. */
#ifndef SECRET_SEAL_AWS_CREDS_H
#define SECRET_SEAL_AWS_CREDS_H

#include <stddef.h>

#include "keyhttp.h"

/* Credentials for profile (an entry's aws_profile, or NULL/"" for the
 * chain) with role assumed on top when not NULL/"", STS asked in region.
 * 0 and *out (owned by a cache for the process), or 4 with err. */
int aws_creds_get(const char *profile, const char *role, const char *region, const struct aws_creds **out, char *err,
		  size_t errlen);

/* Wipe and free every cached credential. */
void aws_creds_forget(void);

#endif
