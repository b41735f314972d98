#include "cli.h"

#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

START_TEST(durations)
{
	int64_t ms;
	ck_assert_int_eq(parse_duration_ms("500ms", &ms), 0);
	ck_assert_int_eq(ms, 500);
	ck_assert_int_eq(parse_duration_ms("10s", &ms), 0);
	ck_assert_int_eq(ms, 10000);
	ck_assert_int_eq(parse_duration_ms("5m", &ms), 0);
	ck_assert_int_eq(ms, 300000);
	ck_assert_int_eq(parse_duration_ms("1h30m", &ms), 0);
	ck_assert_int_eq(ms, 5400000);
	ck_assert_int_eq(parse_duration_ms("1.5s", &ms), 0);
	ck_assert_int_eq(ms, 1500);
	ck_assert_int_eq(parse_duration_ms("30", &ms), 0);
	ck_assert_int_eq(ms, 30000);
	ck_assert_int_eq(parse_duration_ms("", &ms), -1);
	ck_assert_int_eq(parse_duration_ms("10x", &ms), -1);
	ck_assert_int_eq(parse_duration_ms("-1s", &ms), -1);
	ck_assert_int_eq(parse_duration_ms("s", &ms), -1);
	ck_assert_int_eq(parse_duration_ms("10 s", &ms), -1);
	ck_assert_int_eq(parse_duration_ms("1e300h", &ms), -1);
}
END_TEST

START_TEST(sizes)
{
	uint64_t b;
	ck_assert_int_eq(parse_size("64KiB", &b), 0);
	ck_assert_uint_eq(b, 65536);
	ck_assert_int_eq(parse_size("1MiB", &b), 0);
	ck_assert_uint_eq(b, 1048576);
	ck_assert_int_eq(parse_size("10MB", &b), 0);
	ck_assert_uint_eq(b, 10000000);
	ck_assert_int_eq(parse_size("512", &b), 0);
	ck_assert_uint_eq(b, 512);
	ck_assert_int_eq(parse_size("1XB", &b), -1);
	ck_assert_int_eq(parse_size("-1", &b), -1);
	ck_assert_int_eq(parse_size("", &b), -1);
}
END_TEST

START_TEST(ints)
{
	long long v;
	ck_assert_int_eq(parse_int("42", 0, 100, &v), 0);
	ck_assert_int_eq(v, 42);
	ck_assert_int_eq(parse_int("101", 0, 100, &v), -1);
	ck_assert_int_eq(parse_int("4x", 0, 100, &v), -1);
	ck_assert_int_eq(parse_int(" 4", 0, 100, &v), -1);
	ck_assert_int_eq(parse_int("99999999999999999999", 0, 100, &v), -1);
}
END_TEST

START_TEST(lists)
{
	size_t n;
	char **v = split_list(" a, b ,,\nc\n", ",\n", &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(v[0], "a");
	ck_assert_str_eq(v[1], "b");
	ck_assert_str_eq(v[2], "c");
	ck_assert_ptr_null(v[3]);
	strv_free(v);
	v = split_list("", ",", &n);
	ck_assert_uint_eq(n, 0);
	strv_free(v);
}
END_TEST

START_TEST(option_tables)
{
	static const struct cli_opt opts[] = {
		{"help", no_argument, 'h', NULL, "show help"},
		{"timeout", required_argument, 't', "DUR", "deadline"},
		{"no-github", no_argument, CLI_KEY_NO_GITHUB, NULL, "no GitHub output"},
		{0},
	};
	struct option *lo;
	char *so;
	cli_getopt_tables(opts, &lo, &so);
	ck_assert_str_eq(so, ":ht:");
	ck_assert_str_eq(lo[2].name, "no-github");
	ck_assert_int_eq(lo[2].val, CLI_KEY_NO_GITHUB);
	ck_assert_ptr_null(lo[3].name);
	free(lo);
	free(so);

	char *argv[] = {"prog", "--timeout=5s", "-h", "file", NULL};
	optind = 1;
	ck_assert_int_eq(cli_next(4, argv, opts), 't');
	ck_assert_str_eq(optarg, "5s");
	ck_assert_int_eq(cli_next(4, argv, opts), 'h');
	ck_assert_int_eq(cli_next(4, argv, opts), -1);
	ck_assert_str_eq(argv[optind], "file");
}
END_TEST

START_TEST(unknown_option_exits_2)
{
	static const struct cli_opt opts[] = {{"help", no_argument, 'h', NULL, "help"}, {0}};
	char *argv[] = {"prog", "--bogus", NULL};
	optind = 1;
	cli_init("prog");
	cli_next(2, argv, opts);
}
END_TEST

START_TEST(formatting)
{
	char buf[32];
	format_duration(250, buf, sizeof buf);
	ck_assert_str_eq(buf, "250ms");
	format_duration(6100, buf, sizeof buf);
	ck_assert_str_eq(buf, "6.1s");
	format_duration(125000, buf, sizeof buf);
	ck_assert_str_eq(buf, "2m5s");
}
END_TEST

/* How a child with stdout on out (a path, or NULL for a closed stdout)
 * that prints text and exits with code ends; its stderr into err. */
static int exit_with_stdout(const char *out, const char *text, int code, char *err, size_t errlen)
{
	int fds[2];
	ck_assert_int_eq(pipe(fds), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(fds[1], STDERR_FILENO);
		if (out && !freopen(out, "w", stdout))
			_exit(99);
		if (!out)
			close(STDOUT_FILENO);
		cli_init("t");
		close_stdout_at_exit();
		fputs(text, stdout);
		exit(code);
	}
	close(fds[1]);
	ssize_t n = read(fds[0], err, errlen - 1);
	err[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	int st;
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	return WEXITSTATUS(st);
}

START_TEST(close_stdout_failed_write_is_exit_4)
{
	char err[512];
	ck_assert_int_eq(exit_with_stdout("/dev/full", "lost", 0, err, sizeof err), 4);
	ck_assert_str_eq(err, "t: write error on standard output: No space left on device\n");
	/* A failure already says the run failed: it stands. */
	ck_assert_int_eq(exit_with_stdout("/dev/full", "lost", 5, err, sizeof err), 5);
	ck_assert_str_eq(err, "t: write error on standard output: No space left on device\n");
	ck_assert_int_eq(exit_with_stdout("/dev/full", "", 0, err, sizeof err), 0);
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(exit_with_stdout("/dev/null", "kept", 0, err, sizeof err), 0);
	/* A closed stdout is fine until something is written to it. */
	ck_assert_int_eq(exit_with_stdout(NULL, "", 0, err, sizeof err), 0);
	ck_assert_int_eq(exit_with_stdout(NULL, "lost", 0, err, sizeof err), 4);
	ck_assert_str_eq(err, "t: write error on standard output: Bad file descriptor\n");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("cli");
	tcase_add_test(tc, durations);
	tcase_add_test(tc, sizes);
	tcase_add_test(tc, ints);
	tcase_add_test(tc, lists);
	tcase_add_test(tc, option_tables);
	tcase_add_exit_test(tc, unknown_option_exits_2, 2);
	tcase_add_test(tc, formatting);
	tcase_add_test(tc, close_stdout_failed_write_is_exit_4);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
