#!/usr/bin/env bash
# `load` on awkward input and bad usage: exit codes and one-line errors, a
# broken and an empty store, no athlete profile (estimated HRmax, warnings),
# clock-wrong files (1989, the future), the same run from two devices, and
# months without data. The analysis handles these; this checks that the
# command surfaces them.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need python3 sqlite3   # sqlite3 breaks a stored blob below
t=$(mktemp -d "$SG_TMP/load_edge.XXXXXX")
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
db=$t/db.sqlite

# usage errors: exit 2, one line on stderr naming the problem
usage() {
  set +e
  "$SG_CLI" --db "$db" "$@" >"$t/out" 2>"$t/err"; rc=$?
  set -e
  [ $rc = 2 ] || fail "'$*' should be exit 2, got $rc"
  [ "$(wc -l <"$t/err")" = 1 ] || fail "'$*' stderr: $(cat "$t/err")"
  grep -q "^strideguard: " "$t/err" || fail "'$*' stderr: $(cat "$t/err")"
  [ ! -s "$t/out" ] || fail "'$*' wrote to stdout"
}
usage load --today 2025-13-01
usage load --today yesterday
usage load --today 2025-02-30
usage load --today
usage load --weeks 0
usage load --weeks 12x
usage load --weeks 9999
usage load --metric watts
usage load --bogus
usage race --today 2025-1-
usage race --date soon
usage race --bogus

# a file that is not a database: exit 1, one line
printf 'this is not a database, just bytes that look wrong %.0s' $(seq 40) >"$t/broken.db"
for cmd in load race; do
  set +e
  "$SG_CLI" --db "$t/broken.db" $cmd --json >"$t/out" 2>"$t/err"; rc=$?
  set -e
  [ $rc = 1 ] || fail "$cmd on a broken store: exit $rc"
  [ "$(wc -l <"$t/err")" = 1 ] && grep -q "^strideguard: $t/broken.db: " "$t/err" ||
    fail "$cmd broken store stderr: $(cat "$t/err")"
done

# an empty store: a result, not an error
"$SG_CLI" --db "$t/empty.db" load --json --today 2025-06-01 >"$t/empty.json" 2>/dev/null
python3 - "$t/empty.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
codes = [f["code"] for f in d["flags"]]
assert "no_data" in codes and "no_profile" in codes, codes
assert d["days"] == [] and d["race"] is None
PY
"$SG_CLI" --db "$t/empty.db" load --today 2025-06-01 | grep -q "No activities yet" ||
  fail "empty text"

# the data: a 6-week build, 2 weeks of the previous year (months of gap
# between), a run from 1989 and one from a second device (GPX, started 2 min
# later: not the store's "same file", but the same run), and a future block
"$SG_CLI" demo --files-only "$t/a" --weeks 6 --no-taper --spike-week none \
  --race-date 2025-03-02 >/dev/null
"$SG_CLI" demo --files-only "$t/b" --weeks 2 --no-taper --spike-week none \
  --race-date 2024-06-02 --seed 7 >/dev/null
"$SG_CLI" demo --files-only "$t/c" --weeks 1 --no-taper --spike-week none \
  --race-date 2090-01-01 --seed 8 >/dev/null 2>&1 ||
  "$SG_CLI" demo --files-only "$t/c" --weeks 1 --no-taper --spike-week none \
    --race-date 2089-12-31 --seed 8 >/dev/null
mkdir -p "$t/gpx"
python3 - "$t/gpx" <<'PY'
import math, os, sys, datetime
def gpx(path, start, minutes, lat0=47.0, lon0=8.0, speed=3.0):
    pts = []
    for i in range(0, minutes * 60 + 1, 5):
        d = speed * i
        lat = lat0 + d / 111195.0
        ts = (start + datetime.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        pts.append('<trkpt lat="%.7f" lon="%.7f"><ele>%.1f</ele><time>%s</time></trkpt>'
                   % (lat, lon0, 400 + 5 * math.sin(i / 300.0), ts))
    open(path, "w").write('<?xml version="1.0"?>\n<gpx version="1.1" creator="phone" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>'
        + "".join(pts) + "</trkseg></trk></gpx>\n")
gpx(os.path.join(sys.argv[1], "old-1989.gpx"), datetime.datetime(1989, 6, 1, 7, 0), 40)
PY
"$SG_CLI" --db "$db" import "$t/a/fit" "$t/b/fit" "$t/c/fit" "$t/gpx" >/dev/null
# the second device: a GPX copy of the build's last Sunday long run, 2 min late
"$SG_CLI" --db "$db" runs --json --since 2025-02-20 --until 2025-02-24 >"$t/runs.json"
python3 - "$t/runs.json" "$t/gpx2" <<'PY'
import json, math, os, sys, datetime
runs = json.load(open(sys.argv[1]))
r = max(runs, key=lambda x: x["distance_m"])
start = datetime.datetime.strptime(r["start"], "%Y-%m-%dT%H:%M:%SZ") + datetime.timedelta(seconds=120)
os.makedirs(sys.argv[2])
minutes = int(r["duration_s"] // 60) - 3
speed = r["distance_m"] / r["duration_s"]
pts = []
for i in range(0, minutes * 60 + 1, 5):
    ts = (start + datetime.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
    pts.append('<trkpt lat="%.7f" lon="8.0"><time>%s</time></trkpt>' % (46.0 + speed * i / 111195.0, ts))
open(os.path.join(sys.argv[2], "phone.gpx"), "w").write(
    '<?xml version="1.0"?>\n<gpx version="1.1" creator="phone" xmlns="http://www.topografix.com/GPX/1/1">'
    '<trk><type>running</type><trkseg>' + "".join(pts) + "</trkseg></trk></gpx>\n")
print(r["id"])
PY
"$SG_CLI" --db "$db" import "$t/gpx2" >"$t/imp2.txt"
grep -q "imported 1," "$t/imp2.txt" || fail "phone copy: $(cat "$t/imp2.txt")"

# no profile: warnings on stderr, the same facts as flags in the JSON
"$SG_CLI" --db "$db" load --json --all --today 2025-03-02 >"$t/np.json" 2>"$t/np.err"
grep -q "^strideguard: warning: no athlete profile" "$t/np.err" || fail "np stderr: $(cat "$t/np.err")"
python3 - "$t/np.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
codes = [f["code"] for f in d["flags"]]
for c in ("no_profile", "hr_max_estimated", "hr_rest_default", "activities_excluded",
          "duplicates_merged"):
    assert c in codes, (c, codes)
hr = d["heart_rate"]
assert hr["hr_max_estimated"] is True and 150 <= hr["hr_max"] <= 200, hr
assert hr["hr_rest_default"] is True and hr["hr_rest"] == 60, hr
assert d["metric"] == "trimp", d["metric"]
reasons = sorted(x["reason"] for x in d["activities"]["excluded"])
assert "clock_before_2000" in reasons and "future" in reasons, reasons
assert len(d["activities"]["duplicates"]) == 1, d["activities"]["duplicates"]
# months of no data between the two blocks are a gap, not rest
gap_days = [x for x in d["days"] if x["gap"]]
assert len(gap_days) > 150, len(gap_days)
assert d["days"][0]["date"] < "2024-06-03", d["days"][0]
assert d["race"] is None
PY

# a profile without HRmax: estimated, with a warning naming the number
"$SG_CLI" --db "$db" athlete set --hr-rest 48 >/dev/null
"$SG_CLI" --db "$db" load --today 2025-03-02 >"$t/txt" 2>"$t/err"
grep -q "^strideguard: warning: max heart rate not set; estimated at [0-9]* bpm" "$t/err" ||
  fail "hr warning: $(cat "$t/err")"
grep -q "Maximum heart rate not set; estimated" "$t/txt" || fail "text lacks the HRmax note"
"$SG_CLI" --db "$db" athlete set --hr-max 186 >/dev/null
"$SG_CLI" --db "$db" load --json --today 2025-03-02 >"$t/set.json" 2>"$t/err"
[ ! -s "$t/err" ] || fail "stderr with a full profile: $(cat "$t/err")"
python3 - "$t/set.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["heart_rate"] == {"hr_rest": 48, "hr_rest_default": False, "hr_max": 186,
                           "hr_max_estimated": False}, d["heart_rate"]
codes = [f["code"] for f in d["flags"]]
assert "hr_max_estimated" not in codes and "no_profile" not in codes, codes
assert len(d["weeks"]) == 16
PY
# --weeks narrows the window
"$SG_CLI" --db "$db" load --json --weeks 3 --today 2025-03-02 |
  python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d["weeks"]) == 3, len(d["weeks"])'
# --metric
"$SG_CLI" --db "$db" load --json --metric distance --today 2025-03-02 |
  python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["metric"] == "distance_km", d["metric"]'
# a damaged sample blob: that run falls back to its listed totals, with a
# warning and a flag; the rest is unaffected (needs the sqlite3 CLI to break it)
if command -v sqlite3 >/dev/null; then
  id=$("$SG_CLI" --db "$db" runs --json --since 2025-02-01 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
  sqlite3 "$db" "DELETE FROM analysis_cache WHERE activity_id = $id;
                 UPDATE activity_samples SET blob = X'53470102030405' WHERE activity_id = $id;"
  "$SG_CLI" --db "$db" load --json --today 2025-03-02 >"$t/dmg.json" 2>"$t/err"
  grep -q "^strideguard: warning: 1 stored activity could not be decoded" "$t/err" ||
    fail "damaged blob stderr: $(cat "$t/err")"
  python3 - "$t/dmg.json" "$t/set.json" <<'PY'
import json, sys
d, before = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert "activities_unreadable" in [f["code"] for f in d["flags"]], d["flags"]
assert d["activities"]["used"] == before["activities"]["used"]
km = lambda x: sum(w["distance_m"] for w in x["weeks"])
assert abs(km(d) - km(before)) < 100, (km(d), km(before))
PY
fi
echo "load_edge e2e ok"
