/* libFuzzer: every template scanner over the same bytes.  The first byte
 * picks the engine order; nothing may crash, leak or read out of bounds,
 * and every finding's offset lies inside the text. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	char *decl[] = { "a", "topic", NULL };
	for (int e = 0; e < ENG_COUNT; e++) {
		struct tscan ts = { .declared = decl, .ndeclared = 2 };
		scan_template((enum engine)e, text, size, &ts);
		for (size_t i = 0; i < ts.nissues; i++)
			if (ts.issues[i].off > size)
				abort();
		for (size_t i = 0; i < ts.nuses; i++)
			if (ts.uses[i].off > size)
				abort();
		tscan_free(&ts);
	}
	free(text);
	return 0;
}
