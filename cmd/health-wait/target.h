/* target: what a TARGET argument may be — an http:// or https:// URL, or
 * tcp://HOST:PORT. */
#ifndef HW_TARGET_H
#define HW_TARGET_H

#include <stdbool.h>
#include <stddef.h>

/* 0 when s is a usable target, else -1 with "what is wrong; what to do". */
int target_check(const char *s, char *err, size_t errlen);
bool target_is_tcp(const char *s);
/* The target as it is shown on stderr, in JSON and in summaries: a
 * password in the URL (https://user:pw@host/) becomes "***".  malloc'd. */
char *target_display(const char *s);

#endif
