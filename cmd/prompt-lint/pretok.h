/* pretok: the pre-tokenisation patterns of o200k_base and cl100k_base
 * evaluated by hand for ASCII text, the common case, where PCRE2 spends
 * most of a count.  It answers only when every byte that decides the
 * piece is ASCII; otherwise it declines and the regular expression
 * decides, so the pieces are always the pattern's. */
#ifndef PL_PRETOK_H
#define PL_PRETOK_H

#include <stddef.h>
#include <stdint.h>

enum pretok_kind { PRETOK_NONE, PRETOK_O200K, PRETOK_CL100K };

/* End of the piece that starts at s[i] (i < len), or 0 to decline. */
size_t pretok_ascii(enum pretok_kind k, const uint8_t *s, size_t len, size_t i);

#endif
