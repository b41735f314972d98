/* msg: the program's name, its messages and annotations, and the check
 * that its output reached stdout. */
#include "msg.h"

#include <errno.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gha.h"

#ifndef AGENTCI_VERSION
#define AGENTCI_VERSION "0.0.0"
#endif

static const char *prog = "agentci";

void cli_init(const char *name)
{
	const char *slash = strrchr(name, '/');
	prog = slash ? slash + 1 : name;
}

const char *cli_prog(void)
{
	return prog;
}
const char *agentci_version(void)
{
	return AGENTCI_VERSION;
}

static bool annotate;
static const char *annotate_title;

void msg_annotate(bool on, const char *title)
{
	annotate = on;
	annotate_title = title;
}

/* The workflow command for a message already written plainly: stderr,
 * because stdout is the product (the runner reads commands from both). */
static void annotation(const char *kind, const char *text)
{
	if (!annotate)
		return;
	char *data = gha_escape_data(text);
	char *title = gha_escape_property(annotate_title ? annotate_title : prog);
	fprintf(stderr, "::%s title=%s::%s\n", kind, title, data);
	free(title);
	free(data);
}

void msg_errorv(const char *fmt, va_list ap)
{
	/* One write per message so lines from concurrent processes stay whole. */
	char buf[4096];
	int n = snprintf(buf, sizeof buf, "%s: ", prog);
	vsnprintf(buf + n, sizeof buf - (size_t)n, fmt, ap);
	fprintf(stderr, "%s\n", buf);
	annotation("error", buf + n);
}

void msg_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	msg_errorv(fmt, ap);
	va_end(ap);
}

void msg_warn(const char *fmt, ...)
{
	char buf[4000];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: warning: %s\n", prog, buf);
	annotation("warning", buf);
}

void die(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	msg_errorv(fmt, ap);
	va_end(ap);
	exit(code);
}

int close_stdout(void)
{
	bool pending = __fpending(stdout) != 0;
	bool failed = ferror(stdout) != 0;
	errno = 0;
	if (fclose(stdout) != 0) {
		/* No stdout at all (>&-) is fine as long as nothing was written. */
		if (!failed && !pending && errno == EBADF)
			return 0;
	} else if (!failed) {
		return 0;
	} else {
		errno = 0; /* an earlier write failed; its cause is gone */
	}
	/* A reader that went away (| head) wanted no more. */
	return errno == EPIPE ? 0 : -1;
}

static void close_stdout_now(int status, void *unused)
{
	(void)unused;
	if (close_stdout() != 0) {
		if (errno)
			msg_error("write error on standard output: %s", strerror(errno));
		else
			msg_error("write error on standard output");
		_exit(status != EXIT_OK ? status : EXIT_ENV);
	}
}

void close_stdout_at_exit(void)
{
	on_exit(close_stdout_now, NULL);
}
