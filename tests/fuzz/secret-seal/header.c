/* libFuzzer target: the age header parser, on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "age_header.h"
#include "age_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready)
		ready = sodium_init() >= 0;
	struct reader r;
	reader_init_mem(&r, data, size);
	struct header h;
	char err[AGE_ERRLEN];
	header_read(&r, &h, err, sizeof err);
	header_free(&h);
	reader_free(&r);
	return 0;
}
