/* sops_float: floats written as Go's strconv.FormatFloat(f, fmt, -1, 64) does.
 * The shortest text that reads back to the same double —
 * because sops feeds that text to the MAC and go-yaml/encoding/json print it. */
#ifndef SECRET_SEAL_SOPS_FLOAT_H
#define SECRET_SEAL_SOPS_FLOAT_H

#include <stddef.h>

enum gofloat_fmt {
	GOF_PLAIN, /* 'f': never an exponent — the bytes sops encrypts and MACs */
	GOF_YAML, /* 'g' with go-yaml's .inf/.nan names */
	GOF_JSON, /* encoding/json: 'f', or 'e' outside [1e-6, 1e21) */
};

/* Writes at most 400 bytes (a plain 1e308 is 309 digits). */
enum { GOFLOAT_MAX = 400 };
void gofloat_format(double f, enum gofloat_fmt fmt, char *buf, size_t cap);

#endif
