/* gitignore: the folders and files a repository's .gitignore files leave
 * out, for folder walks.  A subset of git's rules: one pattern per line,
 * '#' comments, a trailing '/' for folders only, a '/' at the start or in
 * the middle anchoring the pattern to the .gitignore's folder, a leading
 * "**" / matching at any depth, and '!' negation: the last pattern that
 * matches decides, so "!keep.yaml" after "*.yaml" brings keep.yaml back
 * ("\!" and "\#" start literal names).  As in git, nothing inside an
 * ignored folder comes back: the walk never enters it. */
#ifndef PL_GITIGNORE_H
#define PL_GITIGNORE_H

#include <stdbool.h>
#include <stddef.h>

struct ignore_rule {
	char *pattern;
	char *base; /* the folder holding the .gitignore */
	bool dir_only, anchored;
	bool negate; /* "!pattern": matching brings the path back */
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
