/* sops_rule: which values a file encrypts, the selection rule.
 * The one selection rule of its metadata (suffixes, key regexes, comment
 * regexes; Go RE2 syntax matched with PCRE2, unanchored). */
#ifndef SECRET_SEAL_SOPS_RULE_H
#define SECRET_SEAL_SOPS_RULE_H

#include <stdbool.h>
#include <stddef.h>

enum sops_rule_kind {
	RULE_UNENCRYPTED_SUFFIX,
	RULE_ENCRYPTED_SUFFIX,
	RULE_UNENCRYPTED_REGEX,
	RULE_ENCRYPTED_REGEX,
	RULE_UNENCRYPTED_COMMENT_REGEX,
	RULE_ENCRYPTED_COMMENT_REGEX,
	RULE_COUNT,
};

struct sops_rule {
	enum sops_rule_kind kind;
	char *arg;
	void *re; /* pcre2_code for the regex kinds */
};

/* Metadata key of a kind ("unencrypted_suffix", ...). */
const char *sops_rule_name(enum sops_rule_kind k);
/* Kind of a metadata key, or -1. */
int sops_rule_kind_of(const char *name);
/* 0, or -1 with a message when a regex does not compile. */
int sops_rule_set(struct sops_rule *r, enum sops_rule_kind k, const char *arg, char *err, size_t errlen);
/* The default: unencrypted_suffix "_unencrypted". */
void sops_rule_default(struct sops_rule *r);
void sops_rule_free(struct sops_rule *r);
bool sops_rule_is_comment(const struct sops_rule *r);
/* Does a key (or, for the comment kinds, a comment) match the rule's pattern? */
bool sops_rule_match(const struct sops_rule *r, const char *s, size_t len);

/* A regex in the same dialect for .sops.yaml's path_regex: compiled code
 * (free with sops_regex_free) or NULL with a message. */
void *sops_regex_compile(const char *pattern, char *err, size_t errlen);
bool sops_regex_search(void *re, const char *s, size_t len);
void sops_regex_free(void *re);

#endif
