/* digest: sha256 of the log bytes a report reads, for the inputs it
 * records (merge refuses parts that read the same bytes twice).  It runs
 * beside pricing on every byte, so it uses libcrypto's SHA-256, which uses
 * the CPU's SHA instructions (about 6 times libsodium's speed here). */
#ifndef COST_CHECK_DIGEST_H
#define COST_CHECK_DIGEST_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct digest;

struct digest *digest_new(void);
void digest_update(struct digest *d, const void *buf, size_t n);
/* Lowercase hex into out, and free d. */
void digest_end(struct digest *d, char out[65]);
/* The sha256 of the bytes [start, end) of path; -1 with err on a read error. */
int digest_range(const char *path, off_t start, off_t end, char out[65], char *err, size_t errlen);

#endif
