/* `strideguard demo`: not built yet (issue #3). */
#include "cli/cli.h"

int sg_cmd_demo(int argc, char **argv, const sg_cli_ctx *ctx);
int sg_cmd_demo(int argc, char **argv, const sg_cli_ctx *ctx)
{
    (void)argc;
    (void)ctx;
    return sg_cli_not_yet(argv[0], 3);
}
