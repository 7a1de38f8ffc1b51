#ifndef SG_CLI_ENTRY_OPTS_H
#define SG_CLI_ENTRY_OPTS_H
/* Options shared by `log` and `journal edit` (implemented in cmd_log.c). */
#include <stdbool.h>

#include "strideguard/journal.h"
#include "strideguard/prehab.h"

/* What the command line said besides the entry's fields. */
typedef struct sg_entry_cli {
    bool json;
    int today;                 /* --today, else the clock */
    const char *library;       /* --library FILE */
    const char *exercise;      /* positional exercise id / --exercise */
} sg_entry_cli;

/* Applies argv[from..argc) to *e (fields of e's kind; booleans can be
 * cleared with --no-radiates etc. for edits). Prints the error itself and
 * returns 0 on a usage error, 1 on success. `positional` accepts one bare
 * word as the exercise id (prehab). */
int sg_cli_entry_opts(int argc, char **argv, int from, sg_entry *e, sg_entry_cli *c,
                      const char *cmd);

/* Exit status for an app error: SG_EUSAGE -> 2, anything else -> 1. */
int sg_cli_exit_for(int code);

/* Parses a --date/--today value; prints the error. 1 ok, 0 bad. */
int sg_cli_day_arg(const char *cmd, const char *opt, const char *v, int *day);

/* Loads the prehab library (--library FILE or the embedded one); prints the
 * error (naming the file) and returns NULL on failure. */
sg_prehab_lib *sg_cli_prehab_lib(const char *path);

#endif
