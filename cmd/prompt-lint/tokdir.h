/* tokdir: the folder that holds the rank files. */
#ifndef PL_TOKDIR_H
#define PL_TOKDIR_H

#include <stddef.h>

/* The environment variable that names the folder (after --tokenizer-dir). */
#define TOKDIR_ENV "PROMPT_LINT_TOKENIZER_DIR"

/* First folder holding file, in the order: flag (--tokenizer-dir), $TOKDIR_ENV,
 * ../share/agentci/tokenizers beside the executable, AGENTCI_DATADIR/tokenizers.
 * A folder the user named is final: when file is not there the answer is
 * NULL and why says so.  malloc'd. */
char *tokdir_find(const char *flag, const char *file, char *why, size_t whylen);

#endif
