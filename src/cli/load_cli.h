#ifndef SG_CLI_LOAD_CLI_H
#define SG_CLI_LOAD_CLI_H
/* What `load` and `race` share (src/cli/cmd_load.c). */

#include "app/load.h"
#include "cli/cli.h"
#include "cli/opts.h"

/* Opens the store, runs sg_app_load and prints the warnings (course not
 * usable, no profile, estimated HRmax, undecodable activities) as one line
 * each on stderr. Returns an exit status; *r is set on SG_EXIT_OK (caller
 * frees with sg_load_result_free). */
int sg_load_cli_run(const sg_cli_ctx *ctx, const sg_app_load_opts *o, sg_load_result **r);

/* What `load` and `race` do after parsing: "today" from co->today (or the
 * clock), sg_load_cli_run, then the load (race = 0; all = the whole history
 * in JSON) or race (race = 1) document as JSON (co->json) or text. Returns
 * an exit status. */
int sg_load_cli_print(const sg_cli_ctx *ctx, sg_app_load_opts *o, const sg_cli_common *co,
                      int race, int all);

#endif
