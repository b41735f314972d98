/* cleanup: pending temporary files and wipe hooks, run on TERM, INT, HUP
 * and at exit.  The list is fixed-size storage and a used flag per slot,
 * so the handler reads nothing that is being allocated or freed. */
#include "cleanup.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { SLOTS = 16, HOOKS = 4 };

static char paths[SLOTS][PATH_MAX];
static volatile sig_atomic_t used[SLOTS];
static void (*volatile hooks[HOOKS])(void);

static const int sigs[] = {SIGTERM, SIGINT, SIGHUP};
static struct sigaction before[sizeof sigs / sizeof *sigs];
static bool installed;

void cleanup_run(void)
{
	for (int i = 0; i < SLOTS; i++)
		if (used[i]) {
			unlink(paths[i]);
			used[i] = 0;
		}
	for (int i = 0; i < HOOKS; i++)
		if (hooks[i])
			hooks[i]();
}

/* Clean up, then let the signal do what it did before: end the process,
 * or reach the tool's own handler.  It is blocked while this runs, so the
 * raise takes effect on return. */
static void on_signal(int sig)
{
	int saved = errno;
	cleanup_run();
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
		if (sigs[i] == sig)
			sigaction(sig, &before[i], NULL);
	raise(sig);
	errno = saved;
}

static void install(void)
{
	if (installed)
		return;
	installed = true;
	atexit(cleanup_run);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		sigaction(sigs[i], NULL, &before[i]);
		/* nohup and friends mean it: an ignored signal stays ignored. */
		if (before[i].sa_handler == SIG_IGN)
			continue;
		sa.sa_flags = before[i].sa_flags & SA_RESTART;
		sigaction(sigs[i], &sa, NULL);
	}
}

/* The handlers must never see a slot half-written: the signals wait while
 * the list changes. */
static void block(sigset_t *saved)
{
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
		sigaddset(&set, sigs[i]);
	sigprocmask(SIG_BLOCK, &set, saved);
}

int cleanup_add(const char *path)
{
	size_t n = strlen(path);
	if (n >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	sigset_t saved;
	block(&saved);
	install();
	int rc = -1;
	for (int i = 0; i < SLOTS && rc != 0; i++)
		if (!used[i]) {
			memcpy(paths[i], path, n + 1);
			used[i] = 1;
			rc = 0;
		}
	sigprocmask(SIG_SETMASK, &saved, NULL);
	if (rc != 0)
		errno = EMFILE;
	return rc;
}

void cleanup_forget(const char *path)
{
	sigset_t saved;
	block(&saved);
	for (int i = 0; i < SLOTS; i++)
		if (used[i] && !strcmp(paths[i], path)) {
			used[i] = 0;
			break;
		}
	sigprocmask(SIG_SETMASK, &saved, NULL);
}

void cleanup_hook(void (*fn)(void))
{
	sigset_t saved;
	block(&saved);
	install();
	for (int i = 0; i < HOOKS; i++) {
		if (hooks[i] == fn)
			break;
		if (!hooks[i]) {
			hooks[i] = fn;
			break;
		}
	}
	sigprocmask(SIG_SETMASK, &saved, NULL);
}
