/* utf8: well-formed UTF-8 as Unicode defines it (no overlong forms,
 * surrogates or code points past U+10FFFF), and its repair as the WHATWG
 * decoder does it: one U+FFFD per maximal ill-formed subpart. */
#ifndef AGENTCI_UTF8_H
#define AGENTCI_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Length (1-4) of the well-formed sequence at s[0..len), len > 0; or 0 when
 * it is ill-formed, with *bad (when not NULL) the length of its maximal
 * ill-formed subpart (1-3), the bytes one U+FFFD stands for. */
size_t utf8_seq(const char *s, size_t len, size_t *bad);
/* Offset of the first ill-formed byte, or len when s[0..len) is valid. */
size_t utf8_invalid_at(const char *s, size_t len);
bool utf8_valid(const char *s, size_t len);
/* A NUL-terminated copy of s[0..len) with every ill-formed subpart replaced
 * by U+FFFD; its length goes to *outlen when not NULL.  malloc'd. */
char *utf8_repair(const char *s, size_t len, size_t *outlen);

#endif
