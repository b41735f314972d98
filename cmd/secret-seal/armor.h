/* armor: age's ASCII armor, read strictly and written.
 * PEM-like, type "AGE ENCRYPTED FILE", padded standard base64 in 64-column
 * lines, no headers. */
#ifndef SECRET_SEAL_ARMOR_H
#define SECRET_SEAL_ARMOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "age_reader.h"

#define ARMOR_BEGIN "-----BEGIN AGE ENCRYPTED FILE-----"
#define ARMOR_END "-----END AGE ENCRYPTED FILE-----"

/* Make r read the binary bytes armored in inner (which must outlive r).
 * Armor errors surface as AGE_ERR_ARMOR on r. */
void armor_reader_init(struct reader *r, struct reader *inner);
void armor_reader_free(struct reader *r);

/* Armor encoder onto a FILE. */
struct armor_writer {
	FILE *fp;
	uint8_t part[48]; /* bytes of an unfinished line */
	size_t npart;
	bool started;
	char *line; /* encoded lines waiting for one fwrite */
	size_t nline;
};
void armor_writer_init(struct armor_writer *w, FILE *fp);
/* 0, or -1 on a write error (errno set). */
int armor_write(struct armor_writer *w, const uint8_t *p, size_t n);
/* Flush the last line and write the END line. */
int armor_close(struct armor_writer *w);

#endif
