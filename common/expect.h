/* expect: what "healthy" means for one HTTP answer — a status list, JSON
 * path comparisons, a jq program, a body regex, header regexes.  All of
 * them must hold.  health-wait's targets and k8s-rollout's HTTP analysis
 * gates, so it knows nothing about targets, retries or output. */
#ifndef AGENTCI_EXPECT_H
#define AGENTCI_EXPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct expect;

/* An answer to judge.  headers is the raw header block of the final
 * response ("Name: value\r\n" lines; a status line is skipped). */
struct answer {
	long status;
	const char *body; /* len bytes, NUL-terminated (regexec needs it) */
	size_t len;
	bool truncated; /* the body was cut at the size cap */
	const char *headers;
};

enum expect_result {
	EXPECT_PASS,
	EXPECT_FAIL, /* an expectation does not hold; why says which */
	EXPECT_ENV, /* the check itself cannot run (jq vanished) */
};

struct expect *expect_new(void);
void expect_free(struct expect *e);

/* Each adder returns 0, or -1 with a message in err ("what is wrong; what
 * to do").  Without expect_status the status must be 2xx. */
/* "200", "200,204", "2xx,401" */
int expect_status(struct expect *e, const char *list, char *err, size_t errlen);
/* "PATH", "PATH == VALUE", "PATH != VALUE"; VALUE a JSON literal or a bare
 * word taken as a string. */
int expect_json(struct expect *e, const char *spec, char *err, size_t errlen);
/* The body is fed to `jq -e EXPR`; the expression is compiled once here
 * (a missing jq: -2, an environment error rather than usage). */
int expect_jq(struct expect *e, const char *expr, char *err, size_t errlen);
/* POSIX extended regex, unanchored; ^ and $ also match at newlines. */
int expect_body(struct expect *e, const char *regex, char *err, size_t errlen);
/* "Name: REGEX"; the header must be present and one of its values match. */
int expect_header(struct expect *e, const char *spec, char *err, size_t errlen);

/* How long one jq run may take (default 10s); a runaway program is killed. */
void expect_jq_limit(struct expect *e, int64_t ms);

/* Judge one answer.  why gets a short reason on FAIL/ENV, e.g.
 * "503 Service Unavailable", "json .status is \"starting\", want \"healthy\"". */
enum expect_result expect_check(const struct expect *e, const struct answer *a, char *why, size_t whylen);

/* True when the status is in the expected list (exposed for reports). */
bool expect_status_ok(const struct expect *e, long status);

#endif
