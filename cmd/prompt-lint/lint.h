/* lint: one file through every layer — UTF-8, front matter, YAML, the
 * format's schema, each template's scanner, declared against used
 * variables, token budget — into pf's findings, with inline disables and
 * the file's rule settings applied. */
#ifndef PL_LINT_H
#define PL_LINT_H

#include <stdbool.h>

#include "config.h"
#include "pfile.h"

struct tokenizer;

struct lint_opts {
	struct tokenizer *tok;
	long long max_tokens; /* 0 = no budget */
	long long warn_at; /* 0 = no warning threshold */
	const char *format; /* forced format name or NULL */
	char *const *required_keys; /* config required-keys, or NULL */
	bool need_tokens; /* an output shows counts and versions: count
			   * and hash even without a budget */
};

/* pf was pf_init'ed over the file's bytes. */
void lint_file(struct pfile *pf, const struct lint_opts *o);

/* Drop findings silenced inline or by rs, set each one's level from rs. */
void lint_apply_rules(struct pfile *pf, const struct ruleset *rs);

#endif
