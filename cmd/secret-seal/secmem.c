/* secmem: allocating locked memory for secrets, exit 4 when it fails.
 * One place turns a failed sodium_malloc into exit 4, so no caller has to
 * repeat the check. */
#include <sodium.h>

#include "cli.h"
#include "secmem.h"

void *secure_alloc(size_t n)
{
	void *p = sodium_malloc(n);
	if (!p)
		die(EXIT_ENV, "out of locked memory (raise the memlock limit: ulimit -l)");
	return p;
}
