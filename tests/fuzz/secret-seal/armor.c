/* libFuzzer target: the ASCII armor decoder, on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "armor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready)
		ready = sodium_init() >= 0;
	struct reader raw, ar;
	reader_init_mem(&raw, data, size);
	armor_reader_init(&ar, &raw);
	uint8_t out[4096];
	while (reader_read(&ar, out, sizeof out) == sizeof out)
		;
	armor_reader_free(&ar);
	reader_free(&raw);
	return 0;
}
