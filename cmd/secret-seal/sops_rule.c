/* sops_rule: selection rules, set, named and matched.
 * Regexes use PCRE2, which reads the RE2 syntax sops users write (\d, (?i),
 * non-greedy, classes) the same way. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "sops_rule.h"

#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char *const names[RULE_COUNT] = {
	"unencrypted_suffix", "encrypted_suffix",          "unencrypted_regex",
	"encrypted_regex",    "unencrypted_comment_regex", "encrypted_comment_regex",
};

const char *sops_rule_name(enum sops_rule_kind k)
{
	return names[k];
}

int sops_rule_kind_of(const char *name)
{
	for (int i = 0; i < RULE_COUNT; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

void *sops_regex_compile(const char *pattern, char *err, size_t errlen)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
				       &code, &off, NULL);
	if (!re) {
		PCRE2_UCHAR msg[200];
		pcre2_get_error_message(code, msg, sizeof msg);
		snprintf(err, errlen, "bad regular expression '%s' at offset %zu: %s", pattern, (size_t)off,
			 (char *)msg);
	}
	return re;
}

bool sops_regex_search(void *re, const char *s, size_t len)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

void sops_regex_free(void *re)
{
	pcre2_code_free(re);
}

int sops_rule_set(struct sops_rule *r, enum sops_rule_kind k, const char *arg, char *err, size_t errlen)
{
	memset(r, 0, sizeof *r);
	r->kind = k;
	if (k != RULE_UNENCRYPTED_SUFFIX && k != RULE_ENCRYPTED_SUFFIX) {
		r->re = sops_regex_compile(arg, err, errlen);
		if (!r->re)
			return -1;
	}
	r->arg = xstrdup(arg);
	return 0;
}

void sops_rule_default(struct sops_rule *r)
{
	char err[8];
	sops_rule_set(r, RULE_UNENCRYPTED_SUFFIX, "_unencrypted", err, sizeof err);
}

void sops_rule_free(struct sops_rule *r)
{
	free(r->arg);
	if (r->re)
		pcre2_code_free(r->re);
	memset(r, 0, sizeof *r);
}

bool sops_rule_is_comment(const struct sops_rule *r)
{
	return r->kind == RULE_UNENCRYPTED_COMMENT_REGEX || r->kind == RULE_ENCRYPTED_COMMENT_REGEX;
}

bool sops_rule_match(const struct sops_rule *r, const char *s, size_t len)
{
	if (r->re)
		return sops_regex_search(r->re, s, len);
	size_t n = strlen(r->arg);
	return len >= n && !memcmp(s + len - n, r->arg, n);
}
