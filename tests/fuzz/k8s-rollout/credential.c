/* What an exec plugin prints, and what a user types as an image: parsed
 * without crashing, and an accepted credential always carries a token or
 * a certificate and key. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "execcred.h"
#include "imageref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kcred c;
	char err[512];
	if (exec_parse((const char *)data, size, "client.authentication.k8s.io/v1", &c, err, sizeof err) == 0) {
		if (!c.token && !(c.cert_pem && c.key_pem))
			abort();
		kcred_clear(&c);
	}
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	(void)image_ref_valid(s, err, sizeof err);
	free(s);
	return 0;
}
