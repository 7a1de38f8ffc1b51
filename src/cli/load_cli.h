#ifndef SG_CLI_LOAD_CLI_H
#define SG_CLI_LOAD_CLI_H
/* What `load` and `race` share (src/cli/cmd_load.c). */

#include "app/load.h"
#include "cli/cli.h"

/* Reads the clock into o->now and the --today argument (NULL = now) into
 * o->today. Prints the error and returns 0 on a bad date. */
int sg_load_cli_today(const char *arg, sg_app_load_opts *o);

/* Opens the store, runs sg_app_load and prints the warnings (course not
 * usable, no profile, estimated HRmax, undecodable activities) as one line
 * each on stderr. Returns an exit status; *r is set on SG_EXIT_OK (caller
 * frees with sg_load_result_free). */
int sg_load_cli_run(const sg_cli_ctx *ctx, const sg_app_load_opts *o, sg_load_result **r);

#endif
