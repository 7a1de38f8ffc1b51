/* `strideguard journal [--json] [--since D] [--until D] [--kind K]`,
 * `journal edit ID [options of log]`, `journal delete ID` (docs/cli.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/journal.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/entry_opts.h"
#include "render/journal_render.h"

static void usage(FILE *f)
{
    fputs("usage: strideguard journal [--json] [--since D] [--until D] [--kind pain|prehab|rpe]\n"
          "       strideguard journal edit ID [options of 'log' for that kind] [--json]\n"
          "       strideguard journal delete ID\n"
          "edit takes --no-radiates, --no-numbness, --no-changed-run, --timing none and\n"
          "--run none to clear a field\n",
          f);
}

static int id_arg(const char *s, long long *id)
{
    return sg_cli_id_arg("journal", "an entry id", s, id);
}

static int list(int argc, char **argv, sg_store *st)
{
    int since = SG_JOURNAL_NO_DAY, until = SG_JOURNAL_NO_DAY, json = 0;
    sg_entry_kind kind = SG_ENTRY_NONE;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(o, "--json") == 0) {
            json = 1;
            continue;
        }
        if (!v) {
            sg_cli_errorf("journal: unknown or incomplete option '%s' (see --help)", o);
            return SG_EXIT_USAGE;
        }
        i++;
        if (strcmp(o, "--since") == 0 || strcmp(o, "--from") == 0) {
            if (!sg_cli_day_arg("journal", o, v, &since))
                return SG_EXIT_USAGE;
        } else if (strcmp(o, "--until") == 0 || strcmp(o, "--to") == 0) {
            if (!sg_cli_day_arg("journal", o, v, &until))
                return SG_EXIT_USAGE;
        } else if (strcmp(o, "--kind") == 0) {
            kind = sg_entry_kind_parse(v);
            if (!kind) {
                sg_cli_errorf("journal: unknown kind '%s' (use pain, prehab or rpe)", v);
                return SG_EXIT_USAGE;
            }
        } else {
            sg_cli_errorf("journal: unknown option '%s' (see --help)", o);
            return SG_EXIT_USAGE;
        }
    }
    sg_entry *es = NULL;
    size_t n = 0;
    sg_err err;
    sg_err_clear(&err);
    if (sg_app_journal_load(st, kind, since, until, &es, &n, &err)) {
        sg_cli_errorf("journal: %s", err.msg);
        return SG_EXIT_FAIL;
    }
    if (json) {
        sg_jw w;
        sg_jw_init_file(&w, stdout, 0);
        sg_jw_arr_begin(&w);
        for (size_t i = 0; i < n; i++)
            sg_entry_write_json(&w, &es[i]);
        sg_jw_arr_end(&w);
        sg_jw_newline(&w);
    } else if (!n) {
        puts("No journal entries. Add one with 'strideguard log pain ...'.");
    } else {
        for (size_t i = 0; i < n; i++)
            sg_entry_write_text(stdout, &es[i]);
    }
    free(es);
    return SG_EXIT_OK;
}

static int edit(int argc, char **argv, sg_store *st)
{
    long long id;
    if (argc < 3 || !id_arg(argv[2], &id))
        return SG_EXIT_USAGE;
    sg_err err;
    sg_err_clear(&err);
    sg_entry e;
    if (sg_app_journal_get(st, id, &e, &err)) {
        sg_cli_errorf("journal edit: %s", err.msg);
        return SG_EXIT_FAIL;
    }
    sg_entry_cli c = {false, sg_app_today(), NULL, NULL};
    if (!sg_cli_entry_opts(argc, argv, 3, &e, &c, "journal edit"))
        return SG_EXIT_USAGE;
    sg_prehab_lib *lib = NULL;
    if (e.kind == SG_ENTRY_PREHAB && !(lib = sg_cli_prehab_lib(c.library)))
        return SG_EXIT_FAIL;
    int rc = SG_EXIT_OK;
    if (sg_app_journal_edit(st, &e, c.today, lib, &err)) {
        sg_cli_errorf("journal edit: %s", err.msg);
        rc = sg_cli_exit_for(err.code);
    } else if (c.json) {
        sg_jw w;
        sg_jw_init_file(&w, stdout, 0);
        sg_entry_write_json(&w, &e);
        sg_jw_newline(&w);
    } else {
        fputs("changed ", stdout);
        sg_entry_write_text(stdout, &e);
    }
    sg_prehab_lib_free(lib);
    return rc;
}

static int del(int argc, char **argv, sg_store *st)
{
    long long id;
    if (argc != 3) {
        sg_cli_errorf("journal delete: expected exactly one entry id");
        return SG_EXIT_USAGE;
    }
    if (!id_arg(argv[2], &id))
        return SG_EXIT_USAGE;
    sg_err err;
    sg_err_clear(&err);
    if (sg_app_journal_delete(st, id, &err)) {
        sg_cli_errorf("journal delete: %s", err.msg);
        return SG_EXIT_FAIL;
    }
    printf("deleted entry %lld\n", id);
    return SG_EXIT_OK;
}

int sg_cmd_journal(int argc, char **argv, const sg_cli_ctx *ctx)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return SG_EXIT_OK;
        }
    sg_store *st = NULL;
    if (!sg_cli_store_open(ctx, &st))
        return SG_EXIT_FAIL;
    int rc;
    if (argc >= 2 && strcmp(argv[1], "edit") == 0)
        rc = edit(argc, argv, st);
    else if (argc >= 2 && strcmp(argv[1], "delete") == 0)
        rc = del(argc, argv, st);
    else
        rc = list(argc, argv, st);
    sg_store_close(st);
    return rc;
}
