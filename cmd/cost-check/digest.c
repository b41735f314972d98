/* digest: SHA-256 of log bytes on libcrypto, running or of a byte range of a file. */
#include "digest.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

struct digest {
	EVP_MD_CTX *ctx;
};

struct digest *digest_new(void)
{
	struct digest *d = xmalloc(sizeof *d);
	d->ctx = EVP_MD_CTX_new();
	if (!d->ctx || EVP_DigestInit_ex(d->ctx, EVP_sha256(), NULL) != 1)
		die(EXIT_ENV, "libcrypto: cannot start a SHA-256");
	return d;
}

void digest_update(struct digest *d, const void *buf, size_t n)
{
	if (n && EVP_DigestUpdate(d->ctx, buf, n) != 1)
		die(EXIT_ENV, "libcrypto: SHA-256 failed");
}

void digest_end(struct digest *d, char out[65])
{
	unsigned char md[32];
	unsigned int n = 0;
	if (EVP_DigestFinal_ex(d->ctx, md, &n) != 1 || n != 32)
		die(EXIT_ENV, "libcrypto: SHA-256 failed");
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	EVP_MD_CTX_free(d->ctx);
	free(d);
}

int digest_range(const char *path, off_t start, off_t end, char out[65], char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct digest *d = digest_new();
	size_t cap = 1 << 20;
	char *buf = xmalloc(cap);
	int rc = 0;
	for (off_t p = start; p < end;) {
		size_t want = (size_t)(end - p) < cap ? (size_t)(end - p) : cap;
		ssize_t r = pread(fd, buf, want, p);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			snprintf(err, errlen, "%s: %s", path,
				 r < 0 ? strerror(errno) : "the file shrank while it was read");
			rc = -1;
			break;
		}
		digest_update(d, buf, (size_t)r);
		p += r;
	}
	free(buf);
	close(fd);
	digest_end(d, out);
	return rc;
}
