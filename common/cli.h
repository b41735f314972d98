/* cli: the conventions every tool shares — exit codes, messages, option
 * tables on getopt_long, and the value syntaxes of DESIGN.md (durations,
 * sizes, lists). */
#ifndef AGENTCI_CLI_H
#define AGENTCI_CLI_H

#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit status, the same in every tool (DESIGN.md). */
enum {
	EXIT_OK = 0,      /* valid, healthy, within budget, rolled out */
	EXIT_FAIL = 1,    /* the check failed */
	EXIT_USAGE = 2,   /* unknown option, missing argument, conflicting flags */
	EXIT_INPUT = 3,   /* a file or stdin that cannot be read or parsed */
	EXIT_ENV = 4,     /* network, TLS, auth, missing key, server error */
	EXIT_TIMEOUT = 5, /* timed out waiting */
};

/* Keys for long-only options; tools number their own from CLI_KEY_TOOL. */
enum { CLI_KEY_VERSION = 0x100, CLI_KEY_NO_GITHUB, CLI_KEY_TOOL = 0x200 };

/* One row of a tool's option table: drives getopt_long, --help and the
 * shell completions.  key is the short letter or a CLI_KEY_* value. */
struct cli_opt {
	const char *name;   /* long name without dashes */
	int has_arg;        /* no_argument, required_argument, optional_argument */
	int key;
	const char *arg;    /* argument name in help, e.g. "DUR" */
	const char *help;   /* one line */
};

/* Set the program name used as the prefix of every message. */
void cli_init(const char *prog);
const char *cli_prog(void);

/* "prog: message" on stderr; die() exits with code. */
void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_errorv(const char *fmt, va_list ap);
_Noreturn void die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Output that never reached stdout is a failed run.  close_stdout()
 * flushes and closes it: 0, or -1 with errno (0 when an earlier write
 * failed and its cause is gone; a reader that went away, EPIPE, is not an
 * error).  close_stdout_at_exit(), first thing in main,
 * runs it at exit: a failure says "write error on standard output" and
 * turns exit 0 into 4; a status that is already a failure stands. */
int close_stdout(void);
void close_stdout_at_exit(void);
/* Out of memory is the one error nobody can handle: allocate or exit 4. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Build getopt_long's tables from an option table ended by a zero row.
 * Returns malloc'd arrays; free both with free(). */
void cli_getopt_tables(const struct cli_opt *opts, struct option **longopts, char **shortopts);

/* getopt_long over an option table (tables built once and cached per
 * table).  Returns the key, -1 at the end, '?' on error (already reported).
 * A leading '+' in mode stops at the first non-option like POSIX. */
int cli_next(int argc, char **argv, const struct cli_opt *opts);

/* Print "Usage: prog SYNOPSIS", the description, then the option table. */
void cli_help(FILE *fp, const char *synopsis, const char *description, const struct cli_opt *opts);
/* "NAME (agentci) X.Y.Z" */
void cli_version(void);
const char *agentci_version(void);
/* Report a usage error with a pointer to --help and exit 2. */
_Noreturn void cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Durations: "500ms", "10s", "5m", "1h", "1h30m", "1.5s"; a bare number is
 * seconds.  Sizes: "64KiB", "1MiB", "10MB", "512"; bytes. 0 on success. */
int parse_duration_ms(const char *s, int64_t *ms);
int parse_size(const char *s, uint64_t *bytes);
/* Whole decimal number in [min, max]. 0 on success. */
int parse_int(const char *s, long long min, long long max, long long *out);
/* Format a duration as "1.5s", "250ms", "2m5s" into buf. */
void format_duration(int64_t ms, char *buf, size_t len);

/* Split on any char of seps (e.g. ",\n"), trimming blanks around items and
 * skipping empty ones.  NULL-terminated vector; *n gets the count. */
char **split_list(const char *s, const char *seps, size_t *n);
void strv_free(char **v);

#endif
