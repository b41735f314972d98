/* sops_json: the JSON store, read and written as sops does.
 * An object in, keys in their order, ints and
 * floats told apart as sops does; out re-indented like sops (a tab by
 * default), strings escaped the way Go's encoding/json escapes them. */
#ifndef SECRET_SEAL_SOPS_JSON_H
#define SECRET_SEAL_SOPS_JSON_H

#include <jansson.h>
#include <stdio.h>

#include "sops_tree.h"

/* 0, or -1 with "name:line:col: what" in err. */
int sops_json_load(const char *buf, size_t len, const char *name, struct sfile *out, char *err, size_t errlen);
/* jansson's error text without its "near '<token>'" tail: the token may
 * be part of a secret, and messages never show one.  Into out. */
void sops_json_error(const json_error_t *je, char *out, size_t cap);
/* A jansson value as a tree (object keys in their order). */
struct snode *sops_json_value(json_t *v);
/* indent < 0 means a tab.  0, or -1 with err when a value has no JSON form
 * (NaN, infinities). */
int sops_json_emit(FILE *fp, const struct snode *n, int indent, char *err, size_t errlen);

#endif
