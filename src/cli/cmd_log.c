/* `strideguard log pain|prehab|rpe|ostrc ...` (docs/cli.md "log"): one journal
 * entry, validated and stored by src/app/journal.c. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/journal.h"
#include "cli/cli.h"
#include "cli/entry_opts.h"
#include "render/journal_render.h"

static void usage(FILE *f)
{
    fputs("usage: strideguard log pain --region R --side S --severity N [--date D] [--timing T]\n"
          "                            [--km X] [--radiates] [--numbness] [--stiffness-min M]\n"
          "                            [--changed-run] [--worse-during] [--eases yes|no]\n"
          "                            [--run ID] [--note TEXT]\n"
          "       strideguard log prehab EXERCISE [--date D] [--library FILE]\n"
          "       strideguard log rpe --run ID --rpe N\n"
          "       strideguard log ostrc --area lower_back|hip_groin --answers A1,A2,A3,A4 [--date D]\n"
          "         (OSTRC-O2 for the past week; each answer is the option number, 0 = the\n"
          "          first option; '-' for a question the questionnaire skips)\n"
          "common: [--json] [--today D]; dates are YYYY-MM-DD, default today\n"
          "regions: upper_cervical cervical thoracic thoracolumbar lumbar lumbosacral sacroiliac\n"
          "         buttock hip groin thigh lower_leg foot\n"
          "sides: left right both central   timings: before during after next_morning\n",
          f);
}

int sg_cli_exit_for(int code)
{
    return code == SG_EUSAGE ? SG_EXIT_USAGE : SG_EXIT_FAIL;
}

int sg_cli_day_arg(const char *cmd, const char *opt, const char *v, int *day)
{
    sg_err e;
    sg_err_clear(&e);
    if (sg_journal_date_parse(v, day, &e)) {
        sg_cli_errorf("%s: %s: %s", cmd, opt, e.msg);
        return 0;
    }
    return 1;
}

sg_prehab_lib *sg_cli_prehab_lib(const char *path)
{
    sg_prehab_lib *lib = NULL;
    sg_err e;
    sg_err_clear(&e);
    if (sg_app_prehab_lib(path, &lib, &e)) {
        sg_cli_error(path ? path : "embedded data/prehab.json", &e);
        return NULL;
    }
    return lib;
}

static int int_arg(const char *cmd, const char *opt, const char *v, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (end == v || *end || errno || x < lo || x > hi) {
        sg_cli_errorf("%s: %s expects a whole number, got '%s'", cmd, opt, v);
        return 0;
    }
    *out = x;
    return 1;
}

static int name_arg(const char *cmd, const char *what, const char *v, int parsed,
                    const char *choices)
{
    if (parsed)
        return 1;
    sg_cli_errorf("%s: unknown %s '%s' (use %s)", cmd, what, v, choices);
    return 0;
}

/* "1,2,0,3" or "0,-,-,-" into four answers (-1 for '-'). */
static int ostrc_answers(const char *cmd, const char *v, int answer[SG_OSTRC_QUESTIONS])
{
    const char *c = v;
    for (int q = 0; q < SG_OSTRC_QUESTIONS; q++) {
        if (*c == '-' && (c[1] == ',' || c[1] == '\0')) {
            answer[q] = -1;
            c++;
        } else if (*c >= '0' && *c <= '9' && (c[1] == ',' || c[1] == '\0')) {
            answer[q] = *c - '0';
            c++;
        } else {
            break;
        }
        if (q < SG_OSTRC_QUESTIONS - 1 && *c++ != ',')
            break;
        if (q == SG_OSTRC_QUESTIONS - 1 && *c == '\0')
            return 1;
    }
    sg_cli_errorf("%s: --answers expects four option numbers like 1,2,1,1 ('-' for a skipped "
                  "question), got '%s'", cmd, v);
    return 0;
}

/* The options of a pain entry that take a value: 1 taken, 0 after printing
 * a usage error, -1 when `o` is not one of them. */
static int pain_value(const char *cmd, sg_entry *e, const char *o, const char *v)
{
    sg_pain_entry *p = &e->u.pain;
    long x;
    if (strcmp(o, "--region") == 0) {
        p->region = sg_region_parse(v);
        if (!name_arg(cmd, "region", v, p->region != SG_REGION_UNKNOWN,
                      "upper_cervical, cervical, thoracic, thoracolumbar, lumbar, "
                      "lumbosacral, sacroiliac, buttock, hip, groin, thigh, lower_leg, foot"))
            return 0;
    } else if (strcmp(o, "--side") == 0) {
        p->side = sg_side_parse(v);
        if (!name_arg(cmd, "side", v, p->side != SG_SIDE_UNKNOWN,
                      "left, right, both, central"))
            return 0;
    } else if (strcmp(o, "--timing") == 0) {
        p->timing = strcmp(v, "none") == 0 ? SG_TIMING_UNKNOWN : sg_timing_parse(v);
        if (!name_arg(cmd, "timing", v,
                      p->timing != SG_TIMING_UNKNOWN || strcmp(v, "none") == 0,
                      "before, during, after, next_morning, none"))
            return 0;
    } else if (strcmp(o, "--severity") == 0) {
        if (!int_arg(cmd, o, v, INT_MIN, INT_MAX, &x))
            return 0;
        p->severity = (int)x;
    } else if (strcmp(o, "--km") == 0) {
        char *end;
        double k = strtod(v, &end);
        if (end == v || *end || !isfinite(k)) {
            sg_cli_errorf("%s: --km expects a number, got '%s'", cmd, v);
            return 0;
        }
        p->km = k;
    } else if (strcmp(o, "--eases") == 0) {
        if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0 && strcmp(v, "unknown") != 0) {
            sg_cli_errorf("%s: --eases expects yes, no or unknown, got '%s'", cmd, v);
            return 0;
        }
        p->eases = v[0] == 'y' ? 1 : v[0] == 'n' ? 0 : -1;
    } else if (strcmp(o, "--stiffness-min") == 0 || strcmp(o, "--stiffness") == 0) {
        if (!int_arg(cmd, o, v, INT_MIN, INT_MAX, &x))
            return 0;
        p->stiffness_min = (int)x;
    } else if (strcmp(o, "--run") == 0) {
        if (strcmp(v, "none") == 0) {
            p->run_id = 0;
            return 1;
        }
        if (!int_arg(cmd, o, v, 1, LONG_MAX, &x))
            return 0;
        p->run_id = x;
    } else if (strcmp(o, "--note") == 0) {
        sg_err er;
        sg_err_clear(&er);
        if (sg_entry_set_note(e, v, &er)) {
            sg_cli_errorf("%s: %s", cmd, er.msg);
            return 0;
        }
    } else {
        return -1;
    }
    return 1;
}

/* The yes/no flags of a pain entry (--radiates, --no-radiates, ...): the
 * field `o` sets, or NULL. */
static bool *pain_flag(sg_pain_entry *p, const char *o)
{
    if (strcmp(o, "--radiates") == 0 || strcmp(o, "--no-radiates") == 0)
        return &p->radiates;
    if (strcmp(o, "--numbness") == 0 || strcmp(o, "--no-numbness") == 0)
        return &p->numbness;
    if (strcmp(o, "--changed-run") == 0 || strcmp(o, "--no-changed-run") == 0)
        return &p->changed_run;
    if (strcmp(o, "--worse-during") == 0 || strcmp(o, "--no-worse-during") == 0)
        return &p->worse_during;
    return NULL;
}

int sg_cli_entry_opts(int argc, char **argv, int from, sg_entry *e, sg_entry_cli *c,
                      const char *cmd)
{
    sg_pain_entry *p = &e->u.pain;
    for (int i = from; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        long x;
        /* flags without a value */
        if (strcmp(o, "--json") == 0) {
            c->json = true;
            continue;
        }
        bool *flag = e->kind == SG_ENTRY_PAIN ? pain_flag(p, o) : NULL;
        if (flag) {
            *flag = strncmp(o, "--no-", 5) != 0;
            continue;
        }
        if (o[0] != '-' && e->kind == SG_ENTRY_PREHAB && !c->exercise) {
            c->exercise = o;
            continue;
        }
        if (o[0] != '-' || !v) {
            sg_cli_errorf("%s: unknown or incomplete option '%s' (see --help)", cmd, o);
            return 0;
        }
        i++;
        int day;
        if (strcmp(o, "--today") == 0) {
            if (!sg_cli_day_arg(cmd, o, v, &c->today))
                return 0;
        } else if (strcmp(o, "--library") == 0) {
            c->library = v;
        } else if (strcmp(o, "--date") == 0 && e->kind != SG_ENTRY_RPE) {
            if (!sg_cli_day_arg(cmd, o, v, &day))
                return 0;
            if (e->kind == SG_ENTRY_PAIN)
                p->day = day;
            else if (e->kind == SG_ENTRY_OSTRC)
                e->u.ostrc.day = day;
            else
                e->u.prehab.day = day;
        } else if (e->kind == SG_ENTRY_OSTRC && strcmp(o, "--area") == 0) {
            e->u.ostrc.area = sg_ostrc_area_parse(v);
            if (!name_arg(cmd, "area", v, e->u.ostrc.area != SG_OSTRC_AREA_UNKNOWN,
                          "lower_back, hip_groin"))
                return 0;
        } else if (e->kind == SG_ENTRY_OSTRC && strcmp(o, "--answers") == 0) {
            if (!ostrc_answers(cmd, v, e->u.ostrc.answer))
                return 0;
        } else if (e->kind == SG_ENTRY_PREHAB && strcmp(o, "--exercise") == 0) {
            c->exercise = v;
        } else if (e->kind == SG_ENTRY_RPE && strcmp(o, "--run") == 0) {
            if (!int_arg(cmd, o, v, 1, LONG_MAX, &x))
                return 0;
            e->u.rpe.run_id = x;
        } else if (e->kind == SG_ENTRY_RPE && strcmp(o, "--rpe") == 0) {
            if (!int_arg(cmd, o, v, INT_MIN, INT_MAX, &x))
                return 0;
            e->u.rpe.rpe = (int)x;
        } else if (e->kind != SG_ENTRY_PAIN) {
            sg_cli_errorf("%s: unknown option '%s' for a %s entry", cmd, o,
                          sg_entry_kind_name(e->kind));
            return 0;
        } else {
            int t = pain_value(cmd, e, o, v);
            if (t < 0)
                sg_cli_errorf("%s: unknown option '%s' (see --help)", cmd, o);
            if (t <= 0)
                return 0;
        }
    }
    if (e->kind == SG_ENTRY_PREHAB && c->exercise) {
        sg_err er;
        sg_err_clear(&er);
        if (sg_entry_set_exercise(e, c->exercise, &er)) {
            sg_cli_errorf("%s: %s", cmd, er.msg);
            return 0;
        }
    }
    return 1;
}

int sg_cmd_log(int argc, char **argv, const sg_cli_ctx *ctx)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? SG_EXIT_USAGE : SG_EXIT_OK;
    }
    sg_entry_kind kind = sg_entry_kind_parse(argv[1]);
    if (!kind) {
        sg_cli_errorf("log: expected pain, prehab, rpe or ostrc, got '%s'", argv[1]);
        return SG_EXIT_USAGE;
    }
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return SG_EXIT_OK;
        }
    sg_entry e;
    sg_entry_init(&e, kind);
    sg_entry_cli c = {false, sg_app_today(), NULL, NULL};
    if (!sg_cli_entry_opts(argc, argv, 2, &e, &c, "log"))
        return SG_EXIT_USAGE;
    /* a date not given means today */
    if (kind == SG_ENTRY_PAIN && e.u.pain.day == SG_JOURNAL_NO_DAY)
        e.u.pain.day = c.today;
    if (kind == SG_ENTRY_PREHAB && e.u.prehab.day == SG_JOURNAL_NO_DAY)
        e.u.prehab.day = c.today;
    if (kind == SG_ENTRY_OSTRC && e.u.ostrc.day == SG_JOURNAL_NO_DAY)
        e.u.ostrc.day = c.today;
    if (kind == SG_ENTRY_SCREEN) {
        sg_cli_errorf("log: red-flag answers are given with `strideguard check` (see its --help)");
        return SG_EXIT_USAGE;
    }
    if (kind == SG_ENTRY_PREHAB && !c.exercise) {
        sg_cli_errorf("log prehab: which exercise? (an id from the prehab library)");
        return SG_EXIT_USAGE;
    }
    if (kind == SG_ENTRY_RPE && (e.u.rpe.run_id <= 0 || e.u.rpe.rpe < 0)) {
        sg_cli_errorf("log rpe: --run ID and --rpe N are both needed");
        return SG_EXIT_USAGE;
    }
    int rc = SG_EXIT_OK;
    sg_store *st = NULL;
    sg_prehab_lib *lib = NULL;
    sg_err err;
    sg_err_clear(&err);
    if (kind == SG_ENTRY_PREHAB && !(lib = sg_cli_prehab_lib(c.library))) {
        rc = SG_EXIT_FAIL;
        goto out;
    }
    if (sg_store_open(ctx->db_path, &st, &err)) {
        sg_cli_error(ctx->db_path, &err);
        rc = SG_EXIT_FAIL;
        goto out;
    }
    if (sg_app_journal_add(st, &e, c.today, lib, &err)) {
        sg_cli_errorf("log %s: %s", argv[1], err.msg);
        rc = sg_cli_exit_for(err.code);
        goto out;
    }
    if (c.json) {
        sg_jw w;
        sg_jw_init_file(&w, stdout, 0);
        sg_entry_write_json(&w, &e);
        sg_jw_newline(&w);
    } else {
        fputs("logged ", stdout);
        sg_entry_write_text(stdout, &e);
    }
out:
    sg_prehab_lib_free(lib);
    sg_store_close(st);
    return rc;
}
