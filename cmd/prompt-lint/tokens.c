/* tokens: COUNT<TAB>PATH per file, then COUNT<TAB>total.  An estimate is
 * written "~COUNT" so that no reader mistakes it for an exact count. */
#include "tokens.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "counter.h"
#include "encode.h"
#include "fs.h"
#include "tokenizer.h"

static const char *encoding = "o200k_base", *tokdir;

const struct cli_opt tokens_opts[] = {
	OPT_STRING("encoding", 0, &encoding, "E",
		   "o200k_base (default), cl100k_base, p50k_base, p50k_edit, r50k_base, estimate"),
	OPT_STRING("tokenizer-dir", 0, &tokdir, "DIR", "folder of the .tiktoken rank files"),
	OPT_HELP,
	OPT_VERSION,
	OPT_END,
};

int cmd_tokens(int argc, char **argv)
{
	while (cli_next(argc, argv, tokens_opts) != -1)
		;
	crypto_init();
	struct tokenizer *t = counter_open(encoding, tokdir);
	const char *mark = tok_is_estimate(t) ? "~" : "";
	char *def[] = {"-", NULL};
	char **files = optind < argc ? argv + optind : def;
	int nfiles = optind < argc ? argc - optind : 1, rc = EXIT_OK;
	size_t total = 0;
	for (int i = 0; i < nfiles; i++) {
		char *buf, err[512];
		size_t len;
		if (fs_read_all(files[i], SIZE_MAX / 2, &buf, &len, err, sizeof err) != 0) {
			msg_error("%s", err);
			rc = EXIT_INPUT;
			continue;
		}
		size_t n = tok_count(t, buf, len);
		free(buf);
		total += n;
		printf("%s%zu\t%s\n", mark, n, files[i]);
	}
	if (nfiles > 1)
		printf("%s%zu\ttotal\n", mark, total);
	tok_free(t);
	return rc;
}
