/* cli: option tables, bound option rows and command dispatch. */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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

/* cli_help without its last line, "See prog(1)." */
static void help_body(FILE *fp, const char *synopsis, const char *description, const struct cli_opt *opts)
{
	fprintf(fp, "Usage: %s %s\n", cli_prog(), synopsis);
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
}

void cli_help(FILE *fp, const char *synopsis, const char *description, const struct cli_opt *opts)
{
	help_body(fp, synopsis, description, opts);
	fprintf(fp, "\nSee %s(1).\n", cli_prog());
}

/* The rows of the command being run and of every row above it, the
 * command's first: what may follow its name.  A row whose long name or
 * key an earlier row has is left out. */
static struct cli_opt *merged_rows(const struct cli_opt *opts, const struct cli_cmd *const *path, int depth)
{
	size_t n = 0;
	for (int d = depth - 1; d >= 0; d--)
		for (const struct cli_opt *o = d == depth - 1 ? opts : path[d]->opts; o && o->name; o++)
			n++;
	struct cli_opt *all = xcalloc(n + 1, sizeof *all);
	size_t k = 0;
	for (int d = depth - 1; d >= 0; d--)
		for (const struct cli_opt *o = d == depth - 1 ? opts : path[d]->opts; o && o->name; o++) {
			bool seen = false;
			for (size_t i = 0; i < k && !seen; i++)
				seen = !strcmp(all[i].name, o->name) || (o->key && all[i].key == o->key);
			if (!seen)
				all[k++] = *o;
		}
	return all;
}

/* For a row without options. */
static const struct cli_opt no_opts[] = {OPT_END};

static const struct cli_cmd *path[4];
static int depth;

const struct cli_cmd *cli_current(void)
{
	return depth ? path[depth - 1] : NULL;
}

static void store(const struct cli_opt *o, const char *arg)
{
	switch (o->bind) {
	case CLI_SET: *(bool *)o->var = true; break;
	case CLI_COUNT: (*(int *)o->var)++; break;
	case CLI_STRING: *(const char **)o->var = arg; break;
	case CLI_LIST: {
		struct cli_list *l = o->var;
		l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
		l->v[l->n++] = arg;
		break;
	}
	case CLI_INT: {
		long long v;
		if (parse_int(arg, 0, INT64_MAX, &v) != 0)
			cli_usage_error("--%s wants a whole number >= 0, not '%s'", o->name, arg);
		*(long long *)o->var = v;
		break;
	}
	case CLI_DURATION: {
		int64_t ms;
		if (parse_duration_ms(arg, &ms) != 0 || ms < 0)
			cli_usage_error("--%s wants a duration such as 300s or 5m, not '%s'", o->name, arg);
		*(int64_t *)o->var = ms;
		break;
	}
	case CLI_HELP:
		if (!depth)
			die(EXIT_USAGE, "--help outside cli_main");
		cli_cmd_help(stdout, path[depth - 1]);
		exit(EXIT_OK);
	case CLI_VERSION: cli_version(); exit(EXIT_OK);
	case CLI_RETURN: break;
	}
}

/* getopt_long over rows; posix stops at the first operand (a command's
 * name).  The conversion of the last table is kept: a tool parses one
 * table at a time. */
static int next(int argc, char **argv, const struct cli_opt *opts, bool posix)
{
	static const struct cli_opt *cached;
	static bool cached_posix;
	static struct cli_opt *rows;
	static struct option *lo;
	static char *so;
	if (cached != opts || cached_posix != posix) {
		free(rows);
		free(lo);
		free(so);
		const struct cli_cmd *c = cli_current();
		bool own = c && c->opts == opts && !posix;
		rows = own ? merged_rows(opts, path, depth) : merged_rows(opts, path, 1);
		cli_getopt_tables(rows, &lo, &so);
		if (posix) {
			char *p = xasprintf("+%s", so);
			free(so);
			so = p;
		}
		cached = opts;
		cached_posix = posix;
	}
	for (;;) {
		int saved = opterr, index = -1;
		opterr = 0;
		int c = getopt_long(argc, argv, so, lo, &index);
		opterr = saved;
		if (c == -1)
			return -1;
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
		const struct cli_opt *o = index >= 0 ? &rows[index] : NULL;
		for (const struct cli_opt *r = rows; !o && r->name; r++)
			if (r->key == c)
				o = r;
		if (!o || o->bind == CLI_RETURN)
			return c;
		store(o, optarg);
	}
}

int cli_next(int argc, char **argv, const struct cli_opt *opts)
{
	return next(argc, argv, opts, false);
}

static const struct cli_cmd *find(const struct cli_cmd *cmds, const char *name)
{
	for (const struct cli_cmd *c = cmds; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

int cli_main(const struct cli_cmd *c, int argc, char **argv)
{
	if (depth == (int)(sizeof path / sizeof path[0]))
		die(EXIT_USAGE, "commands nested too deep");
	path[depth++] = c;
	if (!c->cmds)
		return c->run(argc, argv);
	optind = 0;
	if (next(argc, argv, c->opts ? c->opts : no_opts, true) != -1)
		die(EXIT_USAGE, "option rows before a command must bind their value");
	if (optind >= argc)
		cli_usage_error("a command is required");
	const char *name = argv[optind];
	if (!strcmp(name, "help")) {
		cli_cmd_help(stdout, c);
		return EXIT_OK;
	}
	const struct cli_cmd *sub = find(c->cmds, name);
	if (!sub)
		cli_usage_error("unknown command '%s'", name);
	argc -= optind;
	argv += optind;
	optind = 0; /* getopt starts over on the command's arguments */
	return cli_main(sub, argc, argv);
}

void cli_cmd_help(FILE *fp, const struct cli_cmd *c)
{
	/* "Usage: prog cmd sub SYNOPSIS": the names of the path down to c. */
	char *syn = xstrdup("");
	for (int d = 1; d < depth && path[d - 1] != c; d++) {
		char *s = xasprintf("%s%s ", syn, path[d]->name);
		free(syn);
		syn = s;
	}
	char *full = xasprintf("%s%s", syn, c->synopsis ? c->synopsis : "");
	char *text = c->description ? xasprintf("%s\n%s", c->summary, c->description) : xstrdup(c->summary);
	help_body(fp, full, text, c->opts ? c->opts : no_opts);
	free(text);
	free(full);
	free(syn);
	if (c->cmds) {
		fputs("\nCommands:\n", fp);
		for (const struct cli_cmd *s = c->cmds; s->name; s++)
			fprintf(fp, "  %-14s %s\n", s->name, s->summary);
	}
	fprintf(fp, "\nSee %s(1).\n", cli_prog());
}
void cli_version(void)
{
	printf("%s (agentci) %s\n", cli_prog(), agentci_version());
}

void cli_usage_error(const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s\nTry '%s --help' for more information.\n", cli_prog(), buf, cli_prog());
	exit(EXIT_USAGE);
}
