#!/usr/bin/env bash
# One run, one set of figures (issue #11 item 6, #13 item 6): `runs --json`,
# `show --json ID`, and the dashboard's API (/api/runs and /api/runs/ID) give
# the same distance, moving time, ascent, descent and average heart rate for
# every run. The device's own totals may differ; they are the separately
# labelled `device` object of show, never the primary figure.
#
# Stores: the demo store (simulated FIT files), and, when ../shared/data is
# present, a store of real files: a barometric Garmin FIT, a GPS-only GPX (a
# Suunto Movescount export) and a Garmin TCX. `report` takes its per-run
# figures from show's document (src/app/report.c) and its --json has none,
# so it is covered by show.
#
# Values are compared within half the coarser printed unit (the runs list
# prints 2 decimals of distance, show 1).
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
. "$(dirname "$0")/lib/serve.sh"
need jq python3
t=$(mktemp -d "$SG_TMP/figures.XXXXXX")
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
fails=0

# check_store NAME DB: every run's figures in the four views. One Python
# process compares them all (a jq per view and run cost most of this test).
check_store() {
  local name=$1 db=$2 port base
  serve_up "$t/serve.log" --db "$db" serve
  python3 - "$name" "$SG_CLI" "$db" "$base" <<'PY' || fails=$((fails + 1))
import json, subprocess, sys, urllib.request
name, cli, db, base = sys.argv[1:5]
keys = ["distance_m", "moving_time_s", "ascent_m", "descent_m", "avg_hr_bpm"]
def api(path):
    with urllib.request.urlopen(base + path, timeout=30) as r:
        return json.load(r)
def cli_json(*args):
    return json.loads(subprocess.run([cli, "--db", db, *args], check=True,
                                     capture_output=True, text=True).stdout)
runs = {r["id"]: r for r in cli_json("runs", "--json")}
api_runs = {r["id"]: r for r in api("/api/runs")}
ids = [i for i, r in runs.items() if r.get("sport") in ("running", "walking", "hiking", "unknown")]
bad = 0
for rid in ids:
    try:
        views = [("runs", runs[rid]), ("api_runs", api_runs.get(rid)),
                 ("show", cli_json("show", "--json", str(rid))), ("api_run", api(f"/api/runs/{rid}"))]
    except Exception as e:       # a failed show or GET, said as such
        print(f"FAIL {name} run {rid}: {e}"); bad += 1; continue
    if views[1][1] is None:
        print(f"FAIL {name} run {rid}: not in /api/runs"); bad += 1; continue
    wrong = False
    for k in keys:               # within half the coarser printed unit; None = not measured
        a = views[0][1].get(k)
        for view, doc in views[1:]:
            b = doc.get(k)
            if (a is None) != (b is None) or (a is not None and abs(a - b) > 0.051):
                print(f"FAIL {name} run {rid}: {k} runs={a}, {view}={b}"); wrong = True
    bad += wrong
if not ids:
    print(f"FAIL {name}: no runs"); bad += 1
print(f"{name}: {len(ids)} runs, {bad} disagreeing")
sys.exit(1 if bad else 0)
PY
  kill $srv 2>/dev/null || true
  wait $srv 2>/dev/null || true
  srv=
}

"$SG_CLI" demo --no-serve --dir "$t/demo" --today 2026-03-01 >/dev/null
check_store demo "$t/demo/demo.db"

data=${SG_SHARED_DATA:-}
files=(python-fitparse/activity-small-fenix2-run.fit   # Garmin fenix 2: barometric FIT
       goldencheetah/Move_2014_01_17_09_33_11.gpx       # Suunto Movescount GPX: positions, times
       goldencheetah/10kUNLP2014-Garmin15.tcx)          # Garmin TCX
if [ -n "$data" ] && [ -d "$data" ]; then
  mkdir -p "$t/real"
  for f in "${files[@]}"; do
    [ -f "$data/$f" ] || { echo "FAIL: $data/$f missing"; fails=$((fails + 1)); continue; }
    ln -s "$data/$f" "$t/real/$(basename "$f")"
  done
  "$SG_CLI" --db "$t/real.db" import "$t/real" >/dev/null
  got=$("$SG_CLI" --db "$t/real.db" runs --json | jq length)
  [ "$got" = "${#files[@]}" ] || { echo "FAIL real: $got activities imported, want ${#files[@]}"; fails=$((fails + 1)); }
  check_store real "$t/real.db"
else
  echo "skipped the real files: ../shared/data is absent"
fi

echo "figures_agree: $fails failure(s)"
[ "$fails" -eq 0 ]
