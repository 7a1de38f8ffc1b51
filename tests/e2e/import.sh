#!/usr/bin/env bash
# `strideguard import` and `runs` from the command line: folders, zip, .gz,
# a broken file named with its cause, JSON shapes, exit codes, re-import.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}" "${SG_SOURCE_DIR:?}"
. "$(dirname "$0")/lib/need.sh"
need gzip zip
work=$SG_TMP/import_e2e.$$
rm -rf "$work"; mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
build=$(dirname "$SG_CLI")
"$SG_SOURCE_DIR/bench/import/build_gen.sh" "$build" "$work/gen"
"$work/gen" "$work/in" 6 600
ext=$(ls "$work/in" | head -n1 | sed 's/.*\.//')
db=$work/db.sqlite
fail() { echo "FAIL: $*"; exit 1; }

# usage errors
set +e
"$SG_CLI" --db "$db" import >/dev/null 2>&1; [ $? = 2 ] || fail "no paths should be exit 2"
"$SG_CLI" --db "$db" import --bogus x >/dev/null 2>&1; [ $? = 2 ] || fail "bad option exit 2"
"$SG_CLI" --db "$db" runs --since yesterday >/dev/null 2>&1; [ $? = 2 ] || fail "bad date exit 2"
"$SG_CLI" --db "$db" runs --sport curling >/dev/null 2>&1; [ $? = 2 ] || fail "bad sport exit 2"
set -e

# a folder, a .gz and a zip holding copies, a csv, and a broken archive
mkdir -p "$work/more"
gzip -c "$work/in/run00000.$ext" >"$work/more/run00000.$ext.gz"
(cd "$work/in" && zip -q "$work/more/bundle.zip" "run00001.$ext" "run00002.$ext")
printf 'date,pain\n2024-01-01,3\n' >"$work/more/notes.csv"
head -c 100 "$work/more/bundle.zip" >"$work/more/cut.zip"
printf 'PK\003\004garbage' >"$work/more/junk.zip"

set +e
"$SG_CLI" --db "$db" import "$work/in" >"$work/out1" 2>"$work/err1"; rc=$?
set -e
[ $rc = 0 ] || fail "clean folder import exit $rc: $(cat "$work/err1")"
grep -q "imported 6, duplicates 0, skipped 0 (not activities), failed 0" "$work/out1" ||
  fail "summary: $(cat "$work/out1")"

set +e
"$SG_CLI" --db "$db" import --json "$work/more" >"$work/out2" 2>"$work/err2"; rc=$?
set -e
[ $rc = 1 ] || fail "a broken file should give exit 1, got $rc"
cat "$work/out2"
grep -q '"imported":0,"duplicates":3,"skipped":1,' "$work/out2" || fail "json counts"
grep -q "\"file\":\"$work/more/cut.zip\"" "$work/out2" || fail "cut.zip not in failed list"
grep -q "\"file\":\"$work/more/junk.zip\"" "$work/out2" || fail "junk.zip not in failed list"
# one line per failure on stderr, naming the file
[ "$(grep -c "^strideguard: $work/more/cut.zip" "$work/err2")" -ge 1 ] || fail "stderr: $(cat "$work/err2")"
[ "$(grep -vc '^strideguard: ' "$work/err2")" = 0 ] || fail "stray stderr output"

# runs --json: 6 activities with the documented keys; sources list both files
"$SG_CLI" --db "$db" runs --json >"$work/runs.json"
n=$(grep -o '"id":' "$work/runs.json" | wc -l)
[ "$n" = 6 ] || fail "runs --json has $n activities"
for k in id start sport distance_m duration_s ascent_m device sources; do
  grep -q "\"$k\":" "$work/runs.json" || fail "runs --json lacks $k"
done
grep -q "\"sources\":\[\"run00000.$ext\",\"run00000.$ext.gz\"\]" "$work/runs.json" ||
  fail "sources of run 0: $(head -c 400 "$work/runs.json")"
grep -q '"start":"20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z"' "$work/runs.json" ||
  fail "start is not ISO 8601 UTC"
"$SG_CLI" --db "$db" runs --since 2020-01-04 --sport running --json | grep -o '"id":' | wc -l |
  grep -qx 3 || fail "--since filter"
"$SG_CLI" --db "$db" runs | head -n1 | grep -q "start (UTC)" || fail "text table header"
"$SG_CLI" --db "$db" --units imperial runs | grep -q " mi " || fail "imperial units"

# default database location under XDG_DATA_HOME, directories created
XDG_DATA_HOME=$work/xdg "$SG_CLI" import "$work/in/run00003.$ext" >/dev/null
[ -f "$work/xdg/strideguard/strideguard.db" ] || fail "default db not created"
# a database file that is not a database: one error line, exit 1, file untouched
printf 'not a database at all, just text that is long enough to look like a header....' >"$work/bad.db"
cp "$work/bad.db" "$work/bad.db.orig"
set +e
"$SG_CLI" --db "$work/bad.db" import "$work/in" >/dev/null 2>"$work/err3"; rc=$?
set -e
[ $rc = 1 ] || fail "bad db exit $rc"
cmp -s "$work/bad.db" "$work/bad.db.orig" || fail "bad db was modified"
echo ok
