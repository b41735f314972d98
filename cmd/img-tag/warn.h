/* warn: img-tag's warnings — a version that does not parse, a pattern that
 * does not match, no tag generated — which --quiet silences. */
#ifndef IMG_TAG_WARN_H
#define IMG_TAG_WARN_H

#include <stdbool.h>

#include "msg.h"

/* --quiet: no warnings. */
extern bool img_warn_quiet;

/* msg_warn unless --quiet: "img-tag: warning: ...", under Actions also a
 * ::warning annotation (msg_annotate). */
#define img_warn(...)                          \
	do {                                   \
		if (!img_warn_quiet)           \
			msg_warn(__VA_ARGS__); \
	} while (0)

#endif
