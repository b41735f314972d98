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

enum { KEY_ENCODING = CLI_KEY_TOOL, KEY_TOKDIR };

static const struct cli_opt opts[] = {
	OPT_ARG("encoding", KEY_ENCODING, "E", "o200k_base (default), cl100k_base, p50k_base, p50k_edit, r50k_base, estimate"),
	OPT_ARG("tokenizer-dir", KEY_TOKDIR, "DIR", "folder of the .tiktoken rank files"),
	OPT_FLAG("help", 'h', "show this help"),
	OPT_FLAG("version", CLI_KEY_VERSION, "show the version"),
	{ 0 },
};

int tokens_main(int argc, char **argv)
{
	const char *encoding = "o200k_base", *tokdir = NULL;
	int key;
	while ((key = cli_next(argc, argv, opts)) != -1) {
		switch (key) {
		case KEY_ENCODING: encoding = optarg; break;
		case KEY_TOKDIR: tokdir = optarg; break;
		case 'h':
			cli_help(stdout, "tokens [--encoding E] [FILE|-]...",
				 "Print the exact token count of whole files, like wc.", opts);
			return EXIT_OK;
		case CLI_KEY_VERSION: cli_version(); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	crypto_init();
	struct tokenizer *t = counter_open(encoding, tokdir);
	const char *mark = tok_is_estimate(t) ? "~" : "";
	char *def[] = { "-", NULL };
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
