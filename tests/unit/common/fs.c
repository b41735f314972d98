#include "fs.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/agentci-fs-XXXXXX";

START_TEST(read_all)
{
	char *buf, err[256];
	size_t len;
	char *p = fs_join(dir, "a.txt");
	ck_assert_int_eq(fs_write_atomic(p, "hello", 5, 0640), 0);
	ck_assert_int_eq(fs_read_all(p, 0, &buf, &len, err, sizeof err), 0);
	ck_assert_uint_eq(len, 5);
	ck_assert_str_eq(buf, "hello");
	free(buf);
	ck_assert_int_eq(fs_read_all(p, 4, &buf, &len, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "larger than 4 bytes"), "got %s", err);
	ck_assert_int_eq(errno, EFBIG);
	ck_assert_int_eq(fs_read_all(dir, 0, &buf, &len, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "is a directory"), "got %s", err);
	ck_assert_int_eq(fs_read_all("/nonexistent", 0, &buf, &len, err, sizeof err), -1);
	ck_assert_str_eq(err, "/nonexistent: No such file or directory");
	free(p);
}
END_TEST

START_TEST(atomic_keeps_mode_and_aborts_cleanly)
{
	char *p = fs_join(dir, "b.txt");
	ck_assert_int_eq(fs_write_atomic(p, "one", 3, 0600), 0);
	chmod(p, 0644);
	struct atomic_file af;
	ck_assert_int_eq(atomic_open(&af, p, 0600), 0);
	fputs("two", af.fp);
	/* Until commit the original is untouched. */
	char *buf, err[256];
	size_t len;
	ck_assert_int_eq(fs_read_all(p, 0, &buf, &len, err, sizeof err), 0);
	ck_assert_str_eq(buf, "one");
	free(buf);
	ck_assert_int_eq(atomic_commit(&af), 0);
	ck_assert_int_eq(fs_read_all(p, 0, &buf, &len, err, sizeof err), 0);
	ck_assert_str_eq(buf, "two");
	free(buf);
	struct stat st;
	stat(p, &st);
	ck_assert_int_eq(st.st_mode & 0777, 0644);
	ck_assert(fs_is_exposed(p));
	chmod(p, 0600);
	ck_assert(!fs_is_exposed(p));

	ck_assert_int_eq(atomic_open(&af, p, 0600), 0);
	fputs("three", af.fp);
	char *tmp = strdup(af.tmp);
	atomic_abort(&af);
	ck_assert_int_eq(access(tmp, F_OK), -1);
	ck_assert_int_eq(fs_read_all(p, 0, &buf, &len, err, sizeof err), 0);
	ck_assert_str_eq(buf, "two");
	free(buf);
	free(tmp);
	free(p);
	ck_assert_int_eq(fs_write_atomic("/nonexistent/dir/x", "a", 1, 0600), -1);
}
END_TEST

START_TEST(paths)
{
	char *p = fs_join(dir, "x/y/z.json");
	ck_assert_int_eq(fs_mkdirs_for(p, 0755), 0);
	char *d = fs_dirname(p);
	struct stat st;
	ck_assert_int_eq(stat(d, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	free(d);
	free(p);
	d = fs_dirname("file");
	ck_assert_str_eq(d, ".");
	free(d);
	d = fs_dirname("/file");
	ck_assert_str_eq(d, "/");
	free(d);
	d = fs_join("/a/", "/abs");
	ck_assert_str_eq(d, "/abs");
	free(d);
	setenv("HOME", "/home/u", 1);
	d = fs_expand_home("~/k.txt");
	ck_assert_str_eq(d, "/home/u/k.txt");
	free(d);
	d = fs_expand_home("~user/k");
	ck_assert_str_eq(d, "~user/k");
	free(d);
	unsetenv("XDG_CONFIG_HOME");
	d = fs_xdg("XDG_CONFIG_HOME", ".config", "sops/age/keys.txt");
	ck_assert_str_eq(d, "/home/u/.config/sops/age/keys.txt");
	free(d);
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	d = fs_xdg("XDG_CONFIG_HOME", ".config", "sops/age/keys.txt");
	ck_assert_str_eq(d, "/xdg/sops/age/keys.txt");
	free(d);
}
END_TEST

static Suite *suite(void)
{
	if (!mkdtemp(dir))
		abort();
	Suite *s = suite_create("fs");
	TCase *tc = tcase_create("fs");
	tcase_add_test(tc, read_all);
	tcase_add_test(tc, atomic_keeps_mode_and_aborts_cleanly);
	tcase_add_test(tc, paths);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
