#include "encode.h"
#include "fs.h"
#include "gha.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[] = "/tmp/agentci-gha-XXXXXX";

static char *slurp(void)
{
	char *buf, err[256];
	size_t len;
	ck_assert_int_eq(fs_read_all(path, 0, &buf, &len, err, sizeof err), 0);
	return buf;
}

START_TEST(outputs)
{
	int fd = mkstemp(path);
	close(fd);
	setenv("GITHUB_OUTPUT", path, 1);
	ck_assert_int_eq(gha_set_output("version", "1.2.3"), 0);
	ck_assert_int_eq(gha_set_output("tags", "a:1\nb:2"), 0);
	char *s = slurp();
	ck_assert_msg(strncmp(s, "version=1.2.3\ntags<<ghadelimiter_", 33) == 0, "got %s", s);
	/* name<<DELIM, the value, DELIM — and DELIM is not in the value. */
	char *delim = s + strlen("version=1.2.3\ntags<<");
	size_t dl = strcspn(delim, "\n");
	ck_assert_uint_eq(dl, strlen("ghadelimiter_") + 24);
	char *tail = delim + dl + 1;
	ck_assert(strncmp(tail, "a:1\nb:2\n", 8) == 0);
	ck_assert(strncmp(tail + 8, delim, dl) == 0);
	free(s);
	unlink(path);
	unsetenv("GITHUB_OUTPUT");
	ck_assert_int_eq(gha_set_output("x", "y"), 0); /* unset: nothing to do */
	setenv("GITHUB_OUTPUT", "/nonexistent/dir/out", 1);
	ck_assert_int_eq(gha_set_output("x", "y"), -1);
	unsetenv("GITHUB_OUTPUT");
}
END_TEST

START_TEST(enabled)
{
	setenv("GITHUB_ACTIONS", "true", 1);
	ck_assert(gha_enabled(false));
	ck_assert(!gha_enabled(true));
	setenv("GITHUB_ACTIONS", "false", 1);
	ck_assert(!gha_enabled(false));
	unsetenv("GITHUB_ACTIONS");
	ck_assert(!gha_enabled(false));
}
END_TEST

START_TEST(escaping)
{
	char *d = gha_escape_data("50%\r\nx:y,z");
	ck_assert_str_eq(d, "50%25%0D%0Ax:y,z");
	free(d);
	d = gha_escape_property("50%\r\nx:y,z");
	ck_assert_str_eq(d, "50%25%0D%0Ax%3Ay%2Cz");
	free(d);
	char *cell;
	size_t len;
	FILE *fp = open_memstream(&cell, &len);
	gha_md_cell(fp, "a|b\r\nc");
	fclose(fp);
	ck_assert_str_eq(cell, "a\\|b  c");
	free(cell);
}
END_TEST

static Suite *suite(void)
{
	crypto_init();
	Suite *s = suite_create("gha");
	TCase *tc = tcase_create("gha");
	tcase_add_test(tc, outputs);
	tcase_add_test(tc, enabled);
	tcase_add_test(tc, escaping);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
