/* remote: git remote addresses as web addresses, without credentials. */
#include <check.h>
#include <stdlib.h>

#include "remote.h"

START_TEST(test_forms)
{
	static const struct {
		const char *in, *url, *path, *name;
	} ok[] = {
		{"git@github.com:octo/widget.git", "https://github.com/octo/widget", "octo/widget", "widget"},
		{"https://github.com/octo/widget", "https://github.com/octo/widget", "octo/widget", "widget"},
		{"https://user:s3cret@github.com/octo/widget.git/", "https://github.com/octo/widget", "octo/widget",
		 "widget"},
		{"ssh://git@gitlab.example:2222/group/sub/proj.git", "https://gitlab.example/group/sub/proj",
		 "group/sub/proj", "proj"},
		{"git://host.example/a/b", "https://host.example/a/b", "a/b", "b"},
		{"host:repo", "https://host/repo", "repo", "repo"},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		struct remote r;
		ck_assert_msg(remote_parse(ok[i].in, &r) == 0, "%s", ok[i].in);
		ck_assert_str_eq(r.web_url, ok[i].url);
		ck_assert_str_eq(r.path, ok[i].path);
		ck_assert_str_eq(r.name, ok[i].name);
		free(r.web_url);
		free(r.path);
		free(r.name);
	}
	static const char *const bad[] = {"/srv/git/repo.git", "./relative", "https://host", "file:///x/"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct remote r;
		ck_assert_msg(remote_parse(bad[i], &r) != 0, "%s should fail", bad[i]);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("remote");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_forms);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
