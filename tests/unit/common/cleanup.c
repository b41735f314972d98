#include "cleanup.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[] = "/tmp/agentci-cleanup-XXXXXX";
static char mark[4096], a_path[4096];

/* What a wipe hook does: remove a file of its own. */
static void hook(void)
{
	unlink(mark);
}

static void touch(const char *p)
{
	int fd = open(p, O_WRONLY | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
}

/* A child registers two files and the hook, then raises sig (or exits when
 * sig is 0); with ignore, it ignores sig first. */
static int run_child(int sig, int ignore)
{
	char *a = a_path, b[4096];
	snprintf(a_path, sizeof a_path, "%s/a", dir);
	snprintf(b, sizeof b, "%s/b", dir);
	snprintf(mark, sizeof mark, "%s/mark", dir);
	touch(a);
	touch(b);
	touch(mark);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		signal(SIGTERM, SIG_DFL); /* not Check's handlers */
		signal(SIGINT, SIG_DFL);
		signal(SIGHUP, ignore ? SIG_IGN : SIG_DFL);
		if (cleanup_add(a) != 0 || cleanup_add(b) != 0)
			_exit(99);
		cleanup_hook(hook);
		cleanup_hook(hook); /* once is enough */
		cleanup_forget(b); /* committed: stays */
		if (!sig)
			exit(7);
		raise(sig);
		_exit(0); /* only an ignored signal gets here */
	}
	int st;
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_int_eq(access(b, F_OK), 0);
	unlink(b);
	return st;
}

START_TEST(files_and_hooks_on_signals_and_exit)
{
	int sigs[] = {SIGTERM, SIGINT, SIGHUP};
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		int st = run_child(sigs[i], 0);
		ck_assert(WIFSIGNALED(st));
		ck_assert_int_eq(WTERMSIG(st), sigs[i]);
		ck_assert_int_eq(access(mark, F_OK), -1); /* the hook ran */
		ck_assert_int_eq(access(a_path, F_OK), -1);
	}
	int st = run_child(0, 0);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 7);
	ck_assert_int_eq(access(mark, F_OK), -1);
	ck_assert_int_eq(access(a_path, F_OK), -1);
}
END_TEST

START_TEST(an_ignored_signal_stays_ignored)
{
	int st = run_child(SIGHUP, 1);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	/* Nothing was pending at the _exit: the files are still there. */
	ck_assert_int_eq(access(a_path, F_OK), 0);
	ck_assert_int_eq(access(mark, F_OK), 0);
}
END_TEST

START_TEST(limits)
{
	char *longp = malloc(5000);
	memset(longp, 'x', 4999);
	longp[4999] = '\0';
	ck_assert_int_eq(cleanup_add(longp), -1);
	ck_assert_int_eq(errno, ENAMETOOLONG);
	free(longp);
	int added = 0;
	char p[64];
	for (int i = 0; i < 64; i++) {
		snprintf(p, sizeof p, "%s/none-%d", dir, i);
		if (cleanup_add(p) != 0) {
			ck_assert_int_eq(errno, EMFILE);
			break;
		}
		added++;
	}
	ck_assert_int_gt(added, 4);
	ck_assert_int_lt(added, 64);
	snprintf(p, sizeof p, "%s/none-0", dir);
	cleanup_forget(p);
	ck_assert_int_eq(cleanup_add(p), 0);
	cleanup_run();
}
END_TEST

static Suite *suite(void)
{
	if (!mkdtemp(dir))
		abort();
	Suite *s = suite_create("cleanup");
	TCase *tc = tcase_create("cleanup");
	tcase_add_test(tc, files_and_hooks_on_signals_and_exit);
	tcase_add_test(tc, an_ignored_signal_stays_ignored);
	tcase_add_test(tc, limits);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
