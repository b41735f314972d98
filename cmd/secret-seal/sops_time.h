/* sops_time: a YAML !!timestamp as sops stores it.
 * go-yaml v3 parses the scalar into a Go time, and sops encrypts and MACs that
 * time's text (RFC 3339, nanoseconds when there are any), not the source text. */
#ifndef SECRET_SEAL_SOPS_TIME_H
#define SECRET_SEAL_SOPS_TIME_H

#include <stddef.h>

/* The forms go-yaml accepts — 2006-1-2T15:4:5.999999999Z07:00 (T or t),
 * "2006-1-2 15:4:5.999999999" (UTC) and 2006-1-2 (midnight UTC) — as
 * "2006-01-02T15:04:05.999999999Z07:00" (Z for a zero offset, trailing
 * zeros of the fraction dropped).  0, or -1 when s is not one of them. */
int sops_time_text(const char *s, size_t len, char out[40]);

#endif
