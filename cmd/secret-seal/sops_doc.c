/* sops_doc: the file-level steps from load to render.
 * The tree holds plaintext after sops_doc_decrypt; every string is wiped
 * when it is freed. */
#include "sops_doc.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "fs.h"
#include "gha.h"
#include "sops_crypt.h"
#include "timeutil.h"

enum sfmt sops_doc_format(const char *path, int type)
{
	if (type >= 0)
		return (enum sfmt)type;
	if (!strcmp(path, "-"))
		return SF_YAML;
	return sfmt_from_path(path);
}

int sops_doc_read(struct sops_doc *d, const char *path, int type, char *err, size_t errlen)
{
	memset(d, 0, sizeof *d);
	d->path = path;
	d->name = strcmp(path, "-") ? path : "<stdin>";
	d->fmt = sops_doc_format(path, type);
	d->store.json_indent = -1;
	char *buf;
	size_t len;
	if (fs_read_all(path, SOPS_MAX_FILE, &buf, &len, err, errlen) != 0)
		return EXIT_INPUT;
	/* Past the plaintext cap only an encrypted file, with its sops key,
	 * is read: refused before parsing when the word is not even there. */
	if (len > SOPS_MAX_PLAIN && !memmem(buf, len, "sops", 4)) {
		snprintf(err, errlen, "%s: larger than %d bytes", d->name, SOPS_MAX_PLAIN);
		sodium_memzero(buf, len);
		free(buf);
		return EXIT_INPUT;
	}
	/* An encrypted binary file is JSON; a plain one is any bytes. */
	bool looks_encrypted = d->fmt == SF_BINARY && len > 0 && buf[0] == '{' && strstr(buf, "\"sops\"");
	int rc = store_load(d->fmt, looks_encrypted, buf, len, d->name, &d->tree, err, errlen);
	sodium_memzero(buf, len);
	free(buf);
	if (rc != 0)
		return EXIT_INPUT;
	struct snode *meta = store_take_meta(d->fmt, &d->tree);
	if (meta) {
		char e[512];
		rc = sops_meta_read(meta, &d->meta, e, sizeof e);
		snode_free(meta);
		if (rc != 0) {
			snprintf(err, errlen, "%s: %s", d->name, e);
			return EXIT_INPUT;
		}
		d->has_meta = true;
	}
	if (!d->has_meta && len > SOPS_MAX_PLAIN) {
		snprintf(err, errlen, "%s: larger than %d bytes", d->name, SOPS_MAX_PLAIN);
		return EXIT_INPUT;
	}
	return 0;
}

int sops_doc_load(struct sops_doc *d, const char *path, int type, char *err, size_t errlen)
{
	int rc = sops_doc_read(d, path, type, err, errlen);
	if (rc == 0 && !d->has_meta) {
		snprintf(err, errlen,
			 "%s: not encrypted: it has no sops metadata; encrypt it with "
			 "`secret-seal encrypt` first",
			 d->name);
		rc = EXIT_INPUT;
	}
	return rc;
}

int sops_doc_open(struct sops_doc *d, const char *path, int type, const struct keyopts *ko, bool ignore_mac, char *err,
		  size_t errlen)
{
	int rc = sops_doc_load(d, path, type, err, errlen);
	if (rc == 0)
		rc = sops_doc_open_key(d, ko, err, errlen);
	if (rc == 0)
		rc = sops_doc_decrypt(d, ignore_mac, err, errlen);
	return rc;
}

void sops_doc_free(struct sops_doc *d)
{
	sfile_free(&d->tree);
	if (d->has_meta)
		sops_meta_free(&d->meta);
	if (d->key)
		sodium_free(d->key);
	memset(d, 0, sizeof *d);
}

int sops_doc_open_key(struct sops_doc *d, const struct keyopts *ko, char *err, size_t errlen)
{
	char e[SOPS_ERRLEN - 128];
	int rc = sops_unwrap(&d->meta, ko, &d->key, e, sizeof e);
	if (rc != 0)
		snprintf(err, errlen, "%s: %s", d->name, e);
	return rc;
}

int sops_doc_decrypt(struct sops_doc *d, bool ignore_mac, char *err, size_t errlen)
{
	struct sops_walk w = {.key = d->key, .rule = &d->meta.rule, .mac_only_encrypted = d->meta.mac_only_encrypted};
	int rc = sops_decrypt_file(&d->tree, &w);
	if (rc != 0) {
		snprintf(err, errlen, "%s: %s", d->name, w.err);
		return rc;
	}
	char computed[129], stored[129];
	sops_walk_mac(&w, computed);
	if (ignore_mac)
		return 0;
	if (!d->meta.mac) {
		snprintf(err, errlen,
			 "%s: the 'sops' metadata has no MAC, so nothing proves the values "
			 "were not changed; `secret-seal decrypt --ignore-mac` reads it anyway",
			 d->name);
		return EXIT_FAIL;
	}
	char e[256];
	rc = sops_mac_open(d->key, d->meta.mac, d->meta.lastmodified, stored, e, sizeof e);
	if (rc != 0) {
		snprintf(err, errlen,
			 "%s: the MAC cannot be decrypted (%s): the file was modified; "
			 "`secret-seal decrypt --ignore-mac` reads it anyway",
			 d->name, e);
		return rc == -1 ? EXIT_INPUT : EXIT_FAIL;
	}
	if (strcmp(stored, computed) != 0) {
		snprintf(err, errlen,
			 "%s: MAC mismatch: the values were changed outside sops or "
			 "secret-seal (hand-edited?); `secret-seal decrypt --ignore-mac` "
			 "reads it anyway",
			 d->name);
		return EXIT_FAIL;
	}
	return 0;
}

static void mask_node(const struct snode *n)
{
	if (n->t == ST_MAP || n->t == ST_SEQ) {
		for (size_t i = 0; i < n->n; i++)
			mask_node(n->items[i].v);
		return;
	}
	/* sealed is set on exactly the leaves that were decrypted; numbers
	 * and booleans are not masked (that would blank every "true"). */
	if (!n->sealed || (n->t != ST_STR && n->t != ST_BYTES) || n->len < 4 || strlen(n->s) != n->len)
		return;
	gha_mask_fp(stderr, n->s);
}

void sops_doc_mask(const struct sops_doc *d)
{
	for (size_t i = 0; i < d->tree.n; i++)
		mask_node(d->tree.docs[i]);
}

void sops_doc_seal(struct sops_doc *d, bool reuse)
{
	struct sops_walk w = {
		.key = d->key, .rule = &d->meta.rule, .mac_only_encrypted = d->meta.mac_only_encrypted, .reuse = reuse};
	sops_encrypt_file(&d->tree, &w);
	char mac[129], now[32];
	sops_walk_mac(&w, mac);
	rfc3339_format(now_unix(), now, sizeof now);
	free(d->meta.lastmodified);
	d->meta.lastmodified = xstrdup(now);
	free(d->meta.mac);
	d->meta.mac = sops_mac_seal(d->key, mac, now);
	sodium_memzero(mac, sizeof mac);
}

char *sops_doc_render_sealed(struct sops_doc *d, enum sfmt out, size_t *len, char *err, size_t errlen)
{
	struct snode *meta = sops_meta_node(&d->meta);
	/* A binary file's encrypted form is JSON. */
	enum sfmt f = out == SF_BINARY ? SF_JSON : out;
	store_put_meta(f, &d->tree, meta);
	snode_free(meta);
	char *text = store_emit(f, &d->tree, &d->store, len, err, errlen);
	struct snode *again = store_take_meta(f, &d->tree);
	snode_free(again);
	if (text && *len > SOPS_MAX_FILE) {
		snprintf(err, errlen,
			 "the encrypted form would be %zu bytes, more than the %d that can be read "
			 "back; nothing was written; split the file",
			 *len, SOPS_MAX_FILE);
		free(text);
		return NULL;
	}
	return text;
}

char *sops_doc_render_plain(struct sops_doc *d, enum sfmt out, size_t *len, char *err, size_t errlen)
{
	return store_emit(out, &d->tree, &d->store, len, err, errlen);
}

int sops_write_out(const char *path, const char *text, size_t len, mode_t mode)
{
	/* stdout's write errors are said at exit (close_stdout). */
	if (!path || !strcmp(path, "-"))
		return fwrite(text, 1, len, stdout) == len && fflush(stdout) == 0 ? 0 : EXIT_ENV;
	/* fs_write_atomic writes a device, FIFO or symlink in place. */
	if (fs_write_atomic(path, text, len, mode) != 0) {
		msg_error("%s: %s; the file was not changed", path, strerror(errno));
		return EXIT_ENV;
	}
	return 0;
}
