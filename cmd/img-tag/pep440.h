/* pep440: Python version identifiers (PEP 440), parsed with the accepted
 * spellings (leading 'v', alpha/beta/c/pre/preview, rev/r, implicit
 * numbers, '-', '_' and '.' separators, any case) and normalised. */
#ifndef IMG_TAG_PEP440_H
#define IMG_TAG_PEP440_H

#include <stdbool.h>
#include <stddef.h>

/* Numbers are kept as decimal text without leading zeros: PEP 440 puts no
 * bound on them. */
struct pep440 {
	char *epoch; /* "0" when absent */
	char **release; /* at least one */
	size_t nrelease;
	char *pre_l; /* "a", "b", "rc", or NULL */
	char *pre_n;
	char *post_n; /* NULL when no post-release segment */
	char *dev_n; /* NULL when no dev segment */
	char *local; /* normalised local label, NULL when none */
};

/* 0 and *v filled when s is a valid version; -1 otherwise. */
int pep440_parse(const char *s, struct pep440 *v);
/* The normalised form ("1.2.3b2", "1!2.0.post1+ubuntu.1"), malloc'd. */
char *pep440_normalize(const struct pep440 *v);
/* Release component i, "0" when the release is shorter. */
const char *pep440_release(const struct pep440 *v, size_t i);
/* A pre-, post- or dev-release (the action treats all three alike). */
bool pep440_is_special(const struct pep440 *v);
void pep440_free(struct pep440 *v);

#endif
