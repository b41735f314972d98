/* warn: img-tag's warnings (a version that does not parse, a pattern that
 * does not match, no tag generated), one setting for the whole run. */
#ifndef IMG_TAG_WARN_H
#define IMG_TAG_WARN_H

enum warn_mode {
	WARN_TEXT,    /* "img-tag: warning: ..." on stderr */
	WARN_GITHUB,  /* "::warning title=img-tag::..." on stderr: an annotation on the run */
	WARN_QUIET,   /* --quiet */
};

void warn_set_mode(enum warn_mode mode);
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
