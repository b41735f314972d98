/* --extract paths (`["a"][0]['b']`): any text parses or fails with a
 * message; a parsed path is looked up, set and unset on a small tree
 * without crashing, and what is set under keys alone is then found (an
 * index past the end appends, as sops does, so it is not). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sops_path.h"
#include "sops_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char doc[] = "a:\n  - b: 1\n    c: [x, y]\n  - z\nd: {e: {f: g}}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);
	struct spath p;
	char err[1024] = "";
	if (spath_parse(s, &p, err, sizeof err) != 0) {
		if (!err[0])
			abort();
		free(s);
		return 0;
	}
	struct sfile f;
	if (store_load(SF_YAML, false, doc, sizeof doc - 1, "doc.yaml", &f, err, sizeof err) != 0)
		abort();
	struct snode *root = f.docs[0];
	(void)spath_get(root, &p, err, sizeof err);
	struct snode *v = snode_text(ST_STR, "new", 3);
	bool keys_only = true;
	for (size_t i = 0; i < p.n; i++)
		keys_only = keys_only && p.v[i].key;
	if (spath_set(root, &p, v, err, sizeof err) == 0) {
		if (p.n && keys_only && !spath_get(root, &p, err, sizeof err))
			abort();
		(void)spath_unset(root, &p, err, sizeof err);
	}
	sfile_free(&f);
	spath_free(&p);
	free(s);
	return 0;
}
