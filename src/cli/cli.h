#ifndef SG_CLI_CLI_H
#define SG_CLI_CLI_H
/* The command-line front end: argument parsing and printing only. Each
 * command lives in src/cli/cmd_<name>.c and calls src/app/; no SQL and no
 * science here (DESIGN.md §1).
 *
 * Exit status convention: 0 success, 1 some input failed (others done),
 * 2 usage error. Errors are one line on stderr: "strideguard: FILE: offset N: cause". */

#include <stdbool.h>
#include <stdio.h>

#include "strideguard/err.h"

enum { SG_EXIT_OK = 0, SG_EXIT_FAIL = 1, SG_EXIT_USAGE = 2 };

typedef enum sg_units { SG_UNITS_METRIC = 0, SG_UNITS_IMPERIAL } sg_units;

/* Options that precede the command name. Read-only for commands. */
typedef struct sg_cli_ctx {
    const char *db_path;   /* --db, NULL = default under $XDG_DATA_HOME/strideguard */
    sg_units units;        /* --units metric|imperial */
    bool tty_out;          /* stdout is a terminal */
    bool tty_err;          /* stderr is a terminal (progress bars) */
} sg_cli_ctx;

/* A command gets argv with argv[0] = the command's name. */
typedef int (*sg_cmd_fn)(int argc, char **argv, const sg_cli_ctx *ctx);

typedef struct sg_cmd {
    const char *name;
    sg_cmd_fn fn;
    const char *summary;   /* one line for `strideguard --help` */
} sg_cmd;

extern const sg_cmd sg_commands[];

/* "strideguard: <file>: offset N: cause" (or line:col, or neither) to stderr. */
void sg_cli_error(const char *file, const sg_err *err);
/* "strideguard: <printf message>" to stderr. */
void sg_cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Serves the dashboard on `listen` for the store at db_path until SIGINT or
 * SIGTERM, printing its address when ready. Returns an exit status. Used by
 * `serve` and `demo`. */
int sg_cli_serve(const char *listen, const char *db_path, unsigned threads);

/* For commands not built yet: prints an honest one-liner and returns 1. */
int sg_cli_not_yet(const char *command, int issue);

#endif
