/* config: .prompt-lint.yaml — which rules run and at what level, per-file
 * ignores, budgets, encoding, required keys, file globs and formats —
 * found by walking up from each file, with the command line on top. */
#ifndef PL_CONFIG_H
#define PL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "rules.h"

/* The rule settings that apply to one file. */
struct ruleset {
	enum level level[R_COUNT];
	unsigned long long set; /* rules whose level the config names */
	unsigned long long off; /* rules not run */
};

struct glob_rules {
	char *glob;
	unsigned long long rules;
};

struct glob_format {
	char *glob;
	char *format;
};

struct config {
	char *path; /* the file, NULL for defaults */
	char *dir; /* its folder: globs are relative to it */
	bool has_select;
	unsigned long long select, ignore;
	bool has_level[R_COUNT];
	enum level level[R_COUNT];
	struct glob_rules *pfi; /* per-file-ignores */
	size_t npfi;
	struct glob_format *formats;
	size_t nformats;
	long long max_tokens, warn_at; /* -1 when not set */
	char *encoding;
	char **required_keys;
	char **include, **exclude; /* file globs */
};

/* Load a config file.  0, or -1 with "path:line:col: why" in err. */
int config_load(const char *path, struct config *c, char *err, size_t errlen);
void config_defaults(struct config *c);
void config_free(struct config *c);

/* The config governing file (walking up from its folder; cached), or the
 * defaults.  An unreadable or invalid config is a usage error: exit 2. */
const struct config *config_for(const char *file, const char *explicit_path);
void config_cache_free(void);

/* The rule set for file under c, with the command line's select/ignore
 * (has_select and the masks) on top. */
void config_ruleset(const struct config *c, const char *file, bool cli_has_select, unsigned long long cli_select,
		    unsigned long long cli_ignore, struct ruleset *rs);
/* The format forced for file by `formats:`, or NULL. */
const char *config_format(const struct config *c, const char *file);
/* Does path match one of globs (relative to c->dir)? */
bool config_glob_match(const struct config *c, char *const *globs, const char *path);

#endif
