/* `strideguard report`: not built yet (issue #8). */
#include "cli/cli.h"

int sg_cmd_report(int argc, char **argv, const sg_cli_ctx *ctx);
int sg_cmd_report(int argc, char **argv, const sg_cli_ctx *ctx)
{
    (void)argc;
    (void)ctx;
    return sg_cli_not_yet(argv[0], 8);
}
