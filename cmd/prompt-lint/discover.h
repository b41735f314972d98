/* discover: the files to lint — named files as they are, folders searched
 * recursively (sorted, so output is deterministic) for the prompt globs,
 * skipping .git, node_modules, virtualenvs, what .gitignore files leave
 * out and what the config excludes. */
#ifndef PL_DISCOVER_H
#define PL_DISCOVER_H

#include <stddef.h>

struct filelist {
	char **v;
	size_t n, cap;
	int unreadable; /* paths that could not be read (reported) */
};

/* Default globs for folders, when the config has no include. */
extern const char *const discover_default_globs[];

void discover(const char *path, const char *config_path, struct filelist *out);
/* What a walk of folder dir looks for, for a person: the globs (the
 * config's include, or the defaults) and what is skipped.  Malloc'd. */
char *discover_looked_for(const char *dir, const char *config_path);
/* Drop the paths found again (a folder and a file in it, or one file
 * named twice; "./a" is "a"), keeping each where it was first found. */
void filelist_dedupe(struct filelist *fl);
void filelist_free(struct filelist *fl);

#endif
