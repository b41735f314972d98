/* strvec: a growable vector of owned strings, NULL-terminated like argv. */
#ifndef AGENTCI_STRVEC_H
#define AGENTCI_STRVEC_H

#include <stddef.h>

/* {0} is an empty vector; v[n] is NULL once anything was pushed. */
struct strvec {
	char **v;
	size_t n, cap;
};

/* Append s, taking ownership. */
void strvec_push(struct strvec *sv, char *s);
/* Append a copy of s[0..n). */
void strvec_pushn(struct strvec *sv, const char *s, size_t n);
/* The items joined with sep; malloc'd ("" for none). */
char *strvec_join(const struct strvec *sv, const char *sep);
void strvec_free(struct strvec *sv);

#endif
