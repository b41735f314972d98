/* yaml: libyaml into a small node tree that keeps where everything came
 * from (line, column, byte offsets), key order, duplicate keys, every
 * document of a stream, anchors and aliases (bounded), and the comments
 * libyaml throws away — recovered from the source text around its marks,
 * because secret-seal must carry them through a round trip. */
#ifndef AGENTCI_YAML_H
#define AGENTCI_YAML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum ynode_type { YN_SCALAR, YN_SEQ, YN_MAP };
enum yscalar_style { YS_PLAIN, YS_SINGLE, YS_DOUBLE, YS_LITERAL, YS_FOLDED };

struct ynode;

struct ypair {
	struct ynode *key, *value;
};

struct ynode {
	enum ynode_type type;
	int line, col; /* 1-based start */
	size_t start, end; /* byte offsets of the node in the source */
	char *tag; /* explicit tag ("!!str", "!custom") or NULL */
	char *anchor; /* anchor name or NULL */
	bool alias; /* this slot was written as *anchor */
	/* Whole comment lines just above this node (map keys and sequence
	 * items), and the comment at the end of its line; each without the
	 * leading "#" and one space, lines joined by '\n'.  NULL when none. */
	char *comment_before;
	char *comment_after;
	union {
		struct {
			char *str;
			size_t len;
			enum yscalar_style style;
		} scalar;
		struct {
			struct ynode **items;
			size_t n;
			bool flow;
		} seq;
		struct {
			struct ypair *pairs;
			size_t n;
			bool flow;
		} map;
	} u;
};

/* A key that appeared twice in one mapping: both places. */
struct ydup {
	char *key;
	int first_line, first_col;
	int line, col;
};

struct ydoc {
	struct ynode *root; /* NULL for an empty document */
	int line; /* where the document starts */
	bool explicit_start; /* written with --- */
	char *comment_end; /* comment lines after the last node */
};

struct yfile {
	struct ydoc *docs;
	size_t ndocs;
	struct ydup *dups;
	size_t ndups;
	const char *src; /* the caller's buffer, not owned */
	size_t srclen;
	void *arena; /* every node and string lives here */
};

struct yerror {
	int line, col; /* 1-based where the problem was found */
	char msg[256]; /* libyaml's problem, lower case */
	int ctx_line, ctx_col; /* where the construct opened (quote, block), 0 when none */
	char ctx[128];
};

/* Bounds on aliases: beyond either the file is refused as an alias bomb. */
#define YAML_MAX_ALIASES 10000
#define YAML_MAX_EXPANDED_NODES 1000000

/* Parse a whole stream.  buf must outlive the result.  0 on success, -1
 * with err filled (YAML syntax, or an alias bomb, or an undefined alias). */
int yaml_load(const char *buf, size_t len, struct yfile **out, struct yerror *err);
/* yaml_load with the error written "name:line:col: what" into err. */
int yaml_load_named(const char *buf, size_t len, const char *name, struct yfile **out, char *err, size_t errlen);
/* (Not yaml_free: libyaml exports that name for its own allocator.) */
void yfile_free(struct yfile *yf);

/* Look-ups: the value of key in a mapping (last one wins when duplicated,
 * as most YAML loaders do), or NULL. */
struct ynode *ymap_get(const struct ynode *map, const char *key);
/* Scalar text, or NULL when n is not a scalar. */
const char *yscalar(const struct ynode *n);
bool yscalar_is(const struct ynode *n, const char *s);
/* YAML 1.2 core-schema resolution of a plain scalar: null, bool, int,
 * float or str (quoted scalars and !!str are always str). */
enum yresolved { YR_NULL, YR_BOOL, YR_INT, YR_FLOAT, YR_STR };
enum yresolved yscalar_resolve(const struct ynode *n);

/* s as a YAML double-quoted scalar; other control bytes as \xHH with
 * upper-case digits, as go-yaml writes them (sops files are diffed). */
void yaml_write_double_quoted(FILE *fp, const char *s, size_t len);
/* True when s must be quoted to stay the same string when read back. */
bool yaml_needs_quotes(const char *s, size_t len);

#endif
