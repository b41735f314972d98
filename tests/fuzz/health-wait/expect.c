/* libFuzzer: the parsers of health-wait's arguments and the judging of an
 * answer.  Input: line 1 an --expect-json spec, line 2 an --expect-status
 * list, line 3 an --expect-header spec, line 4 a TARGET; the rest is the
 * response body (its headers are line 3 again, as a header block, which
 * is also searched for a Retry-After). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "retryafter.h"
#include "target.h"

/* glibc's regcomp needs memory exponential in stacked quantifiers
 * ("a++++++++"), as grep -E does: the pattern is the user's own argument,
 * not network input, so the harness leaves those out. */
static int stacked_quantifiers(const char *re)
{
	int run = 0;
	for (; *re; re++) {
		run = strchr("+*?{}", *re) ? run + 1 : 0;
		if (run > 3)
			return 1;
	}
	return 0;
}

/* The next line of [*p, end) as a NUL-terminated copy; advances *p. */
static char *next_line(const char **p, const char *end)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	size_t len = nl ? (size_t)(nl - *p) : (size_t)(end - *p);
	char *s = malloc(len + 1);
	memcpy(s, *p, len);
	s[len] = '\0';
	*p = nl ? nl + 1 : end;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	char *json = next_line(&p, end), *status = next_line(&p, end);
	char *header = next_line(&p, end), *target = next_line(&p, end);
	char err[512], why[512];
	struct expect *e = expect_new();
	expect_json(e, json, err, sizeof err);
	expect_status(e, status, err, sizeof err);
	if (!stacked_quantifiers(header))
		expect_header(e, header, err, sizeof err);
	if (!stacked_quantifiers(json))
		expect_body(e, json, err, sizeof err);
	target_check(target, err, sizeof err);
	free(target_display(target));
	char *hdr = malloc(strlen(header) + 32);
	strcpy(hdr, "HTTP/1.1 200 OK\r\n");
	strcat(hdr, header);
	/* Bodies come NUL-terminated from the probe, as regexec wants. */
	size_t blen = (size_t)(end - p);
	char *body = malloc(blen + 1);
	memcpy(body, p, blen);
	body[blen] = '\0';
	struct answer a = {200, body, blen, false, hdr};
	expect_check(e, &a, why, sizeof why);
	a.status = 503;
	expect_check(e, &a, why, sizeof why);
	retry_after_ms(hdr, 1796196600);
	expect_free(e);
	free(hdr);
	free(body);
	free(json);
	free(status);
	free(header);
	free(target);
	return 0;
}
