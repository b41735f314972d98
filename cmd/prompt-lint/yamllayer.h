/* yamllayer: the checks below the prompt formats — UTF-8, YAML syntax
 * (with the hints libyaml's messages lack), tabs, duplicate keys — and the
 * inline "# prompt-lint: disable" comments. */
#ifndef PL_YAMLLAYER_H
#define PL_YAMLLAYER_H

#include <stdbool.h>
#include <stddef.h>

#include "pfile.h"

/* Parse buf[start, start+len) as YAML whose first line is file line
 * line0+1.  On success pf->yaml is set and the first document's root (NULL
 * for an empty document) returned in *root; duplicate keys are reported.
 * On a syntax error the finding is recorded and -1 returned. */
int yl_load(struct pfile *pf, size_t start, size_t len, struct ynode **root);

/* Record the "# prompt-lint: disable=..." and "disable-file" comments of
 * file lines [from_line, to_line]: a comment silences its own line, and a
 * comment alone on its line also the next line and the lines indented
 * deeper below it (the next key with its value). */
void yl_scan_disables(struct pfile *pf, int from_line, int to_line);

#endif
