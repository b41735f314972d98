/* commands: the subcommands' entry points (argv[0] is the subcommand). */
#ifndef COST_CHECK_COMMANDS_H
#define COST_CHECK_COMMANDS_H

int report_main(int argc, char **argv);
int estimate_main(int argc, char **argv);
int diff_main(int argc, char **argv);
int prices_main(int argc, char **argv);

#endif
