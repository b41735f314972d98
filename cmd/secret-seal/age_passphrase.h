/* age_passphrase: where -p and passphrase files get their passphrase.
 * SECRET_SEAL_PASSPHRASE for scripts, else the terminal with echo off;
 * never argv. */
#ifndef SECRET_SEAL_AGE_PASSPHRASE_H
#define SECRET_SEAL_AGE_PASSPHRASE_H

#include <stdbool.h>
#include <stddef.h>

/* Fill buf (cap bytes, NUL-terminated).  confirm asks twice on a terminal.
 * 0, or -1 after printing why. */
int passphrase_read(char *buf, size_t cap, bool confirm);
/* The same without confirmation, for age_identities_set_prompt(). */
int passphrase_prompt(char *buf, size_t cap);

#endif
