/* yaml_fast: the plain block style that sops files and most configuration
 * files are written in, read without libyaml, whose reader decodes and
 * checks every character on its own and was most of the time of loading
 * a large file.  It gives the very events (marks, values, styles) libyaml
 * would give, or declines the whole stream, and then libyaml reads it:
 * the result, and every error message, stay libyaml's. */
#ifndef AGENTCI_YAML_FAST_H
#define AGENTCI_YAML_FAST_H

#include <stddef.h>
#include <yaml.h>

struct yfast {
	yaml_event_t *ev; /* scalar values point into the source or into texts */
	size_t n, cap;
	char **texts; /* the values of literal block scalars */
	size_t ntexts;
};

/* The events of the whole of buf, from STREAM-START to STREAM-END: 0, or
 * -1 when buf holds anything outside the subset (which says nothing about
 * whether it is valid YAML); out is empty then.  The subset: one document
 * whose root is a block mapping; printable ASCII, no tabs or CRs; block
 * mappings and sequences; keys that are plain scalars; values that are
 * single-line plain, single- or double-quoted scalars without escapes,
 * empty flow collections ("[]", "{}"), or literal block scalars ("|",
 * "|-") under a key; comments.  No other flow collections, no anchors,
 * aliases, tags, directives or document markers. */
int yfast_scan(const char *buf, size_t len, struct yfast *out);
void yfast_free(struct yfast *f);

#endif
