/* input: log lines from a file, a byte range of one, or stdin, gzip or
 * plain (told apart by the magic bytes, not the name), through one buffer
 * that only grows to the longest line: memory stays flat in the log size. */
#ifndef COST_CHECK_INPUT_H
#define COST_CHECK_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct input;

/* Open path ("-" = stdin) for reading the bytes [start, end) of it; end -1
 * reads to the end.  A range needs a plain regular file (start must be the
 * first byte of a line).  NULL with "path: reason" in err. */
struct input *input_open(const char *path, off_t start, off_t end, char *err, size_t errlen);
/* The next line without its '\n' (a last line without one is returned as
 * is).  1 for a line, 0 at the end, -1 on a read or gzip error (err). */
int input_line(struct input *in, char **line, size_t *len, char *err, size_t errlen);
void input_close(struct input *in);

/* Can path be split across threads?  True for a plain (not gzip) regular
 * file; *size gets its size. */
bool input_splittable(const char *path, off_t *size);
/* Cut [0, size) of a plain file into at most n ranges that start at line
 * starts: bounds[0] = 0 ... bounds[k] = size.  Returns k (>= 1), -1 on a
 * read error. */
int input_split(const char *path, off_t size, int n, off_t *bounds);

#endif
