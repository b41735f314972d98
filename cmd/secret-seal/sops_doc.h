/* sops_doc: one SOPS file in memory, and the steps every command strings together.
 * Its tree, its metadata and, once recovered, its data key; the steps: load,
 * open the data key, decrypt and check the MAC, seal (encrypt, new MAC and
 * lastmodified), render. */
#ifndef SECRET_SEAL_SOPS_DOC_H
#define SECRET_SEAL_SOPS_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sops_keys.h"
#include "sops_meta.h"
#include "sops_store.h"
#include "sops_tree.h"

/* Input caps: a plaintext file or value up to SOPS_MAX_PLAIN, an encrypted
 * file up to SOPS_MAX_FILE.  Encryption grows a file (about 2.7 times for
 * YAML of short values), so the second is larger, and no encrypted form
 * larger than it is ever written: whatever we write we can read back. */
enum { SOPS_ERRLEN = 1536, SOPS_MAX_PLAIN = 64 << 20, SOPS_MAX_FILE = 256 << 20 };

struct sops_doc {
	const char *path; /* as given; "-" for stdin */
	const char *name; /* for messages: path, or "<stdin>" */
	enum sfmt fmt; /* the format it was read in */
	struct sfile tree;
	struct sops_meta meta;
	bool has_meta;
	uint8_t *key; /* the data key (locked memory) or NULL */
	struct store_opts store;
};

/* The format of path: type when given (>= 0), else from its name ("-" is
 * YAML). */
enum sfmt sops_doc_format(const char *path, int type);

/* Read and parse a file ("-" stdin).  Takes the metadata out of the tree
 * when there is one (d->has_meta).  0, or an exit status with err. */
int sops_doc_read(struct sops_doc *d, const char *path, int type, char *err, size_t errlen);
/* The same for a file that must be encrypted: exit 3 when it is not. */
int sops_doc_load(struct sops_doc *d, const char *path, int type, char *err, size_t errlen);
void sops_doc_free(struct sops_doc *d);

/* Recover the data key from the age entries. */
int sops_doc_open_key(struct sops_doc *d, const struct keyopts *ko, char *err, size_t errlen);
/* Decrypt every value in place and check the MAC (unless ignore_mac).
 * 0, 1 (authentication) or 3 (malformed) with err naming the path. */
int sops_doc_decrypt(struct sops_doc *d, bool ignore_mac, char *err, size_t errlen);
/* sops_doc_load, sops_doc_open_key and sops_doc_decrypt in turn: the
 * decrypted document, or the first failure's code with err set.  d must
 * be freed either way. */
int sops_doc_open(struct sops_doc *d, const char *path, int type, const struct keyopts *ko, bool ignore_mac, char *err,
		  size_t errlen);
/* In GitHub Actions: ::add-mask:: on stderr for every string value that
 * was encrypted, 4 characters or more (masking "1" or "on" would blank
 * every log line that has one), before any is printed. */
void sops_doc_mask(const struct sops_doc *d);
/* Encrypt every selected value with d->key (re-using the old ENC text of
 * unchanged values when reuse), compute the MAC, stamp lastmodified now. */
void sops_doc_seal(struct sops_doc *d, bool reuse);

/* The encrypted file's text (metadata put back in).  malloc'd, or NULL
 * with err. */
char *sops_doc_render_sealed(struct sops_doc *d, enum sfmt out, size_t *len, char *err, size_t errlen);
/* The plaintext document (no metadata). */
char *sops_doc_render_plain(struct sops_doc *d, enum sfmt out, size_t *len, char *err, size_t errlen);

/* Write text to path atomically, keeping an existing file's mode (else
 * mode), or to stdout for NULL/"-".  0, or exit 3 after a message. */
int sops_write_out(const char *path, const char *text, size_t len, mode_t mode);

#endif
