/* `strideguard serve [--listen ADDR:PORT] [--threads N]`: the local dashboard.
 * Loopback by default: health data never leaves the machine unless the
 * runner deliberately listens on another address. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "server/http.h"

int sg_cmd_serve(int argc, char **argv, const sg_cli_ctx *ctx);

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void on_ready(const char *url, void *arg)
{
    (void)arg;
    printf("strideguard dashboard: %s  (Ctrl-C stops)\n", url);
    fflush(stdout);
}

int sg_cli_serve(const char *listen, const char *db_path, unsigned threads)
{
    sg_server_opts o = {listen ? listen : "127.0.0.1:8080", db_path, threads};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    sg_err err;
    sg_err_clear(&err);
    if (sg_server_run(&o, &stop_flag, on_ready, NULL, &err) != SG_OK) {
        sg_cli_error(NULL, &err);
        return err.code == SG_EUSAGE ? SG_EXIT_USAGE : SG_EXIT_FAIL;
    }
    return SG_EXIT_OK;
}

int sg_cmd_serve(int argc, char **argv, const sg_cli_ctx *ctx)
{
    const char *listen = "127.0.0.1:8080";
    unsigned threads = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc) {
            listen = argv[++i];
        } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 1 || n > 256) {
                sg_cli_errorf("serve: --threads expects 1..256");
                return SG_EXIT_USAGE;
            }
            threads = (unsigned)n;
        } else if (strcmp(argv[i], "--help") == 0) {
            printf("usage: strideguard [--db PATH] serve [--listen 127.0.0.1:8080] [--threads N]\n");
            return SG_EXIT_OK;
        } else {
            sg_cli_errorf("serve: unknown option '%s'", argv[i]);
            return SG_EXIT_USAGE;
        }
    }
    return sg_cli_serve(listen, ctx->db_path, threads);
}
