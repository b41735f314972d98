/* age_reader: one buffer for every layer, so the header parser can read
 * lines and the payload loop can take 64 KiB chunks from the same place. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "age_reader.h"
#include "cli.h"

static long fill_file(struct reader *r, uint8_t *dst, size_t n)
{
	FILE *fp = r->ctx;
	size_t got = fread(dst, 1, n, fp);
	if (got == 0 && ferror(fp))
		return reader_fail(r, AGE_ERR_IO, "read error: %s", strerror(errno));
	return (long)got;
}

static long fill_mem(struct reader *r, uint8_t *dst, size_t n)
{
	if (n > r->memlen)
		n = r->memlen;
	memcpy(dst, r->mem, n);
	r->mem += n;
	r->memlen -= n;
	return (long)n;
}

static void reader_init(struct reader *r)
{
	memset(r, 0, sizeof *r);
	r->buf = xmalloc(READER_BUF);
}

void reader_init_file(struct reader *r, FILE *fp)
{
	reader_init(r);
	r->fill = fill_file;
	r->ctx = fp;
}

void reader_init_mem(struct reader *r, const uint8_t *p, size_t n)
{
	reader_init(r);
	r->fill = fill_mem;
	r->mem = p;
	r->memlen = n;
}

void reader_free(struct reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

long reader_fail(struct reader *r, enum age_status st, const char *fmt, ...)
{
	if (r->status == AGE_OK) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(r->msg, sizeof r->msg, fmt, ap);
		va_end(ap);
		r->status = st;
	}
	r->eof = true;
	return -1;
}

/* One fill call into the free end of the buffer. */
static long reader_more(struct reader *r)
{
	if (r->eof)
		return 0;
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	}
	if (READER_BUF - r->len < 64)
		return 0;
	long got = r->fill(r, r->buf + r->len, READER_BUF - r->len);
	if (got <= 0) {
		r->eof = true;
		return got;
	}
	r->len += (size_t)got;
	return got;
}

size_t reader_peek(struct reader *r, size_t n)
{
	while (r->len - r->pos < n && reader_more(r) > 0)
		;
	return r->len - r->pos;
}

size_t reader_read(struct reader *r, uint8_t *dst, size_t n)
{
	size_t done = 0;
	while (done < n) {
		size_t have = r->len - r->pos;
		if (have > 0) {
			size_t take = have < n - done ? have : n - done;
			memcpy(dst + done, r->buf + r->pos, take);
			r->pos += take;
			done += take;
		} else if (r->eof) {
			break;
		} else if (n - done >= 64) {
			/* Large reads skip the buffer: no extra copy of the payload. */
			long got = r->fill(r, dst + done, n - done);
			if (got <= 0)
				r->eof = true;
			else
				done += (size_t)got;
		} else if (reader_more(r) <= 0) {
			break;
		}
	}
	return done;
}

long reader_line(struct reader *r, size_t max, const uint8_t **line)
{
	size_t scanned = 0;
	for (;;) {
		size_t have = r->len - r->pos;
		const uint8_t *p = r->buf + r->pos;
		const uint8_t *nl = memchr(p + scanned, '\n', have - scanned);
		if (nl) {
			size_t n = (size_t)(nl - p) + 1;
			if (n > max)
				return -1;
			*line = p;
			r->pos += n;
			return (long)n;
		}
		if (have > max)
			return -1;
		scanned = have;
		if (reader_more(r) <= 0) {
			if (r->status != AGE_OK)
				return -1;
			have = r->len - r->pos;
			*line = r->buf + r->pos;
			r->pos += have;
			return (long)have;
		}
	}
}
