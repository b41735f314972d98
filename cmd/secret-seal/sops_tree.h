/* sops_tree: the ordered tree every SOPS store loads into and writes from.
 * Mappings as ordered (key, value) lists, sequences, typed leaves, and
 * comments as items of their own, the way sops models a document. */
#ifndef SECRET_SEAL_SOPS_TREE_H
#define SECRET_SEAL_SOPS_TREE_H

#include <stdbool.h>
#include <stddef.h>

enum stype {
	ST_MAP,
	ST_SEQ,
	ST_STR,
	ST_INT,
	ST_FLOAT,
	ST_BOOL,
	ST_NULL,
	ST_TIME, /* only from an explicit !!timestamp tag */
	ST_BYTES,
	ST_COMMENT, /* text after the '#' */
};

struct sitem;

struct snode {
	enum stype t;
	char *s; /* STR, TIME, BYTES, COMMENT: the bytes; INT: decimal text */
	size_t len;
	double f; /* FLOAT */
	bool b; /* BOOL */
	struct sitem *items; /* MAP, SEQ */
	size_t n, cap;
	int line, col; /* where it was read, 0 when built */
	/* The ENC[…] text a decrypted leaf came from: re-encrypting the same
	 * bytes at the same path re-uses it, so unchanged lines stay
	 * unchanged in git diffs (as sops does). */
	char *sealed;
};

/* In a mapping key is set, except for comment items; in a sequence NULL. */
struct sitem {
	char *key;
	size_t klen;
	struct snode *v;
};

/* A whole file: YAML may hold several documents, the others one. */
struct sfile {
	struct snode **docs;
	size_t n;
	/* YAML without a single document (empty, or comments only): loaded
	 * as one empty map, but sops refuses to encrypt it. */
	bool no_document;
};

struct snode *snode_new(enum stype t);
/* A leaf holding a copy of len bytes of s (STR, COMMENT, TIME, BYTES, INT). */
struct snode *snode_text(enum stype t, const char *s, size_t len);
struct snode *snode_float(double f);
struct snode *snode_bool(bool b);
/* Replace a leaf's text (the old bytes are wiped). */
void snode_set_text(struct snode *n, const char *s, size_t len);
/* Free a node and everything below it, wiping every string first: the
 * tree holds decrypted secrets. */
void snode_free(struct snode *n);
struct snode *snode_copy(const struct snode *n);

/* Append an item; key may be NULL (sequences, comments). */
void snode_push(struct snode *parent, const char *key, size_t klen, struct snode *v);
/* Index of key in a mapping, or -1. */
long snode_find(const struct snode *map, const char *key, size_t klen);
struct snode *snode_get(const struct snode *map, const char *key);
/* Remove item i and free it. */
void snode_remove(struct snode *parent, size_t i);
bool snode_is_scalar(const struct snode *n);

/* Give the leaves of to the ENC text their counterparts in from (same
 * path: keys in maps, positions in lists) were decrypted from, so that
 * re-encryption keeps unchanged values byte-identical (edit). */
void snode_adopt_sealed(struct snode *to, const struct snode *from);

void sfile_push(struct sfile *f, struct snode *doc);
void sfile_free(struct sfile *f);

#endif
