/* The body of the per-scanner libFuzzer targets: FUZZ_ENGINES lists the
 * engines the including file fuzzes.  Nothing may crash, leak or read out
 * of bounds, and every offset a scanner reports lies inside the text. */
#ifndef PL_FUZZ_SCAN_H
#define PL_FUZZ_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum engine engines[] = {FUZZ_ENGINES};
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	char *decl[] = {"a", "topic", NULL};
	for (size_t e = 0; e < sizeof engines / sizeof *engines; e++) {
		struct tscan ts = {.declared = decl, .ndeclared = 2};
		scan_template(engines[e], text, size, &ts);
		for (size_t i = 0; i < ts.nissues; i++)
			if (ts.issues[i].off > size)
				abort();
		for (size_t i = 0; i < ts.nuses; i++)
			if (ts.uses[i].off > size)
				abort();
		for (size_t i = 0; i < ts.ndis; i++)
			if (ts.dis[i].off > size)
				abort();
		tscan_free(&ts);
	}
	free(text);
	return 0;
}

#endif
