/* Unit tests: the key-source table and how the metadata holds entries —
 * parsing user-named keys (pgp fingerprints with gpg's spaces), lists
 * without duplicates, typed entries of every kind in the table, foreign
 * kinds kept as read, and the unwrap failure that lists every key. */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <sodium.h>

#include "cli.h"
#include "keysrc.h"
#include "sops_keys.h"
#include "sops_meta.h"
#include "sops_store.h"

START_TEST(pgp_fingerprints)
{
	const struct keysrc *pgp = keysrc_table(KEY_PGP);
	ck_assert_ptr_eq(keysrc_by_list("pgp"), pgp);
	ck_assert_ptr_eq(keysrc_by_list("hc_vault"), keysrc_table(KEY_VAULT));
	ck_assert_ptr_null(keysrc_by_list("gcp_kms"));
	struct keylist l = {0};
	char err[512];
	ck_assert_int_eq(keylist_add_text(&l, pgp,
					  "FBC7 B9E2 A4F9 289A C0C1 D484 3D16 CEE4 A273 81B4, "
					  "FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4",
					  NULL, err, sizeof err),
			 0);
	ck_assert_int_eq(l.n, 1); /* the same key twice is one key */
	ck_assert_str_eq(keyent_str(l.v[0].map, "fp"), "FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4");
	char *lab = keyent_label(&l.v[0]);
	ck_assert_str_eq(lab, "FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4");
	free(lab);
	ck_assert_int_eq(keylist_add_text(&l, pgp, "alice@example.com", NULL, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "bad pgp fingerprint 'alice@example.com'"));
	keylist_free(&l);
}
END_TEST

static const char meta_yaml[] = "a: ENC[x]\n"
				"sops:\n"
				"    gcp_kms:\n"
				"        - resource_id: projects/p/locations/l/keyRings/r/cryptoKeys/k\n"
				"          created_at: \"2025-01-01T00:00:00Z\"\n"
				"          enc: CiQA\n"
				"    pgp:\n"
				"        - created_at: \"2025-01-01T00:00:00Z\"\n"
				"          enc: msg\n"
				"          fp: AB12AB12AB12AB12\n"
				"    lastmodified: \"2025-01-01T00:00:00Z\"\n"
				"    unencrypted_suffix: _unencrypted\n"
				"    version: 3.9.0\n";

static int read_meta(const char *text, struct sops_meta *m, char *err, size_t errlen)
{
	struct sfile f;
	ck_assert_int_eq(store_load(SF_YAML, true, text, strlen(text), "t", &f, err, errlen), 0);
	struct snode *meta = store_take_meta(SF_YAML, &f);
	int rc = sops_meta_read(meta, m, err, errlen);
	snode_free(meta);
	sfile_free(&f);
	return rc;
}

START_TEST(meta_entries)
{
	ck_assert_int_ge(sodium_init(), 0);
	struct sops_meta m;
	char err[512];
	/* no mac: read; decrypting is what needs --ignore-mac */
	ck_assert_int_eq(read_meta(meta_yaml, &m, err, sizeof err), 0);
	ck_assert_ptr_null(m.mac);
	ck_assert_int_eq(m.keys.n, 1);
	ck_assert_int_eq(m.keys.v[0].src->kind, KEY_PGP);
	const char *names[4];
	ck_assert_int_eq(sops_meta_foreign(&m, names), 1);
	ck_assert_str_eq(names[0], "gcp_kms");
	struct snode *back = sops_meta_node(&m);
	ck_assert_str_eq(back->items[0].key, "gcp_kms");
	ck_assert_str_eq(back->items[1].key, "lastmodified");
	ck_assert_str_eq(back->items[2].key, "pgp");
	const struct snode *e = back->items[2].v->items[0].v;
	ck_assert_str_eq(e->items[0].key, "created_at");
	ck_assert_str_eq(e->items[1].key, "enc");
	ck_assert_str_eq(e->items[2].key, "fp");
	snode_free(back);
	/* nothing here opens it: each key listed with why */
	struct keyopts ko = {0};
	uint8_t *key = NULL;
	setenv("SOPS_GPG_EXEC", "/nonexistent/gpg", 1);
	char why[2048];
	ck_assert_int_eq(sops_unwrap(&m, &ko, &key, why, sizeof why), EXIT_ENV);
	unsetenv("SOPS_GPG_EXEC");
	ck_assert_ptr_null(key);
	ck_assert_ptr_nonnull(strstr(why, "no key opens the data key; tried:\n"));
	ck_assert_ptr_nonnull(strstr(why, "\n  pgp AB12AB12AB12AB12: cannot run /nonexistent/gpg"));
	ck_assert_ptr_nonnull(strstr(why, "\n  gcp_kms: secret-seal cannot use this kind of key"));
	sops_meta_free(&m);
}
END_TEST

START_TEST(meta_bad_entries)
{
	struct sops_meta m;
	char err[512];
	const char *noenc = "sops:\n    lastmodified: x\n    pgp:\n        - fp: AB\n";
	ck_assert_int_eq(read_meta(noenc, &m, err, sizeof err), -1);
	ck_assert_str_eq(err, "sops.pgp[0] needs the string 'enc'");
	const char *notlist = "sops:\n    lastmodified: x\n    pgp: AB\n";
	ck_assert_int_eq(read_meta(notlist, &m, err, sizeof err), -1);
	ck_assert_str_eq(err, "sops.pgp must be a list");
	const char *nolm = "sops:\n    mac: x\n";
	ck_assert_int_eq(read_meta(nolm, &m, err, sizeof err), -1);
	ck_assert_str_eq(err, "the 'sops' metadata lacks lastmodified");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("keysrc");
	TCase *tc = tcase_create("keysrc");
	tcase_add_test(tc, pgp_fingerprints);
	tcase_add_test(tc, meta_entries);
	tcase_add_test(tc, meta_bad_entries);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
