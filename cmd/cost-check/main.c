/* cost-check: LLM spend from call logs, held to daily and monthly budgets,
 * and the cost effect of a change.  main picks the subcommand; `report` is
 * the default when the first argument is not one. */
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
	"       cost-check prices show MODEL | prices update [--url URL]\n"
	"\n"
	"Price LLM call logs (OpenAI, Anthropic, LiteLLM, Langfuse, OpenTelemetry GenAI) with a\n"
	"LiteLLM-format price table, hold spend to budgets, and gate the cost of a change.\n"
	"\n"
	"Commands:\n"
	"  report    price logs, totals by day/month/model/route/feature, budgets (the default)\n"
	"  estimate  the cost of a planned workload, or of prompt-lint's templates\n"
	"  diff      compare two reports per request, with limits for a PR gate\n"
	"  prices    show how a model name resolves, or update the cached table\n"
	"\n"
	"`cost-check COMMAND --help` lists a command's options.  See cost-check(1).\n";

int main(int argc, char **argv)
{
	cli_init("cost-check");
	close_stdout_at_exit();
	crypto_init(); /* the price table's sha256 */
	if (argc > 1) {
		const char *sub = argv[1];
		if (strcmp(sub, "report") == 0)
			return report_main(argc - 1, argv + 1);
		if (strcmp(sub, "estimate") == 0)
			return estimate_main(argc - 1, argv + 1);
		if (strcmp(sub, "diff") == 0)
			return diff_main(argc - 1, argv + 1);
		if (strcmp(sub, "prices") == 0)
			return prices_main(argc - 1, argv + 1);
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
