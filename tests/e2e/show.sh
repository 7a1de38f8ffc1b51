#!/usr/bin/env bash
# `strideguard show FILE`: text report, JSON keys, missing data, exit codes.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}" "${SG_SHARED_DATA:?}"
[ -d "$SG_SHARED_DATA" ] || { echo "skipped: $SG_SHARED_DATA is absent"; exit 77; }
. "$(dirname "$0")/lib/need.sh"
need jq
work=$SG_TMP/show_e2e.$$
rm -rf "$work"; mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
fenix=$SG_SHARED_DATA/python-fitparse/activity-small-fenix2-run.fit
fr15=$SG_SHARED_DATA/goldencheetah/10kUNLP2014-Garmin15.fit

# usage
set +e
"$SG_CLI" show >/dev/null 2>&1; [ $? = 2 ] || fail "no target should be exit 2"
"$SG_CLI" show --bogus "$fenix" >/dev/null 2>&1; [ $? = 2 ] || fail "bad option exit 2"
"$SG_CLI" show "$work/nope.fit" >/dev/null 2>"$work/err"; rc=$?
set -e
[ $rc = 1 ] || fail "missing file exit $rc"
grep -q "^strideguard: .*nope.fit" "$work/err" || fail "error line: $(cat "$work/err")"

# text report
"$SG_CLI" show "$fenix" >"$work/out"
for want in "Distance 8.94 km" "barometric altitude" "Terrain" "Impact and braking" \
            "Mechanics on the flat" "Fatigue" "Flags" "does not diagnose"; do
  grep -q "$want" "$work/out" || fail "text lacks '$want'"
done
"$SG_CLI" --units imperial show "$fenix" | grep -q "Distance 5.56 mi" || fail "imperial"

# JSON: documented keys, types, nulls for what is missing
"$SG_CLI" show --json "$fenix" >"$work/j"
jq -e '.algorithm_version == 4 and (.distance_m > 8900) and (.ascent_m > 57 and .ascent_m < 71)
       and (.grade_bands | length == 7) and (.mechanics.cadence_spm > 150)
       and (.mechanics.stance_time_balance_left_pct == null)
       and (.flags | all(.code != "" and .message != "" and .evidence != "" and .source != ""))
       and (.missing | index("stance_time_balance") != null)
       and (.repaired.altitude_steps == 2)' "$work/j" >/dev/null || fail "fenix JSON: $(head -c 600 "$work/j")"
for k in distance_m moving_time_s ascent_m descent_m gap_pace_s_per_km pace_s_per_km grade_bands \
         impact_weighted_km descent_m_below_3pct descent_m_below_8pct mechanics fatigue flags \
         missing repaired; do
  jq -e "has(\"$k\")" "$work/j" >/dev/null || fail "JSON lacks $k"
done
"$SG_CLI" show --json "$fr15" | jq -e '.ascent_m == null and .gap_pace_s_per_km == null
   and (.missing | index("altitude") != null) and .distance_m > 10000' >/dev/null || fail "FR15 JSON"

# several targets: one JSON object per line; a bad one makes exit 1, the rest shown
set +e
"$SG_CLI" show --json "$fenix" "$work/nope.fit" "$fr15" >"$work/multi" 2>/dev/null; rc=$?
set -e
[ $rc = 1 ] || fail "multi exit $rc"
[ "$(wc -l <"$work/multi")" = 2 ] || fail "multi lines: $(wc -l <"$work/multi")"
echo ok
