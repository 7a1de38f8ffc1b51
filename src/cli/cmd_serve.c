/* `strideguard serve [--listen ADDR:PORT] [--threads N] [--allow-host NAME]
 * [--require-token] [--new-token] [--clinic [--behind-tls]]`: the local
 * dashboard. Loopback by default: health data never leaves the machine
 * unless the runner deliberately listens on another address, and then the
 * API answers only with the access token (docs/threat-model.md). With
 * --clinic it is the clinic server: accounts and sessions instead of the
 * token (server/auth.h), so it may listen beyond loopback. `serve
 * --list-routes [--json]` prints the API's route table and each route's rule
 * and exits (the authorisation matrix test, tests/e2e/clinic_matrix.sh, takes
 * its route list from it). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/jsonw.h"
#include "server/api.h"
#include "server/http.h"

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void on_ready(const sg_server_info *info, void *arg)
{
    (void)arg;
    printf("strideguard %s: %s  (Ctrl-C stops)\n", info->clinic ? "clinic server" : "dashboard",
           info->url);
    if (info->clinic && info->exposed)
        fprintf(stderr, "strideguard: warning: listening on %s, beyond loopback: put it behind a "
                        "TLS proxy (and say --behind-tls), or passwords and session cookies "
                        "cross the network in clear.\n",
                info->listen);
    else if (info->exposed)
        fprintf(stderr,
                "strideguard: warning: listening on %s, not on loopback: every device on your "
                "network (and beyond, if this machine is reachable) can connect to this server "
                "and your health data. Its API answers only with the access token in %s; "
                "HTTP is not encrypted, so use it only on a network you trust.\n",
                info->listen, info->token_path);
    if (info->token_required) {
        printf("Access token %s %s. Open this address once on each device you use "
               "(it sets a cookie, then drops the token from the address bar):\n",
               info->token_created ? "created in" : "from", info->token_path);
        for (size_t i = 0; i < info->n_pair; i++)
            printf("  %s\n", info->pair_urls[i]);
    }
    fflush(stdout);
    fflush(stderr);
}

static int serve(sg_server_opts *o)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    sg_err err;
    sg_err_clear(&err);
    if (sg_server_run(o, &stop_flag, on_ready, NULL, &err) != SG_OK) {
        sg_cli_error(NULL, &err);
        return err.code == SG_EUSAGE ? SG_EXIT_USAGE : SG_EXIT_FAIL;
    }
    return SG_EXIT_OK;
}

int sg_cli_serve(const char *listen, const char *db_path, unsigned threads)
{
    sg_server_opts o;
    memset(&o, 0, sizeof o);
    o.listen = listen ? listen : "127.0.0.1:8080";
    o.db_path = db_path;
    o.threads = threads;
    return serve(&o);
}

/* Prints the route table: "METHOD PATH RULE" lines, or a JSON array of
 * {method, path (with "{id}" where an id goes), takes_id, rule}. */
static int list_routes(int json)
{
    sg_jw w;
    sg_jw_init_file(&w, stdout, 0);
    if (json)
        sg_jw_arr_begin(&w);
    for (size_t i = 0; i < sg_api_route_count(); i++) {
        sg_api_route_info r;
        sg_err err;
        sg_err_clear(&err);
        if (sg_api_route_get(i, &r, &err)) {
            sg_cli_error(NULL, &err);
            return SG_EXIT_FAIL;
        }
        char path[300];
        snprintf(path, sizeof path, "%s%s", r.path, r.takes_id ? "{id}" : "");
        if (!json) {
            printf("%-6s %-28s %s\n", r.method, path, sg_api_rule_name(r.rule));
            continue;
        }
        sg_jw_obj_begin(&w);
        sg_jw_kstr(&w, "method", r.method);
        sg_jw_kstr(&w, "path", path);
        sg_jw_kbool(&w, "takes_id", r.takes_id != 0);
        sg_jw_kstr(&w, "rule", sg_api_rule_name(r.rule));
        sg_jw_obj_end(&w);
    }
    if (json) {
        sg_jw_arr_end(&w);
        putchar('\n');
    }
    return fflush(stdout) == 0 && !sg_jw_error(&w) ? SG_EXIT_OK : SG_EXIT_FAIL;
}

int sg_cmd_serve(int argc, char **argv, const sg_cli_ctx *ctx)
{
    sg_server_opts o;
    memset(&o, 0, sizeof o);
    o.listen = "127.0.0.1:8080";
    o.db_path = ctx->db_path;
    int list = 0, json = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--list-routes") == 0) {
            list = 1;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc) {
            o.listen = argv[++i];
        } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 1 || n > 256) {
                sg_cli_errorf("serve: --threads expects 1..256");
                return SG_EXIT_USAGE;
            }
            o.threads = (unsigned)n;
        } else if (strcmp(argv[i], "--allow-host") == 0 && i + 1 < argc) {
            if (o.n_allow >= SG_GUARD_MAX_ALLOW) {
                sg_cli_errorf("serve: --allow-host: at most %d names", SG_GUARD_MAX_ALLOW);
                return SG_EXIT_USAGE;
            }
            o.allow_hosts[o.n_allow++] = argv[++i];
        } else if (strcmp(argv[i], "--watch") == 0 && i + 1 < argc) {
            o.watch_dir = argv[++i];
        } else if (strcmp(argv[i], "--require-token") == 0) {
            o.require_token = 1;
        } else if (strcmp(argv[i], "--new-token") == 0) {
            o.new_token = 1;
        } else if (strcmp(argv[i], "--clinic") == 0) {
            o.clinic = 1;
        } else if (strcmp(argv[i], "--behind-tls") == 0) {
            o.behind_tls = 1;
        } else if (strcmp(argv[i], "--help") == 0) {
            printf("usage: strideguard [--db PATH] serve [--listen 127.0.0.1:8080] [--threads N]\n"
                   "                   [--allow-host NAME]... [--require-token] [--new-token]\n"
                   "                   [--watch DIR] [--clinic [--behind-tls]]\n"
                   "       strideguard serve --list-routes [--json]\n"
                   "--watch DIR imports activity files that appear in DIR (not its subfolders)\n"
                   "while the dashboard runs; one line per file on stderr.\n"
                   "--clinic serves many accounts (strideguard admin, clinic): sign-in, sessions\n"
                   "and CSRF tokens instead of the access token; --behind-tls marks its cookies\n"
                   "Secure and accepts https origins, for a TLS proxy in front.\n"
                   "--list-routes prints every API route with the rule of who may call it\n"
                   "(docs/threat-model.md) and exits.\n");
            return SG_EXIT_OK;
        } else {
            sg_cli_errorf("serve: unknown option '%s'", argv[i]);
            return SG_EXIT_USAGE;
        }
    }
    if (list)
        return list_routes(json);
    if (json) {
        sg_cli_errorf("serve: --json goes with --list-routes");
        return SG_EXIT_USAGE;
    }
    if (o.behind_tls && !o.clinic) {
        sg_cli_errorf("serve: --behind-tls goes with --clinic");
        return SG_EXIT_USAGE;
    }
    return serve(&o);
}
