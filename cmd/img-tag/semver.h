/* semver: Semantic Versioning 2.0.0, parsed the way node-semver's strict
 * valid()/parse() do (one optional leading 'v', surrounding blanks
 * ignored, at most 256 characters, components within 2^53-1). */
#ifndef IMG_TAG_SEMVER_H
#define IMG_TAG_SEMVER_H

#include <stdbool.h>
#include <stdint.h>

struct semver {
	char *raw; /* the text as given */
	uint64_t major, minor, patch;
	char *prerelease; /* identifiers joined by '.', "" when none */
	char *build; /* the same for build metadata */
};

/* 0 and *v filled when s is a valid version; -1 otherwise. */
int semver_parse(const char *s, struct semver *v);
/* MAJOR.MINOR.PATCH[-PRERELEASE], malloc'd. */
char *semver_version(const struct semver *v);
void semver_free(struct semver *v);

#endif
