#ifndef SG_CLI_OPTS_H
#define SG_CLI_OPTS_H
/* What several commands parse and print the same way (src/cli/opts.c):
 * --help/-h, --json and --today D; a stored id; "today" from the clock or
 * --today; a store failure named with its database; a JSON document on
 * standard output. Each prints its own error line (cli.h) where it can fail. */
#include <stdbool.h>
#include <stdio.h>

#include "cli/cli.h"
#include "model/jsonw.h"

typedef struct sg_store sg_store;   /* the store's handle (strideguard/store.h) */

/* The options shared by commands that take them. */
typedef struct sg_cli_common {
    bool takes_today;    /* set by the command: --today D is one of its options */
    bool json;           /* --json */
    const char *today;   /* --today D as given (borrowed from argv), NULL when absent */
} sg_cli_common;

/* A command's own options: given one argument `a` and the next one `v`
 * (NULL after the last), returns 1 when it took a flag, 2 when it took `a`
 * and its value, 0 when `a` is not its option or its value is missing, or
 * -1 after printing a usage error. */
typedef int (*sg_cli_opt_fn)(void *state, const char *a, const char *v);

/* A command's options as a table, for an sg_cli_opt_fn to hand on to
 * sg_cli_opt_table: a value option sets *value, a flag sets *flag to 1. */
typedef struct sg_cli_optdef {
    const char *name;   /* "--code"; NULL ends the table */
    const char **value; /* an option with a value, or NULL */
    int *flag;          /* a flag, or NULL */
} sg_cli_optdef;

/* One step of sg_cli_parse for a command whose options are `defs` and whose
 * other arguments fill *pos[0], *pos[1] ... (n_pos of them) in order; the
 * sg_cli_opt_fn answer (1, 2, or 0 for an unknown option, a missing value
 * or one positional too many). */
int sg_cli_opt_table(const sg_cli_optdef *defs, const char **const *pos, int n_pos,
                     const char *a, const char *v);

/* sg_cli_parse's "parsed, go on" (every exit status is >= 0). */
#define SG_CLI_GO_ON (-1)

/* Parses argv[1..argc) of command `cmd`: --help/-h prints usage(stdout) and
 * returns SG_EXIT_OK; --json (and --today D when co->takes_today) fill *co;
 * everything else goes to
 * opt(state, ...) (NULL: the command has no options of its own). An argument
 * that neither takes prints "<cmd>: unknown or incomplete option 'A' (see
 * 'strideguard <cmd> --help')" and returns SG_EXIT_USAGE, as does a usage
 * error of opt. Returns SG_CLI_GO_ON when all was parsed. */
int sg_cli_parse(int argc, char **argv, const char *cmd, void (*usage)(FILE *), sg_cli_common *co,
                 sg_cli_opt_fn opt, void *state);

/* A whole number from lo to hi for option `opt` of `cmd`; prints "<cmd>:
 * <opt> expects a whole number from LO to HI, got 'V'" and returns 0 otherwise. */
int sg_cli_int_arg(const char *cmd, const char *opt, const char *v, int lo, int hi, int *out);

/* Reads the clock into *now (the one place a command reads it) and the
 * --today argument (NULL = the clock's day) into *today, both seconds since
 * the epoch, UTC. Prints the error and returns 0 on a bad date. */
int sg_cli_today(const char *arg, double *now, double *today);

/* A stored id (a whole number >= 1) from v; prints
 * "<cmd>: expected <what>, got '<v>'" and returns 0 otherwise. v may be NULL. */
int sg_cli_id_arg(const char *cmd, const char *what, const char *v, long long *id);

/* Prints err naming the database (--db or the default store path) and
 * returns the exit status of code: SG_EUSAGE -> 2, anything else -> 1. */
int sg_cli_store_failed(const sg_cli_ctx *ctx, int code, const sg_err *err);

/* Opens the store of --db (the default store without it) into *st (the
 * caller's to sg_store_close). On failure prints the error as
 * sg_cli_store_failed does and returns 0 (the command exits 1). */
int sg_cli_store_open(const sg_cli_ctx *ctx, sg_store **st);

/* A JSON document on standard output: indented on a terminal, compact
 * otherwise. sg_cli_json_end ends it with a newline and returns SG_EXIT_OK,
 * or SG_EXIT_FAIL when writing failed. */
void sg_cli_json_begin(sg_jw *w, const sg_cli_ctx *ctx);
int sg_cli_json_end(sg_jw *w);

/* A password into pw[cap] (NUL-terminated; at most cap - 2 bytes): one line
 * of standard input with from_stdin (--password-stdin), else asked on the
 * terminal as "<label>: " without echo, twice when `confirm` (the two must
 * match). Returns 0 after printing "<cmd>: <why>" when there is none: no
 * line, a longer one, no terminal without --password-stdin, or two that
 * differ. The caller wipes pw after use. */
int sg_cli_password(const char *cmd, const char *label, int from_stdin, int confirm, char *pw,
                    size_t cap);

#endif
