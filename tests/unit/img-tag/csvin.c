/* csvin: the list reader (relaxed quotes, comments at the start of a
 * line, records joined back with ',') and the strict entry reader. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "strbuf.h"

/* The entries of text joined with '|', or "ERR: message". */
static char *list(const char *text)
{
	struct strvec sv = {0};
	char err[256];
	if (csv_list(text, &sv, err, sizeof err) != 0) {
		strvec_free(&sv);
		struct strbuf b = {0};
		strbuf_adds(&b, "ERR: ");
		strbuf_adds(&b, err);
		return strbuf_take(&b);
	}
	char *j = strvec_join(&sv, "|");
	strvec_free(&sv);
	return j;
}

static char *fields(const char *entry)
{
	struct strvec sv = {0};
	char err[256];
	if (csv_fields(entry, &sv, err, sizeof err) != 0) {
		strvec_free(&sv);
		return NULL;
	}
	char *j = strvec_join(&sv, "|");
	strvec_free(&sv);
	return j;
}

#define LIST_EQ(in, want)                     \
	do {                                  \
		char *got_ = list(in);        \
		ck_assert_str_eq(got_, want); \
		free(got_);                   \
	} while (0)
#define FIELDS_EQ(in, want)                   \
	do {                                  \
		char *got_ = fields(in);      \
		ck_assert_ptr_nonnull(got_);  \
		ck_assert_str_eq(got_, want); \
		free(got_);                   \
	} while (0)

START_TEST(test_list)
{
	LIST_EQ("a\nb\n\nc", "a|b|c");
	LIST_EQ("  spaced  \r\n\tx\t", "spaced|x");
	LIST_EQ("# comment\nkeep#this\n  # not a comment", "keep#this|# not a comment");
	/* Several fields are joined back with ',' and lose their quotes. */
	LIST_EQ("type=match,\"pattern=\\d.\\d\",group=1", "type=match,pattern=\\d.\\d,group=1");
	/* A quoted field keeps commas and newlines; "" is a quote. */
	LIST_EQ("\"a,b\nc\"\nd", "a,b\nc|d");
	LIST_EQ("\"say \"\"hi\"\"\"", "say \"hi\"");
	/* Relaxed: a quote inside an unquoted field is text, and text after a
	 * closing quote keeps the quote (csv-parse's relax_quotes). */
	LIST_EQ("a\"b", "a\"b");
	LIST_EQ("\"ab\"cd", "\"abcd");
	LIST_EQ("", "");
	LIST_EQ("\n\n   \n", "");
	char *e = list("\"open");
	ck_assert_str_eq(e, "ERR: line 1: quote not closed");
	free(e);
	e = list("a\nb\n\"c");
	ck_assert_str_eq(e, "ERR: line 3: quote not closed");
	free(e);
}
END_TEST

START_TEST(test_fields)
{
	FIELDS_EQ("type=raw,value=x", "type=raw|value=x");
	FIELDS_EQ("a,,b,", "a||b|");
	FIELDS_EQ("\"pattern=/v(\\d),x/\",group=1", "pattern=/v(\\d),x/|group=1");
	FIELDS_EQ("# not a comment here", "# not a comment here");
	FIELDS_EQ("first\nsecond", "first");
	/* Strict: a quote inside an unquoted field, or after a closing quote. */
	ck_assert_ptr_null(fields("a\"b"));
	ck_assert_ptr_null(fields("\"ab\"cd"));
	ck_assert_ptr_null(fields("\"open"));
}
END_TEST

START_TEST(test_trim)
{
	const char *s = " \t\v\fx y\r\n ";
	char *t = trim_dup(s, strlen(s));
	ck_assert_str_eq(t, "x y");
	free(t);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("csvin");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_list);
	tcase_add_test(tc, test_fields);
	tcase_add_test(tc, test_trim);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
