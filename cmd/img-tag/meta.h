/* meta: the computation of docker/metadata-action — version, tags, tag
 * names, OCI labels and annotations — from parsed inputs and a context. */
#ifndef IMG_TAG_META_H
#define IMG_TAG_META_H

#include <stdbool.h>
#include <stddef.h>

#include "context.h"
#include "entry.h"
#include "strvec.h"

struct meta_in {
	struct strvec images, tags, flavor, labels, annotations; /* entries */
	struct ci_context *ctx;
	const struct repo_info *repo;
	const char *short_sha_length; /* DOCKER_METADATA_SHORT_SHA_LENGTH as given, NULL = 7 */
	const char *levels; /* DOCKER_METADATA_ANNOTATIONS_LEVELS, default "manifest" */
};

struct meta {
	struct image *images;
	size_t nimages;
	struct flavor flavor;
	char *version; /* the main version; NULL when none */
	struct strvec partial;
	bool latest;
	struct strvec tags, tag_names;
	struct strvec labels, annotations; /* "key=value", "level:key=value" */
	struct strvec enabled_images;
};

/* 0, or -1 with err for an invalid entry or template (m is then left empty). */
int meta_compute(const struct meta_in *in, struct meta *m, char *err, size_t errlen);
void meta_free(struct meta *m);

/* Every run of characters outside [A-Za-z0-9._-] becomes one '-'. */
char *sanitize_tag(const char *s);

#endif
