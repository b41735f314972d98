/* commands: the commands' entry points (argv[0] is the command's name) and
 * their option tables, for main's command table. */
#ifndef COST_CHECK_COMMANDS_H
#define COST_CHECK_COMMANDS_H

int cmd_report(int argc, char **argv);
int cmd_estimate(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_prices_show(int argc, char **argv);
int cmd_prices_update(int argc, char **argv);

struct cli_opt;
extern const struct cli_opt report_opts[], estimate_opts[], diff_opts[], show_opts[], update_opts[], merge_opts[];

#endif
