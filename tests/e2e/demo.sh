#!/usr/bin/env bash
# The README's main job on its built-in data: `demo --no-serve` generates the
# simulated block as FIT files, imports it, sets a profile, and lists runs;
# --files-only writes the files and what was planted, for other tests.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need python3
t=$(mktemp -d "$SG_TMP/demo.XXXXXX")
trap 'rm -rf "$t"' EXIT

start=$(date +%s)
"$SG_CLI" demo --no-serve --dir "$t/demo" --today 2026-03-01 > "$t/out.txt"
grep -q "SIMULATED" "$t/out.txt" || { echo "demo output does not say the data is simulated"; exit 1; }
[ -s "$t/demo/report.html" ] || { echo "the demo wrote no report"; exit 1; }
"$SG_CLI" --db "$t/demo/demo.db" imu --list --json | python3 -c 'import json,sys; r=json.load(sys.stdin); assert len(r) == 1 and r[0]["linked_activity_id"], r'
"$SG_CLI" --db "$t/demo/demo.db" journal --json | python3 -c 'import json,sys; r=json.load(sys.stdin); assert any(e["kind"] == "pain" for e in r)'
n=$(ls "$t/demo/fit" | wc -l)
[ "$n" -ge 60 ] || { echo "expected >= 60 runs, got $n"; exit 1; }
# nothing after --today is written
last=$(ls "$t/demo/fit" | sort | tail -n1)
[[ "$last" < "sim-2026-03-02" ]] || { echo "a run after --today was written: $last"; exit 1; }
"$SG_CLI" --db "$t/demo/demo.db" runs --json > "$t/runs.json"
python3 - "$t/runs.json" "$n" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))
assert len(runs) == int(sys.argv[2]), (len(runs), sys.argv[2])
assert all(r["sport"] == "running" for r in runs)
assert sum(r["distance_m"] for r in runs) > 500e3
PY
"$SG_CLI" --db "$t/demo/demo.db" athlete show --json | grep -q '"race_date": "2026-03-14"'
# a second run rebuilds the demo database instead of piling up duplicates
"$SG_CLI" demo --no-serve --dir "$t/demo" --today 2026-03-01 > /dev/null
m=$("$SG_CLI" --db "$t/demo/demo.db" runs --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$m" -eq "$n" ] || { echo "re-run changed the run count: $n -> $m"; exit 1; }
elapsed=$(( $(date +%s) - start ))
[ "${SG_SANITIZED:-0}" = 1 ] || [ "$elapsed" -le 30 ] || { echo "demo took ${elapsed}s"; exit 1; }

# files only, with the planted description
"$SG_CLI" demo --files-only "$t/files" --weeks 16 --no-taper --spike-week 8 --race-date 2026-05-03 > /dev/null
python3 - "$t/files/planted.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
assert p["race_date"] == "2026-05-03" and p["taper"] is False
assert p["spike_date"] and p["spike_distance_m"] > 2 * p["spike_baseline_m"]
PY
[ -s "$t/files/course.gpx" ]
# bad options are usage errors
set +e
"$SG_CLI" demo --weeks 0 2>/dev/null; [ $? -eq 2 ] || exit 1
"$SG_CLI" demo --today 2026-13-01 2>/dev/null; [ $? -eq 2 ] || exit 1
echo "demo e2e ok"
