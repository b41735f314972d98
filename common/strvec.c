/* strvec: see strvec.h. */
#include "strvec.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "vec.h"
#include "xalloc.h"

void strvec_push(struct strvec *sv, char *s)
{
	VEC_RESERVE(sv->v, sv->cap, sv->n + 2);
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void strvec_pushn(struct strvec *sv, const char *s, size_t n)
{
	strvec_push(sv, xstrndup(s, n));
}

char *strvec_join(const struct strvec *sv, const char *sep)
{
	struct strbuf b = {0};
	for (size_t i = 0; i < sv->n; i++) {
		if (i)
			strbuf_adds(&b, sep);
		strbuf_adds(&b, sv->v[i]);
	}
	return strbuf_take(&b);
}

void strvec_free(struct strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof *sv);
}
