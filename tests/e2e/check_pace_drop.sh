#!/usr/bin/env bash
# Issue #13, the seeds' fourth warning sign read from the runs: a runner who
# ran about 5:00 /km on flat ground for four weeks and 5:30 /km in the last 7
# days, with lumbar pain logged, gets "pace_dropped_with_pain" (evaluate)
# from `check`, with the numbers in `check --json` (.pace_drop), in the
# text and in the report; the same runs at the usual pace give nothing. Runs are hand-made GPX
# files on flat ground (a phone's recording), the same distance every week,
# so only the pace changes.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need python3 jq
t=$(mktemp -d "$SG_TMP/pace_drop.XXXXXX")
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
T="--today 2026-03-10"

# $1 folder, $2 speed of the last 7 days' runs (m/s)
make_runs() {
  mkdir -p "$1"
  python3 - "$1" "$2" <<'PY'
import os, sys, datetime
out, last_speed = sys.argv[1], float(sys.argv[2])
today = datetime.date(2026, 3, 10)
def gpx(name, day, km, speed):
    lon = 8.0 + 0.01 * int(name[3:5])  # each run its own street (not a time-shifted copy)
    start = datetime.datetime.combine(day, datetime.time(7))
    secs = int(km * 1000 / speed)
    pts = []
    for i in range(0, secs + 1, 5):
        ts = (start + datetime.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        pts.append('<trkpt lat="%.7f" lon="%.2f"><ele>400.0</ele><time>%s</time></trkpt>'
                   % (47.0 + speed * i / 111195.0, lon, ts))
    open(os.path.join(out, name), "w").write(
        '<?xml version="1.0"?>\n<gpx version="1.1" creator="phone" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>'
        + "".join(pts) + "</trkseg></trk></gpx>\n")
usual = [3.30, 3.333, 3.37, 3.333]  # 303, 300, 297, 300 s/km
n = 0
for w in range(1, 5):
    for k in range(4):
        gpx("run%02d.gpx" % n, today - datetime.timedelta(days=7 * w + k), 8, usual[k]); n += 1
for ago in (1, 2, 4, 6):
    gpx("run%02d.gpx" % n, today - datetime.timedelta(days=ago), 8, last_speed); n += 1
PY
}

# ---- slower on the flat, with lumbar pain ----
sg() { "$SG_CLI" --db "$t/slow.db" "$@"; }
make_runs "$t/slow" 3.03   # 330 s/km, 10 % slower
sg import "$t/slow" >/dev/null
[ "$(sg runs --json | jq length)" = 20 ] || fail "twenty runs expected"
sg log pain --region lumbar --side central --severity 3 --date 2026-03-08 $T >/dev/null
sg check --json --no-save $T >"$t/c.json"
jq -e '.tier == "evaluate" and ([.reasons[].rule] | index("pace_dropped_with_pain") != null)
       and .training_drop == null' "$t/c.json" >/dev/null ||
  fail "reason: $(jq -c '.tier, [.reasons[].rule], .training_drop' "$t/c.json")"
jq -e '.pace_drop | .terrain == "near_flat_grade_within_3_pct"
       and (.last_7_days_s_per_km | . > 325 and . < 335)
       and (.before_median_s_per_km | . > 297 and . < 303)
       and (.slower_pct | . > 8 and . < 12) and .noise_pct >= 0
       and .runs_last_7_days == 4 and .runs_before == 16 and .pain_regions == ["lumbar"]' \
  "$t/c.json" >/dev/null || fail "numbers: $(jq -c '.pace_drop' "$t/c.json")"
sg check --no-save $T >"$t/c.txt"
grep -qE "pace on near-flat ground 5:0[0-3] /km -> 5:[23][0-9] /km \([0-9]+ % slower" "$t/c.txt" ||
  fail "text: $(cat "$t/c.txt")"
grep -q "with lumbar pain logged" "$t/c.txt" || fail "text: regions"
! grep -qiw "nan" "$t/c.txt" || fail "text shows nan"
# the report shows the same numbers beside the reason
sg report $T -o "$t/r.html" >/dev/null
grep -qE "pace on near-flat ground 5:0[0-3] /km -&gt; 5:[23][0-9] /km" "$t/r.html" ||
  fail "report: $(grep -o 'pace on near-flat[^<]*' "$t/r.html" || echo none)"

# ---- the usual pace: nothing ----
sg() { "$SG_CLI" --db "$t/usual.db" "$@"; }
make_runs "$t/usual" 3.333
sg import "$t/usual" >/dev/null
sg log pain --region lumbar --side central --severity 3 --date 2026-03-08 $T >/dev/null
sg check --json --no-save $T >"$t/u.json"
jq -e '.pace_drop == null and ([.reasons[].rule] | index("pace_dropped_with_pain") == null)' \
  "$t/u.json" >/dev/null || fail "usual pace flagged: $(jq -c '.pace_drop' "$t/u.json")"
echo ok
