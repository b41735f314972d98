/* armor: age's ASCII armor, decoded as a reader layer and encoded as a writer.
 * The reader is strict (stricter than age 1.1.1):
 * every line at most 64 columns and none empty, CRLF accepted, a line
 * shorter than 48 bytes decoded must be followed by the END line, nothing
 * but up to 1 KiB of whitespace around the armor. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "armor.h"
#include "cli.h"

enum { COLS = 64, LINE_BYTES = 48, MAX_WS = 1024 };

struct armor_state {
	struct reader *inner;
	unsigned lineno;
	bool started, done;
};

static bool is_ws(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Next line without its "\n" and one "\r"; -1 on error (reported). */
static long next_line(struct reader *r, struct armor_state *st, const uint8_t **line)
{
	long n = reader_line(st->inner, COLS + 8, line);
	if (n < 0) {
		if (st->inner->status != AGE_OK)
			return reader_fail(r, st->inner->status, "%s", st->inner->msg);
		return reader_fail(r, AGE_ERR_ARMOR, "armor line %u is longer than %d columns", st->lineno + 1, COLS);
	}
	if (n == 0)
		return reader_fail(r, AGE_ERR_ARMOR, "armor ends before its END line");
	st->lineno++;
	if ((*line)[n - 1] == '\n')
		n--;
	if (n > 0 && (*line)[n - 1] == '\r')
		n--;
	return n;
}

static bool line_is(const uint8_t *line, long n, const char *want)
{
	return (size_t)n == strlen(want) && memcmp(line, want, (size_t)n) == 0;
}

/* After the END line: whitespace only, and not much of it. */
static long finish(struct reader *r, struct armor_state *st)
{
	uint8_t tail[MAX_WS + 1];
	size_t n = reader_read(st->inner, tail, sizeof tail);
	if (st->inner->status != AGE_OK)
		return reader_fail(r, st->inner->status, "%s", st->inner->msg);
	for (size_t i = 0; i < n; i++)
		if (!is_ws(tail[i]))
			return reader_fail(r, AGE_ERR_ARMOR, "data after the armor's END line");
	if (n > MAX_WS)
		return reader_fail(r, AGE_ERR_ARMOR, "too much whitespace after the armor");
	st->done = true;
	return 0;
}

static long start(struct reader *r, struct armor_state *st)
{
	size_t have = reader_peek(st->inner, MAX_WS + COLS);
	size_t skip = 0;
	while (skip < have && skip <= MAX_WS && is_ws(st->inner->buf[st->inner->pos + skip])) {
		if (st->inner->buf[st->inner->pos + skip] == '\n')
			st->lineno++;
		skip++;
	}
	if (skip > MAX_WS)
		return reader_fail(r, AGE_ERR_ARMOR, "too much whitespace before the armor");
	st->inner->pos += skip;
	const uint8_t *line;
	long n = next_line(r, st, &line);
	if (n < 0)
		return -1;
	if (!line_is(line, n, ARMOR_BEGIN))
		return reader_fail(r, AGE_ERR_ARMOR,
				   "not an age file: line %u is neither 'age-encryption.org/v1' "
				   "nor '" ARMOR_BEGIN "'",
				   st->lineno);
	st->started = true;
	return 0;
}

static long armor_fill(struct reader *r, uint8_t *dst, size_t cap)
{
	struct armor_state *st = r->ctx;
	if (!st->started && start(r, st) < 0)
		return -1;
	size_t produced = 0;
	while (!st->done && cap - produced >= LINE_BYTES) {
		const uint8_t *line;
		long n = next_line(r, st, &line);
		if (n < 0)
			return -1;
		if (line_is(line, n, ARMOR_END)) {
			if (finish(r, st) < 0)
				return -1;
			break;
		}
		if (n == 0)
			return reader_fail(r, AGE_ERR_ARMOR, "armor line %u is empty", st->lineno);
		if (n > COLS)
			return reader_fail(r, AGE_ERR_ARMOR, "armor line %u is longer than %d columns", st->lineno,
					   COLS);
		size_t got = 0;
		const char *end = NULL;
		if (sodium_base642bin(dst + produced, cap - produced, (const char *)line, (size_t)n, NULL, &got, &end,
				      sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    end != (const char *)line + n)
			return reader_fail(r, AGE_ERR_ARMOR, "armor line %u is not canonical base64", st->lineno);
		produced += got;
		if (got < LINE_BYTES) {
			n = next_line(r, st, &line);
			if (n < 0)
				return -1;
			if (!line_is(line, n, ARMOR_END))
				return reader_fail(r, AGE_ERR_ARMOR, "armor line %u: expected '" ARMOR_END "'",
						   st->lineno);
			if (finish(r, st) < 0)
				return -1;
		}
	}
	return (long)produced;
}

void armor_reader_init(struct reader *r, struct reader *inner)
{
	reader_init_mem(r, NULL, 0);
	struct armor_state *st = xcalloc(1, sizeof *st);
	st->inner = inner;
	r->ctx = st;
	r->fill = armor_fill;
}

void armor_reader_free(struct reader *r)
{
	free(r->ctx);
	reader_free(r);
}

void armor_writer_init(struct armor_writer *w, FILE *fp)
{
	memset(w, 0, sizeof *w);
	w->fp = fp;
}

enum { BATCH_LINES = 1024 };

static int flush_lines(struct armor_writer *w)
{
	if (w->nline && fwrite(w->line, 1, w->nline, w->fp) != w->nline)
		return -1;
	w->nline = 0;
	return 0;
}

/* Encode n (<= 48) bytes as one line into the batch. */
static int put_line(struct armor_writer *w, const uint8_t *p, size_t n)
{
	if (!w->line)
		w->line = xmalloc(BATCH_LINES * (COLS + 1) + 1);
	char *dst = w->line + w->nline;
	sodium_bin2base64(dst, COLS + 1, p, n, sodium_base64_VARIANT_ORIGINAL);
	size_t len = strlen(dst);
	dst[len] = '\n';
	w->nline += len + 1;
	if (w->nline > (BATCH_LINES - 1) * (COLS + 1))
		return flush_lines(w);
	return 0;
}

int armor_write(struct armor_writer *w, const uint8_t *p, size_t n)
{
	if (!w->started) {
		if (fputs(ARMOR_BEGIN "\n", w->fp) == EOF)
			return -1;
		w->started = true;
	}
	if (w->npart) {
		size_t take = LINE_BYTES - w->npart < n ? LINE_BYTES - w->npart : n;
		memcpy(w->part + w->npart, p, take);
		w->npart += take;
		p += take;
		n -= take;
		if (w->npart < LINE_BYTES)
			return 0;
		w->npart = 0;
		if (put_line(w, w->part, LINE_BYTES) < 0)
			return -1;
	}
	for (; n >= LINE_BYTES; p += LINE_BYTES, n -= LINE_BYTES)
		if (put_line(w, p, LINE_BYTES) < 0)
			return -1;
	memcpy(w->part, p, n);
	w->npart = n;
	return 0;
}

int armor_close(struct armor_writer *w)
{
	int rc = 0;
	if (!w->started && fputs(ARMOR_BEGIN "\n", w->fp) == EOF)
		rc = -1;
	if (rc == 0 && w->npart && put_line(w, w->part, w->npart) < 0)
		rc = -1;
	if (rc == 0 && (flush_lines(w) < 0 || fputs(ARMOR_END "\n", w->fp) == EOF))
		rc = -1;
	sodium_memzero(w->part, sizeof w->part);
	free(w->line);
	w->line = NULL;
	return rc;
}
