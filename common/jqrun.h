/* jqrun: run the jq program as a filter — jq is the suite's runtime
 * companion, so --expect-jq means exactly what `jq -e EXPR` means. */
#ifndef AGENTCI_JQRUN_H
#define AGENTCI_JQRUN_H

#include <stddef.h>
#include <stdint.h>

enum {
	JQ_NOT_FOUND = -1, /* no jq on PATH (or it cannot be executed) */
	JQ_TIMED_OUT = -2, /* killed after the time limit */
	JQ_SYS_ERROR = -3, /* fork, pipe: msg says which */
};

/* Compile expr without running it.  0 when it compiles, 3 (jq's exit
 * status) when it does not, or a JQ_* code; msg gets jq's first line. */
int jq_compile(const char *expr, char *msg, size_t msglen);

/* Feed input to `jq -e expr`, output discarded.  Returns jq's exit status
 * (0 truthy, 1 false/null, 4 no output, 5 error) or a JQ_* code; msg gets
 * the first line jq wrote on stderr.  timeout_ms <= 0 means no limit. */
int jq_run(const char *expr, const char *input, size_t len, int64_t timeout_ms, char *msg, size_t msglen);

#endif
