/* vec: see vec.h. */
#include "vec.h"

#include "msg.h"
#include "xalloc.h"

void *vec_grow(void *v, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap * 2 : 8;
	if (n < need)
		n = need;
	if (n > (size_t)-1 / size)
		die(EXIT_ENV, "out of memory");
	*cap = n;
	return xrealloc(v, n * size);
}
