/* subproc: fork/exec with three pipes and a poll loop. */
#include "subproc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "secmem.h"
#include "vec.h"

/* The exec failure travels back on a close-on-exec pipe: EOF means the
 * program started. */
static void child(char *const argv[], int in, int out, int err, int report)
{
	dup2(in, 0);
	dup2(out, 1);
	dup2(err, 2);
	execvp(argv[0], argv);
	int e = errno;
	if (write(report, &e, sizeof e) < 0)
		_exit(127);
	_exit(127);
}

int subproc_run(char *const argv[], const void *in, size_t inlen, size_t maxout, struct subproc_result *r)
{
	memset(r, 0, sizeof *r);
	int fds[4][2], made = 0;
	int *pin = fds[0], *pout = fds[1], *perr = fds[2], *prep = fds[3];
	while (made < 4 && (made == 3 ? pipe2(fds[made], O_CLOEXEC) : pipe(fds[made])) == 0)
		made++;
	pid_t pid = made == 4 ? fork() : -1;
	if (pid < 0) {
		int e = errno;
		for (int i = 0; i < made; i++) {
			close(fds[i][0]);
			close(fds[i][1]);
		}
		errno = e;
		return -1;
	}
	if (pid == 0) {
		close(pin[1]);
		close(pout[0]);
		close(perr[0]);
		close(prep[0]);
		child(argv, pin[0], pout[1], perr[1], prep[1]);
	}
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	close(prep[1]);
	/* A helper that exits without reading its stdin must not kill us. */
	struct sigaction ign = {.sa_handler = SIG_IGN}, old;
	sigaction(SIGPIPE, &ign, &old);

	r->out = secure_alloc(maxout + 1);
	size_t ecap = 1024, elen = 0, sent = 0;
	r->err = xmalloc(ecap);
	struct pollfd p[3] = {{pin[1], POLLOUT, 0}, {pout[0], POLLIN, 0}, {perr[0], POLLIN, 0}};
	if (inlen == 0) {
		close(pin[1]);
		p[0].fd = -1;
	} else {
		fcntl(pin[1], F_SETFL, O_NONBLOCK);
	}
	while (p[0].fd >= 0 || p[1].fd >= 0 || p[2].fd >= 0) {
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].fd >= 0 && p[0].revents) {
			ssize_t w = write(p[0].fd, (const char *)in + sent, inlen - sent);
			if (w > 0)
				sent += (size_t)w;
			if (w < 0 && errno != EINTR && errno != EAGAIN)
				sent = inlen; /* EPIPE: it stopped reading */
			if (sent == inlen) {
				close(p[0].fd);
				p[0].fd = -1;
			}
		}
		if (p[1].fd >= 0 && p[1].revents) {
			char sink[4096];
			bool room = r->outlen < maxout;
			ssize_t n = room ? read(p[1].fd, r->out + r->outlen, maxout - r->outlen)
					 : read(p[1].fd, sink, sizeof sink);
			if (n > 0 && room)
				r->outlen += (size_t)n;
			else if (n == 0 || (n < 0 && errno != EINTR)) {
				close(p[1].fd);
				p[1].fd = -1;
			}
			sodium_memzero(sink, sizeof sink);
		}
		if (p[2].fd >= 0 && p[2].revents) {
			VEC_RESERVE(r->err, ecap, elen + 512);
			ssize_t n = elen < (64u << 10) ? read(p[2].fd, r->err + elen, ecap - elen - 1) : 0;
			if (n > 0)
				elen += (size_t)n;
			else if (n == 0 || errno != EINTR) {
				close(p[2].fd);
				p[2].fd = -1;
			}
		}
	}
	r->out[r->outlen] = '\0';
	r->err[elen] = '\0';
	int e;
	if (read(prep[0], &e, sizeof e) == (ssize_t)sizeof e)
		r->exec_errno = e;
	close(prep[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	sigaction(SIGPIPE, &old, NULL);
	return 0;
}

void subproc_result_free(struct subproc_result *r)
{
	if (r->out)
		sodium_free(r->out);
	free(r->err);
	memset(r, 0, sizeof *r);
}
