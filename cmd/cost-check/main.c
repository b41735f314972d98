/* cost-check: LLM spend from call logs, held to daily and monthly budgets,
 * and the cost effect of a change.  The command table; `report` is the
 * command when the first word is not one. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "encode.h"

static const struct cli_opt prices_opts[] = {OPT_HELP, OPT_END};

static const struct cli_cmd prices_cmds[] = {
	{"show", cmd_prices_show, "[OPTIONS] MODEL",
	 "how MODEL resolves in the price table, and its rates per million tokens", show_opts, NULL, NULL},
	{"update", cmd_prices_update, "[--url URL]",
	 "download LiteLLM's price table into $XDG_CACHE_HOME/agentci/prices.json (validated first)", update_opts, NULL,
	 NULL},
	{NULL, NULL, NULL, NULL, NULL, NULL, NULL},
};

static const struct cli_cmd cmds[] = {
	{"report", cmd_report, "[OPTIONS] [LOG...]",
	 "price logs, totals by day/month/model/route/feature, budgets (the default)", report_opts, NULL,
	 "Price LLM call logs (stdin or '-' when no LOG; .gz read through zlib) and hold the spend to budgets."},
	{"estimate", cmd_estimate,
	 "--model M [--input-tokens N] [--output-tokens N] [--requests-per-day R] [--days D] [-]",
	 "the cost of a planned workload, or of prompt-lint's templates", estimate_opts, NULL,
	 "'-' reads `prompt-lint --format json` on stdin and prices each template."},
	{"diff", cmd_diff, "BASE.json HEAD.json [OPTIONS]",
	 "compare two reports per request, with limits for a PR gate", diff_opts, NULL,
	 "Compare two JSON reports per request: overall, by route and by model."},
	{"merge", cmd_merge, "[OPTIONS] REPORT.json...", "add up the JSON reports of the shards of one run, exactly",
	 merge_opts, NULL,
	 "Add up the JSON reports of the shards of one run ('-' reads one from stdin) into one report, exactly, "
	 "and hold it to the budgets."},
	/* Both commands' options in the synopsis: one --help lists them all. */
	{"prices", NULL,
	 "COMMAND\n"
	 "       cost-check prices show [--prices FILE] [--alias NAME=KEY] [--provider P] [--format FMT] MODEL\n"
	 "       cost-check prices update [--url URL]",
	 "show how a model name resolves, or update the cached table", prices_opts, prices_cmds, NULL},
	{NULL, NULL, NULL, NULL, NULL, NULL, NULL},
};

static const struct cli_opt tool_opts[] = {OPT_HELP, OPT_VERSION, OPT_END};

static const struct cli_cmd tool = {
	NULL,
	NULL,
	"[report] [OPTIONS] [LOG...]\n"
	"       cost-check estimate --model M [--input-tokens N] [--output-tokens N] [--requests-per-day R] [--days D] "
	"[-]\n"
	"       cost-check diff BASE.json HEAD.json [--by route|model] [--max-increase-pct P]\n"
	"                       [--max-increase-usd-per-request U]\n"
	"       cost-check merge [OPTIONS] REPORT.json...\n"
	"       cost-check prices show MODEL | prices update [--url URL]",
	"Price LLM call logs (OpenAI, Anthropic, LiteLLM, Langfuse, OpenTelemetry GenAI) with a\n"
	"LiteLLM-format price table, hold spend to budgets, and gate the cost of a change.",
	tool_opts,
	cmds,
	"\n`cost-check COMMAND --help` lists a command's options; options may also come before\nthe command.",
};

/* Does option word a (with its "--" or "-") take the next word as its
 * argument in the table of any command below c? */
static bool takes_arg(const struct cli_cmd *c, const char *a)
{
	bool lng = a[1] == '-';
	if ((lng && strchr(a, '=')) || (!lng && a[2]))
		return false;
	for (const struct cli_cmd *s = c->cmds; s && s->name; s++) {
		for (const struct cli_opt *o = s->opts; o && o->name; o++)
			if (o->has_arg == required_argument &&
			    (lng ? strcmp(a + 2, o->name) == 0 : o->key == (unsigned char)a[1]))
				return true;
		if (takes_arg(s, a))
			return true;
	}
	return false;
}

static const struct cli_cmd *find(const struct cli_cmd *list, const char *name)
{
	for (const struct cli_cmd *c = list; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* `cost-check --prices p.json estimate ...`: options before a command of
 * c (any command's options) are moved behind it, where its own parser
 * reads them.  Returns the command, or NULL when there is none. */
static const struct cli_cmd *command_first(const struct cli_cmd *c, int argc, char **argv)
{
	int i = 1;
	while (i < argc && argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--") != 0)
		i += takes_arg(&tool, argv[i]) && i + 1 < argc ? 2 : 1;
	const struct cli_cmd *sub = i < argc ? find(c->cmds, argv[i]) : NULL;
	if (sub && i > 1) {
		char *name = argv[i];
		memmove(argv + 2, argv + 1, (size_t)(i - 1) * sizeof *argv);
		argv[1] = name;
	}
	return sub;
}

int main(int argc, char **argv)
{
	cli_init("cost-check");
	close_stdout_at_exit();
	crypto_init(); /* the price table's sha256 */
	const struct cli_cmd *c = command_first(&tool, argc, argv);
	if (c && c->cmds)
		command_first(c, argc - 1, argv + 1);
	/* No command: `report`, unless the words ask for the tool's help or
	 * version. */
	char **v = NULL;
	if (!c && !(argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
				 strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "help") == 0))) {
		static char report[] = "report";
		v = xcalloc((size_t)argc + 2, sizeof *v);
		v[0] = argv[0];
		v[1] = report;
		memcpy(v + 2, argv + 1, (size_t)argc * sizeof *v); /* with argv[argc], NULL */
		argv = v;
		argc++;
	}
	int rc = cli_main(&tool, argc, argv);
	free(v);
	return rc;
}
