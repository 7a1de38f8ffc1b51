#!/usr/bin/env bash
# Issue #5 "must show": a generated 16-week build with one planted spike and
# no taper goes through `import` like a runner's own files; `load --json`
# finds the spike in the right category on the right day and flags the
# missing taper. A second (warm, cached) call gives the same document.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need python3
t=$(mktemp -d "$SG_TMP/load_spike.XXXXXX")
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
db=$t/db.sqlite

"$SG_CLI" demo --files-only "$t/files" --weeks 16 --no-taper --spike-week 3 \
  --race-date 2025-05-04 >/dev/null
"$SG_CLI" --db "$db" import "$t/files/fit" >"$t/import.txt"
grep -q "failed 0" "$t/import.txt" || fail "import: $(cat "$t/import.txt")"
"$SG_CLI" --db "$db" athlete set --sex male --hr-rest 50 --hr-max 186 \
  --race-date 2025-05-04 --course "$t/files/course.gpx" >/dev/null

# three days before the race: the taper should have started by now
"$SG_CLI" --db "$db" load --today 2025-05-01 --json >"$t/cold.json" 2>"$t/cold.err"
"$SG_CLI" --db "$db" load --today 2025-05-01 --json >"$t/warm.json" 2>"$t/warm.err"
cmp -s "$t/cold.json" "$t/warm.json" || fail "cold and warm (cached) load differ"
[ ! -s "$t/cold.err" ] || fail "unexpected stderr: $(cat "$t/cold.err")"

python3 - "$t/cold.json" "$t/files/planted.json" "$t/files/fit" <<'PY'
import json, os, sys
d = json.load(open(sys.argv[1]))
p = json.load(open(sys.argv[2]))
assert d["schema"] == "strideguard.load/1"
assert d["today"] == "2025-05-01", d["today"]
assert d["metric"] == "trimp", d["metric"]
assert d["heart_rate"] == {"hr_rest": 50, "hr_rest_default": False, "hr_max": 186,
                           "hr_max_estimated": False}, d["heart_rate"]
# runs after the what-if today are not there yet (not clock errors)
before = [f for f in os.listdir(sys.argv[3]) if f[4:14] <= "2025-05-01"]
assert d["activities"]["used"] == len(before), (d["activities"]["used"], len(before))
assert d["activities"]["excluded"] == [] and d["activities"]["duplicates"] == []
# the planted spike: its day, its size, the category of a > 100 % spike
spikes = [s for s in d["spikes"] if s["date"] == p["spike_date"]]
assert len(spikes) == 1, spikes
s = spikes[0]
want = "large" if p["spike_pct"] > 100 else "moderate" if p["spike_pct"] > 30 else "small"
assert s["category"] == want, (s, p["spike_pct"])
assert abs(s["distance_m"] - p["spike_distance_m"]) < 50, (s, p)
assert abs(s["longest30_m"] - p["spike_baseline_m"]) < 50, (s, p)
assert abs(s["spike_pct"] - p["spike_pct"]) < 0.5, (s, p)
assert s["hazard_ratio"] is not None and len(s["hazard_ratio_ci"]) == 2
# it is the only large spike of the build
assert [x["date"] for x in d["spikes"] if x["category"] == "large"] == [p["spike_date"]], \
    [x for x in d["spikes"] if x["category"] == "large"]
# the missing taper, in the race part
r = d["race"]
assert r["date"] == "2025-05-04" and r["days_to_race"] == 3, r
codes = [f["code"] for f in r["flags"]]
assert "taper_missing" in codes, codes
assert [f["severity"] for f in r["flags"] if f["code"] == "taper_missing"] == ["watch"]
assert r["taper"]["reduction_pct"] < 0, r["taper"]
assert r["course"] is not None and r["course"]["has_elevation"] is True, r["course"]
# weeks and days are there and consistent
assert d["window"]["to"] == "2025-05-01"
assert len(d["weeks"]) == 16, len(d["weeks"])
km = sum(x["distance_m"] for x in d["weeks"]) / 1000
assert 800 < km < 2000, km
print("load_spike: spike %s %s %.1f %% found, taper_missing flagged" %
      (s["date"], s["category"], s["spike_pct"]))
PY

# the same in the text summary
"$SG_CLI" --db "$db" load --today 2025-05-01 >"$t/text.txt"
grep -q "^This week" "$t/text.txt" || fail "text: no 'This week'"
grep -q "^Watch out" "$t/text.txt" || fail "text: no 'Watch out'"
grep -q "^Before race day" "$t/text.txt" || fail "text: no 'Before race day'"
grep -q "no taper" "$t/text.txt" || fail "text does not say 'no taper': $(cat "$t/text.txt")"

# a build with a taper is not flagged
"$SG_CLI" demo --files-only "$t/tapered" --weeks 16 --spike-week none \
  --race-date 2025-05-04 >/dev/null
"$SG_CLI" --db "$t/db2.sqlite" import "$t/tapered/fit" >/dev/null
"$SG_CLI" --db "$t/db2.sqlite" athlete set --hr-rest 50 --hr-max 186 --race-date 2025-05-04 >/dev/null
"$SG_CLI" --db "$t/db2.sqlite" race --today 2025-05-02 --json >"$t/race2.json"
python3 - "$t/race2.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
codes = [f["code"] for f in r["flags"]]
assert "taper_missing" not in codes, codes
assert any(c in codes for c in ("taper_ok", "taper_deep", "taper_light")), codes
PY
echo "load_spike e2e ok"
