/* sops_opts: the options the SOPS commands share, their rows and their checks.
 * Every row binds to sops_args; a command's table lists the rows it takes
 * and, once cli_next has parsed them, turns the values into formats, keys
 * and a selection rule with the functions below (bad values are usage
 * errors, exit 2). */
#ifndef SECRET_SEAL_SOPS_OPTS_H
#define SECRET_SEAL_SOPS_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "sops_keys.h"
#include "sops_rule.h"

/* The key flags come in three sets: encrypt's --age…, rotate's --add-age…
 * and --rm-age…; each holds comma lists, one per kind. */
enum keyset { KEYS_GIVEN, KEYS_ADD, KEYS_RM, KEY_SETS };

struct sops_args {
	const char *input_type, *output_type;
	const char *output; /* -o */
	bool in_place, no_github; /* -i, --no-github */
	struct cli_list identity; /* --identity, in order */
	struct cli_list keys[KEY_SETS][KEY_KINDS];
	struct cli_list context; /* --encryption-context (kms) */
	const char *aws_profile; /* --aws-profile (kms) */
	struct cli_list rule[RULE_ENCRYPTED_REGEX + 1]; /* --unencrypted-suffix… */
};
extern struct sops_args sops_args;

#define SOPS_OPT_INPUT_TYPE(help) OPT_STRING("input-type", 0, &sops_args.input_type, "FMT", help)
#define SOPS_OPT_OUTPUT_TYPE(help) OPT_STRING("output-type", 0, &sops_args.output_type, "FMT", help)
#define SOPS_OPT_OUTPUT(help) OPT_STRING("output", 'o', &sops_args.output, "OUT", help)
#define SOPS_OPT_IN_PLACE(help) OPT_SET("in-place", 'i', &sops_args.in_place, help)
#define SOPS_OPT_NO_GITHUB(help) OPT_SET("no-github", 0, &sops_args.no_github, help)
#define SOPS_OPT_IDENTITY(help) OPT_LIST("identity", 0, &sops_args.identity, "FILE", help)
#define SOPS_OPT_KEY(set, kind, name, arg, help) OPT_LIST(name, 0, &sops_args.keys[set][kind], arg, help)
#define SOPS_OPT_KMS_SETTINGS(which)                                     \
	OPT_LIST("encryption-context", 0, &sops_args.context, "K:V,...", \
		 "KMS encryption context of the " which " keys"),        \
		OPT_STRING("aws-profile", 0, &sops_args.aws_profile, "NAME", "AWS profile of the " which " keys")
#define SOPS_OPT_RULES                                                                          \
	OPT_LIST("unencrypted-suffix", 0, &sops_args.rule[RULE_UNENCRYPTED_SUFFIX], "S",        \
		 "leave values under keys ending in S clear"),                                  \
		OPT_LIST("encrypted-suffix", 0, &sops_args.rule[RULE_ENCRYPTED_SUFFIX], "S",    \
			 "encrypt only values under keys ending in S"),                         \
		OPT_LIST("unencrypted-regex", 0, &sops_args.rule[RULE_UNENCRYPTED_REGEX], "RE", \
			 "leave values under keys matching RE clear"),                          \
		OPT_LIST("encrypted-regex", 0, &sops_args.rule[RULE_ENCRYPTED_REGEX], "RE",     \
			 "encrypt only values under keys matching RE")

/* --input-type or --output-type: the format, -1 when not given. */
int opt_format(const char *arg, bool allow_k8s);
/* --identity files as sops_doc_open takes them. */
struct keyopts opt_identities(void);
/* The keys of one set, with their kms settings; for KEYS_GIVEN, a kind no
 * flag named takes its environment variable ($SOPS_AGE_RECIPIENTS…). */
void opt_keys(enum keyset set, struct keylist *l);
/* The selection rule flag, at most one: true when given (*r set). */
bool opt_rule(struct sops_rule *r);

/* Ask a yes/no question on the terminal (not stdin, which may be data):
 * 1 yes, 0 no, -1 when there is no terminal.  An empty answer is def. */
int tty_ask(const char *question, bool def);

#endif
