/* sops_keys: the data key of a SOPS file: new, unwrapped and wrapped.
 * A fresh one, the one a file's entries wrap (each kind's entries tried in
 * sops's order, the first that opens wins), and wrapped anew for a list of
 * keys of any kinds. */
#ifndef SECRET_SEAL_SOPS_KEYS_H
#define SECRET_SEAL_SOPS_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keysrc.h"
#include "sops_meta.h"

/* A fresh random data key in locked memory (free with sodium_free). */
uint8_t *sops_new_data_key(void);
/* Recover the data key.  0 and *key (sodium_malloc'd, 32 bytes); else an
 * exit status (4 when no key is available here) with err listing every
 * key tried and why it did not open. */
int sops_unwrap(const struct sops_meta *m, const struct keyopts *ko, uint8_t **key, char *err, size_t errlen);
/* Replace m's entries by key wrapped for each of keys (specs, or entries
 * whose created_at is kept); with keep_wrapped, an entry that has an enc
 * already is taken as it is (the same data key).  0, or an exit status
 * with err. */
int sops_wrap(struct sops_meta *m, const uint8_t *key, const struct keylist *keys, bool keep_wrapped, char *err,
	      size_t errlen);

/* Split a command line shell-like (quotes, backslashes), no shell run.
 * NULL-terminated; NULL when quotes do not close. */
char **sops_split_command(const char *s);

#endif
