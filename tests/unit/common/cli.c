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
		OPT_FLAG("help", 'h', "show help"),
		OPT_ARG("timeout", 't', "DUR", "deadline"),
		OPT_FLAG("no-github", CLI_KEY_NO_GITHUB, "no GitHub output"),
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
	static const struct cli_opt opts[] = {OPT_FLAG("help", 'h', "help"), {0}};
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
	format_seconds(45000, buf, sizeof buf);
	ck_assert_str_eq(buf, "45s");
	format_seconds(69001, buf, sizeof buf); /* time left rounds up */
	ck_assert_str_eq(buf, "1m10s");
	format_seconds(7500000, buf, sizeof buf);
	ck_assert_str_eq(buf, "2h5m");
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

START_TEST(bound_rows)
{
	bool all = false;
	int verbose = 0;
	const char *name = NULL;
	struct cli_list files = {0};
	long long n = 0;
	int64_t wait = 0;
	const struct cli_opt opts[] = {
		OPT_SET("all", 'a', &all, "all"),
		OPT_COUNT("verbose", 'v', &verbose, "more"),
		OPT_STRING("name", 0, &name, "NAME", "a name"),
		OPT_LIST("file", 'f', &files, "FILE", "repeatable"),
		OPT_INT("count", 0, &n, "N", "a count"),
		OPT_DURATION("wait", 0, &wait, "DUR", "a wait"),
		OPT_FLAG("other", 'o', "returned"),
		OPT_END,
	};
	char *argv[] = {"t",       "-avv", "--name=x", "-f",    "a",  "--file", "b",
			"--count", "7",    "--wait",   "1m30s", "-o", "rest",   NULL};
	optind = 0;
	ck_assert_int_eq(cli_next(13, argv, opts), 'o');
	ck_assert_int_eq(cli_next(13, argv, opts), -1);
	ck_assert(all);
	ck_assert_int_eq(verbose, 2);
	ck_assert_str_eq(name, "x");
	ck_assert_uint_eq(files.n, 2);
	ck_assert_str_eq(files.v[1], "b");
	ck_assert_int_eq(n, 7);
	ck_assert_int_eq(wait, 90000);
	ck_assert_str_eq(argv[optind], "rest");
	free(files.v);
}
END_TEST

START_TEST(bad_duration_exits_2)
{
	int64_t wait;
	const struct cli_opt opts[] = {OPT_DURATION("wait", 0, &wait, "DUR", "a wait"), OPT_END};
	char *argv[] = {"t", "--wait", "soon", NULL};
	optind = 0;
	cli_next(3, argv, opts);
}
END_TEST

static const char *encoding = "cl100k";
static bool counted;
static char seen[256];

static const struct cli_opt tokens_opts[] = {OPT_SET("count", 'c', &counted, "print the count"), OPT_HELP, OPT_END};

static int cmd_tokens(int argc, char **argv)
{
	while (cli_next(argc, argv, tokens_opts) != -1)
		;
	snprintf(seen, sizeof seen, "%s %s %s %d", argv[0], encoding, argv[optind], counted);
	return 7;
}

static const struct cli_opt tool_opts[] = {OPT_STRING("encoding", 'e', &encoding, "ENC", "the encoding"), OPT_HELP,
					   OPT_VERSION, OPT_END};
static const struct cli_cmd tool_cmds[] = {
	{"tokens", cmd_tokens, "[OPTION]... FILE", "count tokens", tokens_opts, NULL, NULL},
	{NULL, NULL, NULL, NULL, NULL, NULL, NULL},
};
static const struct cli_cmd tool = {NULL, NULL, "COMMAND [OPTION]...", "a test tool", tool_opts, tool_cmds, NULL};

START_TEST(dispatch_global_options_before_and_after)
{
	cli_init("t");
	char *before[] = {"t", "--encoding", "o200k", "tokens", "-c", "f.txt", NULL};
	ck_assert_int_eq(cli_main(&tool, 6, before), 7);
	ck_assert_str_eq(seen, "tokens o200k f.txt 1");
}
END_TEST

START_TEST(dispatch_global_option_after_command)
{
	cli_init("t");
	char *after[] = {"t", "tokens", "f.txt", "-e", "p50k", NULL};
	ck_assert_int_eq(cli_main(&tool, 5, after), 7);
	ck_assert_str_eq(seen, "tokens p50k f.txt 0");
}
END_TEST

START_TEST(dispatch_without_tool_options)
{
	cli_init("t");
	const struct cli_cmd bare = {NULL, NULL, "COMMAND", "no options", NULL, tool_cmds, NULL};
	char *argv[] = {"./t", "tokens", "f.txt", NULL};
	ck_assert_int_eq(cli_main(&bare, 3, argv), 7);
	ck_assert_str_eq(seen, "tokens cl100k f.txt 0");
}
END_TEST

START_TEST(unknown_command_exits_2)
{
	cli_init("t");
	char *argv[] = {"t", "frob", NULL};
	cli_main(&tool, 2, argv);
}
END_TEST

static char *help_of(const struct cli_cmd *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	cli_cmd_help(fp, c);
	fclose(fp);
	return buf;
}

START_TEST(command_help)
{
	cli_init("t");
	char *h = help_of(&tool);
	ck_assert_ptr_nonnull(strstr(h, "Usage: t COMMAND [OPTION]...\n\na test tool\n"));
	ck_assert_ptr_nonnull(strstr(h, "--encoding ENC"));
	ck_assert_ptr_nonnull(strstr(h, "\nCommands:\n  tokens         count tokens\n\nSee t(1).\n"));
	free(h);
	/* A command's help: its path, its options only. */
	char *argv[] = {"t", "tokens", "--help", NULL};
	int fd[2];
	ck_assert_int_eq(pipe(fd), 0);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fd[1], 1);
		cli_main(&tool, 3, argv);
		_exit(99);
	}
	close(fd[1]);
	char out[2048] = "";
	ssize_t n = read(fd[0], out, sizeof out - 1);
	out[n > 0 ? n : 0] = '\0';
	int st;
	waitpid(pid, &st, 0);
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	ck_assert_ptr_nonnull(strstr(out, "Usage: t tokens [OPTION]... FILE\n\ncount tokens\n"));
	ck_assert_ptr_nonnull(strstr(out, "--count"));
	ck_assert_ptr_null(strstr(out, "--encoding"));
}
END_TEST

START_TEST(annotations_under_actions)
{
	cli_init("t");
	char path[] = "/tmp/cli-annotate-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	fflush(stderr);
	int saved = dup(2);
	dup2(fd, 2);
	msg_error("plain: %s", "only");
	msg_annotate(true, NULL);
	msg_error("bad: 100%%, a\nb");
	msg_annotate(true, "t status");
	msg_warn("slow");
	fflush(stderr);
	dup2(saved, 2);
	char out[1024] = "";
	ssize_t n = pread(fd, out, sizeof out - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
	ck_assert_str_eq(out, "t: plain: only\n"
			      "t: bad: 100%, a\nb\n::error title=t::bad: 100%25, a%0Ab\n"
			      "t: warning: slow\n::warning title=t status::slow\n");
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
	tcase_add_test(tc, bound_rows);
	tcase_add_exit_test(tc, bad_duration_exits_2, 2);
	tcase_add_test(tc, dispatch_global_options_before_and_after);
	tcase_add_test(tc, dispatch_global_option_after_command);
	tcase_add_test(tc, dispatch_without_tool_options);
	tcase_add_exit_test(tc, unknown_command_exits_2, 2);
	tcase_add_test(tc, command_help);
	tcase_add_test(tc, annotations_under_actions);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
