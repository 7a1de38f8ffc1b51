#!/usr/bin/env bash
# Issue #13 "must show": a 12 km run after 35 days without a run is flagged
# as a return from a break (its own spike category), in `load --json`'s
# spikes and flags and in the `load` text, never as "no baseline" and never
# with "nan". Runs are hand-made GPX files (a phone's recording).
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need python3 jq
t=$(mktemp -d "$SG_TMP/load_return.XXXXXX")
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
sg() { "$SG_CLI" --db "$t/db.sqlite" "$@"; }

# four runs in early September, nothing from 2025-09-10 to 2025-10-14 (35
# days), then 12 km on 2025-10-15
mkdir -p "$t/gpx"
python3 - "$t/gpx" <<'PY'
import os, sys, datetime
def gpx(name, day, km, speed=3.0):
    start = datetime.datetime.strptime(day, "%Y-%m-%d") + datetime.timedelta(hours=7)
    secs = int(km * 1000 / speed)
    pts = []
    for i in range(0, secs + 1, 5):
        ts = (start + datetime.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        pts.append('<trkpt lat="%.7f" lon="8.0"><ele>400.0</ele><time>%s</time></trkpt>'
                   % (47.0 + speed * i / 111195.0, ts))
    open(os.path.join(sys.argv[1], name), "w").write(
        '<?xml version="1.0"?>\n<gpx version="1.1" creator="phone" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>'
        + "".join(pts) + "</trkseg></trk></gpx>\n")
for i, (day, km) in enumerate([("2025-09-01", 8), ("2025-09-03", 10), ("2025-09-06", 14),
                               ("2025-09-09", 8), ("2025-10-15", 12)]):
    gpx("run%d.gpx" % i, day, km)
PY
sg import "$t/gpx" >/dev/null
[ "$(sg runs --json | jq length)" = 5 ] || fail "five runs expected"

sg load --json --today 2025-10-17 >"$t/load.json"
jq -e '[.spikes[] | select(.date == "2025-10-15")][0]
       | .category == "return_from_break" and .days_without_run == 35
         and (.distance_m | . > 11500 and . < 12500)
         and .longest30_m == null and .spike_pct == null and .hazard_ratio == null' \
  "$t/load.json" >/dev/null || fail "spike: $(jq -c '.spikes' "$t/load.json")"
jq -e '[.flags[] | select(.code == "return_from_break" and .severity == "watch")
        | select(.message | test("12.0 km") and test("35 days"))] | length == 1' \
  "$t/load.json" >/dev/null || fail "flag: $(jq -c '.flags' "$t/load.json")"
jq -e '[.spikes[] | select(.date == "2025-09-01")][0].category == "no_baseline"' \
  "$t/load.json" >/dev/null || fail "the first run is still no_baseline"

sg load --today 2025-10-17 >"$t/load.txt"
grep -q "! 2025-10-15: 12.0 km, the first run after 35 days without a recorded run: a return from a break" \
  "$t/load.txt" || fail "text: $(cat "$t/load.txt")"
! grep -qi "nan" "$t/load.txt" || fail "text shows nan"
echo ok
