/* commands: the subcommands' entry points (argv[0] is the subcommand). */
#ifndef COST_CHECK_COMMANDS_H
#define COST_CHECK_COMMANDS_H

int report_main(int argc, char **argv);
int estimate_main(int argc, char **argv);
int diff_main(int argc, char **argv);
int prices_main(int argc, char **argv);
int merge_main(int argc, char **argv);

struct cli_opt;
/* The option tables, for the options given before the command. */
extern const struct cli_opt report_opts[], estimate_opts[], diff_opts[], show_opts[], update_opts[], merge_opts[];

#endif
