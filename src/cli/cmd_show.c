/* `strideguard show`: not built yet (issue #4). */
#include "cli/cli.h"

int sg_cmd_show(int argc, char **argv, const sg_cli_ctx *ctx);
int sg_cmd_show(int argc, char **argv, const sg_cli_ctx *ctx)
{
    (void)argc;
    (void)ctx;
    return sg_cli_not_yet(argv[0], 4);
}
