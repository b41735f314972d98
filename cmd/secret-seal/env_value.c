/* env_value: a decrypted scalar as text, the one stringification exec-env
 * and k8s-secret share. */
#include "env_value.h"

#include <string.h>

#include "cli.h"
#include "sops_float.h"

char *env_value(const struct snode *n, size_t *len)
{
	char buf[GOFLOAT_MAX + 4];
	switch (n->t) {
	case ST_MAP:
	case ST_SEQ:
	case ST_COMMENT: return NULL;
	case ST_NULL: buf[0] = '\0'; break;
	case ST_BOOL: strcpy(buf, n->b ? "true" : "false"); break;
	case ST_FLOAT:
		gofloat_format(n->f, GOF_PLAIN, buf, GOFLOAT_MAX);
		if (!strpbrk(buf, ".IN"))
			strcat(buf, ".0");
		break;
	default: {
		char *s = xmalloc(n->len + 1);
		memcpy(s, n->s, n->len);
		s[n->len] = '\0';
		*len = n->len;
		return s;
	}
	}
	*len = strlen(buf);
	return xstrdup(buf);
}
