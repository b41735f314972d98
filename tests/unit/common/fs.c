#include "fs.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
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
	chmod(p, 0640);
	struct atomic_file af;
	ck_assert_int_eq(atomic_open(&af, p, 0644), 0);
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
	ck_assert_int_eq(st.st_mode & 0777, 0640);
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

static char *slurp(const char *p)
{
	char *buf, err[256];
	size_t len;
	ck_assert_msg(fs_read_all(p, 0, &buf, &len, err, sizeof err) == 0, "%s", err);
	return buf;
}

START_TEST(atomic_full_device_is_a_failed_write)
{
	struct stat before, after;
	ck_assert_int_eq(stat("/dev/full", &before), 0);
	struct atomic_file af;
	ck_assert_int_eq(atomic_open(&af, "/dev/full", 0644), 0);
	ck_assert_ptr_null(af.tmp); /* written in place, nothing beside it */
	fputs("report", af.fp);
	ck_assert_int_eq(atomic_commit(&af), -1);
	ck_assert_int_eq(errno, ENOSPC);
	ck_assert_int_eq(stat("/dev/full", &after), 0);
	ck_assert(S_ISCHR(after.st_mode));
	ck_assert_uint_eq(after.st_rdev, before.st_rdev);
	ck_assert_int_eq(fs_write_atomic("/dev/full", "x", 1, 0644), -1);
	ck_assert_int_eq(fs_write_atomic("/dev/null", "x", 1, 0644), 0);
	ck_assert_int_eq(stat("/dev/null", &after), 0);
	ck_assert(S_ISCHR(after.st_mode));
}
END_TEST

START_TEST(atomic_writes_through_symlinks_and_fifos)
{
	char *t = fs_join(dir, "target.txt"), *l = fs_join(dir, "link.txt");
	ck_assert_int_eq(fs_write_atomic(t, "old", 3, 0644), 0);
	ck_assert_int_eq(symlink("target.txt", l), 0);
	ck_assert_int_eq(fs_write_atomic(l, "new", 3, 0644), 0);
	struct stat st;
	ck_assert_int_eq(lstat(l, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	char *buf = slurp(t);
	ck_assert_str_eq(buf, "new");
	free(buf);
	/* A private output through a link drops the target's group/other bits. */
	ck_assert_int_eq(fs_write_atomic(l, "secret", 6, 0600), 0);
	ck_assert_int_eq(stat(t, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);

	char *f = fs_join(dir, "fifo");
	ck_assert_int_eq(mkfifo(f, 0600), 0);
	int rd = open(f, O_RDONLY | O_NONBLOCK);
	ck_assert_int_ge(rd, 0);
	ck_assert_int_eq(fs_write_atomic(f, "piped", 5, 0644), 0);
	char got[16] = {0};
	ck_assert_int_eq(read(rd, got, sizeof got - 1), 5);
	ck_assert_str_eq(got, "piped");
	close(rd);
	ck_assert_int_eq(lstat(f, &st), 0);
	ck_assert(S_ISFIFO(st.st_mode));
	/* A folder is no output. */
	ck_assert_int_eq(fs_write_atomic(dir, "x", 1, 0644), -1);
	ck_assert_int_eq(errno, EISDIR);
	free(t);
	free(l);
	free(f);
}
END_TEST

START_TEST(atomic_private_output_is_0600_over_0644)
{
	char *p = fs_join(dir, "plain.env");
	ck_assert_int_eq(fs_write_atomic(p, "A=1\n", 4, 0644), 0);
	chmod(p, 0644);
	ck_assert_int_eq(fs_write_atomic(p, "A=2\n", 4, 0600), 0);
	struct stat st;
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert(!fs_is_exposed(p));
	free(p);
}
END_TEST

/* A child opens an atomic output, says its temporary name, and waits to be
 * killed by sig (or exits when sig is 0): the name must be gone after. */
static void temp_removed_on(int sig)
{
	int fds[2];
	ck_assert_int_eq(pipe(fds), 0);
	char *p = fs_join(dir, "killed.txt");
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* As in a tool: Check's own handlers would signal its group. */
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		struct atomic_file af;
		if (atomic_open(&af, p, 0600) != 0)
			_exit(99);
		fputs("half of it", af.fp);
		fflush(af.fp);
		dprintf(fds[1], "%s\n", af.tmp);
		if (!sig)
			exit(3);
		for (;;)
			pause();
	}
	close(fds[1]);
	char tmp[4096] = {0};
	ssize_t n = read(fds[0], tmp, sizeof tmp - 1);
	close(fds[0]);
	ck_assert_int_gt(n, 1);
	tmp[n - 1] = '\0';
	if (sig) {
		ck_assert_int_eq(access(tmp, F_OK), 0);
		kill(pid, sig);
	}
	int st;
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	if (sig) {
		ck_assert(WIFSIGNALED(st));
		ck_assert_int_eq(WTERMSIG(st), sig);
	} else {
		ck_assert(WIFEXITED(st));
		ck_assert_int_eq(WEXITSTATUS(st), 3);
	}
	ck_assert_msg(access(tmp, F_OK) == -1, "%s left behind", tmp);
	ck_assert_int_eq(access(p, F_OK), -1);
	free(p);
}

START_TEST(atomic_temp_removed_on_signals_and_exit)
{
	temp_removed_on(SIGTERM);
	temp_removed_on(SIGINT);
	temp_removed_on(SIGHUP);
	temp_removed_on(0);
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
	tcase_add_test(tc, atomic_full_device_is_a_failed_write);
	tcase_add_test(tc, atomic_writes_through_symlinks_and_fifos);
	tcase_add_test(tc, atomic_private_output_is_0600_over_0644);
	tcase_add_test(tc, atomic_temp_removed_on_signals_and_exit);
	tcase_add_test(tc, paths);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
