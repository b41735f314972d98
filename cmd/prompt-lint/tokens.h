/* tokens: the `prompt-lint tokens` subcommand, a wc for tokens. */
#ifndef PL_TOKENS_H
#define PL_TOKENS_H

#include "cli.h"

/* Its options, for the command table. */
extern const struct cli_opt tokens_opts[];
int cmd_tokens(int argc, char **argv);

#endif
