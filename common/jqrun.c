/* jqrun: jq as a child process.  Its stdin is a socket rather than a pipe
 * so that a jq that exits early gives EPIPE from send(MSG_NOSIGNAL), never
 * a SIGPIPE that would kill the caller. */
#include "jqrun.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "timeutil.h"

/* jq's stdout and stderr both come back on one pipe: what it prints is
 * only counted (see jq_run), what it says is kept. */
static pid_t spawn(char *const argv[], int *in_fd, int *err_fd, int *out_fd)
{
	int in[2], er[2], out[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) < 0)
		return -1;
	if (pipe2(er, O_CLOEXEC) < 0) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	if (pipe2(out, O_CLOEXEC) < 0) {
		close(in[0]);
		close(in[1]);
		close(er[0]);
		close(er[1]);
		return -1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		if (dup2(in[1], 0) < 0 || dup2(er[1], 2) < 0 || dup2(out[1], 1) < 0)
			_exit(126);
		execvp(argv[0], argv);
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(in[1]);
	close(er[1]);
	close(out[1]);
	if (pid < 0) {
		close(in[0]);
		close(er[0]);
		close(out[0]);
		return -1;
	}
	*in_fd = in[0];
	*err_fd = er[0];
	*out_fd = out[0];
	return pid;
}

/* Keep the first line of what jq says, without its trailing newline. */
static void keep_line(char *msg, size_t msglen, size_t *used, const char *buf, size_t n)
{
	for (size_t i = 0; i < n && *used + 1 < msglen; i++) {
		if (buf[i] == '\n') {
			*used = msglen; /* first line complete: stop collecting */
			return;
		}
		msg[(*used)++] = buf[i];
		msg[*used] = '\0';
	}
}

/* *printed gets the number of bytes jq wrote on its stdout. */
static int run(char *const argv[], const char *input, size_t len, int64_t timeout_ms, char *msg, size_t msglen,
	       size_t *printed)
{
	int in_fd, err_fd, out_fd;
	size_t used = 0;
	*printed = 0;
	if (msglen)
		msg[0] = '\0';
	pid_t pid = spawn(argv, &in_fd, &err_fd, &out_fd);
	if (pid < 0) {
		snprintf(msg, msglen, "cannot start jq: %s", strerror(errno));
		return JQ_SYS_ERROR;
	}
	fcntl(in_fd, F_SETFL, O_NONBLOCK);
	int64_t deadline = timeout_ms > 0 ? mono_ms() + timeout_ms : 0;
	size_t off = 0;
	bool writing = true, timed_out = false;
	if (len == 0) {
		close(in_fd);
		writing = false;
	}
	for (;;) {
		struct pollfd p[3] = {{err_fd, POLLIN, 0}, {writing ? in_fd : -1, POLLOUT, 0}, {out_fd, POLLIN, 0}};
		int wait = -1;
		if (deadline) {
			int64_t left = deadline - mono_ms();
			if (left <= 0) {
				timed_out = true;
				break;
			}
			wait = left > 1000 ? 1000 : (int)left;
		}
		if (poll(p, 3, wait) < 0 && errno != EINTR)
			break;
		if (p[1].revents) {
			ssize_t w = send(in_fd, input + off, len - off, MSG_NOSIGNAL | MSG_DONTWAIT);
			if (w > 0)
				off += (size_t)w;
			if ((w < 0 && errno != EAGAIN && errno != EINTR) || off == len) {
				close(in_fd); /* done, or jq stopped reading */
				writing = false;
			}
		}
		if (p[2].revents) {
			char buf[4096];
			ssize_t r = read(out_fd, buf, sizeof buf);
			if (r > 0)
				*printed += (size_t)r;
			else if (r == 0 || errno != EINTR) {
				close(out_fd); /* jq closed it: it is exiting */
				out_fd = -1;
			}
		}
		if (p[0].revents) {
			char buf[512];
			ssize_t r = read(err_fd, buf, sizeof buf);
			if (r > 0)
				keep_line(msg, msglen, &used, buf, (size_t)r);
			else if (r == 0 || errno != EINTR)
				break;
		}
	}
	if (writing)
		close(in_fd);
	close(err_fd);
	if (out_fd >= 0)
		close(out_fd);
	if (timed_out)
		kill(pid, SIGKILL);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (timed_out)
		return JQ_TIMED_OUT;
	if (WIFEXITED(st)) {
		int code = WEXITSTATUS(st);
		return code == 127 || code == 126 ? JQ_NOT_FOUND : code;
	}
	snprintf(msg, msglen, "jq killed by signal %d", WTERMSIG(st));
	return JQ_SYS_ERROR;
}

int jq_run(const char *expr, const char *input, size_t len, int64_t timeout_ms, char *msg, size_t msglen)
{
	char *argv[] = {"jq", "-e", (char *)expr, NULL};
	size_t printed;
	int rc = run(argv, input, len, timeout_ms, msg, msglen, &printed);
	/* jq -e exits 0 having printed nothing when the input holds no JSON
	 * value at all (NUL bytes, a lone byte-order mark): EXPR never ran,
	 * which is no output, status 4. */
	return rc == 0 && printed == 0 ? 4 : rc;
}

int jq_compile(const char *expr, char *msg, size_t msglen)
{
	/* `empty | (EXPR)` compiles EXPR but never evaluates it; the newlines
	 * keep a trailing # comment in EXPR from swallowing the parenthesis. */
	char *prog = xasprintf("empty | (\n%s\n)", expr);
	char *argv[] = {"jq", "-n", prog, NULL};
	size_t printed;
	int rc = run(argv, "", 0, 10000, msg, msglen, &printed);
	free(prog);
	return rc;
}
