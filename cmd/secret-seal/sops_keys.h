/* sops_keys: the data key of a SOPS file and the age keys around it —
 * identities gathered from every place sops looks (--identity, SOPS_AGE_KEY,
 * SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, the user's sops/age/keys.txt), the key
 * unwrapped from the first `age` entry one of them opens, and wrapped anew
 * for each recipient as its own armored age file. */
#ifndef SECRET_SEAL_SOPS_KEYS_H
#define SECRET_SEAL_SOPS_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "sops_meta.h"

struct keyopts {
	const char **identity_files; /* --identity, in order */
	size_t nidentity;
};

/* A fresh random data key in locked memory (free with sodium_free). */
uint8_t *sops_new_data_key(void);
/* Recover the data key.  0 and *key (sodium_malloc'd, 32 bytes); else an
 * exit status (4: no identity opens it) with err. */
int sops_unwrap(const struct sops_meta *m, const struct keyopts *ko, uint8_t **key, char *err,
		size_t errlen);
/* Check recipient strings before any work.  0, or -1 with err. */
int sops_check_recipients(char *const *r, size_t n, char *err, size_t errlen);
/* Wrap key for each recipient and add the age entries to m.  0 or -1. */
int sops_wrap(struct sops_meta *m, const uint8_t *key, char *const *r, size_t n, char *err,
	      size_t errlen);

/* Split a command line shell-like (quotes, backslashes), no shell run.
 * NULL-terminated; NULL when quotes do not close. */
char **sops_split_command(const char *s);

#endif
