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

/* The longest log line read: a longer one is skipped to its end and
 * counted as one rejected line (too_long), so memory stays bounded. */
#define LOG_LINE_CAP ((size_t)16 << 20)

/* Open path ("-" = stdin) for reading the bytes [start, end) of it; end -1
 * reads to the end.  A range needs a plain regular file (start must be the
 * first byte of a line).  With hash, the raw bytes read are hashed (see
 * input_digest).  NULL with "path: reason" in err. */
struct input *input_open(const char *path, off_t start, off_t end, bool hash, char *err, size_t errlen);
/* The next line without its '\n' (a last line without one is returned as
 * is).  1 for a line, 0 at the end, -1 on a read or gzip error (err); 2
 * for a line longer than LOG_LINE_CAP, skipped: *line NULL, *len its length. */
int input_line(struct input *in, char **line, size_t *len, char *err, size_t errlen);
void input_close(struct input *in);
/* After the last line: the sha256 of the raw bytes read, and their count. */
void input_digest(struct input *in, char out[65], uint64_t *nread);

/* Can path be split across threads?  True for a plain (not gzip) regular
 * file; *size gets its size. */
bool input_splittable(const char *path, off_t *size);
/* Cut [start, end) of a plain file (start at a line start) into at most n
 * ranges that start at line starts: bounds[0] = start ... bounds[k] = end.
 * Returns k (>= 1), -1 on a read error. */
int input_split(const char *path, off_t start, off_t end, int n, off_t *bounds);
/* The first line start at or after p in a plain file of size bytes (size
 * when no line starts there); -1 on a read error. */
off_t input_line_start(const char *path, off_t p, off_t size);
/* The number of '\n' in [0, end) of a file; -1 on a read error. */
int64_t input_count_lines(const char *path, off_t end);

#endif
