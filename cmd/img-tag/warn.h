/* warn: img-tag's diagnostics after the options are read — warnings (a
 * version that does not parse, a pattern that does not match, no tag
 * generated) and the error that ends a run — one setting for the run. */
#ifndef IMG_TAG_WARN_H
#define IMG_TAG_WARN_H

#include <stdbool.h>

/* quiet: no warnings (--quiet).  github: under GitHub Actions, warnings
 * are "::warning title=img-tag::..." commands instead of
 * "img-tag: warning: ..." lines, and an error is also an ::error::
 * command; all on stderr. */
void warn_setup(bool quiet, bool github);
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "img-tag: message" and exit with code. */
_Noreturn void fatal(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
