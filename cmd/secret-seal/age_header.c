/* age_header: reading, checking and writing the text header of an age file.
 * The reader keeps the raw bytes because the MAC covers the header as
 * received; re-encoding could differ from what was signed. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "age_header.h"
#include "cli.h"
#include "encode.h"
#include "hkdf.h"
#include "strbuf.h"
#include "vec.h"

enum { MAX_LINE = 4096, MAX_HEADER = 1024 * 1024, BODY_COLS = 64 };

struct parse {
	struct reader *r;
	struct header *h;
	size_t cap;
	unsigned lineno;
	char line[MAX_LINE + 1]; /* the current line, NUL-terminated */
	char *err;
	size_t errlen;
};

static enum age_status fail(struct parse *p, const char *what)
{
	snprintf(p->err, p->errlen, "header line %u: %s", p->lineno, what);
	return AGE_ERR_HEADER;
}

/* Next header line, appended to h->raw as read, and returned without its
 * '\n' in p->line.  Returns its length or -1. */
static long next_line(struct parse *p, char **line, enum age_status *st)
{
	const uint8_t *l;
	long n = reader_line(p->r, MAX_LINE, &l);
	p->lineno++;
	if (n < 0 && p->r->status != AGE_OK) {
		*st = p->r->status;
		snprintf(p->err, p->errlen, "%s", p->r->msg);
		return -1;
	}
	if (n < 0) {
		*st = fail(p, "line too long");
		return -1;
	}
	if (n == 0 || l[n - 1] != '\n') {
		*st = fail(p, "the header ends before its '---' line");
		return -1;
	}
	if (p->h->rawlen + (size_t)n + 1 > MAX_HEADER) {
		*st = fail(p, "header larger than 1 MiB");
		return -1;
	}
	VEC_RESERVE(p->h->raw, p->cap, p->h->rawlen + (size_t)n + 1);
	memcpy(p->h->raw + p->h->rawlen, l, (size_t)n);
	p->h->rawlen += (size_t)n;
	memcpy(p->line, l, (size_t)n - 1);
	p->line[n - 1] = '\0';
	*line = p->line;
	return n - 1;
}

uint8_t *b64_raw_decode(const char *s, size_t n, size_t *outlen)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '=' || s[i] == '\r' || s[i] == '\n' || s[i] == ' ')
			return NULL;
	return b64_decode(s, n, B64_STD_NOPAD, outlen);
}

static bool valid_arg(const char *a, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)a[i] < 33 || (unsigned char)a[i] > 126)
			return false;
	return true;
}

static enum age_status parse_stanza(struct parse *p, const char *line, size_t n)
{
	struct stanza s = {0};
	const char *a = line + 3, *end = line + n;
	while (a <= end) {
		const char *sp = memchr(a, ' ', (size_t)(end - a));
		const char *e = sp ? sp : end;
		if (!valid_arg(a, (size_t)(e - a))) {
			for (size_t i = 0; i < s.nargs; i++)
				free(s.args[i]);
			free(s.args);
			return fail(p, "stanza arguments must be non-empty printable ASCII "
				       "separated by single spaces");
		}
		s.args = xrealloc(s.args, (s.nargs + 1) * sizeof *s.args);
		s.args[s.nargs++] = xstrndup(a, (size_t)(e - a));
		a = e + 1;
	}
	p->h->v = xrealloc(p->h->v, (p->h->n + 1) * sizeof *p->h->v);
	p->h->v[p->h->n++] = s;
	struct stanza *sp = &p->h->v[p->h->n - 1];

	/* The body: 64-column lines ended by a shorter (maybe empty) one. */
	char *b64 = NULL;
	size_t blen = 0;
	enum age_status st = AGE_OK;
	for (;;) {
		char *l;
		long ln = next_line(p, &l, &st);
		if (ln < 0)
			break;
		if (ln > BODY_COLS) {
			st = fail(p, "stanza body line longer than 64 columns");
			break;
		}
		b64 = xrealloc(b64, blen + (size_t)ln + 1);
		memcpy(b64 + blen, l, (size_t)ln);
		blen += (size_t)ln;
		if (ln < BODY_COLS)
			break;
	}
	if (st == AGE_OK) {
		sp->body = blen ? b64_raw_decode(b64, blen, &sp->bodylen) : xcalloc(1, 1);
		if (!sp->body)
			st = fail(p, "stanza body is not canonical unpadded base64");
	}
	free(b64);
	return st;
}

enum age_status header_read(struct reader *r, struct header *h, char *err, size_t errlen)
{
	memset(h, 0, sizeof *h);
	struct parse p = {.r = r, .h = h, .err = err, .errlen = errlen};
	enum age_status st = AGE_OK;
	char *line;
	long n = next_line(&p, &line, &st);
	if (n < 0)
		return st;
	if (strcmp(line, AGE_VERSION_LINE) != 0)
		return fail(&p, strncmp(line, "age-encryption.org/", 19) == 0
					? "unsupported age format version"
					: "not an age file: expected 'age-encryption.org/v1'");
	for (;;) {
		n = next_line(&p, &line, &st);
		if (n < 0)
			return st;
		if (strncmp(line, "-> ", 3) == 0) {
			st = parse_stanza(&p, line, (size_t)n);
			if (st != AGE_OK)
				return st;
			continue;
		}
		if (strncmp(line, "---", 3) != 0)
			return fail(&p, "expected a '-> ' stanza or the '---' MAC line");
		/* The MAC covers everything up to and including "---". */
		size_t footer = (size_t)n + 1;
		h->rawlen -= footer - 3;
		size_t maclen = 0;
		uint8_t *mac = NULL;
		if (line[3] == ' ')
			mac = b64_raw_decode(line + 4, (size_t)n - 4, &maclen);
		if (!mac || maclen != 32) {
			free(mac);
			return fail(&p, "the MAC line must be '--- ' and 43 base64 characters");
		}
		memcpy(h->mac, mac, 32);
		free(mac);
		if (h->n == 0)
			return fail(&p, "no recipient stanza");
		return AGE_OK;
	}
}

void header_free(struct header *h)
{
	for (size_t i = 0; i < h->n; i++) {
		for (size_t j = 0; j < h->v[i].nargs; j++)
			free(h->v[i].args[j]);
		free(h->v[i].args);
		free(h->v[i].body);
	}
	free(h->v);
	free(h->raw);
	memset(h, 0, sizeof *h);
}

void header_add(struct header *h, const char *const *args, size_t nargs, const uint8_t *body, size_t bodylen)
{
	h->v = xrealloc(h->v, (h->n + 1) * sizeof *h->v);
	struct stanza *s = &h->v[h->n++];
	s->nargs = nargs;
	s->args = xcalloc(nargs, sizeof *s->args);
	for (size_t i = 0; i < nargs; i++)
		s->args[i] = xstrdup(args[i]);
	s->body = xmalloc(bodylen + 1);
	memcpy(s->body, body, bodylen);
	s->bodylen = bodylen;
}

void header_mac(const uint8_t file_key[16], const char *raw, size_t rawlen, uint8_t mac[32])
{
	uint8_t key[32];
	hkdf_sha256(file_key, 16, NULL, 0, "header", key);
	hmac_sha256(key, sizeof key, (const uint8_t *)raw, rawlen, mac);
	sodium_memzero(key, sizeof key);
}

char *header_format(const struct header *h, const uint8_t file_key[16], size_t *lenp)
{
	struct strbuf b = {0};
	strbuf_adds(&b, AGE_VERSION_LINE "\n");
	for (size_t i = 0; i < h->n; i++) {
		const struct stanza *s = &h->v[i];
		strbuf_adds(&b, "->");
		for (size_t j = 0; j < s->nargs; j++) {
			strbuf_adds(&b, " ");
			strbuf_adds(&b, s->args[j]);
		}
		strbuf_adds(&b, "\n");
		char *b64 = b64_encode(s->body, s->bodylen, B64_STD_NOPAD);
		size_t blen = strlen(b64), off = 0;
		/* Full 64-column lines, then a shorter final one (maybe empty). */
		for (;;) {
			size_t take = blen - off < BODY_COLS ? blen - off : BODY_COLS;
			strbuf_addn(&b, b64 + off, take);
			strbuf_adds(&b, "\n");
			off += take;
			if (take < BODY_COLS)
				break;
		}
		free(b64);
	}
	strbuf_adds(&b, "---");
	uint8_t mac[32];
	header_mac(file_key, b.s, b.len, mac);
	char *m = b64_encode(mac, sizeof mac, B64_STD_NOPAD);
	strbuf_adds(&b, " ");
	strbuf_adds(&b, m);
	strbuf_adds(&b, "\n");
	free(m);
	*lenp = b.len;
	return strbuf_take(&b);
}
