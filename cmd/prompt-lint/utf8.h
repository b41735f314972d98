/* utf8: the one well-formedness check the lint (invalid-utf8) and the
 * tokenizer (which replaces ill-formed bytes as tiktoken does) share. */
#ifndef PL_UTF8_H
#define PL_UTF8_H

#include <stddef.h>

/* First invalid UTF-8 byte, or len when the text is valid. */
size_t utf8_invalid_at(const char *s, size_t len);

#endif
