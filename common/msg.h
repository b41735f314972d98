/* msg: the exit codes, the program's name, and its messages on stderr —
 * also as GitHub Actions annotations when the tool turns them on. */
#ifndef AGENTCI_MSG_H
#define AGENTCI_MSG_H

#include <stdarg.h>
#include <stdbool.h>

/* Exit status, the same in every tool (each man page's EXIT STATUS). */
enum {
	EXIT_OK = 0, /* valid, healthy, within budget, rolled out */
	EXIT_FAIL = 1, /* the check failed */
	EXIT_USAGE = 2, /* unknown option, missing argument, conflicting flags */
	EXIT_INPUT = 3, /* a file or stdin that cannot be read or parsed */
	EXIT_ENV = 4, /* network, TLS, auth, missing key, server error */
	EXIT_TIMEOUT = 5, /* timed out waiting */
};

/* Set the program name used as the prefix of every message. */
void cli_init(const char *prog);
const char *cli_prog(void);
const char *agentci_version(void);

/* "prog: message" on stderr; die() exits with code. */
void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_errorv(const char *fmt, va_list ap);
_Noreturn void die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* With on (a tool passes gha_enabled(no_github)), every msg_error, die and
 * msg_warn is also an ::error or ::warning workflow command on stderr, so
 * it shows on the run's page; title NULL means the program's name. */
void msg_annotate(bool on, const char *title);

/* Output that never reached stdout is a failed run.  close_stdout()
 * flushes and closes it: 0, or -1 with errno (0 when an earlier write
 * failed and its cause is gone; a reader that went away, EPIPE, is not an
 * error).  close_stdout_at_exit(), first thing in main,
 * runs it at exit: a failure says "write error on standard output" and
 * turns exit 0 into 4; a status that is already a failure stands. */
int close_stdout(void);
void close_stdout_at_exit(void);

#endif
