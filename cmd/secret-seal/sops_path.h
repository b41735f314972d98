/* sops_path: sops's --extract path syntax, `["key"]['key'][0]`, and its use.
 * Used by decrypt --extract, set and unset. */
#ifndef SECRET_SEAL_SOPS_PATH_H
#define SECRET_SEAL_SOPS_PATH_H

#include <stdbool.h>
#include <stddef.h>

#include "sops_tree.h"

struct spath_step {
	char *key; /* NULL for an index */
	size_t index;
};

struct spath {
	struct spath_step *v;
	size_t n;
};

/* 0, or -1 with a message naming the offset. */
int spath_parse(const char *s, struct spath *p, char *err, size_t errlen);
void spath_free(struct spath *p);

/* The node at p under root, or NULL with err ("component ["x"] not found"). */
struct snode *spath_get(struct snode *root, const struct spath *p, char *err, size_t errlen);
/* Put v at p, creating missing mappings on the way; a list index may be
 * one past the end (append).  Takes v.  0, or -1 with err. */
int spath_set(struct snode *root, const struct spath *p, struct snode *v, char *err, size_t errlen);
/* Remove the item at p.  0, or -1 with err when it is not there. */
int spath_unset(struct snode *root, const struct spath *p, char *err, size_t errlen);

#endif
