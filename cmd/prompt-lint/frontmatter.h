/* frontmatter: split a .prompty / .prompt file into its YAML front matter
 * (between two "---" lines) and the template body.  Comment lines ('#')
 * and blank lines may come before the opening "---" (licence headers in
 * real Dotprompt files); a file without an opening "---" is body only. */
#ifndef PL_FRONTMATTER_H
#define PL_FRONTMATTER_H

#include <stdbool.h>
#include <stddef.h>

struct frontmatter {
	bool present; /* an opening --- was found */
	bool closed; /* ... and its closing --- */
	size_t open; /* byte offset of the opening --- line */
	size_t yaml, yaml_len; /* the YAML between the two lines */
	int yaml_line0; /* lines before the YAML (add to YAML line numbers) */
	size_t body; /* byte offset of the body (len when none) */
};

void fm_split(const char *buf, size_t len, struct frontmatter *fm);
/* The same, with the Dotprompt reader's rule when dotprompt: only blank
 * lines and lines starting with '#' in the first column come before the
 * front matter. */
void fm_split_as(const char *buf, size_t len, bool dotprompt, struct frontmatter *fm);

#endif
