/* secmem: locked, guarded memory for secrets (keys, passphrases, plaintext).
 * On libsodium: never swapped, wiped by sodium_free(). */
#ifndef SECRET_SEAL_SECMEM_H
#define SECRET_SEAL_SECMEM_H

#include <stddef.h>

/* sodium_malloc(n), or exit 4 when the lock limit is reached. */
void *secure_alloc(size_t n);

#endif
