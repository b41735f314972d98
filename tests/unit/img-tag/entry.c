/* entry: tag entries (types, attributes, defaults, priority order),
 * flavor entries and image entries, and their errors. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "entry.h"

static struct strvec list_of(const char *a, const char *b, const char *c)
{
	struct strvec sv = {0};
	const char *items[] = {a, b, c};
	for (int i = 0; i < 3; i++)
		if (items[i])
			strvec_pushn(&sv, items[i], strlen(items[i]));
	return sv;
}

START_TEST(test_tag_attrs)
{
	struct tag_entry t;
	char err[512];
	ck_assert_int_eq(tag_parse("TYPE = semver , Pattern={{version}},value=a=b,x", &t, err, sizeof err), 0);
	ck_assert_int_eq(t.type, TT_SEMVER);
	ck_assert_str_eq(tag_attr(&t, "pattern"), "{{version}}");
	/* A bare field sets value; the last one wins. */
	ck_assert_str_eq(tag_attr(&t, "value"), "x");
	ck_assert_str_eq(tag_attr(&t, "match"), "");
	ck_assert_str_eq(tag_attr(&t, "enable"), "true");
	ck_assert(t.priority == 900);
	ck_assert_ptr_null(tag_attr(&t, "prefix"));
	tags_free(&t, 1);

	ck_assert_int_eq(tag_parse("foo", &t, err, sizeof err), 0);
	ck_assert_int_eq(t.type, TT_RAW);
	ck_assert_str_eq(tag_attr(&t, "value"), "foo");
	tags_free(&t, 1);

	ck_assert_int_eq(tag_parse("type=raw,value=a=b", &t, err, sizeof err), 0);
	ck_assert_str_eq(tag_attr(&t, "value"), "a=b");
	tags_free(&t, 1);

	/* Implicit prefixes are real attributes (they block the flavor's). */
	ck_assert_int_eq(tag_parse("type=sha", &t, err, sizeof err), 0);
	ck_assert_str_eq(tag_attr(&t, "prefix"), "sha-");
	ck_assert_str_eq(tag_attr(&t, "format"), "short");
	ck_assert(t.priority == 100);
	tags_free(&t, 1);
	ck_assert_int_eq(tag_parse("type=ref,event=pr", &t, err, sizeof err), 0);
	ck_assert_str_eq(tag_attr(&t, "prefix"), "pr-");
	tags_free(&t, 1);
	ck_assert_int_eq(tag_parse("type=schedule", &t, err, sizeof err), 0);
	ck_assert_str_eq(tag_attr(&t, "pattern"), "nightly");
	ck_assert(t.priority == 1000);
	tags_free(&t, 1);
	ck_assert_int_eq(tag_parse("type=match,pattern=x", &t, err, sizeof err), 0);
	ck_assert_str_eq(tag_attr(&t, "group"), "0");
	tags_free(&t, 1);
	ck_assert_int_eq(tag_parse("type=raw,value=", &t, err, sizeof err), 0);
	ck_assert_str_eq(tag_attr(&t, "value"), "");
	tags_free(&t, 1);
	ck_assert_int_eq(tag_parse("type=edge,priority=0x10", &t, err, sizeof err), 0);
	ck_assert(t.priority == 16);
	tags_free(&t, 1);
}
END_TEST

START_TEST(test_tag_errors)
{
	static const struct {
		const char *in, *msg;
	} bad[] = {
		{"type=foo", "unknown tag type \"foo\""},
		{"type=Semver,pattern=x", "unknown tag type \"Semver\""},
		{"type=semver", "needs a pattern"},
		{"type=pep440", "needs a pattern"},
		{"type=match", "needs a pattern"},
		{"type=match,pattern=x,group=foo", "group \"foo\" is not a number"},
		{"type=ref", "needs an event"},
		{"type=ref,event=foo", "invalid event \"foo\""},
		{"type=raw", "needs a value"},
		{"type=sha,format=medium", "invalid format \"medium\""},
		{"type=raw,x,priority=high", "priority \"high\" is not a number"},
		{"type=raw,a\"b", "quote"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct tag_entry t;
		char err[512];
		ck_assert_msg(tag_parse(bad[i].in, &t, err, sizeof err) != 0, "%s should fail", bad[i].in);
		ck_assert_msg(strstr(err, bad[i].msg), "%s: %s", bad[i].in, err);
		ck_assert_msg(strncmp(err, "tags: \"", 7) == 0, "%s: entry not quoted: %s", bad[i].in, err);
	}
}
END_TEST

START_TEST(test_tag_order)
{
	struct strvec in = list_of("type=sha", "type=raw,a", "type=semver,pattern={{version}}");
	struct tag_entry *tags;
	size_t n;
	char err[256];
	ck_assert_int_eq(tags_parse_all(&in, &tags, &n, err, sizeof err), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(tags[0].type, TT_SEMVER);
	ck_assert_int_eq(tags[1].type, TT_RAW);
	ck_assert_int_eq(tags[2].type, TT_SHA);
	tags_free(tags, n);
	free(tags);
	strvec_free(&in);

	/* Stable among equals. */
	in = list_of("type=raw,a,priority=5", "type=raw,b,priority=5", "type=raw,c,priority=6");
	ck_assert_int_eq(tags_parse_all(&in, &tags, &n, err, sizeof err), 0);
	ck_assert_str_eq(tag_attr(&tags[0], "value"), "c");
	ck_assert_str_eq(tag_attr(&tags[1], "value"), "a");
	ck_assert_str_eq(tag_attr(&tags[2], "value"), "b");
	tags_free(tags, n);
	free(tags);
	strvec_free(&in);

	/* No entries: the action's four defaults. */
	ck_assert_int_eq(tags_parse_all(&in, &tags, &n, err, sizeof err), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(tags[0].type, TT_SCHEDULE);
	ck_assert_str_eq(tag_attr(&tags[1], "event"), "branch");
	ck_assert_str_eq(tag_attr(&tags[3], "event"), "pr");
	tags_free(tags, n);
	free(tags);
}
END_TEST

START_TEST(test_flavor)
{
	struct strvec in = list_of("latest=false", "prefix=p=q-,onlatest=true", "suffix= -s ");
	struct flavor f;
	char err[256];
	ck_assert_int_eq(flavor_parse(&in, &f, err, sizeof err), 0);
	ck_assert_str_eq(f.latest, "false");
	ck_assert_str_eq(f.prefix, "p");
	ck_assert_str_eq(f.suffix, "-s");
	ck_assert(f.prefix_latest);
	ck_assert(!f.suffix_latest);
	flavor_free(&f);
	strvec_free(&in);

	/* onlatest with no prefix/suffix before it in the entry does nothing. */
	in = list_of("onlatest=true,suffix=x", NULL, NULL);
	ck_assert_int_eq(flavor_parse(&in, &f, err, sizeof err), 0);
	ck_assert(!f.suffix_latest);
	flavor_free(&f);
	strvec_free(&in);

	static const char *const bad[] = {"latest", "latest=foo", "onlatest=yes", "bogus=1", "latest=True"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		in = list_of(bad[i], NULL, NULL);
		ck_assert_msg(flavor_parse(&in, &f, err, sizeof err) != 0, "%s should fail", bad[i]);
		ck_assert(strncmp(err, "flavor: \"", 9) == 0);
		flavor_free(&f);
		strvec_free(&in);
	}
}
END_TEST

START_TEST(test_images)
{
	struct strvec in = list_of("User/App, ghcr.io/Org/Img", NULL, NULL);
	struct image *im;
	size_t n;
	char err[256];
	ck_assert_int_eq(images_parse(&in, &im, &n, err, sizeof err), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(im[0].name, "user/app");
	ck_assert_str_eq(im[1].name, "ghcr.io/org/img");
	images_free(im, n);
	strvec_free(&in);

	in = list_of("name/foo,name=name/bar,enable=true", "name=x=y,enable=false", NULL);
	ck_assert_int_eq(images_parse(&in, &im, &n, err, sizeof err), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(im[0].name, "name/bar");
	ck_assert(im[0].enable);
	ck_assert_str_eq(im[1].name, "x");
	ck_assert(!im[1].enable);
	images_free(im, n);
	strvec_free(&in);

	static const char *const bad[] = {"name/foo,enable=bar", "name=x,tag=y", "enable=true", "name="};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		in = list_of(bad[i], "other", NULL);
		ck_assert_msg(images_parse(&in, &im, &n, err, sizeof err) != 0, "%s should fail", bad[i]);
		ck_assert(strncmp(err, "images: \"", 9) == 0);
		strvec_free(&in);
	}
}
END_TEST

START_TEST(test_js_number)
{
	double d;
	ck_assert_int_eq(js_number(" 12 ", &d), 0);
	ck_assert(d == 12);
	ck_assert_int_eq(js_number("", &d), 0);
	ck_assert(d == 0);
	ck_assert_int_eq(js_number("-1.5e2", &d), 0);
	ck_assert(d == -150);
	ck_assert_int_eq(js_number("0b101", &d), 0);
	ck_assert(d == 5);
	ck_assert_int_eq(js_number(".5", &d), 0);
	ck_assert_int_ne(js_number("12abc", &d), 0);
	ck_assert_int_ne(js_number("0x", &d), 0);
	ck_assert_int_ne(js_number("1e", &d), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("entry");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_tag_attrs);
	tcase_add_test(tc, test_tag_errors);
	tcase_add_test(tc, test_tag_order);
	tcase_add_test(tc, test_flavor);
	tcase_add_test(tc, test_images);
	tcase_add_test(tc, test_js_number);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
