/* yamljson: common/yaml.c's node tree turned into jansson values. */
#include "yamljson.h"
#include "cli.h"
#include "yaml.h"
#include "yaml_json.h"

#include <stdlib.h>
#include <string.h>

int yaml_to_json_docs(const char *buf, size_t len, const char *name, struct ydocs *out, char *err,
		      size_t errlen)
{
	struct yfile *yf;
	struct yerror ye;
	memset(out, 0, sizeof *out);
	if (yaml_load(buf, len, &yf, &ye) != 0) {
		snprintf(err, errlen, "%s:%d:%d: %s", name, ye.line, ye.col, ye.msg);
		return -1;
	}
	out->docs = xcalloc(yf->ndocs + 1, sizeof *out->docs);
	out->lines = xcalloc(yf->ndocs + 1, sizeof *out->lines);
	for (size_t i = 0; i < yf->ndocs; i++) {
		const struct ynode *root = yf->docs[i].root;
		if (!root || (root->type == YN_SCALAR && yscalar_resolve(root) == YR_NULL))
			continue;
		out->docs[out->n] = ynode_to_json(root);
		out->lines[out->n] = root->line;
		out->n++;
	}
	yfile_free(yf);
	return 0;
}

void ydocs_free(struct ydocs *d)
{
	for (size_t i = 0; i < d->n; i++)
		json_decref(d->docs[i]);
	free(d->docs);
	free(d->lines);
	memset(d, 0, sizeof *d);
}
