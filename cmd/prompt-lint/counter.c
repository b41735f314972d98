/* counter: open the run's tokenizer, or fall back to the estimate. */
#include "counter.h"

#include <stdlib.h>

#include "cli.h"
#include "tokdir.h"
#include "tokenizer.h"

struct tokenizer *counter_open(const char *encoding, const char *dir_flag)
{
	char why[512], err[600];
	if (!tok_known(encoding))
		cli_usage_error("unknown encoding '%s'; use o200k_base, cl100k_base, p50k_base, "
				"p50k_edit, r50k_base or estimate",
				encoding);
	const char *file = tok_rank_file(encoding);
	if (!file)
		return tok_open("estimate", NULL, err, sizeof err);
	char *dir = tokdir_find(dir_flag, file, why, sizeof why);
	if (!dir) {
		msg_warn("counting tokens with --encoding estimate (bytes/3), not %s: %s", encoding, why);
		return tok_open("estimate", NULL, err, sizeof err);
	}
	struct tokenizer *t = tok_open(encoding, dir, err, sizeof err);
	free(dir);
	if (!t)
		die(EXIT_INPUT, "%s; reinstall the rank files (see prompt-lint(1), FILES)", err);
	return t;
}
