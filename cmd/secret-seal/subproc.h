/* subproc: running a helper program (gpg) with secrets through pipes only.
 * A secret on its stdin or expected on its stdout: nothing touches the disk,
 * nothing goes on its command line.  stdin, stdout and stderr are served
 * together (poll), so neither side can block the other. */
#ifndef SECRET_SEAL_SUBPROC_H
#define SECRET_SEAL_SUBPROC_H

#include <stddef.h>

struct subproc_result {
	int exec_errno; /* the program could not be started: its errno */
	int status; /* exit status, 128+N for signal N */
	char *out; /* stdout, in locked memory (sodium_free), NUL-ended */
	size_t outlen;
	char *err; /* stderr, malloc'd, NUL-ended */
};

/* Run argv[0] (PATH searched) with in on its stdin; stdout up to maxout
 * bytes is kept (the rest read and dropped).  0, or -1 when no pipe or
 * process could be made (errno). */
int subproc_run(char *const argv[], const void *in, size_t inlen, size_t maxout, struct subproc_result *r);
void subproc_result_free(struct subproc_result *r);

#endif
