/* cli: option tables on getopt_long, with rows that store their value
 * themselves, and the command model every tool dispatches through: a table
 * of commands, each with its synopsis, summary, options and --help. */
#ifndef AGENTCI_CLI_H
#define AGENTCI_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "msg.h"
#include "strutils.h"
#include "xalloc.h"

/* Keys for long-only options; tools number their own from CLI_KEY_TOOL. */
enum { CLI_KEY_VERSION = 0x100, CLI_KEY_NO_GITHUB, CLI_KEY_TOOL = 0x200 };

/* What cli_next does with an option it meets. */
enum cli_bind {
	CLI_RETURN = 0, /* return the key to the caller's switch */
	CLI_SET, /* bool *var = true */
	CLI_COUNT, /* int *var += 1 (-v -v) */
	CLI_STRING, /* const char **var = the argument */
	CLI_LIST, /* append the argument to struct cli_list *var */
	CLI_INT, /* long long *var = a whole number >= 0 */
	CLI_DURATION, /* int64_t *var = milliseconds, "5m", "300s", "30" */
	CLI_HELP, /* print the current command's --help, exit 0 */
	CLI_VERSION, /* print the version, exit 0 */
};

/* One row of an option table: drives getopt_long, --help and the shell
 * completions.  key is the short letter, a CLI_KEY_* value, or 0 for a
 * long-only row that binds its value. */
struct cli_opt {
	const char *name; /* long name without dashes */
	int has_arg; /* no_argument, required_argument, optional_argument */
	int key;
	const char *arg; /* argument name in help, e.g. "DUR" */
	const char *help; /* one line */
	enum cli_bind bind;
	void *var; /* where a bound row stores its value */
};

/* The arguments of a repeatable option, in order. */
struct cli_list {
	const char **v;
	size_t n;
};

/* Rows whose key cli_next returns to the caller's switch. */
#define OPT_FLAG(name, key, help)                                    \
	{                                                            \
		name, no_argument, key, NULL, help, CLI_RETURN, NULL \
	}
#define OPT_ARG(name, key, arg, help)                                     \
	{                                                                 \
		name, required_argument, key, arg, help, CLI_RETURN, NULL \
	}
#define OPT_OPTARG(name, key, arg, help)                                  \
	{                                                                 \
		name, optional_argument, key, arg, help, CLI_RETURN, NULL \
	}
/* Rows that store their value. */
#define OPT_SET(name, key, var, help)                            \
	{                                                        \
		name, no_argument, key, NULL, help, CLI_SET, var \
	}
#define OPT_COUNT(name, key, var, help)                            \
	{                                                          \
		name, no_argument, key, NULL, help, CLI_COUNT, var \
	}
#define OPT_STRING(name, key, var, arg, help)                            \
	{                                                                \
		name, required_argument, key, arg, help, CLI_STRING, var \
	}
#define OPT_LIST(name, key, var, arg, help)                            \
	{                                                              \
		name, required_argument, key, arg, help, CLI_LIST, var \
	}
#define OPT_INT(name, key, var, arg, help)                            \
	{                                                             \
		name, required_argument, key, arg, help, CLI_INT, var \
	}
#define OPT_DURATION(name, key, var, arg, help)                            \
	{                                                                  \
		name, required_argument, key, arg, help, CLI_DURATION, var \
	}
#define OPT_HELP                                                                 \
	{                                                                        \
		"help", no_argument, 'h', NULL, "show this help", CLI_HELP, NULL \
	}
#define OPT_VERSION                                                                                  \
	{                                                                                            \
		"version", no_argument, CLI_KEY_VERSION, NULL, "show the version", CLI_VERSION, NULL \
	}
#define OPT_END                                          \
	{                                                \
		NULL, 0, 0, NULL, NULL, CLI_RETURN, NULL \
	}

/* A tool, or one of its commands.  A row with cmds dispatches: options
 * before the command name are its own (all bound), then the command runs
 * with argv[0] its name.  A row without cmds runs run(argc, argv), which
 * parses opts with cli_next.  Entry points are named cmd_<name>. */
struct cli_cmd {
	const char *name; /* NULL for the tool itself */
	int (*run)(int argc, char **argv);
	const char *synopsis; /* what follows "Usage: prog name" */
	const char *summary; /* one line: the "Commands:" list, --help */
	const struct cli_opt *opts; /* ended by OPT_END; NULL for none */
	const struct cli_cmd *cmds; /* ended by a row with a NULL name */
	const char *description; /* more lines for --help, or NULL */
};

/* Run the tool: its options, then its command (cmds), or its own run.
 * After the command's name, cli_next accepts the command's options and,
 * after them, the options of every row above it: global options may come
 * before or after the command. */
int cli_main(const struct cli_cmd *tool, int argc, char **argv);
/* The command cli_main is running (the tool's row before a command). */
const struct cli_cmd *cli_current(void);
/* --help of a row: usage, summary and description, options, commands. */
void cli_cmd_help(FILE *fp, const struct cli_cmd *c);

/* Build getopt_long's tables from an option table ended by a zero row.
 * Returns malloc'd arrays; free both with free(). */
void cli_getopt_tables(const struct cli_opt *opts, struct option **longopts, char **shortopts);

/* getopt_long over an option table (tables built once and cached per
 * table).  Bound rows store their value and parsing goes on; returns the
 * key of a CLI_RETURN row, or -1 at the end.  An unknown option, a missing
 * argument or a bad value is a usage error (exit 2). */
int cli_next(int argc, char **argv, const struct cli_opt *opts);

/* Print "Usage: prog SYNOPSIS", the description, then the option table. */
void cli_help(FILE *fp, const char *synopsis, const char *description, const struct cli_opt *opts);
/* "NAME (agentci) X.Y.Z" */
void cli_version(void);
/* Report a usage error with a pointer to --help and exit 2. */
_Noreturn void cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
