#!/usr/bin/env bash
# `strideguard show --all`: one document per stored run with the documented
# keys and its id, the text form, filters, the cache on a second call, and a
# run imported into a run's 90-day baseline window making exactly the runs
# whose window it entered stale (counted with --stats, not timed).
#
# Input: generated runs (bench/import/gen.c), 10 minutes each, one a day, in
# two blocks 200 days apart (days 0-7 and 200-207), so a run added on day 150
# enters only the second block's windows.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}" "${SG_SOURCE_DIR:?}"
. "$(dirname "$0")/lib/need.sh"
need jq
work=$SG_TMP/show_all.$$
rm -rf "$work"; mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
build=$(dirname "$SG_CLI")
"$SG_SOURCE_DIR/bench/import/build_gen.sh" "$build" "$work/gen"
"$work/gen" "$work/a" 8 600 0 >/dev/null
"$work/gen" "$work/a" 8 600 200 >/dev/null
"$work/gen" "$work/late" 1 600 150 >/dev/null
db=$work/db.sqlite
sg() { "$SG_CLI" --db "$db" "$@"; }

# an empty store: an empty array, exit 0
sg show --all --json >"$work/empty" || fail "empty store exit"
[ "$(tr -d ' \n' <"$work/empty")" = "[]" ] || fail "empty: $(cat "$work/empty")"

sg import "$work/a" >/dev/null

# usage
set +e
sg show --all --since yesterday >/dev/null 2>&1; [ $? = 2 ] || fail "bad date exit 2"
sg show --all --sport nosuch >/dev/null 2>&1; [ $? = 2 ] || fail "bad sport exit 2"
set -e

# JSON: one document per run, ids as `runs` lists them, documented keys
sg show --all --json --stats >"$work/j1" 2>"$work/s1"
jq -e 'length == 16' "$work/j1" >/dev/null || fail "want 16 documents: $(jq length "$work/j1")"
[ "$(jq -c '[.[].id]' "$work/j1")" = "$(sg runs --json | jq -c '[.[].id]')" ] ||
  fail "ids differ from runs --json"
for k in id algorithm_version start_time distance_m moving_time_s ascent_m descent_m \
         pace_s_per_km gap_pace_s_per_km grade_bands impact_weighted_km descent_m_below_3pct \
         descent_m_below_8pct mechanics fatigue flags missing repaired; do
  jq -e "all(has(\"$k\"))" "$work/j1" >/dev/null || fail "a document lacks $k"
done
jq -e '.[0].missing | index("baseline") != null' "$work/j1" >/dev/null || fail "first run has a baseline?"
jq -e '.[3].missing | index("baseline") == null' "$work/j1" >/dev/null || fail "4th run lacks a baseline"
grep -q "16 activities, 0 from cache, 16 analysed, 0 failed" "$work/s1" || fail "stats 1: $(cat "$work/s1")"

# the same document as `show --json ID`
id=$(jq '.[5].id' "$work/j1")
[ "$(sg show --json "$id" | jq -cS .)" = "$(jq -cS ".[5] | del(.id)" "$work/j1")" ] ||
  fail "show --all and show ID differ for $id"

# second call: every document from the cache, byte-identical output
sg show --all --json --stats >"$work/j2" 2>"$work/s2"
grep -q "16 activities, 16 from cache, 0 analysed" "$work/s2" || fail "stats 2: $(cat "$work/s2")"
cmp -s "$work/j1" "$work/j2" || fail "cached output differs"

# a run imported on day 150 enters the windows of days 200-207 only
sg import "$work/late" >/dev/null
sg show --all --json --stats >"$work/j3" 2>"$work/s3"
jq -e 'length == 17' "$work/j3" >/dev/null || fail "want 17 documents"
grep -q "17 activities, 8 from cache, 9 analysed, 0 failed" "$work/s3" || fail "stats 3: $(cat "$work/s3")"
sg show --all --json --stats >/dev/null 2>"$work/s4"
grep -q "17 activities, 17 from cache, 0 analysed" "$work/s4" || fail "stats 4: $(cat "$work/s4")"

# filters: --since keeps the later runs, whose baselines still use the earlier ones
since=$(jq -r '.[8].start_time | strftime("%Y-%m-%d")' "$work/j3")
sg show --all --json --since "$since" >"$work/j5"
jq -e 'length == 9' "$work/j5" >/dev/null || fail "--since: $(jq length "$work/j5")"
[ "$(jq -c '.[8:]' "$work/j3")" = "$(jq -c . "$work/j5")" ] || fail "--since documents differ"
sg show --all --json --sport cycling | jq -e 'length == 0' >/dev/null || fail "--sport cycling"

# text: a header and one line per run with date, distance, ascent/descent, flags
sg show --all >"$work/t"
[ "$(wc -l <"$work/t")" = 18 ] || fail "text lines: $(wc -l <"$work/t")"
head -n1 "$work/t" | grep -q "id.*date.*distance.*ascent/descent.*impact km.*flags" || fail "text header"
sed -n 2p "$work/t" | grep -Eq "^ +[0-9]+  20[0-9]{2}-[0-9]{2}-[0-9]{2} +[0-9.]+ km +\+[0-9]+/-[0-9]+ m" ||
  fail "text line: $(sed -n 2p "$work/t")"
"$SG_CLI" --db "$db" --units imperial show --all | sed -n 2p | grep -q " mi " || fail "imperial"
echo ok
