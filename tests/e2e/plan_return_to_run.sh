#!/usr/bin/env bash
# Issue #13: the walk-run return to running in the plan. Four runs in
# August, nothing for six weeks, then two 30-minute sessions without pain:
# `plan --json` is at stage 2 (it advanced after 2 sessions that met the
# criterion) and says what the next session is and when to advance; pain of
# 4/10 the morning after the second session steps back to stage 1. Runs are
# hand-made GPX files (a phone's recording).
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need python3 jq
t=$(mktemp -d "$SG_TMP/plan_rtr.XXXXXX")
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
sg() { "$SG_CLI" --db "$t/db.sqlite" "$@"; }
T="--today 2025-10-19"

mkdir -p "$t/gpx"
python3 - "$t/gpx" <<'PY'
import os, sys, datetime
def gpx(name, day, minutes, speed, lon):
    start = datetime.datetime.strptime(day, "%Y-%m-%d") + datetime.timedelta(hours=7)
    pts = []
    for i in range(0, minutes * 60 + 1, 5):
        ts = (start + datetime.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        pts.append('<trkpt lat="%.7f" lon="%.2f"><ele>400.0</ele><time>%s</time></trkpt>'
                   % (47.0 + speed * i / 111195.0, lon, ts))
    open(os.path.join(sys.argv[1], name), "w").write(
        '<?xml version="1.0"?>\n<gpx version="1.1" creator="phone" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>'
        + "".join(pts) + "</trkseg></trk></gpx>\n")
runs = [("2025-08-20", 45, 3.0), ("2025-08-23", 45, 3.0), ("2025-08-26", 45, 3.0),
        ("2025-08-29", 45, 3.0), ("2025-10-14", 30, 2.2), ("2025-10-17", 30, 2.2)]
for i, (day, minutes, speed) in enumerate(runs):
    gpx("run%d.gpx" % i, day, minutes, speed, 8.0 + 0.01 * i)
PY
sg athlete set --sex female --birth-year 1988 --race-date 2026-04-26 >/dev/null
sg import "$t/gpx" >/dev/null
[ "$(sg runs --json | jq length)" = 6 ] || fail "six runs expected"

sg plan --json $T >"$t/p.json"
jq -e '.return_to_run | .reason == "break" and .counted_from == "2025-10-14"
       and .stage == 2 and .stages == 7 and .decision == "advance"
       and .sessions_at_stage == 0 and .sessions_needed == 2 and .sessions_total == 2
       and .last_session == "2025-10-17" and .last_session_pain_max == null
       and .session.run_min == 2 and .session.walk_min == 3 and .session.repeats == 6
       and .session.total_min == 30 and .next.stage == 3
       and .advance_when.pain_max == 2 and .advance_when.sessions == 2
       and (.advance_when.text | test("next morning")) and (.source | test("Silbernagel"))' \
  "$t/p.json" >/dev/null || fail "plan: $(jq -c '.return_to_run' "$t/p.json")"
sg plan $T >"$t/p.txt"
grep -q "Return to running (after a break): stage 2 of 7: 6 x (run 2 min, walk 3 min), 30 min" \
  "$t/p.txt" || fail "text: $(cat "$t/p.txt")"

# pain of 4/10 the morning after the second session: one stage back
sg log pain --region lumbar --side central --severity 4 --timing next_morning \
  --date 2025-10-18 $T >/dev/null
sg plan --json $T >"$t/p2.json"
jq -e '.return_to_run | .stage == 1 and .decision == "step_back" and .last_session_pain_max == 4' \
  "$t/p2.json" >/dev/null || fail "step back: $(jq -c '.return_to_run, .tier' "$t/p2.json")"
echo ok
