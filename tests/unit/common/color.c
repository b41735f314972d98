#include "color.h"

#include <check.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A terminal to test auto mode against: the pseudo-terminal's follower. */
static int open_tty(void)
{
	int leader = posix_openpt(O_RDWR | O_NOCTTY);
	ck_assert_int_ge(leader, 0);
	ck_assert_int_eq(grantpt(leader), 0);
	ck_assert_int_eq(unlockpt(leader), 0);
	int tty = open(ptsname(leader), O_RDWR | O_NOCTTY);
	ck_assert_int_ge(tty, 0);
	return tty;
}

START_TEST(modes)
{
	ck_assert_int_eq(color_parse_mode("auto"), COLOR_AUTO);
	ck_assert_int_eq(color_parse_mode("always"), COLOR_ALWAYS);
	ck_assert_int_eq(color_parse_mode(NULL), COLOR_ALWAYS);
	ck_assert_int_eq(color_parse_mode("never"), COLOR_NEVER);
	ck_assert_int_eq(color_parse_mode("yes"), -1);
	ck_assert_int_eq(color_parse_mode(""), -1);
}
END_TEST

START_TEST(auto_needs_a_terminal)
{
	int tty = open_tty(), p[2];
	ck_assert_int_eq(pipe(p), 0);
	setenv("TERM", "xterm-256color", 1);
	unsetenv("NO_COLOR");
	ck_assert(color_wanted(COLOR_AUTO, tty));
	ck_assert(!color_wanted(COLOR_AUTO, p[1]));
	ck_assert(!color_wanted(COLOR_NEVER, tty));
	ck_assert(color_wanted(COLOR_ALWAYS, p[1]));
}
END_TEST

START_TEST(environment)
{
	int tty = open_tty();
	setenv("TERM", "xterm", 1);
	setenv("NO_COLOR", "", 1);
	ck_assert(color_wanted(COLOR_AUTO, tty)); /* empty NO_COLOR is unset */
	setenv("NO_COLOR", "0", 1);
	ck_assert(!color_wanted(COLOR_AUTO, tty)); /* any other value disables */
	ck_assert(color_wanted(COLOR_ALWAYS, tty)); /* the flag wins */
	unsetenv("NO_COLOR");
	setenv("TERM", "dumb", 1);
	ck_assert(!color_wanted(COLOR_AUTO, tty));
	unsetenv("TERM");
	ck_assert(!color_wanted(COLOR_AUTO, tty));
	ck_assert(color_wanted(COLOR_ALWAYS, tty));
}
END_TEST

static char *capture_stderr(enum color_mode mode)
{
	FILE *tmp = tmpfile();
	ck_assert_ptr_nonnull(tmp);
	ck_assert_int_eq(dup2(fileno(tmp), 2), 2);
	color_init(mode, 2);
	color_fputs(stderr, COLOR_ERROR, "error");
	fprintf(stderr, " %sok%s", color_on(stderr, COLOR_OK), color_off(stderr));
	color_fputs(stderr, color_for_severity(SEV_WARNING), " warning");
	fflush(stderr);
	static char buf[256];
	ssize_t n = pread(fileno(tmp), buf, sizeof buf - 1, 0);
	ck_assert_int_ge(n, 0);
	buf[n] = 0;
	fclose(tmp);
	return buf;
}

START_TEST(painting)
{
	ck_assert_str_eq(capture_stderr(COLOR_ALWAYS),
			 "\033[1;31merror\033[0m \033[1;32mok\033[0m\033[1;35m warning\033[0m");
	ck_assert_str_eq(capture_stderr(COLOR_NEVER), "error ok warning");
	/* a file in auto mode is plain */
	setenv("TERM", "xterm", 1);
	ck_assert_str_eq(capture_stderr(COLOR_AUTO), "error ok warning");
	/* a stream never initialised, or not stdout/stderr, is plain */
	char *buf;
	size_t len;
	FILE *mem = open_memstream(&buf, &len);
	color_fputs(mem, COLOR_ERROR, "x");
	fclose(mem);
	ck_assert_str_eq(buf, "x");
	free(buf);
	ck_assert(!color_enabled(stdout));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("color");
	TCase *tc = tcase_create("color");
	tcase_add_test(tc, modes);
	tcase_add_test(tc, auto_needs_a_terminal);
	tcase_add_test(tc, environment);
	tcase_add_test(tc, painting);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
