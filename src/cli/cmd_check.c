/* `strideguard check [--yes NAME ...] [--no NAME|all ...] [--unsure NAME ...]
 * [--no-save] [--today D] [--json]` (docs/cli.md "check"): triage of the
 * journal and the red-flag answers, with links to the stored runs as
 * associations. Answers given (as options, or on a terminal one by one when
 * none are given and the stored ones do not cover every question) are stored
 * as a screen entry of the journal; stored answers count for 7 days. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/journal.h"
#include "app/triage.h"
#include "render/views.h"
#include "cli/cli.h"
#include "cli/entry_opts.h"
#include "render/journal_render.h"

static void usage(FILE *f)
{
    fputs("usage: strideguard check [--yes NAME[,NAME...]]... [--no NAME[,NAME...]|all]...\n"
          "                         [--unsure NAME[,NAME...]]... [--no-save] [--today D] [--json]\n"
          "--yes (or --red-flag), --no and --unsure answer questions; answers are stored in\n"
          "the journal (--no-save: not stored) and count for 7 days, until new pain is logged.\n"
          "On a terminal, questions without a current answer are asked one by one.\n"
          "Questions:\n",
          f);
    int col = 0;
    for (int q = 0; q < SG_RF_COUNT; q++) {
        const char *n = sg_redflag_name((sg_redflag)q);
        if (col + (int)strlen(n) + 1 > 78) {
            fputc('\n', f);
            col = 0;
        }
        col += fprintf(f, "%s%s", col ? " " : "  ", n);
    }
    fputc('\n', f);
}

/* Marks every name of a comma list; "all" for --no. */
static int mark(const char *list, unsigned *mask, int allow_all)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (allow_all && strcmp(t, "all") == 0) {
            *mask |= SG_RF_ALL;
            continue;
        }
        int f = sg_redflag_parse(t);
        if (f < 0) {
            sg_cli_errorf("check: unknown red flag '%s' (see --help)", t);
            return 0;
        }
        *mask |= SG_RF_BIT(f);
    }
    return 1;
}

/* Asks each question not in `skip`; stops asking at end of input. */
static void ask(sg_redflag_answers *a, unsigned skip)
{
    char line[64];
    puts("A few questions first. Answer y (yes), n (no) or ? (not sure); Enter skips, and a\n"
         "skipped question stays unanswered.");
    for (int f = 0; f < SG_RF_COUNT; f++) {
        if (skip & SG_RF_BIT(f))
            continue;
        printf("%s [y/n/?] ", sg_redflag_question((sg_redflag)f));
        fflush(stdout);
        if (!fgets(line, sizeof line, stdin))
            break;
        if (line[0] == 'y' || line[0] == 'Y') {
            a->yes |= SG_RF_BIT(f);
            a->asked |= SG_RF_BIT(f);
        } else if (line[0] == 'n' || line[0] == 'N') {
            a->asked |= SG_RF_BIT(f);
        } else if (line[0] == '?') {
            a->unsure |= SG_RF_BIT(f);
            a->asked |= SG_RF_BIT(f);
        }
    }
    putchar('\n');
}

int sg_cmd_check(int argc, char **argv, const sg_cli_ctx *ctx)
{
    sg_redflag_answers ans = {0, 0, 0};
    unsigned no = 0;
    int json = 0, answered = 0, save = 1, today = sg_app_today();
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(o, "--help") == 0) {
            usage(stdout);
            return SG_EXIT_OK;
        }
        if (strcmp(o, "--json") == 0) {
            json = 1;
            continue;
        }
        if (strcmp(o, "--no-save") == 0) {
            save = 0;
            continue;
        }
        if (!v) {
            sg_cli_errorf("check: unknown or incomplete option '%s' (see --help)", o);
            return SG_EXIT_USAGE;
        }
        i++;
        if (strcmp(o, "--red-flag") == 0 || strcmp(o, "--yes") == 0) {
            if (!mark(v, &ans.yes, 0))
                return SG_EXIT_USAGE;
            answered = 1;
        } else if (strcmp(o, "--no") == 0) {
            if (!mark(v, &no, 1))
                return SG_EXIT_USAGE;
            answered = 1;
        } else if (strcmp(o, "--unsure") == 0) {
            if (!mark(v, &ans.unsure, 0))
                return SG_EXIT_USAGE;
            answered = 1;
        } else if (strcmp(o, "--today") == 0) {
            if (!sg_cli_day_arg("check", o, v, &today))
                return SG_EXIT_USAGE;
        } else {
            sg_cli_errorf("check: unknown option '%s' (see --help)", o);
            return SG_EXIT_USAGE;
        }
    }
    /* "--no all" answers no to every question not answered otherwise */
    for (int i = 1; i < argc - 1; i++)
        if (strcmp(argv[i], "--no") == 0 && strstr(argv[i + 1], "all"))
            no &= ~(ans.yes | ans.unsure);
    if ((ans.yes & no) || (ans.yes & ans.unsure) || (no & ans.unsure)) {
        sg_cli_errorf("check: a question was given two answers (yes, no and not sure exclude "
                      "each other)");
        return SG_EXIT_USAGE;
    }
    ans.asked = ans.yes | no | ans.unsure;

    int rc = SG_EXIT_OK;
    sg_store *st = NULL;
    sg_app_check_result *r = calloc(1, sizeof *r);
    sg_err err;
    sg_err_clear(&err);
    if (!r) {
        sg_cli_errorf("check: out of memory");
        return SG_EXIT_FAIL;
    }
    if (sg_store_open(ctx->db_path, &st, &err)) {
        sg_cli_error(ctx->db_path, &err);
        rc = SG_EXIT_FAIL;
        goto out;
    }
    if (sg_app_check(st, &ans, today, r, &err)) {
        sg_cli_errorf("check: %s", err.msg);
        rc = sg_cli_exit_for(err.code);
        goto out;
    }
    /* on a terminal, ask what is not answered yet, then triage again */
    if (!answered && !json && ctx->tty_out && isatty(STDIN_FILENO) &&
        r->triage.screen_incomplete) {
        ask(&ans, SG_RF_ALL & ~r->triage.unanswered);
        answered = (ans.asked | ans.yes | ans.unsure) != 0;
        if (answered && sg_app_check(st, &ans, today, r, &err)) {
            sg_cli_errorf("check: %s", err.msg);
            rc = sg_cli_exit_for(err.code);
            goto out;
        }
    }
    long long saved = 0;
    if (answered && save && sg_app_screen_save(st, &ans, today, &saved, &err)) {
        sg_cli_errorf("check: could not store the answers: %s", err.msg);
        rc = sg_cli_exit_for(err.code);
        goto out;
    }
    if (json) {
        char *j = sg_view_check_json(r);
        if (!j || fputs(j, stdout) == EOF || putchar('\n') == EOF) {
            sg_cli_errorf("check: could not write the JSON");
            rc = SG_EXIT_FAIL;
        }
        free(j);
    } else {
        sg_triage_write_text(stdout, &r->triage);
        if (saved)
            printf("\nYour answers are stored as journal entry #%lld; they count for %d days, "
                   "until new pain is logged.\n",
                   saved, SG_TRIAGE_SCREEN_VALID_DAYS);
        else
            sg_screen_write_text(stdout, &r->screen);
        if (r->has_links) {
            puts("\nPain and your runs (associations in your own records, not causes):");
            sg_links_write_text(stdout, &r->links);
        }
    }
out:
    free(r);
    sg_store_close(st);
    return rc;
}
