/* sops_opts: option handling the SOPS subcommands share — identity files,
 * format names, the selection-rule flags, the key flags of every kind. */
#ifndef SECRET_SEAL_SOPS_OPTS_H
#define SECRET_SEAL_SOPS_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "sops_keys.h"
#include "sops_rule.h"

/* Long-only option keys of the SOPS subcommands. */
enum {
	OPT_INPUT_TYPE = 0x300,
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
	OPT_RAW,
	/* key flags, + enum keykind: encrypt --age/--pgp/--kms/--hc-vault-transit,
	 * rotate --add-…/--rm-…; then the kms settings */
	OPT_KEY = 0x400,
	OPT_ADD_KEY = OPT_KEY + 0x10,
	OPT_RM_KEY = OPT_KEY + 0x20,
	OPT_ENC_CONTEXT = OPT_KEY + 0x30,
	OPT_AWS_PROFILE,
};

/* The key flags as given: comma lists per kind, parsed once all options
 * are read (the kms settings may come after --kms). */
struct keyflags {
	char *raw[3][KEY_KINDS];       /* [OPT_KEY, OPT_ADD_KEY, OPT_RM_KEY][kind] */
	struct snode *defaults[KEY_KINDS]; /* kms: {context, aws_profile} */
};
/* Record option c when it is a key flag: true, else false. */
bool keyflags_take(struct keyflags *kf, int c, const char *arg);
/* True when any flag of set (OPT_KEY, …) was given. */
bool keyflags_any(const struct keyflags *kf, int set);
/* Give kind k its environment default (encrypt) when no flag named it. */
void keyflags_env(struct keyflags *kf);
/* Parse the lists of set into l; a bad key is a usage error (exit 2). */
void keyflags_parse(const struct keyflags *kf, int set, struct keylist *l);
void keyflags_free(struct keyflags *kf);

/* --identity files, in order. */
void keyopts_add(struct keyopts *ko, const char *path);
void keyopts_free(struct keyopts *ko);

/* --input-type/--output-type value, or a usage error (exit 2). */
int opt_format(const char *arg, bool allow_k8s);


/* Record one selection-rule flag; a second one is a usage error. */
void opt_rule(struct sops_rule *r, bool *have, int key, const char *arg);

/* Ask a yes/no question on the terminal (not stdin, which may be data):
 * 1 yes, 0 no, -1 when there is no terminal.  An empty answer is def. */
int tty_ask(const char *question, bool def);

#endif
