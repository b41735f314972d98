/* outputs: the action's outputs as text — version, tags, tag-names,
 * labels, annotations, json — and its bake definitions, plus writing them
 * where GitHub Actions (or --bake-dir) wants them. */
#ifndef IMG_TAG_OUTPUTS_H
#define IMG_TAG_OUTPUTS_H

#include <jansson.h>
#include <stdbool.h>

#include "meta.h"

struct out_seps {
	const char *tags, *labels, *annotations; /* "" or NULL = "\n" */
	const char *bake_target; /* NULL = docker-metadata-action */
};

enum out_kind {
	OUT_VERSION,
	OUT_TAGS,
	OUT_TAG_NAMES,
	OUT_LABELS,
	OUT_ANNOTATIONS,
	OUT_JSON,
	OUT_BAKE_TAGS,
	OUT_BAKE_LABELS,
	OUT_BAKE_ANNOTATIONS,
	OUT_BAKE,
	OUT_COUNT
};

/* "tags", "bake-labels", ... -> kind, -1 when unknown. */
int out_kind_parse(const char *name);
const char *out_kind_name(enum out_kind k);

/* The text of one output exactly as the action sets it (bake outputs: the
 * pretty JSON it writes into its bake files).  malloc'd. */
char *out_render(const struct meta *m, const struct out_seps *s, enum out_kind k);

/* {"version","tags","tag-names","labels":{},"annotations":[]} for
 * --format json. */
json_t *out_report(const struct meta *m);

/* Write the four bake files into dir (atomically).  paths[i] gets each
 * path (malloc'd) in the order tags, labels, annotations, combined.
 * 0, or -1 with err. */
int out_write_bake(const struct meta *m, const struct out_seps *s, const char *dir, char *paths[4], char *err,
		   size_t errlen);

#endif
