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
need jq curl
t=$(mktemp -d "$SG_TMP/figures.XXXXXX")
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
fails=0

# check_store NAME DB: every run's figures in the four views.
check_store() {
  local name=$1 db=$2 port base
  serve_up "$t/serve.log" --db "$db" serve
  "$SG_CLI" --db "$db" runs --json >"$t/runs.json"
  curl -sf "$base/api/runs" >"$t/api_runs.json" || { echo "FAIL $name: GET /api/runs"; fails=$((fails + 1)); }
  local ids n=0 bad=0
  ids=$(jq -r '.[] | select(.sport == "running" or .sport == "walking" or .sport == "hiking" or .sport == "unknown") | .id' "$t/runs.json")
  for id in $ids; do
    n=$((n + 1))
    "$SG_CLI" --db "$db" show --json "$id" >"$t/show.json" 2>/dev/null || { echo "FAIL $name run $id: show failed"; bad=$((bad + 1)); continue; }
    curl -sf "$base/api/runs/$id" >"$t/api_run.json" || { echo "FAIL $name run $id: GET /api/runs/$id"; bad=$((bad + 1)); continue; }
    # one line per view: distance moving ascent descent hr ("null" = not measured)
    local pick='[.distance_m, .moving_time_s, .ascent_m, .descent_m, (.avg_hr_bpm // null)] | map(if . == null then "null" else . end) | @tsv'
    {
      jq -r --argjson id "$id" ".[] | select(.id == \$id) | $pick" "$t/runs.json" | sed 's/^/runs /'
      jq -r --argjson id "$id" ".[] | select(.id == \$id) | $pick" "$t/api_runs.json" | sed 's/^/api_runs /'
      jq -r "$pick" "$t/show.json" | sed 's/^/show /'
      jq -r "$pick" "$t/api_run.json" | sed 's/^/api_run /'
    } >"$t/rows"
    if ! awk -v name="$name" -v id="$id" '
      BEGIN { split("distance_m moving_time_s ascent_m descent_m avg_hr_bpm", key, " ") }
      { view[NR] = $1; for (j = 2; j <= 6; j++) v[NR, j] = $j }
      END {
        if (NR != 4) { printf "FAIL %s run %s: %d views, want 4\n", name, id, NR; exit 1 }
        bad = 0
        for (j = 2; j <= 6; j++)
          for (i = 2; i <= 4; i++) {
            a = v[1, j]; b = v[i, j]
            if ((a == "null") != (b == "null") || (a != "null" && (a - b > 0.051 || b - a > 0.051))) {
              printf "FAIL %s run %s: %s %s=%s, %s=%s\n", name, id, key[j - 1], view[1], a, view[i], b
              bad = 1
            }
          }
        exit bad
      }' "$t/rows"; then
      bad=$((bad + 1))
    fi
  done
  kill $srv 2>/dev/null || true
  wait $srv 2>/dev/null || true
  srv=
  [ "$n" -gt 0 ] || { echo "FAIL $name: no runs"; bad=$((bad + 1)); }
  echo "$name: $n runs, $bad disagreeing"
  fails=$((fails + bad))
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
