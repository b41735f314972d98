/* gitrun: posix_spawnp of git with stdout on a pipe. */
#include "gitrun.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "strbuf.h"

extern char **environ;

char *git_output(const char *const *args, int *spawn_failed)
{
	const char *argv[16];
	size_t n = 0;
	argv[n++] = "git";
	for (; *args && n < 15; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	if (spawn_failed)
		*spawn_failed = 0;
	int fd[2];
	if (pipe(fd) != 0) {
		if (spawn_failed)
			*spawn_failed = 1;
		return NULL;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[1], STDOUT_FILENO);
	posix_spawn_file_actions_addclose(&fa, fd[0]);
	posix_spawn_file_actions_addclose(&fa, fd[1]);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	/* The argv strings are not modified by the child; posix_spawn's
	 * prototype predates const. */
	int rc = posix_spawnp(&pid, "git", &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fd[1]);
	if (rc != 0) {
		close(fd[0]);
		if (spawn_failed)
			*spawn_failed = 1;
		return NULL;
	}
	struct strbuf b = {0};
	char buf[4096];
	ssize_t got;
	while ((got = read(fd[0], buf, sizeof buf)) > 0 || (got < 0 && errno == EINTR))
		if (got > 0)
			strbuf_addn(&b, buf, (size_t)got);
	close(fd[0]);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		if (spawn_failed && WIFEXITED(st) && WEXITSTATUS(st) == 127)
			*spawn_failed = 1;
		free(b.s);
		return NULL;
	}
	char *out = strbuf_take(&b);
	size_t len = strlen(out);
	while (len && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		out[--len] = '\0';
	return out;
}
