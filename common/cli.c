/* cli: messages, allocation, option tables and value syntaxes. */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef AGENTCI_VERSION
#define AGENTCI_VERSION "0.0.0"
#endif

static const char *prog = "agentci";

void cli_init(const char *name)
{
	const char *slash = strrchr(name, '/');
	prog = slash ? slash + 1 : name;
}

const char *cli_prog(void) { return prog; }
const char *agentci_version(void) { return AGENTCI_VERSION; }

void msg_errorv(const char *fmt, va_list ap)
{
	/* One write per message so lines from concurrent processes stay whole. */
	char buf[4096];
	int n = snprintf(buf, sizeof buf, "%s: ", prog);
	vsnprintf(buf + n, sizeof buf - (size_t)n, fmt, ap);
	fprintf(stderr, "%s\n", buf);
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

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die(EXIT_ENV, "out of memory");
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die(EXIT_ENV, "out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die(EXIT_ENV, "out of memory");
	return p;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		die(EXIT_ENV, "out of memory");
	return s;
}

void cli_getopt_tables(const struct cli_opt *opts, struct option **longopts, char **shortopts)
{
	size_t n = 0;
	while (opts[n].name)
		n++;
	struct option *lo = xcalloc(n + 1, sizeof *lo);
	char *so = xmalloc(3 * n + 2);
	char *p = so;
	*p++ = ':'; /* report a missing argument apart from an unknown option */
	for (size_t i = 0; i < n; i++) {
		lo[i] = (struct option){opts[i].name, opts[i].has_arg, NULL, opts[i].key};
		if (opts[i].key > 0 && opts[i].key < 0x100) {
			*p++ = (char)opts[i].key;
			if (opts[i].has_arg != no_argument)
				*p++ = ':';
			if (opts[i].has_arg == optional_argument)
				*p++ = ':';
		}
	}
	*p = '\0';
	*longopts = lo;
	*shortopts = so;
}

int cli_next(int argc, char **argv, const struct cli_opt *opts)
{
	/* getopt_long wants its tables for the whole parse; keep the last
	 * table's conversion (a tool parses one table at a time). */
	static const struct cli_opt *cached;
	static struct option *lo;
	static char *so;
	if (cached != opts) {
		free(lo);
		free(so);
		cli_getopt_tables(opts, &lo, &so);
		cached = opts;
	}
	int saved = opterr;
	opterr = 0;
	int c = getopt_long(argc, argv, so, lo, NULL);
	opterr = saved;
	if (c == '?') {
		if (optopt && optopt < 0x100)
			cli_usage_error("unknown option -%c", optopt);
		cli_usage_error("unknown option %s", argv[optind - 1]);
	}
	if (c == ':') {
		if (optopt && optopt < 0x100)
			cli_usage_error("option -%c needs an argument", optopt);
		cli_usage_error("option %s needs an argument", argv[optind - 1]);
	}
	return c;
}

void cli_help(FILE *fp, const char *synopsis, const char *description, const struct cli_opt *opts)
{
	fprintf(fp, "Usage: %s %s\n", prog, synopsis);
	if (description)
		fprintf(fp, "\n%s\n", description);
	fprintf(fp, "\nOptions:\n");
	for (const struct cli_opt *o = opts; o->name; o++) {
		char left[80];
		int n = 0;
		if (o->key > 0 && o->key < 0x100)
			n = snprintf(left, sizeof left, "  -%c, --%s", o->key, o->name);
		else
			n = snprintf(left, sizeof left, "      --%s", o->name);
		if (o->has_arg == required_argument)
			snprintf(left + n, sizeof left - (size_t)n, " %s", o->arg ? o->arg : "ARG");
		else if (o->has_arg == optional_argument)
			snprintf(left + n, sizeof left - (size_t)n, "[=%s]", o->arg ? o->arg : "ARG");
		if (strlen(left) < 30)
			fprintf(fp, "%-30s %s\n", left, o->help ? o->help : "");
		else
			fprintf(fp, "%s\n%-30s %s\n", left, "", o->help ? o->help : "");
	}
	fprintf(fp, "\nSee %s(1).\n", prog);
}

void cli_version(void)
{
	printf("%s (agentci) %s\n", prog, AGENTCI_VERSION);
}

void cli_usage_error(const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s\nTry '%s --help' for more information.\n", prog, buf, prog);
	exit(EXIT_USAGE);
}

int parse_duration_ms(const char *s, int64_t *ms)
{
	static const struct {
		const char *unit;
		double ms;
	} units[] = {{"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}, {"d", 86400000}};
	double total = 0;
	const char *p = s;
	char *end;
	if (!s || !*s)
		return -1;
	/* A bare number is seconds, like sleep(1) and kubectl's --timeout=30. */
	if (isdigit((unsigned char)*s) && strtod(s, &end) >= 0 && !*end)
		total = strtod(s, NULL) * 1000;
	else
		while (*p) {
			if (!isdigit((unsigned char)*p) && *p != '.')
				return -1;
			errno = 0;
			double v = strtod(p, &end);
			if (end == p || errno)
				return -1;
			p = end;
			size_t best = 0;
			double mul = 0;
			for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
				size_t l = strlen(units[i].unit);
				if (strncmp(p, units[i].unit, l) == 0 && l > best) {
					best = l;
					mul = units[i].ms;
				}
			}
			if (!best)
				return -1;
			total += v * mul;
			p += best;
		}
	if (!isfinite(total) || total > 9e15)
		return -1;
	*ms = (int64_t)llround(total);
	return 0;
}

int parse_size(const char *s, uint64_t *bytes)
{
	static const struct {
		const char *unit;
		uint64_t mul;
	} units[] = {{"", 1}, {"B", 1}, {"K", 1000}, {"KB", 1000}, {"KiB", 1024},
		     {"M", 1000000}, {"MB", 1000000}, {"MiB", 1048576},
		     {"G", 1000000000}, {"GB", 1000000000}, {"GiB", 1073741824},
		     {"k", 1000}, {"kB", 1000}};
	char *end;
	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || v < 0)
		return -1;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (strcmp(end, units[i].unit) == 0) {
			double b = v * (double)units[i].mul;
			if (b > 1.8e19)
				return -1;
			*bytes = (uint64_t)b;
			return 0;
		}
	}
	return -1;
}

int parse_int(const char *s, long long min, long long max, long long *out)
{
	char *end;
	if (!s || !*s || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

void format_duration(int64_t ms, char *buf, size_t len)
{
	if (ms < 1000)
		snprintf(buf, len, "%lldms", (long long)ms);
	else if (ms < 60000)
		snprintf(buf, len, "%.1fs", (double)ms / 1000);
	else if (ms < 3600000)
		snprintf(buf, len, "%lldm%llds", (long long)(ms / 60000), (long long)(ms % 60000 / 1000));
	else
		snprintf(buf, len, "%lldh%lldm", (long long)(ms / 3600000), (long long)(ms % 3600000 / 60000));
}

char **split_list(const char *s, const char *seps, size_t *n)
{
	size_t cap = 4, cnt = 0;
	char **v = xmalloc(cap * sizeof *v);
	const char *p = s ? s : "";
	for (;;) {
		size_t l = strcspn(p, seps);
		const char *a = p, *b = p + l;
		while (a < b && isspace((unsigned char)*a))
			a++;
		while (b > a && isspace((unsigned char)b[-1]))
			b--;
		if (b > a) {
			if (cnt + 2 > cap)
				v = xrealloc(v, (cap *= 2) * sizeof *v);
			v[cnt++] = xstrndup(a, (size_t)(b - a));
		}
		if (!p[l])
			break;
		p += l + 1;
	}
	v[cnt] = NULL;
	if (n)
		*n = cnt;
	return v;
}

void strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}
