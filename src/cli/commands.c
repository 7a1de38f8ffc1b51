/* The command table, built from the list in cli.h (SG_CLI_COMMANDS). */
#include <stddef.h>

#include "cli/cli.h"

#define SG_CLI_ROW(id, name, summary) {name, sg_cmd_##id, summary},
const sg_cmd sg_commands[] = {
    SG_CLI_COMMANDS(SG_CLI_ROW) {NULL, NULL, NULL},
};
#undef SG_CLI_ROW
