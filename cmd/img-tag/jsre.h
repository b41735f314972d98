/* jsre: JavaScript regular expressions on PCRE2, with String.match's
 * result shape — the regexes of type=match and of the match attribute. */
#ifndef IMG_TAG_JSRE_H
#define IMG_TAG_JSRE_H

#include <stdbool.h>
#include <stddef.h>

/* One element of a match result: undefined, or text. */
struct jsre_item {
	bool defined;
	char *s;
};
struct jsre_result {
	struct jsre_item *items;
	size_t n;
};

/* subject.match(new RegExp(pattern, flags)): 1 with the result (the match
 * and its groups, or every match with the g flag), 0 when nothing
 * matches, -1 with err when the pattern or flags are invalid. */
int jsre_match(const char *pattern, const char *flags, const char *subject, struct jsre_result *res, char *err,
	       size_t errlen);
/* Element i as a property key ("1"): NULL when not a canonical index or
 * undefined. */
const char *jsre_get(const struct jsre_result *res, const char *key);
void jsre_free(struct jsre_result *res);

#endif
