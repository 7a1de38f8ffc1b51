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

/* Every command, in the order `strideguard --help` lists them, one line each:
 * X(id, "name", "summary"), where the command is sg_cmd_<id> in
 * src/cli/cmd_<id>.c. This list is the one place a command is declared:
 * it gives the prototypes below and the table in commands.c. */
#define SG_CLI_COMMANDS(X)                                                                    \
    X(demo, "demo", "generate a simulated marathon build, import it and show it")            \
    X(decode, "decode", "decode a FIT/GPX/TCX file (--jsonl, --summary, --stats)")           \
    X(export, "export", "write an activity as a FIT file")                                   \
    X(import, "import", "import files, folders and archives into the store")                 \
    X(runs, "runs", "list stored activities")                                                \
    X(show, "show", "analyse one run: terrain, mechanics, fatigue, flags")                   \
    X(athlete, "athlete", "set or show the athlete profile")                                 \
    X(load, "load", "training load, spikes, ramp, fitness/fatigue")                          \
    X(race, "race", "taper and readiness for the race course")                               \
    X(log, "log", "log pain, prehab or session RPE")                                         \
    X(journal, "journal", "list, edit or delete journal entries")                            \
    X(check, "check", "triage: when to get evaluated")                                       \
    X(gear, "gear", "shoes: distance, retirement reminders, which run used which")           \
    X(plan, "plan", "the prehab plan for the next 7 days (--ics for calendars)")             \
    X(imu, "imu", "pelvis and trunk motion from a lower-back sensor")                        \
    X(serve, "serve", "local web dashboard")                                                 \
    X(report, "report", "self-contained HTML report for a clinician")                        \
    X(export_journal, "export-journal", "every journal entry as CSV or JSON, for a clinician") \
    X(db, "db", "copy a whole store: SQLite and PostgreSQL (db copy FROM TO)")                \
    X(admin, "admin", "clinic server accounts (admin create|disable|enable LOGIN)")          \
    X(clinic, "clinic", "clinics and one-time invitation or reset codes (serve --clinic)")    \
    X(share, "share", "share your runs and journal with a clinic (join, push, status, stop)")

#define SG_CLI_PROTOTYPE(id, name, summary)                                                   \
    int sg_cmd_##id(int argc, char **argv, const sg_cli_ctx *ctx);
SG_CLI_COMMANDS(SG_CLI_PROTOTYPE)
#undef SG_CLI_PROTOTYPE

/* The table built from SG_CLI_COMMANDS, ending with a NULL name. */
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
