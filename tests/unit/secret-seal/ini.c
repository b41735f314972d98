/* Unit tests: the INI store — go-ini's reading rules (DEFAULT section,
 * comments, quoting, continuation, inline comments), its writing (aligned
 * '=', quoting when needed, blank lines between sections) and the [sops]
 * section of flattened metadata. */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "ini.h"

static char *emit(const struct snode *doc)
{
	char *buf, err[256];
	size_t len;
	FILE *fp = open_memstream(&buf, &len);
	ck_assert_int_eq(ini_emit(fp, doc, err, sizeof err), 0);
	fclose(fp);
	return buf;
}

START_TEST(ini_reading)
{
	const char *text = "top = 1\n"
			   "; about s\n"
			   "[s]\n"
			   "  a = \"  quoted  \"\n"
			   "b: x ; inline\n"
			   "c = `raw ; kept`\n"
			   "d = \"\"\"two\nlines\"\"\"\n"
			   "e = one \\\n  two\n"
			   "# about f\n"
			   "f=\n"
			   "a = again\n"
			   "[default]\n"
			   "late = 2\n";
	struct sfile f;
	char err[256];
	ck_assert_int_eq(ini_load(text, strlen(text), "t.ini", &f, err, sizeof err), 0);
	struct snode *doc = f.docs[0];
	ck_assert_int_eq(doc->n, 2);
	ck_assert_str_eq(doc->items[0].key, "DEFAULT");
	struct snode *def = doc->items[0].v, *s = doc->items[1].v;
	ck_assert_str_eq(snode_get(def, "top")->s, "1");
	ck_assert_str_eq(snode_get(def, "late")->s, "2");
	ck_assert_int_eq(s->items[0].v->t, ST_COMMENT);
	ck_assert_str_eq(s->items[0].v->s, "about s");
	ck_assert_str_eq(snode_get(s, "b")->s, "x");
	ck_assert_str_eq(snode_get(s, "c")->s, "raw ; kept");
	ck_assert_str_eq(snode_get(s, "d")->s, "two\nlines");
	ck_assert_str_eq(snode_get(s, "e")->s, "one two");
	ck_assert_str_eq(snode_get(s, "f")->s, "");
	ck_assert_str_eq(snode_get(s, "a")->s, "again"); /* the last one wins */
	char *out = emit(doc);
	ck_assert_str_eq(out, "top  = 1\n"
			      "late = 2\n"
			      "\n"
			      "; about s\n"
			      "[s]\n"
			      "a = again\n"
			      "b = x\n"
			      "c = `raw ; kept`\n"
			      "d = \"\"\"two\nlines\"\"\"\n"
			      "e = one two\n"
			      "; about f\n"
			      "f = \n");
	free(out);
	sfile_free(&f);
}
END_TEST

START_TEST(ini_quoting_on_write)
{
	const char *text = "[q]\nlead = \" x\"\nhash = `a#b`\nk`ey = v\n";
	struct sfile f;
	char err[256];
	ck_assert_int_eq(ini_load(text, strlen(text), "t.ini", &f, err, sizeof err), 0);
	char *out = emit(f.docs[0]);
	ck_assert_str_eq(out, "[q]\nlead       = \" x\"\nhash       = `a#b`\n\"\"\"k`ey\"\"\" = v\n");
	free(out);
	sfile_free(&f);
}
END_TEST

START_TEST(ini_errors)
{
	struct sfile f;
	char err[256];
	ck_assert_int_eq(ini_load("[s]\nnovalue\n", 12, "t.ini", &f, err, sizeof err), -1);
	ck_assert_str_eq(err, "t.ini:2:1: no '=' or ':' on this line; INI lines are key = value");
	ck_assert_int_eq(ini_load("[s\n", 3, "t.ini", &f, err, sizeof err), -1);
	ck_assert_str_eq(err, "t.ini:1:1: the section header has no closing ']'");
	ck_assert_int_eq(ini_load("a = \"\"\"open\nstill\n", 18, "t.ini", &f, err, sizeof err), -1);
	ck_assert_str_eq(err, "t.ini:2:1: the quoted value does not close before the end of the file");
	/* a top-level scalar (from YAML) has no section to go in */
	struct snode *doc = snode_new(ST_MAP);
	snode_push(doc, "a", 1, snode_text(ST_STR, "1", 1));
	char *buf;
	size_t len;
	FILE *fp = open_memstream(&buf, &len);
	ck_assert_int_eq(ini_emit(fp, doc, err, sizeof err), -1);
	fclose(fp);
	free(buf);
	ck_assert_ptr_nonnull(strstr(err, "'a' is not a section"));
	snode_free(doc);
}
END_TEST

START_TEST(ini_sops_section)
{
	struct snode *doc = snode_new(ST_MAP), *meta = snode_new(ST_MAP), *list = snode_new(ST_SEQ),
		     *e = snode_new(ST_MAP);
	snode_push(e, "fp", 2, snode_text(ST_STR, "AB", 2));
	snode_push(e, "enc", 3, snode_text(ST_STR, "x\ny", 3));
	snode_push(list, NULL, 0, e);
	snode_push(meta, "version", 7, snode_text(ST_STR, "3.9.0", 5));
	snode_push(meta, "pgp", 3, list);
	ini_meta_put(doc, meta);
	char *out = emit(doc);
	ck_assert_str_eq(out, "[sops]\n"
			      "pgp__list_0__map_enc = x\\ny\n"
			      "pgp__list_0__map_fp  = AB\n"
			      "version              = 3.9.0\n");
	struct sfile f;
	char err[256];
	ck_assert_int_eq(ini_load(out, strlen(out), "t.ini", &f, err, sizeof err), 0);
	struct snode *back = ini_meta_take(f.docs[0]);
	ck_assert_int_eq(f.docs[0]->n, 0);
	const struct snode *enc = snode_get(snode_get(back, "pgp")->items[0].v, "enc");
	ck_assert_str_eq(enc->s, "x\ny");
	free(out);
	snode_free(back);
	snode_free(meta);
	snode_free(doc);
	sfile_free(&f);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("ini");
	TCase *tc = tcase_create("ini");
	tcase_add_test(tc, ini_reading);
	tcase_add_test(tc, ini_quoting_on_write);
	tcase_add_test(tc, ini_errors);
	tcase_add_test(tc, ini_sops_section);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
