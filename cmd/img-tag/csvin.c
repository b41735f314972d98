/* csvin: a small CSV reader that behaves like csv-parse with the options
 * docker/metadata-action uses (relax_quotes for lists, strict for entries,
 * comment '#' only at the start of a line). */
#include "csvin.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "strbuf.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

char *trim_dup(const char *s, size_t n)
{
	while (n && is_space(*s))
		s++, n--;
	while (n && is_space(s[n - 1]))
		n--;
	return xstrndup(s, n);
}

struct reader {
	const char *s;
	size_t p;
	int line;
	bool relaxed;
	bool comments;
	char *err;
	size_t errlen;
};

static bool at_eol(const struct reader *r, size_t p)
{
	return r->s[p] == '\0' || r->s[p] == '\n' || r->s[p] == '\r';
}

static void skip_eol(struct reader *r)
{
	if (r->s[r->p] == '\r' && r->s[r->p + 1] == '\n')
		r->p++;
	if (r->s[r->p] != '\0') {
		r->p++;
		r->line++;
	}
}

/* One record into fields: 1 when read, 0 at the end of input, -1 on error. */
static int read_record(struct reader *r, struct strvec *fields)
{
	for (;;) {
		char c = r->s[r->p];
		if (c == '\0')
			return 0;
		if (c == '\n' || c == '\r') {
			skip_eol(r);
			continue;
		}
		if (r->comments && c == '#') {
			while (!at_eol(r, r->p))
				r->p++;
			skip_eol(r);
			continue;
		}
		break;
	}
	struct strbuf f = {0};
	bool quoting = false;
	int qline = r->line;
	for (;;) {
		char c = r->s[r->p];
		if (quoting) {
			if (c == '\0') {
				snprintf(r->err, r->errlen, "line %d: quote not closed", qline);
				free(f.s);
				return -1;
			}
			if (c == '"' && r->s[r->p + 1] == '"') {
				strbuf_addc(&f, '"');
				r->p += 2;
				continue;
			}
			if (c == '"') {
				quoting = false;
				r->p++;
				if (r->s[r->p] == ',' || at_eol(r, r->p))
					continue;
				if (!r->relaxed) {
					snprintf(r->err, r->errlen, "line %d: text after a closing quote", r->line);
					free(f.s);
					return -1;
				}
				/* csv-parse keeps the quote as text and reads on. */
				struct strbuf g = {0};
				strbuf_addc(&g, '"');
				strbuf_addn(&g, f.s ? f.s : "", f.len);
				free(f.s);
				f = g;
				continue;
			}
			if (c == '\n')
				r->line++;
			strbuf_addc(&f, c);
			r->p++;
			continue;
		}
		if (c == '"' && f.len == 0) {
			quoting = true;
			qline = r->line;
			r->p++;
			continue;
		}
		if (c == '"' && !r->relaxed) {
			snprintf(r->err, r->errlen, "line %d: a quote inside an unquoted field; quote the whole field",
				 r->line);
			free(f.s);
			return -1;
		}
		if (c == ',' || at_eol(r, r->p)) {
			strvec_push(fields, strbuf_take(&f));
			if (c != ',') {
				skip_eol(r);
				return 1;
			}
			r->p++;
			continue;
		}
		strbuf_addc(&f, c);
		r->p++;
	}
}

int csv_list(const char *text, struct strvec *out, char *err, size_t errlen)
{
	struct reader r = {.s = text, .line = 1, .relaxed = true, .comments = true, .err = err, .errlen = errlen};
	for (;;) {
		struct strvec fields = {0};
		int rc = read_record(&r, &fields);
		if (rc <= 0) {
			strvec_free(&fields);
			return rc;
		}
		char *joined = strvec_join(&fields, ",");
		char *t = trim_dup(joined, strlen(joined));
		free(joined);
		strvec_free(&fields);
		if (*t)
			strvec_push(out, t);
		else
			free(t);
	}
}

int csv_fields(const char *entry, struct strvec *out, char *err, size_t errlen)
{
	struct reader r = {.s = entry, .line = 1, .err = err, .errlen = errlen};
	return read_record(&r, out) < 0 ? -1 : 0;
}
