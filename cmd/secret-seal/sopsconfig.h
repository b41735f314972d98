/* sopsconfig: the .sops.yaml creation rule that applies to a file.
 * Found from the file's folder upwards; the first creation_rules entry whose
 * path_regex matches the file (relative to the config's folder) gives the keys
 * (every kind of the key-source table, from the rule or its one key group) and
 * the selection rule; the stores section the indentation. */
#ifndef SECRET_SEAL_SOPSCONFIG_H
#define SECRET_SEAL_SOPSCONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "sops_meta.h"
#include "sops_rule.h"
#include "sops_store.h"

struct sops_creation {
	bool found; /* a config file was found */
	bool matched; /* one of its rules matched the file */
	char *config_path;
	struct keylist keys; /* parsed specs, any kinds (may be empty) */
	bool has_rule;
	struct sops_rule rule;
	bool mac_only_encrypted;
	struct store_opts store;
};

/* Find and read the config for file_path ("-": the current folder).
 * 0 (found or not, see cr->found / cr->matched), or -1 with err when the
 * config cannot be read or is malformed (cr is then already freed). */
int sopsconfig_load(const char *file_path, struct sops_creation *cr, char *err, size_t errlen);
void sopsconfig_free(struct sops_creation *cr);

#endif
