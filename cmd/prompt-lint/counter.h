/* counter: the tokenizer a run uses, opened once on first need, with the
 * fall-back to the estimate when rank files cannot be found. */
#ifndef PL_COUNTER_H
#define PL_COUNTER_H

#include <stdbool.h>
#include <stddef.h>

struct tokenizer;

/* Open encoding (rank files looked up from dir_flag, see tokdir.h).  When
 * the rank files are missing, falls back to "estimate" and says why on
 * stderr once.  Exits 2 for an unknown encoding, 3 for a corrupt rank file. */
struct tokenizer *counter_open(const char *encoding, const char *dir_flag);

#endif
