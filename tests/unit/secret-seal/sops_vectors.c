/* Unit tests: every file in ../shared/vectors/sops decrypts to the
 * plaintext manifest.json lists, through the value, AAD, type, comment and
 * MAC layers, with the data key the manifest gives (most of these files
 * wrap it only for PGP).  Key order is compared too. */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>
#include <sodium.h>

#include "encode.h"
#include "secmem.h"
#include "sops_doc.h"

static char *shared_path(const char *rel)
{
	const char *root = getenv("AGENTCI_SHARED");
	if (!root || !*root)
		return NULL;
	size_t n = strlen(root) + strlen(rel) + 2;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s", root, rel);
	return p;
}

/* The tree as JSON values, in order (comments dropped, as in the manifest). */
static json_t *to_json(const struct snode *n)
{
	switch (n->t) {
	case ST_MAP: {
		json_t *o = json_object();
		for (size_t i = 0; i < n->n; i++)
			if (n->items[i].v->t != ST_COMMENT)
				json_object_setn_new(o, n->items[i].key, n->items[i].klen, to_json(n->items[i].v));
		return o;
	}
	case ST_SEQ: {
		json_t *a = json_array();
		for (size_t i = 0; i < n->n; i++)
			if (n->items[i].v->t != ST_COMMENT)
				json_array_append_new(a, to_json(n->items[i].v));
		return a;
	}
	case ST_INT: return json_integer(strtoll(n->s, NULL, 10));
	case ST_FLOAT: return json_real(n->f);
	case ST_BOOL: return json_boolean(n->b);
	case ST_NULL: return json_null();
	default: return json_stringn(n->s, n->len);
	}
}

static char *dump(const json_t *v)
{
	return json_dumps(v, JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(17));
}

static int format_of(const char *name)
{
	if (!strcmp(name, "yaml"))
		return SF_YAML;
	if (!strcmp(name, "json"))
		return SF_JSON;
	return SF_DOTENV;
}

START_TEST(every_vector_decrypts_to_its_plaintext)
{
	char *mpath = shared_path("vectors/sops/manifest.json");
	if (!mpath) {
		ck_assert_msg(getenv("AGENTCI_REQUIRE_SHARED") == NULL, "shared data missing");
		fprintf(stderr, "skip: AGENTCI_SHARED not set, no sops vectors\n");
		return;
	}
	json_error_t je;
	json_t *m = json_load_file(mpath, JSON_PRESERVE_ORDER, &je);
	ck_assert_msg(m != NULL, "%s: %s", mpath, je.text);
	size_t done = 0;
	for (size_t i = 0; i < json_array_size(m); i++) {
		json_t *e = json_array_get(m, i);
		const char *file = json_string_value(json_object_get(e, "file"));
		char rel[256];
		snprintf(rel, sizeof rel, "vectors/sops/%s", file);
		char *path = shared_path(rel);
		struct sops_doc d;
		char err[SOPS_ERRLEN];
		int fmt = format_of(json_string_value(json_object_get(e, "format")));
		ck_assert_msg(sops_doc_load(&d, path, fmt, err, sizeof err) == 0, "%s", err);
		ck_assert_str_eq(d.meta.lastmodified, json_string_value(json_object_get(e, "lastmodified")));
		d.key = secure_alloc(32);
		const char *hex = json_string_value(json_object_get(e, "data_key_hex"));
		ck_assert_int_eq(hex_decode(hex, strlen(hex), d.key, 32), 32);
		ck_assert_msg(sops_doc_decrypt(&d, false, err, sizeof err) == 0, "%s: %s", file, err);
		json_t *got = to_json(d.tree.docs[0]);
		char *a = dump(got), *b = dump(json_object_get(e, "expected_plaintext"));
		ck_assert_msg(strcmp(a, b) == 0, "%s:\n got  %s\n want %s", file, a, b);
		free(a);
		free(b);
		json_decref(got);
		sops_doc_free(&d);
		free(path);
		done++;
	}
	ck_assert_int_eq(done, 8);
	json_decref(m);
	free(mpath);
}
END_TEST

/* The comments of the encrypted comments file are the plain file's. */
START_TEST(encrypted_comments_decrypt_in_place)
{
	char *path = shared_path("vectors/sops/sops-ft-comments.enc.yaml");
	if (!path)
		return;
	struct sops_doc d;
	char err[SOPS_ERRLEN];
	ck_assert_msg(sops_doc_load(&d, path, -1, err, sizeof err) == 0, "%s", err);
	d.key = secure_alloc(32);
	hex_decode("61bec946f5783fd4cea3d1b1ce407fce2b6e81fc301cc539c422015e27f6d1be", 64, d.key, 32);
	ck_assert_msg(sops_doc_decrypt(&d, false, err, sizeof err) == 0, "%s", err);
	const struct snode *doc = d.tree.docs[0];
	ck_assert_int_eq(doc->n, 4);
	ck_assert_int_eq(doc->items[0].v->t, ST_COMMENT);
	ck_assert_str_eq(doc->items[0].v->s, " first comment in file");
	ck_assert_str_eq(doc->items[1].key, "lorem");
	ck_assert_str_eq(doc->items[2].v->s, " this-is-a-comment");
	size_t len;
	char *text = sops_doc_render_plain(&d, SF_YAML, &len, err, sizeof err);
	ck_assert_str_eq(text, "# first comment in file\nlorem: ipsum\n# this-is-a-comment\ndolor: sit\n");
	free(text);
	sops_doc_free(&d);
	free(path);
}
END_TEST

/* A wrong data key, a moved value and a changed clear value each fail. */
START_TEST(tampering_is_caught)
{
	char *path = shared_path("vectors/sops/sops-example.yaml");
	if (!path)
		return;
	const char *hex = "8c68886c50b5b72965a3cb99c5172e1d74a8aca27b39ee880b535d6907e59f68";
	struct sops_doc d;
	char err[SOPS_ERRLEN];
	/* wrong key: the first value fails its tag, exit 1 */
	ck_assert_int_eq(sops_doc_load(&d, path, -1, err, sizeof err), 0);
	d.key = secure_alloc(32);
	hex_decode(hex, 64, d.key, 32);
	d.key[0] ^= 1;
	ck_assert_int_eq(sops_doc_decrypt(&d, false, err, sizeof err), 1);
	ck_assert_msg(strstr(err, "[\"myapp1\"]") != NULL, "%s", err);
	sops_doc_free(&d);
	/* swap two encrypted values between paths: AAD mismatch */
	ck_assert_int_eq(sops_doc_load(&d, path, -1, err, sizeof err), 0);
	d.key = secure_alloc(32);
	hex_decode(hex, 64, d.key, 32);
	struct snode *root = d.tree.docs[0];
	struct snode *a = root->items[snode_find(root, "myapp1", 6)].v;
	struct snode *app2 = snode_get(root, "app2");
	struct snode *b = snode_get(app2, "key");
	char *tmp = a->s;
	size_t tl = a->len;
	a->s = b->s, a->len = b->len;
	b->s = tmp, b->len = tl;
	ck_assert_int_eq(sops_doc_decrypt(&d, false, err, sizeof err), 1);
	sops_doc_free(&d);
	/* a clear value changed: every value opens, the MAC does not match */
	ck_assert_int_eq(sops_doc_load(&d, path, -1, err, sizeof err), 0);
	d.key = secure_alloc(32);
	hex_decode(hex, 64, d.key, 32);
	struct snode *nu = snode_get(snode_get(snode_get(root = d.tree.docs[0], "nested_unencrypted"), "this"), "is");
	struct snode *all = snode_get(nu, "all");
	snode_set_text(all, "XYZZY-42", 8);
	ck_assert_int_eq(sops_doc_decrypt(&d, false, err, sizeof err), 1);
	ck_assert_msg(strstr(err, "MAC mismatch") != NULL, "%s", err);
	ck_assert_msg(strstr(err, "XYZZY") == NULL, "a value leaked into: %s", err);
	sops_doc_free(&d);
	/* ... which --ignore-mac reads anyway */
	ck_assert_int_eq(sops_doc_load(&d, path, -1, err, sizeof err), 0);
	d.key = secure_alloc(32);
	hex_decode(hex, 64, d.key, 32);
	snode_set_text(
		snode_get(snode_get(snode_get(snode_get(d.tree.docs[0], "nested_unencrypted"), "this"), "is"), "all"),
		"changed", 7);
	ck_assert_int_eq(sops_doc_decrypt(&d, true, err, sizeof err), 0);
	sops_doc_free(&d);
	free(path);
}
END_TEST

static void init(void)
{
	ck_assert_int_ge(sodium_init(), 0);
}

static Suite *suite(void)
{
	Suite *s = suite_create("sops_vectors");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, init, NULL);
	tcase_add_test(tc, every_vector_decrypts_to_its_plaintext);
	tcase_add_test(tc, encrypted_comments_decrypt_in_place);
	tcase_add_test(tc, tampering_is_caught);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
