/* Unit tests: the SOPS layer's small parts — Go float text, the ENC[]
 * parser and AES-256-GCM round trip, type parsing, the lastmodified AAD,
 * dotenv's quirks, the --extract path syntax. */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <sodium.h>

#include "dotenv.h"
#include "sops_crypt.h"
#include "sops_float.h"
#include "sops_path.h"
#include "sops_time.h"
#include "sops_value.h"

static void fmt_is(double f, enum gofloat_fmt k, const char *want)
{
	char buf[GOFLOAT_MAX];
	gofloat_format(f, k, buf, sizeof buf);
	ck_assert_str_eq(buf, want);
}

START_TEST(go_float_text)
{
	/* 'f' -1: what sops encrypts and feeds the MAC */
	fmt_is(1.5, GOF_PLAIN, "1.5");
	fmt_is(1.0, GOF_PLAIN, "1");
	fmt_is(1e21, GOF_PLAIN, "1000000000000000000000");
	fmt_is(1.234568e9, GOF_PLAIN, "1234568000");
	fmt_is(0.1, GOF_PLAIN, "0.1");
	fmt_is(-0.000125, GOF_PLAIN, "-0.000125");
	/* go-yaml: 'g' -1, exponent from 1e21 down to ... and .inf */
	fmt_is(1.234568e9, GOF_YAML, "1.234568e+09");
	fmt_is(0.75, GOF_YAML, "0.75");
	fmt_is(123456.0, GOF_YAML, "123456");
	fmt_is(0.00001, GOF_YAML, "1e-05");
	fmt_is(1.0 / 0.0, GOF_YAML, ".inf");
	/* encoding/json: 'f' within [1e-6, 1e21), else 'e' with short exponent */
	fmt_is(25.4, GOF_JSON, "25.4");
	fmt_is(1e21, GOF_JSON, "1e+21");
	fmt_is(1e-7, GOF_JSON, "1e-7");
}
END_TEST

static const uint8_t key[32] = "0123456789abcdef0123456789abcdef";

START_TEST(enc_round_trip_and_aad)
{
	char *enc = sops_seal(key, "app2:db:user:", "str", "eve", 3);
	ck_assert(sops_is_enc(enc, strlen(enc)));
	/* 3 bytes -> 4 base64 chars; a 32-byte IV -> 44 chars */
	ck_assert_ptr_nonnull(strstr(enc, "data:"));
	ck_assert_int_eq(strstr(enc, ",iv:") - strstr(enc, "data:") - 5, 4);
	ck_assert_int_eq(strstr(enc, ",tag:") - strstr(enc, ",iv:") - 4, 44);
	char *pt, type[16], err[256];
	size_t len;
	ck_assert_int_eq(sops_open(key, enc, strlen(enc), "app2:db:user:", &pt, &len, type, err, sizeof err), 0);
	ck_assert_str_eq(pt, "eve");
	ck_assert_str_eq(type, "str");
	free(pt);
	/* the same ciphertext at another path fails */
	ck_assert_int_eq(sops_open(key, enc, strlen(enc), "app2:db:", &pt, &len, type, err, sizeof err), -2);
	free(enc);
}
END_TEST

START_TEST(enc_parser)
{
	struct encval ev;
	char err[256];
	/* any IV length is read (old files, other writers) */
	const char *s12 = "ENC[AES256_GCM,data:YWJj,iv:MDEyMzQ1Njc4OWFi,tag:MDEyMzQ1Njc4OWFiY2RlZg==,type:int]";
	ck_assert_int_eq(encval_parse(s12, strlen(s12), &ev, err, sizeof err), 0);
	ck_assert_int_eq(ev.iv_len, 12);
	ck_assert_int_eq(ev.data_len, 3);
	ck_assert_str_eq(ev.type, "int");
	encval_free(&ev);
	const char *bad[] = {
		"ENC[AES256_GCM,data:YWJj,iv:MDEy,tag:c2hvcnQ=,type:str]", /* tag not 16 bytes */
		"ENC[AES256_GCM,data:YWJj,iv:MDEy,tag:MDEyMzQ1Njc4OWFiY2RlZg==,type:weird]",
		"ENC[AES256_GCM,data:YW!j,iv:MDEy,tag:MDEyMzQ1Njc4OWFiY2RlZg==,type:str]",
		"ENC[AES256_GCM,data:YWJj,iv:MDEy,tag:MDEyMzQ1Njc4OWFiY2RlZg==,type:str",
		"ENC[AES256_GCM,data:YWJj,tag:MDEyMzQ1Njc4OWFiY2RlZg==,type:str]",
		"ENC[AES128_GCM,data:YWJj,iv:MDEy,tag:MDEyMzQ1Njc4OWFiY2RlZg==,type:str]",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(encval_parse(bad[i], strlen(bad[i]), &ev, err, sizeof err) == -1, "accepted %s", bad[i]);
}
END_TEST

START_TEST(typed_values)
{
	struct snode *n = sops_leaf_from("bool", "True", 4);
	ck_assert(n->t == ST_BOOL && n->b);
	snode_free(n);
	n = sops_leaf_from("bool", "f", 1);
	ck_assert(n->t == ST_BOOL && !n->b);
	snode_free(n);
	ck_assert_ptr_null(sops_leaf_from("bool", "yes", 3));
	n = sops_leaf_from("int", "-42", 3);
	ck_assert_str_eq(n->s, "-42");
	snode_free(n);
	ck_assert_ptr_null(sops_leaf_from("int", "4x", 2));
	n = sops_leaf_from("float", "1234568000", 10);
	ck_assert(n->t == ST_FLOAT && n->f == 1234568000.0);
	char *b;
	size_t len;
	const char *type;
	ck_assert_int_eq(sops_leaf_bytes(n, &b, &len, &type), 0);
	ck_assert_str_eq(b, "1234568000");
	ck_assert_str_eq(type, "float");
	free(b);
	snode_free(n);
	n = snode_bool(false);
	sops_leaf_bytes(n, &b, &len, &type);
	ck_assert_str_eq(b, "False");
	free(b);
	snode_free(n);
}
END_TEST

START_TEST(lastmodified_aad)
{
	char out[64];
	ck_assert_int_eq(sops_lastmodified_aad("2024-11-12T13:33:42Z", out, sizeof out), 0);
	ck_assert_str_eq(out, "2024-11-12T13:33:42Z");
	sops_lastmodified_aad("2024-11-12T13:33:42.123456Z", out, sizeof out);
	ck_assert_str_eq(out, "2024-11-12T13:33:42Z");
	sops_lastmodified_aad("2024-11-12T15:33:42+02:00", out, sizeof out);
	ck_assert_str_eq(out, "2024-11-12T15:33:42+02:00");
	ck_assert_int_eq(sops_lastmodified_aad("yesterday", out, sizeof out), -1);
}
END_TEST

START_TEST(dotenv_quirks)
{
	const char *text = "#c\nfoo = bar \n\nQ=\"x\"\nM=a\\nb\nE=\n";
	struct sfile f;
	char err[256];
	ck_assert_int_eq(dotenv_load(text, strlen(text), "t.env", &f, err, sizeof err), 0);
	struct snode *d = f.docs[0];
	ck_assert_int_eq(d->n, 5);
	ck_assert_int_eq(d->items[0].v->t, ST_COMMENT);
	ck_assert_str_eq(d->items[0].v->s, "c");
	ck_assert_str_eq(d->items[1].key, "foo ");
	ck_assert_str_eq(d->items[1].v->s, " bar ");
	ck_assert_str_eq(d->items[2].v->s, "\"x\"");
	ck_assert_str_eq(d->items[3].v->s, "a\nb");
	ck_assert_str_eq(d->items[4].v->s, "");
	char *buf;
	size_t len;
	FILE *fp = open_memstream(&buf, &len);
	ck_assert_int_eq(dotenv_emit(fp, d, err, sizeof err), 0);
	fclose(fp);
	ck_assert_str_eq(buf, "#c\nfoo = bar \nQ=\"x\"\nM=a\\nb\nE=\n");
	free(buf);
	sfile_free(&f);
	ck_assert_int_eq(dotenv_load("novalue\n", 8, "t.env", &f, err, sizeof err), -1);
	ck_assert_str_eq(err, "t.env:1:1: no '=' on this line; dotenv lines are KEY=value");
}
END_TEST

START_TEST(extract_paths)
{
	struct spath p;
	char err[256];
	ck_assert_int_eq(spath_parse("[\"a\"]['b c'][2]", &p, err, sizeof err), 0);
	ck_assert_int_eq(p.n, 3);
	ck_assert_str_eq(p.v[0].key, "a");
	ck_assert_str_eq(p.v[1].key, "b c");
	ck_assert_ptr_null(p.v[2].key);
	ck_assert_int_eq(p.v[2].index, 2);
	spath_free(&p);
	const char *bad[] = {"a", "[a]", "[\"a]", "[1", "", "[\"a\"]x"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(spath_parse(bad[i], &p, err, sizeof err) == -1, "accepted %s", bad[i]);
	/* set creates mappings on the way and appends to a list */
	struct snode *root = snode_new(ST_MAP);
	ck_assert_int_eq(spath_parse("[\"x\"][\"y\"]", &p, err, sizeof err), 0);
	ck_assert_int_eq(spath_set(root, &p, snode_text(ST_STR, "v", 1), err, sizeof err), 0);
	ck_assert_str_eq(spath_get(root, &p, err, sizeof err)->s, "v");
	ck_assert_int_eq(spath_unset(root, &p, err, sizeof err), 0);
	ck_assert_ptr_null(spath_get(root, &p, err, sizeof err));
	ck_assert_str_eq(err, "component [\"y\"] not found");
	spath_free(&p);
	snode_free(root);
}
END_TEST

/* !!timestamp scalars become Go's MarshalText of the parsed time. */
START_TEST(yaml_timestamps)
{
	static const char *const cases[][2] = {
		{"2002-12-14", "2002-12-14T00:00:00Z"},
		{"2001-12-14t21:59:43.10-05:00", "2001-12-14T21:59:43.1-05:00"},
		{"2001-12-14 21:59:43.10", "2001-12-14T21:59:43.1Z"},
		{"2001-12-14T21:59:43+00:00", "2001-12-14T21:59:43Z"},
		{"2024-2-3T1:2:3.123456789123Z", "2024-02-03T01:02:03.123456789Z"},
		{"2024-02-29T00:00:00.000Z", "2024-02-29T00:00:00Z"},
	};
	char out[40];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		ck_assert_int_eq(sops_time_text(cases[i][0], strlen(cases[i][0]), out), 0);
		ck_assert_str_eq(out, cases[i][1]);
	}
	static const char *const bad[] = {"2023-02-29",
					  "02-12-14",
					  "2001-12-14T21:59:43",
					  "2001-12-14 21:59:43Z",
					  "2001-13-01",
					  "2001-12-14T24:00:00Z",
					  "2001-12-14T21:59:43.Z",
					  "2001-12-14T21:59:43-5:00",
					  "now"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_int_eq(sops_time_text(bad[i], strlen(bad[i]), out), -1);
}
END_TEST

static void init(void)
{
	ck_assert_int_ge(sodium_init(), 0);
}

static Suite *suite(void)
{
	Suite *s = suite_create("sops_units");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, init, NULL);
	tcase_add_test(tc, go_float_text);
	tcase_add_test(tc, enc_round_trip_and_aad);
	tcase_add_test(tc, enc_parser);
	tcase_add_test(tc, typed_values);
	tcase_add_test(tc, lastmodified_aad);
	tcase_add_test(tc, dotenv_quirks);
	tcase_add_test(tc, extract_paths);
	tcase_add_test(tc, yaml_timestamps);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
