/* tokens: the `prompt-lint tokens` subcommand, a wc for tokens. */
#ifndef PL_TOKENS_H
#define PL_TOKENS_H

int tokens_main(int argc, char **argv);

#endif
