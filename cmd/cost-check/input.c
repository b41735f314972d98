/* input: logs read line by line (gzip or plain, a byte range or stdin), and cut at line starts. */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "cli.h"
#include "digest.h"
#include "vec.h"

#define CHUNK (1u << 20)

struct input {
	const char *path;
	int fd;
	bool own_fd;
	off_t pos, end; /* next byte to read; end -1 = to EOF */
	bool gz;
	z_stream z;
	unsigned char *zbuf; /* compressed bytes waiting for inflate */
	bool zeof; /* the compressed stream's file has ended */
	char *buf; /* decoded bytes: [beg, len) not yet returned */
	size_t cap, beg, len;
	bool eof;
	struct digest *dg; /* hashing the raw bytes, or NULL */
	uint64_t nread; /* raw bytes read */
};

/* Up to n raw bytes of the file (within the range); 0 at the end. */
static ssize_t raw_read(struct input *in, void *dst, size_t n)
{
	if (in->end >= 0) {
		if (in->pos >= in->end)
			return 0;
		if ((off_t)n > in->end - in->pos)
			n = (size_t)(in->end - in->pos);
	}
	ssize_t r;
	do
		r = in->end >= 0 ? pread(in->fd, dst, n, in->pos) : read(in->fd, dst, n);
	while (r < 0 && errno == EINTR);
	if (r > 0) {
		in->pos += r;
		in->nread += (uint64_t)r;
		if (in->dg)
			digest_update(in->dg, dst, (size_t)r);
	}
	return r;
}

/* Decoded bytes into dst: inflate for gzip (concatenated members too, as
 * gzip -d reads them), else the raw bytes.  -1 with err on failure. */
static ssize_t dec_read(struct input *in, char *dst, size_t n, char *err, size_t errlen)
{
	if (!in->gz) {
		ssize_t r = raw_read(in, dst, n);
		if (r < 0)
			snprintf(err, errlen, "%s: %s", in->path, strerror(errno));
		return r;
	}
	in->z.next_out = (unsigned char *)dst;
	in->z.avail_out = (uInt)n;
	while (in->z.avail_out == n) {
		if (!in->z.avail_in && !in->zeof) {
			ssize_t r = raw_read(in, in->zbuf, CHUNK);
			if (r < 0) {
				snprintf(err, errlen, "%s: %s", in->path, strerror(errno));
				return -1;
			}
			in->zeof = r == 0;
			in->z.next_in = in->zbuf;
			in->z.avail_in = (uInt)r;
		}
		if (!in->z.avail_in && in->zeof) {
			if (in->z.total_in == 0 && in->z.total_out == 0)
				break; /* between members (or an empty file): a clean end */
			snprintf(err, errlen, "%s: gzip data ends early; the file is truncated", in->path);
			return -1;
		}
		int rc = inflate(&in->z, Z_NO_FLUSH);
		if (rc == Z_STREAM_END) {
			/* Another member may follow; total_* mark a fresh start. */
			inflateReset(&in->z);
			if (!in->z.avail_in && in->zeof)
				break;
			continue;
		}
		if (rc != Z_OK && rc != Z_BUF_ERROR) {
			snprintf(err, errlen, "%s: gzip data is damaged (%s)", in->path,
				 in->z.msg ? in->z.msg : "inflate failed");
			return -1;
		}
	}
	return (ssize_t)(n - in->z.avail_out);
}

struct input *input_open(const char *path, off_t start, off_t end, bool hash, char *err, size_t errlen)
{
	struct input *in = xcalloc(1, sizeof *in);
	in->path = path;
	if (strcmp(path, "-") == 0) {
		in->fd = 0;
		in->path = "<stdin>";
	} else {
		in->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (in->fd < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			free(in);
			return NULL;
		}
		in->own_fd = true;
		struct stat st;
		if (fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "%s: is a folder; name the log files", path);
			input_close(in);
			return NULL;
		}
	}
	if (hash)
		in->dg = digest_new();
	in->pos = start;
	in->end = end;
	in->cap = CHUNK;
	in->buf = xmalloc(in->cap);
	/* Peek at the first bytes for gzip's magic; they stay in buf. */
	ssize_t r = raw_read(in, in->buf, in->cap);
	if (r < 0) {
		snprintf(err, errlen, "%s: %s", in->path, strerror(errno));
		input_close(in);
		return NULL;
	}
	in->len = (size_t)r;
	if (start == 0 && r >= 2 && (unsigned char)in->buf[0] == 0x1f && (unsigned char)in->buf[1] == 0x8b) {
		in->gz = true;
		in->zbuf = xmalloc(CHUNK);
		memcpy(in->zbuf, in->buf, (size_t)r);
		in->z.next_in = in->zbuf;
		in->z.avail_in = (uInt)r;
		if (inflateInit2(&in->z, 15 + 16) != Z_OK)
			die(EXIT_ENV, "out of memory");
		in->len = 0;
	} else if (r == 0) {
		in->eof = true;
	}
	return in;
}

/* The line in buf is past the cap: drop it and read on to its end. */
static int skip_line(struct input *in, char **line, size_t *len, char *err, size_t errlen)
{
	size_t skipped = in->len - in->beg;
	in->beg = in->len = 0;
	for (;;) {
		ssize_t r = dec_read(in, in->buf, in->cap, err, errlen);
		if (r < 0)
			return -1;
		if (r == 0) {
			in->eof = true;
			break;
		}
		char *nl = memchr(in->buf, '\n', (size_t)r);
		in->len = (size_t)r;
		if (nl) {
			skipped += (size_t)(nl - in->buf);
			in->beg = (size_t)(nl - in->buf) + 1;
			break;
		}
		skipped += (size_t)r;
		in->len = 0;
	}
	*line = NULL;
	*len = skipped;
	return 2;
}

int input_line(struct input *in, char **line, size_t *len, char *err, size_t errlen)
{
	size_t scanned = in->beg;
	for (;;) {
		char *nl = memchr(in->buf + scanned, '\n', in->len - scanned);
		if (nl) {
			*line = in->buf + in->beg;
			*len = (size_t)(nl - *line);
			in->beg = (size_t)(nl - in->buf) + 1;
			return 1;
		}
		if (in->eof) {
			if (in->beg == in->len)
				return 0;
			*line = in->buf + in->beg;
			*len = in->len - in->beg;
			in->beg = in->len;
			return 1;
		}
		if (in->len - in->beg >= LOG_LINE_CAP)
			return skip_line(in, line, len, err, errlen);
		/* Keep the partial line, make room, read more. */
		if (in->beg) {
			memmove(in->buf, in->buf + in->beg, in->len - in->beg);
			in->len -= in->beg;
			in->beg = 0;
		}
		scanned = in->len;
		VEC_RESERVE(in->buf, in->cap, in->len + CHUNK / 2);
		ssize_t r = dec_read(in, in->buf + in->len, in->cap - in->len, err, errlen);
		if (r < 0)
			return -1;
		if (r == 0)
			in->eof = true;
		in->len += (size_t)r;
	}
}

void input_close(struct input *in)
{
	if (!in)
		return;
	if (in->gz)
		inflateEnd(&in->z);
	if (in->dg) {
		char sink[65];
		digest_end(in->dg, sink);
	}
	if (in->own_fd)
		close(in->fd);
	free(in->zbuf);
	free(in->buf);
	free(in);
}

void input_digest(struct input *in, char out[65], uint64_t *nread)
{
	/* The rest of a range or file, if lines were not all read. */
	char buf[65536];
	while (raw_read(in, buf, sizeof buf) > 0)
		;
	digest_end(in->dg, out);
	in->dg = NULL;
	*nread = in->nread;
}

bool input_splittable(const char *path, off_t *size)
{
	struct stat st;
	if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	unsigned char m[2] = {0, 0};
	ssize_t r = pread(fd, m, 2, 0);
	close(fd);
	*size = st.st_size;
	return !(r == 2 && m[0] == 0x1f && m[1] == 0x8b);
}

off_t input_line_start(const char *path, off_t p, off_t size)
{
	if (p <= 0)
		return 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	/* A line starts after the first newline at or past p - 1. */
	char buf[65536];
	off_t q = p - 1;
	for (;;) {
		ssize_t r = pread(fd, buf, sizeof buf, q);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			close(fd);
			return -1;
		}
		if (r == 0) {
			q = size;
			break;
		}
		char *nl = memchr(buf, '\n', (size_t)r);
		if (nl) {
			q += nl - buf + 1;
			break;
		}
		q += r;
	}
	close(fd);
	return q < size ? q : size;
}

int input_split(const char *path, off_t start, off_t end, int n, off_t *bounds)
{
	int k = 0;
	bounds[0] = start;
	for (int i = 1; i < n; i++) {
		off_t p = start + (end - start) / n * i;
		if (p <= bounds[k])
			continue;
		off_t q = input_line_start(path, p, end);
		if (q < 0)
			return -1;
		if (q >= end)
			break;
		if (q > bounds[k])
			bounds[++k] = q;
	}
	bounds[++k] = end;
	return k;
}

int64_t input_count_lines(const char *path, off_t end)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	char *buf = xmalloc(CHUNK);
	int64_t n = 0;
	for (off_t p = 0; p < end;) {
		size_t want = (size_t)(end - p) < CHUNK ? (size_t)(end - p) : CHUNK;
		ssize_t r = pread(fd, buf, want, p);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			n = -1;
			break;
		}
		for (char *s = buf, *e = buf + r; (s = memchr(s, '\n', (size_t)(e - s))); s++)
			n++;
		p += r;
	}
	free(buf);
	close(fd);
	return n;
}
