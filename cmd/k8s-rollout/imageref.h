/* imageref: is a string a plausible container image reference
 * ([registry/]path[:tag][@algo:hex])?  Catches typos such as a space or
 * a missing name before a single byte goes to the cluster. */
#ifndef K8S_ROLLOUT_IMAGEREF_H
#define K8S_ROLLOUT_IMAGEREF_H

#include <stdbool.h>
#include <stddef.h>

/* true when valid; else false with the reason in why. */
bool image_ref_valid(const char *s, char *why, size_t whylen);

#endif
