/* `strideguard db copy FROM TO [--replace] [--json]` (docs/cli.md): copies a
 * whole store, SQLite or PostgreSQL, into another. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/db_copy.h"
#include "cli/cli.h"
#include "model/jsonw.h"

static void usage(FILE *f)
{
    fputs("usage: strideguard db copy FROM TO [--replace] [--json]\n"
          "  FROM, TO: a SQLite file or a postgresql://[user[:password]@]host[:port]/db URL\n"
          "  copies every activity (samples, sources), analysis cache, IMU recording, shoe,\n"
          "  profile setting and journal entry, ids and timestamps kept; a TO holding anything\n"
          "  is refused unless --replace (which empties it first, in the same transaction)\n",
          f);
}

typedef struct progress {
    bool tty;
    struct timespec t0, last;
} progress;

static double since(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* On a terminal: one line redrawn at most 10 times a second. */
static int on_progress(void *ctx, const char *table, long long done, long long total)
{
    progress *p = ctx;
    if (!p->tty)
        return 0;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (done != 0 && done != total && since(&p->last, &now) < 0.1)
        return 0;
    p->last = now;
    fprintf(stderr, "\r\033[Kcopying %-16s %lld/%lld rows  %.1f s", table, done, total,
            since(&p->t0, &now));
    fflush(stderr);
    return 0;
}

static int copy(int argc, char **argv)
{
    const char *pos[2] = {NULL, NULL};
    int npos = 0;
    bool json = false, replace = false;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (strcmp(a, "--replace") == 0) {
            replace = true;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return SG_EXIT_OK;
        } else if (a[0] == '-' && a[1]) {
            sg_cli_errorf("db copy: unknown option '%s'", a);
            usage(stderr);
            return SG_EXIT_USAGE;
        } else if (npos < 2) {
            pos[npos++] = a;
        } else {
            char shown[512];
            sg_db_redact(a, shown, sizeof shown);
            sg_cli_errorf("db copy: unexpected argument '%s'", shown);
            usage(stderr);
            return SG_EXIT_USAGE;
        }
    }
    if (npos != 2) {
        sg_cli_errorf("db copy: needs FROM and TO");
        usage(stderr);
        return SG_EXIT_USAGE;
    }
    progress p = {.tty = isatty(fileno(stderr)) != 0};
    clock_gettime(CLOCK_MONOTONIC, &p.t0);
    p.last = p.t0;
    sg_db_copy_opts o = {replace, on_progress, &p};
    sg_db_copy_info info;
    sg_err err;
    sg_err_clear(&err);
    int rc = sg_db_copy(pos[0], pos[1], &o, &info, &err);
    if (p.tty)
        fputs("\r\033[K", stderr);
    if (rc) {
        sg_cli_error(NULL, &err);
        return rc == SG_EUSAGE ? SG_EXIT_USAGE : SG_EXIT_FAIL;
    }
    char from[512], to[512];
    sg_db_redact(pos[0], from, sizeof from);
    sg_db_redact(pos[1], to, sizeof to);
    long long rows = 0;
    for (int i = 0; i < info.res.n_tables; i++)
        rows += info.res.rows[i];
    if (json) {
        sg_jw w;
        sg_jw_init_file(&w, stdout, 0);
        sg_jw_obj_begin(&w);
        sg_jw_kstr(&w, "from", from);
        sg_jw_kstr(&w, "to", to);
        sg_jw_kstr(&w, "from_backend", info.from_backend);
        sg_jw_kstr(&w, "to_backend", info.to_backend);
        sg_jw_kint(&w, "schema", info.schema);
        sg_jw_kbool(&w, "replaced", replace);
        sg_jw_key(&w, "tables");
        sg_jw_obj_begin(&w);
        for (int i = 0; i < info.res.n_tables; i++)
            sg_jw_kint(&w, info.res.table[i], info.res.rows[i]);
        sg_jw_obj_end(&w);
        sg_jw_kint(&w, "rows", rows);
        sg_jw_kint(&w, "blob_bytes", info.res.blob_bytes);
        sg_jw_obj_end(&w);
        sg_jw_newline(&w);
        if (sg_jw_error(&w))
            return SG_EXIT_FAIL;
    } else {
        printf("copied %s (%s) to %s (%s): %lld rows, %.1f MB of samples\n", from,
               info.from_backend, to, info.to_backend, rows,
               (double)info.res.blob_bytes / 1e6);
        for (int i = 0; i < info.res.n_tables; i++)
            printf("  %-16s %lld\n", info.res.table[i], info.res.rows[i]);
    }
    return SG_EXIT_OK;
}

int sg_cmd_db(int argc, char **argv, const sg_cli_ctx *ctx)
{
    (void)ctx; /* FROM and TO are explicit; --db is not used */
    if (argc >= 2 && strcmp(argv[1], "copy") == 0)
        return copy(argc, argv);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return SG_EXIT_OK;
    }
    sg_cli_errorf("db: %s", argc >= 2 ? "unknown subcommand (copy)" : "needs a subcommand (copy)");
    usage(stderr);
    return SG_EXIT_USAGE;
}
