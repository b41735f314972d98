/* The template parser and renderer on arbitrary templates, with a
 * context that knows a few names and a helper.  Invariant: no crash or
 * leak; a render that succeeds gives a string. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tpl.h"

static int resolve(void *ud, const struct tpl_call *c, char **out, char *err, size_t errlen)
{
	(void)ud;
	(void)err;
	(void)errlen;
	if (strcmp(c->name, "branch") == 0 || strcmp(c->name, "date") == 0) {
		*out = xstrdup(c->nparams && c->params[0].defined ? c->params[0].s : "a&b");
		return 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);
	char *out, err[512];
	if (tpl_render(s, resolve, NULL, &out, err, sizeof err) == 0)
		free(out);
	(void)tpl_is_single(s, "raw");
	free(s);
	return 0;
}
