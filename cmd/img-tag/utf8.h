/* utf8: text as JavaScript sees it.  Node decodes the environment, the
 * arguments and files as UTF-8, replacing each maximal invalid subpart
 * with U+FFFD; the outputs of img-tag do the same, so that a branch name
 * holding stray bytes gives the action's label instead of none. */
#ifndef IMG_TAG_UTF8_H
#define IMG_TAG_UTF8_H

#include <stdbool.h>

bool utf8_valid(const char *s);
/* A copy of s with every invalid sequence replaced by U+FFFD; malloc'd. */
char *utf8_repair(const char *s);

#endif
