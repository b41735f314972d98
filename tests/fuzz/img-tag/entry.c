/* The tags/flavor/images parsers on arbitrary input: the input is a list
 * input (CSV), each of its entries goes through all three entry parsers.
 * Invariants: no crash or leak, and a parsed tag entry always has the
 * attributes its type's defaults promise. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvin.h"
#include "entry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	struct strvec entries = {0};
	char err[1024];
	if (csv_list(text, &entries, err, sizeof err) == 0) {
		for (size_t i = 0; i < entries.n; i++) {
			struct tag_entry t;
			if (tag_parse(entries.v[i], &t, err, sizeof err) == 0) {
				if (!tag_attr(&t, "enable") || !tag_attr(&t, "priority"))
					abort();
				if ((t.type == TT_SHA || t.type == TT_SEMVER || t.type == TT_MATCH) &&
				    !tag_attr(&t, t.type == TT_SHA ? "prefix" : "pattern"))
					abort();
				tags_free(&t, 1);
			}
		}
		struct flavor f;
		if (flavor_parse(&entries, &f, err, sizeof err) == 0 && (!f.latest || !f.prefix || !f.suffix))
			abort();
		flavor_free(&f);
		struct image *im;
		size_t n;
		if (images_parse(&entries, &im, &n, err, sizeof err) == 0)
			images_free(im, n);
	}
	strvec_free(&entries);
	free(text);
	return 0;
}
