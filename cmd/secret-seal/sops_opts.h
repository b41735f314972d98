/* sops_opts: option handling the SOPS subcommands share — identity files,
 * format names, the selection-rule flags, recipient lists. */
#ifndef SECRET_SEAL_SOPS_OPTS_H
#define SECRET_SEAL_SOPS_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "sops_keys.h"
#include "sops_rule.h"

/* Long-only option keys of the SOPS subcommands. */
enum {
	OPT_AGE = 0x300,
	OPT_INPUT_TYPE,
	OPT_OUTPUT_TYPE,
	OPT_UNENC_SUFFIX,
	OPT_ENC_SUFFIX,
	OPT_UNENC_REGEX,
	OPT_ENC_REGEX,
	OPT_MAC_ONLY,
	OPT_EXTRACT,
	OPT_NAME,
	OPT_NAMESPACE,
	OPT_IGNORE_MAC,
	OPT_IDENTITY,
	OPT_STRING_DATA,
	OPT_PRISTINE,
	OPT_ADD_AGE,
	OPT_RM_AGE,
	OPT_RAW,
};

/* --identity files, in order. */
void keyopts_add(struct keyopts *ko, const char *path);
void keyopts_free(struct keyopts *ko);

/* --input-type/--output-type value, or a usage error (exit 2). */
int opt_format(const char *arg, bool allow_k8s);

/* A list of recipients, from comma-separated arguments. */
struct recips {
	char **v;
	size_t n;
};
void recips_add_list(struct recips *r, const char *commas);
bool recips_has(const struct recips *r, const char *s);
void recips_remove(struct recips *r, const char *s);
void recips_free(struct recips *r);

/* Record one selection-rule flag; a second one is a usage error. */
void opt_rule(struct sops_rule *r, bool *have, int key, const char *arg);

/* Ask a yes/no question on the terminal (not stdin, which may be data):
 * 1 yes, 0 no, -1 when there is no terminal.  An empty answer is def. */
int tty_ask(const char *question, bool def);

#endif
