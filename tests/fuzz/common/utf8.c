/* common/utf8 on any bytes: the repair is valid UTF-8, leaves valid text
 * and the valid prefix alone, and agrees with utf8_invalid_at and
 * utf8_seq about where the first bad byte is. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t bad = utf8_invalid_at(s, size);
	if (bad > size || utf8_valid(s, size) != (bad == size))
		abort();
	/* Walking sequence by sequence stops at the same byte. */
	size_t i = 0, n;
	while (i < size && (n = utf8_seq(s + i, size - i, NULL)) != 0)
		i += n;
	if (i != bad || !utf8_valid(s, bad))
		abort();
	size_t outlen;
	char *out = utf8_repair(s, size, &outlen);
	if (!utf8_valid(out, outlen) || out[outlen] != '\0' || outlen < bad || memcmp(out, s, bad) != 0)
		abort();
	if (bad == size && (outlen != size || memcmp(out, s, size) != 0))
		abort();
	if (bad < size && memcmp(out + bad, "\xEF\xBF\xBD", 3) != 0)
		abort();
	/* Repair is idempotent. */
	size_t again_len;
	char *again = utf8_repair(out, outlen, &again_len);
	if (again_len != outlen || memcmp(again, out, outlen) != 0)
		abort();
	free(again);
	free(out);
	return 0;
}
