/* entry: the entries of the tags, flavor and images inputs — parsed,
 * checked, and given their defaults the way the action does. */
#ifndef IMG_TAG_ENTRY_H
#define IMG_TAG_ENTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "strvec.h"

enum tag_type { TT_SCHEDULE, TT_SEMVER, TT_PEP440, TT_MATCH, TT_EDGE, TT_REF, TT_RAW, TT_SHA };

struct tag_entry {
	enum tag_type type;
	struct strvec keys, vals; /* attributes in order; a key appears once */
	double priority;
	char *src; /* the entry as written, for messages */
};

/* Parse one tags entry ("type=semver,pattern={{version}}").  0, or -1
 * with err quoting the entry. */
int tag_parse(const char *entry, struct tag_entry *t, char *err, size_t errlen);
/* Every entry, or the action's defaults when there is none, sorted by
 * priority (highest first, stable).  0 or -1 with err. */
int tags_parse_all(const struct strvec *entries, struct tag_entry **out, size_t *n, char *err, size_t errlen);
/* An attribute's value, NULL when absent (presence matters for prefix). */
const char *tag_attr(const struct tag_entry *t, const char *key);
const char *tag_type_name(enum tag_type type);
void tags_free(struct tag_entry *tags, size_t n);

struct flavor {
	char *latest; /* "auto", "true" or "false" */
	char *prefix, *suffix;
	bool prefix_latest, suffix_latest;
};
int flavor_parse(const struct strvec *entries, struct flavor *f, char *err, size_t errlen);
void flavor_free(struct flavor *f);

struct image {
	char *name; /* lower-cased */
	bool enable;
};
int images_parse(const struct strvec *entries, struct image **out, size_t *n, char *err, size_t errlen);
void images_free(struct image *im, size_t n);

/* JavaScript's Number(string): 0 with *out, -1 for NaN. */
int js_number(const char *s, double *out);

#endif
