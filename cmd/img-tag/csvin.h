/* csvin: the action's CSV rules for list inputs and for single entries.
 *
 * A list input (images, tags, flavor, labels, annotations) is CSV with
 * relaxed quotes: records end at newlines, a line starting with '#' is a
 * comment, empty lines are skipped, a record of several fields is joined
 * back with ',' (so quotes disappear), and entries are trimmed; empty ones
 * are dropped.  An entry is then split into fields with plain CSV rules. */
#ifndef IMG_TAG_CSVIN_H
#define IMG_TAG_CSVIN_H

#include <stddef.h>

#include "strvec.h"

/* Append the entries of text to out.  0, or -1 with err ("line N: ..."). */
int csv_list(const char *text, struct strvec *out, char *err, size_t errlen);
/* The fields of the first record of entry.  0, or -1 with err. */
int csv_fields(const char *entry, struct strvec *out, char *err, size_t errlen);

/* JavaScript's String.prototype.trim on ASCII whitespace: a copy. */
char *trim_dup(const char *s, size_t n);

#endif
