/* The version parsers on arbitrary strings.  Invariants: no crash or
 * leak; a normalised version parses again to itself (PEP 440), and a
 * semver version string is itself valid and the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pep440.h"
#include "semver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);
	struct semver v;
	if (semver_parse(s, &v) == 0) {
		char *ver = semver_version(&v);
		struct semver w;
		if (semver_parse(ver, &w) != 0)
			abort();
		char *again = semver_version(&w);
		if (strcmp(ver, again) != 0)
			abort();
		free(again);
		free(ver);
		semver_free(&w);
		semver_free(&v);
	}
	struct pep440 p;
	if (pep440_parse(s, &p) == 0) {
		char *norm = pep440_normalize(&p);
		struct pep440 q;
		if (pep440_parse(norm, &q) != 0)
			abort();
		char *again = pep440_normalize(&q);
		if (strcmp(norm, again) != 0 || pep440_is_special(&p) != pep440_is_special(&q))
			abort();
		free(again);
		free(norm);
		pep440_free(&q);
		pep440_free(&p);
	}
	free(s);
	return 0;
}
