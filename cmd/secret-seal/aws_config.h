/* aws_config: a profile's settings from the AWS shared files.
 * ~/.aws/credentials ([NAME]) and ~/.aws/config ([profile NAME],
 * [default]), or the files named by AWS_SHARED_CREDENTIALS_FILE and
 * AWS_CONFIG_FILE. */
#ifndef SECRET_SEAL_AWS_CONFIG_H
#define SECRET_SEAL_AWS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

/* The value of key in [section] of the INI text buf: 1 and *out (malloc'd,
 * or in locked memory when secret), 0 when absent.  Keys and section names
 * are matched as written; blanks around '=' and values are trimmed; lines
 * starting with '#' or ';' are comments. */
int aws_ini_get(const char *buf, size_t len, const char *section, const char *key, bool secret, char **out);
/* True when [section] exists in buf. */
bool aws_ini_has(const char *buf, size_t len, const char *section);

/* A profile's settings from both files (credentials first for the keys). */
struct aws_profile_files {
	char *cred_path, *conf_path; /* the paths looked at */
	char *cred, *conf; /* their text in locked memory, or NULL */
	size_t cred_len, conf_len;
};
void aws_files_load(struct aws_profile_files *f);
void aws_files_free(struct aws_profile_files *f);
/* True when the profile appears in either file. */
bool aws_profile_exists(const struct aws_profile_files *f, const char *profile);
/* A setting of the profile: the credentials file's [NAME] first (for the
 * aws_* keys), then the config file's [profile NAME] ([default] for
 * "default").  1 with *out, or 0. */
int aws_profile_get(const struct aws_profile_files *f, const char *profile, const char *key, bool secret, char **out);

#endif
