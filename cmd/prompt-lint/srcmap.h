/* srcmap: from a position in template text back to line:col in the file.
 * Template text comes out of YAML scalars (quoted, plain, block) or
 * straight from a front-matter file's body; findings must point into the
 * file, inside block scalars too. */
#ifndef PL_SRCMAP_H
#define PL_SRCMAP_H

#include <stddef.h>

#include "yaml.h"

/* The file: its bytes and where each line starts. */
struct srcfile {
	const char *buf;
	size_t len;
	size_t *lines; /* byte offset of line i+1 */
	size_t nlines;
	size_t bom; /* 3 when the file starts with a UTF-8 BOM */
};

void srcfile_init(struct srcfile *f, const char *buf, size_t len);
void srcfile_free(struct srcfile *f);
/* 1-based line and column (in characters, the BOM not counted) of a byte. */
void srcfile_linecol(const struct srcfile *f, size_t off, int *line, int *col);
/* Byte offset of a 1-based line and character column. */
size_t srcfile_offset(const struct srcfile *f, int line, int col);

/* Anchors: text offset toff[i] is file byte soff[i]; positions between
 * anchors count on from the one before. */
struct srcmap {
	size_t *toff, *soff;
	size_t n, cap;
};

/* Text that is the file verbatim from byte start. */
void srcmap_verbatim(struct srcmap *m, size_t start);
/* Text that is the value of a scalar starting at byte start in the file. */
void srcmap_scalar(struct srcmap *m, const struct srcfile *f, size_t start, enum yscalar_style style, const char *text,
		   size_t tlen);
size_t srcmap_to_file(const struct srcmap *m, size_t toff);
void srcmap_free(struct srcmap *m);

#endif
