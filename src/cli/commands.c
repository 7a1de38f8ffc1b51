/* The command table. One line per command; each is defined in cmd_<name>.c. */
#include <stddef.h>

#include "cli/cli.h"

#define CMD(n) int sg_cmd_##n(int argc, char **argv, const sg_cli_ctx *ctx);
CMD(decode) CMD(import) CMD(runs) CMD(demo) CMD(show) CMD(athlete) CMD(load) CMD(race)
CMD(log) CMD(journal) CMD(check) CMD(plan) CMD(imu) CMD(serve) CMD(report) CMD(export)
CMD(gear) CMD(db)
#undef CMD

const sg_cmd sg_commands[] = {
    {"demo", sg_cmd_demo, "generate a simulated marathon build, import it and show it"},
    {"decode", sg_cmd_decode, "decode a FIT/GPX/TCX file (--jsonl, --summary, --stats)"},
    {"export", sg_cmd_export, "write an activity as a FIT file"},
    {"import", sg_cmd_import, "import files, folders and archives into the store"},
    {"runs", sg_cmd_runs, "list stored activities"},
    {"show", sg_cmd_show, "analyse one run: terrain, mechanics, fatigue, flags"},
    {"athlete", sg_cmd_athlete, "set or show the athlete profile"},
    {"load", sg_cmd_load, "training load, spikes, ramp, fitness/fatigue"},
    {"race", sg_cmd_race, "taper and readiness for the race course"},
    {"log", sg_cmd_log, "log pain, prehab or session RPE"},
    {"journal", sg_cmd_journal, "list, edit or delete journal entries"},
    {"check", sg_cmd_check, "triage: when to get evaluated"},
    {"gear", sg_cmd_gear, "shoes: distance, retirement reminders, which run used which"},
    {"plan", sg_cmd_plan, "this week's prehab plan (--ics for calendars)"},
    {"imu", sg_cmd_imu, "pelvis and trunk motion from a lower-back sensor"},
    {"serve", sg_cmd_serve, "local web dashboard"},
    {"report", sg_cmd_report, "self-contained HTML report for a clinician"},
    {"db", sg_cmd_db, "copy a whole store: SQLite and PostgreSQL (db copy FROM TO)"},
    {NULL, NULL, NULL},
};
