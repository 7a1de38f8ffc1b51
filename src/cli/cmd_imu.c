/* `strideguard imu`: not built yet (issue #7). */
#include "cli/cli.h"

int sg_cmd_imu(int argc, char **argv, const sg_cli_ctx *ctx);
int sg_cmd_imu(int argc, char **argv, const sg_cli_ctx *ctx)
{
    (void)argc;
    (void)ctx;
    return sg_cli_not_yet(argv[0], 7);
}
