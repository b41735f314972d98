/* cost-check: LLM spend from call logs, held to daily and monthly budgets,
 * and the cost effect of a change.  main picks the subcommand; `report` is
 * the default when the first argument is not one. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "encode.h"

static const char usage[] =
	"Usage: cost-check [report] [OPTIONS] [LOG...]\n"
	"       cost-check estimate --model M [--input-tokens N] [--output-tokens N] [--requests-per-day R] [--days D] [-]\n"
	"       cost-check diff BASE.json HEAD.json [--by route|model] [--max-increase-pct P]\n"
	"                       [--max-increase-usd-per-request U]\n"
	"       cost-check merge [OPTIONS] REPORT.json...\n"
	"       cost-check prices show MODEL | prices update [--url URL]\n"
	"\n"
	"Price LLM call logs (OpenAI, Anthropic, LiteLLM, Langfuse, OpenTelemetry GenAI) with a\n"
	"LiteLLM-format price table, hold spend to budgets, and gate the cost of a change.\n"
	"\n"
	"Commands:\n"
	"  report    price logs, totals by day/month/model/route/feature, budgets (the default)\n"
	"  estimate  the cost of a planned workload, or of prompt-lint's templates\n"
	"  diff      compare two reports per request, with limits for a PR gate\n"
	"  merge     add up the JSON reports of a sharded run (report --shard K/N), exactly\n"
	"  prices    show how a model name resolves, or update the cached table\n"
	"\n"
	"`cost-check COMMAND --help` lists a command's options; options may also come before\n"
	"the command.  See cost-check(1).\n";

static const struct {
	const char *name;
	int (*run)(int, char **);
} commands[] = {
	{"report", report_main}, {"estimate", estimate_main}, {"diff", diff_main},
	{"prices", prices_main}, {"merge", merge_main},
};

/* Does option word a (with its "--" or "-") take the next word as its
 * argument in any command's table? */
static bool takes_arg(const char *a)
{
	static const struct cli_opt *const tables[] = {report_opts, estimate_opts, diff_opts, show_opts,
						       update_opts, merge_opts};
	bool lng = a[1] == '-';
	if ((lng && strchr(a, '=')) || (!lng && a[2]))
		return false;
	for (size_t t = 0; t < sizeof tables / sizeof *tables; t++)
		for (const struct cli_opt *o = tables[t]; o->name; o++)
			if (o->has_arg == required_argument &&
			    (lng ? strcmp(a + 2, o->name) == 0 : o->key == (unsigned char)a[1]))
				return true;
	return false;
}

/* `cost-check --prices p.json estimate ...`: options before the command
 * (or before prices' subcommand) are moved behind it, where the command's
 * own parser reads them. */
static void command_first(int argc, char **argv, const char *const *names, size_t n)
{
	int i = 1;
	while (i < argc && argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--") != 0)
		i += takes_arg(argv[i]) && i + 1 < argc ? 2 : 1;
	if (i == 1 || i >= argc)
		return;
	for (size_t c = 0; c < n; c++)
		if (strcmp(argv[i], names[c]) == 0) {
			char *cmd = argv[i];
			memmove(argv + 2, argv + 1, (size_t)(i - 1) * sizeof *argv);
			argv[1] = cmd;
			return;
		}
}

int main(int argc, char **argv)
{
	cli_init("cost-check");
	close_stdout_at_exit();
	crypto_init(); /* the price table's sha256 */
	const char *names[sizeof commands / sizeof *commands];
	for (size_t c = 0; c < sizeof commands / sizeof *commands; c++)
		names[c] = commands[c].name;
	command_first(argc, argv, names, sizeof names / sizeof *names);
	if (argc > 2 && strcmp(argv[1], "prices") == 0) {
		static const char *const subs[] = {"show", "update"};
		command_first(argc - 1, argv + 1, subs, 2);
	}
	if (argc > 1) {
		const char *sub = argv[1];
		for (size_t c = 0; c < sizeof commands / sizeof *commands; c++)
			if (strcmp(sub, commands[c].name) == 0)
				return commands[c].run(argc - 1, argv + 1);
		if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
		if (strcmp(sub, "--version") == 0) {
			cli_version();
			return EXIT_OK;
		}
	}
	return report_main(argc, argv);
}
