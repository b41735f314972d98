/* jsre: PCRE2 set up to read JavaScript syntax (\uHHHH, [^], $ only at
 * the end, backreferences to unset groups match empty) and flags. */
#include "jsre.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void push(struct jsre_result *res, const char *s, size_t n, bool defined)
{
	res->items = xrealloc(res->items, (res->n + 1) * sizeof *res->items);
	res->items[res->n].defined = defined;
	res->items[res->n].s = defined ? xstrndup(s, n) : NULL;
	res->n++;
}

static int compile(const char *pattern, const char *flags, pcre2_code **code, bool *global, bool *sticky, char *err,
		   size_t errlen)
{
	uint32_t opts = PCRE2_ALT_BSUX | PCRE2_ALLOW_EMPTY_CLASS | PCRE2_MATCH_UNSET_BACKREF | PCRE2_UTF |
			PCRE2_MATCH_INVALID_UTF; /* stray bytes in a tag are text, as in JS */
	uint32_t extra = 0;
	bool multiline = false;
	*global = *sticky = false;
	for (const char *f = flags; *f; f++) {
		if (strchr(f + 1, *f) || !strchr("dgimsuvy", *f)) {
			snprintf(err, errlen, "invalid regular expression flags \"%s\"", flags);
			return -1;
		}
		switch (*f) {
		case 'g': *global = true; break;
		case 'y': *sticky = true; break;
		case 'i': opts |= PCRE2_CASELESS; break;
		case 'm':
			multiline = true;
			opts |= PCRE2_MULTILINE;
			break;
		case 's': opts |= PCRE2_DOTALL; break;
		case 'u':
		case 'v': extra |= PCRE2_EXTRA_ALT_BSUX; break;
		default: break; /* d: indices, no effect on the result */
		}
	}
	if (!multiline)
		opts |= PCRE2_DOLLAR_ENDONLY;
	pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
	pcre2_set_compile_extra_options(cc, extra);
	int ec;
	PCRE2_SIZE off;
	*code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts, &ec, &off, cc);
	pcre2_compile_context_free(cc);
	if (!*code) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(ec, msg, sizeof msg);
		snprintf(err, errlen, "invalid regular expression /%s/: %s at offset %zu", pattern, (char *)msg,
			 (size_t)off);
		return -1;
	}
	return 0;
}

int jsre_match(const char *pattern, const char *flags, const char *subject, struct jsre_result *res, char *err,
	       size_t errlen)
{
	memset(res, 0, sizeof *res);
	pcre2_code *code;
	bool global, sticky;
	if (compile(pattern, flags, &code, &global, &sticky, err, errlen))
		return -1;
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
	size_t len = strlen(subject), start = 0;
	int rc = 0;
	for (;;) {
		int m = pcre2_match(code, (PCRE2_SPTR)subject, len, start, sticky ? PCRE2_ANCHORED : 0, md, NULL);
		if (m == PCRE2_ERROR_NOMATCH)
			break;
		if (m < 0) {
			PCRE2_UCHAR msg[160];
			pcre2_get_error_message(m, msg, sizeof msg);
			snprintf(err, errlen, "regular expression /%s/ on \"%s\": %s", pattern, subject, (char *)msg);
			rc = -1;
			break;
		}
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		rc = 1;
		if (!global) {
			uint32_t groups;
			pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups);
			for (uint32_t g = 0; g <= groups; g++) {
				bool set = g < (uint32_t)m && ov[2 * g] != PCRE2_UNSET;
				push(res, subject + (set ? ov[2 * g] : 0), set ? ov[2 * g + 1] - ov[2 * g] : 0, set);
			}
			break;
		}
		push(res, subject + ov[0], ov[1] - ov[0], true);
		start = ov[1];
		if (ov[1] == ov[0]) {
			/* An empty match: step over one UTF-8 character. */
			if (start >= len)
				break;
			start++;
			while (start < len && ((unsigned char)subject[start] & 0xC0) == 0x80)
				start++;
		}
		if (start > len)
			break;
	}
	pcre2_match_data_free(md);
	pcre2_code_free(code);
	if (rc <= 0)
		jsre_free(res);
	return rc;
}

const char *jsre_get(const struct jsre_result *res, const char *key)
{
	/* Array indices are canonical decimal numbers: "01" is not one. */
	if (!*key || (key[0] == '0' && key[1]) || strspn(key, "0123456789") != strlen(key) || strlen(key) > 9)
		return NULL;
	size_t i = (size_t)strtoul(key, NULL, 10);
	return i < res->n && res->items[i].defined ? res->items[i].s : NULL;
}

void jsre_free(struct jsre_result *res)
{
	for (size_t i = 0; i < res->n; i++)
		free(res->items[i].s);
	free(res->items);
	memset(res, 0, sizeof *res);
}
