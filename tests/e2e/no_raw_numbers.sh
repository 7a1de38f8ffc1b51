#!/usr/bin/env bash
# Every number a person sees is formatted: no nan, NaN, inf, undefined or
# null, and no "5:60"-style clock, in any human-facing output of the demo
# store: the text of every command (metric and imperial, today and a day
# after the race when the last 8 weeks are empty), the report HTML, and the
# dashboard's formatting of every pace the API returns (web/src/format.js).
# A lower-back recording without a gyroscope (shared data) checks the imu
# text when its unmeasured pelvis values are printed.
set -uo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}" "${SG_SOURCE_DIR:?}"
. "$(dirname "$0")/lib/serve.sh"
t=$(mktemp -d "$SG_TMP/no_raw.XXXXXX")
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$SG_CLI" demo --no-serve --dir "$t/demo" --today 2026-12-06 >"$t/demo.out" || { echo "FAIL: demo"; exit 1; }
db=$t/demo/demo.db
sg() { "$SG_CLI" --db "$db" "$@"; }

# check NAME FILE: no raw non-number and no clock with 60 seconds or minutes
check() {
  local bad
  bad=$(grep -n -i -E '(^|[^a-z])(nan|inf|infinity|undefined|null)([^a-z]|$)|[0-9]:60([^0-9]|$)' "$2" | head -5)
  if [ -n "$bad" ]; then fail "$1: $bad"; else echo "ok   $1"; fi
}

check "demo" "$t/demo.out"
for units in metric imperial; do
  i=0
  while IFS= read -r cmd; do
    i=$((i + 1))
    # shellcheck disable=SC2086
    "$SG_CLI" --db "$db" --units $units $cmd >"$t/out" 2>&1
    rc=$?
    [ $rc -le 1 ] || fail "$units $cmd: exit $rc"
    check "$units $cmd" "$t/out"
  done <<'CMDS'
runs
show --all
show 20
show 65
load
load --today 2027-03-01
race
race --today 2027-03-01
check
plan
imu 1
imu --list
journal
athlete show
CMDS
done

"$SG_CLI" --db "$db" report -o "$t/report.html" --today 2027-03-01 >/dev/null 2>&1 ||
  "$SG_CLI" --db "$db" report -o "$t/report.html" >/dev/null || fail "report"
# the text a person reads in the report, without the markup and the charts' path data
sed -e 's/<[^>]*>/ /g' "$t/report.html" >"$t/report.txt"
check "report (past race)" "$t/report.txt"
"$SG_CLI" --db "$db" report -o "$t/report2.html" >/dev/null || fail "report"
sed -e 's/<[^>]*>/ /g' "$t/report2.html" >"$t/report2.txt"
check "report" "$t/report2.txt"

if [ -n "${SG_SHARED_DATA:-}" ] && [ -f "$SG_SHARED_DATA/adeptdata/acc_running_left_hip.csv" ]; then
  "$SG_CLI" imu "$SG_SHARED_DATA/adeptdata/acc_running_left_hip.csv" >"$t/imu.txt" 2>&1
  check "imu without gyroscope" "$t/imu.txt"
else
  echo "skipped: imu without gyroscope (SG_SHARED_DATA/adeptdata not present)"
fi

# the dashboard: every pace, distance and duration the run pages format
if command -v node >/dev/null && command -v curl >/dev/null; then
  serve_up "$t/serve.log" --db "$db" serve
  curl -sf "$base/api/runs" >"$t/runs.json" || fail "api runs"
  mkdir -p "$t/api"
  for id in $(python3 -c 'import json,sys; print(" ".join(str(r["id"]) for r in json.load(open(sys.argv[1]))))' "$t/runs.json"); do
    curl -sf "$base/api/runs/$id" >"$t/api/$id.json" || fail "api run $id"
  done
  node "$SG_SOURCE_DIR/tests/e2e/web/format_api.mjs" "$SG_SOURCE_DIR/web/src/format.js" "$t/runs.json" "$t/api" \
    >"$t/web.txt" || fail "dashboard formatting"
  check "dashboard run pages" "$t/web.txt"
else
  echo "skipped: dashboard formatting (node or curl missing)"
fi

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all human-facing output formatted"
