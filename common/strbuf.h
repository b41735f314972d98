/* strbuf: a growable byte buffer, always NUL-terminated. */
#ifndef AGENTCI_STRBUF_H
#define AGENTCI_STRBUF_H

#include <stddef.h>

/* {0} is an empty buffer. */
struct strbuf {
	char *s;
	size_t len, cap;
};

void strbuf_addn(struct strbuf *b, const char *s, size_t n);
void strbuf_adds(struct strbuf *b, const char *s);
void strbuf_addc(struct strbuf *b, char c);
/* Empty the text, keeping the memory. */
void strbuf_reset(struct strbuf *b);
/* The text, handing ownership to the caller ("" when empty); the buffer is
 * left empty. */
char *strbuf_take(struct strbuf *b);

#endif
