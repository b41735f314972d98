/* formats: recognise which prompt format a file is written in and take
 * out what the checks need — declared variables and template texts (each
 * with its engine and its place in the file) — reporting schema problems
 * (missing keys, wrong types, unknown template_format) on the way. */
#ifndef PL_FORMATS_H
#define PL_FORMATS_H

#include <stdbool.h>
#include <stddef.h>

#include "pfile.h"

/* Format names as reports and the config's `formats:` write them. */
bool format_known(const char *name);
/* The list of names, for messages: "plain, langchain, ...". */
const char *format_names(void);

/* Extract from a YAML prompt file whose first document is root.  forced
 * is a format name from the config, or NULL to detect.  A YAML file that
 * is no prompt (a CI workflow) leaves pf->skipped set. */
void formats_yaml(struct pfile *pf, struct ynode *root, const char *forced);

/* Extract from a front-matter file (.prompty, .prompt): root is the front
 * matter's YAML (NULL when empty or absent), body the template's bytes. */
void formats_frontmatter(struct pfile *pf, struct ynode *root, size_t body, size_t body_len, bool dotprompt);

#endif
