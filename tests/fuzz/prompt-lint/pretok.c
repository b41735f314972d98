/* libFuzzer, differential: the ASCII pre-tokeniser must give the ids that
 * PCRE2 alone gives, for o200k_base and cl100k_base.  The rank files come
 * from $PROMPT_LINT_TOKENIZER_DIR, else the build's share/ folder (make
 * fuzz runs from the top of the tree); without them there is nothing to
 * compare and every input passes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tokenizer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct tokenizer *open_one(const char *enc)
{
	const char *dirs[] = {getenv("PROMPT_LINT_TOKENIZER_DIR"), "share/agentci/tokenizers",
			      "build-fuzz/share/agentci/tokenizers"};
	char err[600];
	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		struct tokenizer *t = dirs[i] ? tok_open(enc, dirs[i], err, sizeof err) : NULL;
		if (t)
			return t;
	}
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tokenizer *toks[2];
	static int opened;
	if (!opened) {
		opened = 1;
		toks[0] = open_one("o200k_base");
		toks[1] = open_one("cl100k_base");
	}
	for (int k = 0; k < 2; k++) {
		struct tokenizer *t = toks[k];
		if (!t)
			continue;
		size_t nf, ns;
		tok_use_fast_path(t, 1);
		uint32_t *fast = tok_encode(t, (const char *)data, size, &nf);
		size_t count = tok_count(t, (const char *)data, size);
		tok_use_fast_path(t, 0);
		uint32_t *slow = tok_encode(t, (const char *)data, size, &ns);
		if (nf != ns || count != ns || memcmp(fast, slow, nf * sizeof *fast) != 0)
			abort();
		free(fast);
		free(slow);
	}
	return 0;
}
