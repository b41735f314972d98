/* ghaout: what img-tag hands to GitHub Actions — every output the action
 * sets in $GITHUB_OUTPUT, the DOCKER_METADATA_OUTPUT_* variables in
 * $GITHUB_ENV, and a step summary. */
#ifndef IMG_TAG_GHAOUT_H
#define IMG_TAG_GHAOUT_H

#include "meta.h"
#include "outputs.h"

/* bake_paths: the four bake files (tags, labels, annotations, combined).
 * Each file gets all its records in one append, or none of them: a failed
 * write cuts the files back to what they held before.  0, or -1 with
 * err. */
int out_write_github(const struct meta *m, const struct out_seps *s, char *const bake_paths[4], char *err,
		     size_t errlen);

#endif
