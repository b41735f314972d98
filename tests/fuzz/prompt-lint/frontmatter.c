/* libFuzzer: the front-matter split, then the whole lint of the bytes as a
 * .prompty, a .prompt and a .yaml file (YAML layer, formats, scanners,
 * position mapping).  Every finding must point inside the file. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "encode.h"
#include "frontmatter.h"
#include "lint.h"
#include "tokenizer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tokenizer *tok;
	if (!tok) {
		char err[200];
		crypto_init();
		tok = tok_open("estimate", NULL, err, sizeof err);
	}
	const char *buf = (const char *)data;
	struct frontmatter fm;
	fm_split(buf, size, &fm);
	if (fm.body > size || fm.yaml + fm.yaml_len > size)
		abort();
	static const char *const paths[] = {"f.prompty", "f.prompt", "f.yaml"};
	for (int i = 0; i < 3; i++) {
		struct lint_opts o = {.tok = tok, .max_tokens = 100, .warn_at = 50};
		struct pfile pf;
		pf_init(&pf, paths[i], buf, size);
		lint_file(&pf, &o);
		for (size_t k = 0; k < pf.nfs; k++)
			if (pf.fs[k].line < 1 || (size_t)pf.fs[k].line > pf.src.nlines + 1)
				abort();
		pf_free(&pf);
	}
	return 0;
}
