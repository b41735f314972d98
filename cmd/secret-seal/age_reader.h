/* age_reader: a buffered byte source for the age parsers.
 * A FILE, a memory buffer, or the armor decoder layered over another
 * reader, with the line and peek operations the header and armor parsers
 * need. */
#ifndef SECRET_SEAL_AGE_READER_H
#define SECRET_SEAL_AGE_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "age.h"

enum { READER_BUF = 128 * 1024 };

struct reader {
	uint8_t *buf;
	size_t pos, len; /* unread bytes are buf[pos..len) */
	bool eof; /* the source said end of input */
	enum age_status status; /* AGE_OK until a fill fails */
	char msg[AGE_ERRLEN]; /* why it failed */
	/* Put up to n (>= 64) bytes into dst: the count, 0 at the end, -1
	 * after reader_fail(). */
	long (*fill)(struct reader *r, uint8_t *dst, size_t n);
	void *ctx;
	const uint8_t *mem; /* memory source */
	size_t memlen;
};

void reader_init_file(struct reader *r, FILE *fp);
void reader_init_mem(struct reader *r, const uint8_t *p, size_t n);
void reader_free(struct reader *r);
/* Record the first failure; returns -1 for the fill functions. */
long reader_fail(struct reader *r, enum age_status st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Buffer at least n bytes (n <= READER_BUF / 2) if the source has them;
 * returns how many are buffered (check r->status when fewer). */
size_t reader_peek(struct reader *r, size_t n);
/* Up to n bytes into dst; fewer only at the end or on failure. */
size_t reader_read(struct reader *r, uint8_t *dst, size_t n);
/* The next line, up to and including '\n' (or to the end of input), at
 * most max bytes (max <= READER_BUF / 2).  Returns its length (the
 * pointer is valid until the next call), 0 at the end, -1 when longer
 * than max or on failure. */
long reader_line(struct reader *r, size_t max, const uint8_t **line);

#endif
