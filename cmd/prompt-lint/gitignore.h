/* gitignore: the folders and files a repository's .gitignore files leave
 * out, for folder walks.  A subset of git's rules: one pattern per line,
 * '#' comments, a trailing '/' for folders only, a '/' at the start or in
 * the middle anchoring the pattern to the .gitignore's folder, a leading
 * "**" / matching at any depth.  Negation ('!') is not supported: such
 * lines are skipped, so what they would bring back stays ignored (name the
 * file on the command line to check it). */
#ifndef PL_GITIGNORE_H
#define PL_GITIGNORE_H

#include <stdbool.h>
#include <stddef.h>

struct ignore_rule {
	char *pattern;
	char *base;        /* the folder holding the .gitignore */
	bool dir_only, anchored;
};

struct ignores {
	struct ignore_rule *v;
	size_t n, cap;
};

/* Add the rules of dir/.gitignore, if there is one.  Returns how many
 * were added, for ignores_pop when the walk leaves dir. */
size_t ignores_push(struct ignores *ig, const char *dir);
void ignores_pop(struct ignores *ig, size_t count);
/* Is path (dir/name) ignored? */
bool ignores_match(const struct ignores *ig, const char *path, const char *name, bool is_dir);

#endif
