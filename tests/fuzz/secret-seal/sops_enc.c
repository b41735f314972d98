/* libFuzzer target: the ENC[AES256_GCM,...] value parser. */
#include <stddef.h>
#include <stdint.h>

#include "sops_value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct encval ev;
	char err[256];
	if (encval_parse((const char *)data, size, &ev, err, sizeof err) == 0)
		encval_free(&ev);
	return 0;
}
